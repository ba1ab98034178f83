// `--json` output of the image commands as issue 4 item 9 asks: one object with at least `files`,
// `seed`, `width`, `height` and `recipe`, for `generate image` and `enhance` alike (enhance had
// no `seed`, so a script reading both had to special-case it). Progress goes to stderr: one line
// per new percentage when stderr is not a terminal, one line redrawn in place when it is (before:
// "\r13%" lines with a newline each, repeated percentages and an empty line at the end).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-main';
import { enhance } from '../../electron/host/cli-image';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

const atelier = (...args: string[]) => runMain(args);

describe('image commands --json', () => {
  it('prints files, seed, width, height and recipe for generate image and enhance', { timeout: 120_000 }, async () => {
    const made = join(t.dir, 'sneaker.png');
    const g = await atelier('generate', 'image', '--prompt', 'a sneaker', '--seed', '7', '--out', made, '--json');
    expect(g.code, g.stderr).toBe(0);
    const gen = JSON.parse(g.stdout);
    expect(gen).toMatchObject({ files: [made], seed: 7, width: 448, height: 448, recipe: { kind: 'image', seed: 7 } });

    const big = join(t.dir, 'sneaker-x2.png');
    const e = await atelier('enhance', made, '--scale', '2', '--out', big, '--json');
    expect(e.code, e.stderr).toBe(0);
    const up = JSON.parse(e.stdout);
    expect(Object.keys(up).sort()).toEqual(['files', 'height', 'recipe', 'seed', 'width']);
    expect(up).toMatchObject({ files: [big], seed: 7, width: 896, height: 896 });
    // The recipe names the ×2 upscaler with its file's real sha256 (it said null), and its settings
    // carry the source's own 448² size (they said the GAN request's 512² default).
    const sha = createHash('sha256').update(readFileSync(join(__dirname, '../../resources/models/esrgan-x2/model.onnx'))).digest('hex');
    expect(up.recipe.model).toEqual({ id: 'esrgan-x2', sha256: sha, name: 'ESRGAN enhance ×2', kind: 'upscaler' });
    expect([up.recipe.settings.width, up.recipe.settings.height]).toEqual([448, 448]);
    expect(up.recipe.upscale).toMatchObject({ from: 'cli', scale: 2, source: { width: 448, height: 448 }, model: { id: 'esrgan-x2', sha256: sha } });
    expect((await sharp(big).metadata()).width).toBe(896);
  });

  it('warns in one line (and goes on) when the result is past 8192 px a side', { timeout: 120_000 }, async () => {
    // A thin strip is cheap to enlarge yet past the line: 2056×8 ×4 is 8224×32.
    const strip = join(t.dir, 'strip.png');
    await sharp(Buffer.alloc(2056 * 8 * 3, 128), { raw: { width: 2056, height: 8, channels: 3 } }).png().toFile(strip);
    const out = join(t.dir, 'strip-x4.png');
    const r = await atelier('enhance', strip, '--scale', '4', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => !/^\d+%$/.test(l));
    expect(warnings).toEqual([
      'Warning: Enhance ×4 makes a 8224 × 32 px image (0.3 MP): it can take many minutes of CPU and about 2 MB of memory (a rough estimate).',
    ]);
    expect((await sharp(out).metadata()).width).toBe(8224);
    // Under the line: no warning.
    const small = await atelier('enhance', strip, '--scale', '2', '--out', join(t.dir, 'strip-x2.png'));
    expect(small.stderr.split('\n').filter((l) => l && !/^\d+%$/.test(l))).toEqual([]);
  });

  it('prints progress once per new percentage, in place on a terminal', { timeout: 120_000 }, async () => {
    const png = join(__dirname, '../../docs/screenshots/gan-board-light.png');
    const lines: string[] = [];
    const code = await enhance([png, '--scale', '2', '--out', join(t.dir, 'plain.png')], { out: () => {}, err: (s) => lines.push(s) });
    expect(code).toBe(0);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l).toMatch(/^\d+%$/);
    const pcts = lines.map((l) => Number.parseInt(l, 10));
    expect(pcts).toEqual([...new Set(pcts)].sort((a, b) => a - b));
    expect(pcts.at(-1)).toBe(100);

    const drawn: string[] = [];
    const errs: string[] = [];
    expect(await enhance([png, '--scale', '2', '--out', join(t.dir, 'tty.png')], { out: () => {}, err: (s) => errs.push(s), progress: (s) => drawn.push(s) })).toBe(0);
    expect(errs).toEqual([]);
    expect(drawn.at(-1)).toBe('\r\x1b[K');
    for (const d of drawn.slice(0, -1)) expect(d).toMatch(/^\r\d+%$/);
  });

  // A prompt longer than the context lost its start without a word (issue 3: "clear message or
  // truncation policy shown").
  it('generate text says on stderr when the prompt lost its start, and --json counts it', { timeout: 120_000 }, async () => {
    const long = 'word '.repeat(600);
    const r = await atelier('generate', 'text', '--prompt', long, '--max-tokens', '4', '--seed', '1', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.truncatedPromptTokens).toBeGreaterThan(0);
    expect(out.promptTokens + out.truncatedPromptTokens).toBeGreaterThan(600);
    expect(r.stderr).toBe(`atelier: the prompt is longer than the model's context: its first ${out.truncatedPromptTokens} tokens were left out and the model read the last ${out.promptTokens}`);
    const short = await atelier('generate', 'text', '--prompt', 'In the beginning', '--max-tokens', '4', '--seed', '1', '--json');
    expect(JSON.parse(short.stdout)).toMatchObject({ truncatedPromptTokens: 0 });
    expect(short.stderr).toBe('');
  });
});
