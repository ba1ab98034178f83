// How the CLI refuses what it cannot do, before doing any work: an --out in a folder that does not
// exist, or a setting out of range, is a usage error (exit 2) that names the flag the user typed.
// Before the fix `generate image` ran the whole generation and then failed with
// "ENOENT: … open '/no/such/x.png.14802.partial'" (the images lost), and settings were named by
// their place in the request ("settings.maxNewTokens: Too small: expected number to be >=1").
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateUsageError, generateText } from '../../electron/host/cli-generate';
import { HistoryUsageError, history } from '../../electron/host/cli-history';
import { enhance, generateImage } from '../../electron/host/cli-image';
import { main } from '../../electron/host/cli';
import { writeOutFile } from '../../electron/host/cli-out';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

/** The io a command gets; `said` is everything it wrote (progress included). */
type Io = { said: string[]; out(s: string): void; err(s: string): void; write(s: string): void };

function io(): Io {
  const said: string[] = [];
  return { said, out: (s: string) => said.push(s), err: (s: string) => said.push(s), write: (s: string) => said.push(s) };
}

async function refusal(run: (io: Io) => Promise<number>): Promise<{ error: unknown; said: string[] }> {
  const got = io();
  const error = await run(got).then(
    () => null,
    (err: unknown) => err,
  );
  return { error, said: got.said };
}

describe('CLI refusals', () => {
  it('refuses an --out it cannot write before generating, naming the folder', async () => {
    const missing = join(t.dir, 'no-such-folder', 'sneaker.png');
    const r = await refusal((o) => generateImage(['--prompt', 'a sneaker', '--seed', '1', '--out', missing], o));
    expect(r.error).toBeInstanceOf(GenerateUsageError);
    expect((r.error as Error).message).toBe(`--out: there is no folder ${join(t.dir, 'no-such-folder')}; create it first`);
    expect(r.said).toEqual([]); // no progress: nothing ran

    const folder = await refusal((o) => generateImage(['--prompt', 'a sneaker', '--out', t.dir], o));
    expect((folder.error as Error).message).toBe(`--out: ${t.dir} is a folder; name the file to write, e.g. ${join(t.dir, 'image.png')}`);

    const file = join(t.dir, 'plain.txt');
    writeFileSync(file, 'x');
    const underFile = await refusal((o) => generateImage(['--prompt', 'a sneaker', '--out', join(file, 'x.png')], o));
    expect((underFile.error as Error).message).toBe(`--out: ${file} is a file, not a folder`);
    expect(readdirSync(t.dir)).toEqual(['plain.txt']);
  });

  it('enhance and history export check --out the same way', async () => {
    const png = join(__dirname, '../../docs/screenshots/gan-board-light.png');
    expect(existsSync(png)).toBe(true);
    const missing = join(t.dir, 'gone', 'big.png');
    const e = await refusal((o) => enhance([png, '--scale', '2', '--out', missing], o));
    expect(e.error).toBeInstanceOf(GenerateUsageError);
    expect((e.error as Error).message).toBe(`--out: there is no folder ${join(t.dir, 'gone')}; create it first`);
    expect(e.said).toEqual([]);

    const h = await refusal((o) => history(['export', 'Start here', '--format', 'md', '--out', join(t.dir, 'gone', 'x.md'), '--data', join(t.dir, 'data')], o));
    expect(h.error).toBeInstanceOf(HistoryUsageError);
    expect((h.error as Error).message).toBe(`--out: there is no folder ${join(t.dir, 'gone')}; create it first`);
  });

  it('names the flag and its limit when a setting is out of range', async () => {
    const text = async (...args: string[]) => ((await refusal((o) => generateText(['--prompt', 'x', ...args], o))).error as Error).message;
    expect(await text('--max-tokens', '0')).toBe('--max-tokens must be at least 1');
    expect(await text('--top-p', '2')).toBe('--top-p must be at most 1');
    expect(await text('--seed', '1.5')).toBe('--seed must be a whole number');
    expect(await text('--provider', 'gpu')).toBe('--provider must be one of auto, cpu, cuda, dml, coreml, webgpu');
    // A negative number after a flag is its value (Node's parseArgs called it 'argument is ambiguous').
    expect(await text('--temperature', '-1')).toBe('--temperature must be at least 0');
    expect(await text('--top-p', '-.5')).toBe('--top-p must be more than 0');
    expect(await text('--temperature')).toBe('--temperature needs a value');
    expect(await text('--temperature', '--top-p', '1')).toBe("--temperature needs a value; to give one that starts with '-', write --temperature=-…");
    expect(await text('--tempature', '1')).toBe('Unknown option --tempature');
    const out = join(t.dir, 'x.png');
    const image = async (...args: string[]) => ((await refusal((o) => generateImage(['--prompt', 'x', '--out', out, ...args], o))).error as Error).message;
    expect(await image('--batch', '0')).toBe('--batch must be at least 1');
    expect(await image('--seed', '-5')).toBe('--seed must be at least 0');
    expect(await image('--json=1')).toBe('--json takes no value');
    expect(await image('--cfg', '31')).toBe('--cfg must be at most 30');
    expect(await image('--width', '70')).toBe('--width: width must be a multiple of 8');
    expect(await image('--scheduler', 'fast')).toBe('--scheduler must be one of euler, euler-a, ddim, lcm, dpmpp-2m-karras');
    expect(await image('--negative', 'n'.repeat(20_001))).toBe('--negative must be at most 20000 characters');
  });
});

// An existing --out was silently replaced (the image or export a script wrote before was lost),
// `--out x.jpg` got PNG bytes under a JPEG name, and a missing --prompt-file was a raw ENOENT (exit 1).
describe('CLI output files', () => {
  it('refuses to replace an existing file unless --force, before any work', async () => {
    const dir = join(t.dir, 'existing');
    mkdirSync(dir);
    const mine = join(dir, 'mine.png');
    writeFileSync(mine, 'my own picture');
    const img = await refusal((o) => generateImage(['--prompt', 'a sneaker', '--seed', '1', '--out', mine], o));
    expect(img.error).toBeInstanceOf(GenerateUsageError);
    expect((img.error as Error).message).toBe(`--out: ${mine} already exists; name another file, or add --force to replace it`);
    expect(img.said).toEqual([]);

    writeFileSync(join(dir, 'b-2.png'), 'x');
    writeFileSync(join(dir, 'b-3.png'), 'x');
    const batch = await refusal((o) => generateImage(['--prompt', 'a sneaker', '--batch', '3', '--out', join(dir, 'b.png')], o));
    expect((batch.error as Error).message).toBe('--out: 2 of the files to write already exist (b-2.png, b-3.png); name another file, or add --force to replace them');

    const png = join(__dirname, '../../docs/screenshots/gan-board-light.png');
    const up = await refusal((o) => enhance([png, '--scale', '2', '--out', mine], o));
    expect((up.error as Error).message).toBe(`--out: ${mine} already exists; name another file, or add --force to replace it`);

    const md = join(dir, 'notes.md');
    writeFileSync(md, 'my notes');
    const h = await refusal((o) => history(['export', 'Start here', '--format', 'md', '--out', md, '--data', join(t.dir, 'data')], o));
    expect(h.error).toBeInstanceOf(HistoryUsageError);
    expect((h.error as Error).message).toBe(`--out: ${md} already exists; name another file, or add --force to replace it`);
    expect(readFileSync(mine, 'utf8')).toBe('my own picture');
    expect(readFileSync(md, 'utf8')).toBe('my notes');

    const forced = await refusal((o) => generateImage(['--prompt', 'a sneaker', '--seed', '1', '--out', mine, '--force'], o));
    expect(forced.error).toBeNull();
    expect(readFileSync(mine).subarray(1, 4).toString()).toBe('PNG');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('keeps a file that appears while the command works, and writes beside it', () => {
    const target = join(t.dir, 'race.png');
    writeFileSync(target, 'written by another process meanwhile');
    expect(writeOutFile(target, new Uint8Array([1, 2, 3]), false)).toBe(join(t.dir, 'race (2).png'));
    expect(readFileSync(target, 'utf8')).toBe('written by another process meanwhile');
    expect([...readFileSync(join(t.dir, 'race (2).png'))]).toEqual([1, 2, 3]);
    expect(writeOutFile(target, 'replaced', true)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('replaced');
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('says what is wrong with --out FILE.jpg and an unreadable --prompt-file', async () => {
    const jpg = await refusal((o) => generateImage(['--prompt', 'a sneaker', '--out', join(t.dir, 'x.jpg')], o));
    expect((jpg.error as Error).message).toBe("--out must name a .png file (images are written as PNG), got 'x.jpg'");
    const missing = join(t.dir, 'no-prompt.txt');
    const prompt = await refusal((o) => generateText(['--prompt-file', missing], o));
    expect(prompt.error).toBeInstanceOf(GenerateUsageError);
    expect((prompt.error as Error).message).toBe(`--prompt-file: cannot read ${missing}: no such file`);
    const both = await refusal((o) => generateText(['--prompt', 'x', '--prompt-file', missing], o));
    expect((both.error as Error).message).toBe('give --prompt or --prompt-file, not both');
  });
});

// The handlers' schema wording reached the user as is ("Invalid request for projects.create: name:
// is longer than 200 characters"), and a one-version export said "1 versions".
describe('CLI wording', () => {
  it('names the argument a refused project name is, and counts one version as one', async () => {
    const said: string[] = [];
    const data = join(t.dir, 'wording');
    const run = (...args: string[]) => main(args, { out: (s) => said.push(s), err: (s) => said.push(s) });
    expect(await run('projects', 'create', 'x'.repeat(201), '--data', data)).toBe(2);
    expect(said.pop()).toBe("atelier: NAME is longer than 200 characters\nRun 'atelier projects create --help' for usage.");
    expect(await run('history', 'export', 'Start here', '--format', 'md', '--data', data)).toBe(0);
    expect(said.pop()).toMatch(/^# Start here\n\nWelcome · text document · 1 version · exported /);
  });
});
