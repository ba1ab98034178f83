// `--json` output of the image commands as issue 4 item 9 asks: one object with at least `files`,
// `seed`, `width`, `height` and `recipe`, for `generate image` and `enhance` alike (enhance had
// no `seed`, so a script reading both had to special-case it).
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/host/cli';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

async function atelier(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), write: (s) => out.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

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
    expect((await sharp(big).metadata()).width).toBe(896);
  });
});
