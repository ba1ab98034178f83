// `atelier COMMAND [SUB] --help` prints that command's usage, and usage errors point to it.
// Before, every --help printed all 60 lines of usage, and every error said "atelier --help".
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/host/cli';
import { commandWords } from '../../electron/host/cli-help';

async function atelier(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('help for one command', () => {
  it('prints only the blocks of the command typed, exit 0', async () => {
    const text = await atelier('generate', 'text', '--help');
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe('Usage: atelier generate text …');
    expect(text.out).toContain('--prompt TEXT|--prompt-file FILE|-');
    expect(text.out).not.toContain('generate image');
    const models = await atelier('models', '-h');
    expect(models.out.match(/^ {2}models \w+/gm)).toEqual([
      '  models list',
      '  models import',
      '  models verify',
      '  models remove',
      '  models restore',
      '  models delete',
      '  models catalogue',
      '  models download',
    ]);
    expect((await atelier('models', 'import', '--help')).out.match(/^ {2}\S.*$/gm)).toEqual(['  models import PATH [--reference] [--name NAME] [--kind text|diffusion|gan|upscaler] [--json]']);
    const all = await atelier('--help');
    expect(all.out).toContain('generate image');
    expect(all.out).toContain('recovered delete');
  });

  it('points a usage error to the help of the command typed', async () => {
    expect(await atelier('models', 'list', '--bogus')).toEqual({ code: 2, out: '', err: "atelier: Unknown option --bogus\nRun 'atelier models list --help' for usage." });
    expect((await atelier('generate', 'picture')).err).toBe("atelier: Unknown generate command 'picture' (use: generate text | generate image)\nRun 'atelier generate --help' for usage.");
    expect((await atelier('frobnicate')).err).toBe("atelier: Unknown command 'frobnicate'\nRun 'atelier --help' for usage.");
  });

  it('takes the command words before the first option', () => {
    expect(commandWords(['history', 'search', 'red', 'dress'])).toEqual(['history', 'search']);
    expect(commandWords(['generate', '--prompt', 'text'])).toEqual(['generate']);
  });
});
