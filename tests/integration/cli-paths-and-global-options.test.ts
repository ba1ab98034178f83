// Exit codes for a path the user typed that is not there, and `--data` before the command, through
// the real `atelier` process. README: bad arguments exit 2, failures 1. Before the fix
// `models import /nonexistent` and `--models /nonexistent` exited 1 while `enhance /nonexistent.png`
// exited 2, and `atelier --data DIR status` said "Unknown command '--data'".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAtelier, runAtelierAsTyped } from '../support/cli-run';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

/** stderr without onnxruntime's native log lines. */
const said = (stderr: string) => stderr.split('\n').filter((l) => l && !l.includes('libonnxruntime_providers_shared')).join('\n');

describe('a path that is not there is a bad argument (exit 2) for every command', () => {
  const data = join(t.dir, 'data');
  const gone = join(t.dir, 'gone');

  it.each([
    [['models', 'import', gone], `atelier: PATH: ${gone} does not exist\nRun 'atelier models import --help' for usage.`],
    [['models', 'import', gone, '--reference'], `atelier: PATH: ${gone} does not exist\nRun 'atelier models import --help' for usage.`],
    [['models', 'list', '--models', gone], `atelier: --models: there is no folder ${gone}\nRun 'atelier models list --help' for usage.`],
    [['generate', 'text', '--prompt', 'x', '--models', gone], `atelier: --models: there is no folder ${gone}\nRun 'atelier generate text --help' for usage.`],
    [['generate', 'image', '--prompt', 'x', '--out', join(t.dir, 'x.png'), '--models', gone], `atelier: --models: there is no folder ${gone}\nRun 'atelier generate image --help' for usage.`],
    [['serve', '--models', gone], `atelier: --models: there is no folder ${gone}\nRun 'atelier serve --help' for usage.`],
    [['enhance', `${gone}.png`, '--scale', '2', '--out', join(t.dir, 'y.png')], `atelier: IMG: no such file ${gone}.png\nRun 'atelier enhance --help' for usage.`],
    [['generate', 'text', '--prompt-file', gone], `atelier: --prompt-file: cannot read ${gone}: no such file\nRun 'atelier generate text --help' for usage.`],
    [['generate', 'text', '--prompt', 'x', '--model', gone], `atelier: --model: there is no folder ${gone}\nRun 'atelier generate text --help' for usage.`],
    [['history', 'commit', 'Start here', '--file', gone], `atelier: --file: there is no file ${gone}\nRun 'atelier history commit --help' for usage.`],
  ])('atelier %j', async (args, message) => {
    const r = await runAtelier(data, args);
    expect(said(r.stderr)).toBe(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('a file where a model folder is wanted is a bad argument too; a broken folder stays a failure (exit 1)', async () => {
    const file = join(t.dir, 'model.onnx');
    writeFileSync(file, 'not a model');
    const asFile = await runAtelier(data, ['models', 'import', file]);
    expect(said(asFile.stderr)).toBe(`atelier: PATH: ${file} is not a folder: import the folder that holds the model's files\nRun 'atelier models import --help' for usage.`);
    expect(asFile.code).toBe(2);
    const empty = join(t.dir, 'empty-model');
    mkdirSync(empty);
    const broken = await runAtelier(data, ['models', 'import', empty]);
    expect(broken.code).toBe(1);
  });
});

describe('global options before the command', () => {
  it('`atelier --data DIR COMMAND` uses that data folder, as `--data` after the command does', async () => {
    const data = join(t.dir, 'before');
    const created = await runAtelierAsTyped(['--data', data, 'projects', 'create', 'Atlas']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created project 'Atlas' \(/);
    const listed = await runAtelierAsTyped([`--data=${data}`, 'projects', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((p) => p.name).sort()).toEqual(['Atlas', 'Welcome']);
    const after = await runAtelier(data, ['projects', 'list', '--json']);
    expect(after.stdout).toBe(listed.stdout);
  });

  it('`atelier --data DIR` alone prints the usage and exits 2, as with no command', async () => {
    const alone = await runAtelierAsTyped(['--data', join(t.dir, 'alone')]);
    const none = await runAtelierAsTyped([]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^Usage: atelier <command> \[options\]\n/);
    expect(alone.stderr).toBe(none.stderr);
    expect(alone.stdout).toBe('');
  });

  it('`--data` without a value says so (exit 2)', async () => {
    for (const args of [['--data'], ['--data', '--help'], ['--data', '--json', 'status']]) {
      const r = await runAtelierAsTyped(args);
      expect(r.code).toBe(2);
      expect(said(r.stderr)).toBe("atelier: --data needs a value\nRun 'atelier --help' for usage.");
    }
  });
});
