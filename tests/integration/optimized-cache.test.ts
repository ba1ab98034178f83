// The optimised-graph cache with real onnxruntime sessions and real files: the first load writes
// an entry, the second loads it (same outputs), a changed model / provider / onnxruntime version
// is a different key, and a truncated or altered entry is deleted and rebuilt, never loaded.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSelfTestModel, referenceMlp } from '../../electron/engine/jobs/self-test';
import { cacheStats, cacheUsage, entryName, modelSha256, openCached, setOptimizedCacheDir } from '../../electron/engine/runtime/optimized-cache';
import { sessionOptions } from '../../electron/engine/runtime/sessions';
import { tempDir } from '../support/tmp';

const t = tempDir();
let dir: string;
let n = 0;
const model = buildSelfTestModel(3);
const x = Float32Array.from({ length: 32 }, (_, i) => Math.cos(i));
const want = referenceMlp(model, x, 2);

async function runOnce(m: Uint8Array | string): Promise<Float32Array> {
  const s = await openCached(m, 'cpu', sessionOptions('cpu'));
  try {
    return (await s.run({ x: new ort.Tensor('float32', x, [2, 16]) })).y?.data as Float32Array;
  } finally {
    await s.release();
  }
}
const close = (a: Float32Array) => a.every((v, i) => Math.abs(v - (want[i] as number)) < 1e-4);
const stats = () => ({ ...cacheStats });
const delta = (before: typeof cacheStats) => ({
  hits: cacheStats.hits - before.hits,
  writes: cacheStats.writes - before.writes,
  rebuilt: cacheStats.rebuilt - before.rebuilt,
});

beforeEach(() => {
  dir = join(t.dir, `cache-${++n}`);
  setOptimizedCacheDir(dir);
});
afterAll(() => {
  setOptimizedCacheDir(null);
  t.cleanup();
});

describe('optimised-graph cache', () => {
  it('writes an entry on the first load and loads it on the second, with the same outputs', async () => {
    let before = stats();
    expect(close(await runOnce(model.bytes))).toBe(true);
    expect(delta(before)).toEqual({ hits: 0, writes: 1, rebuilt: 0 });
    const name = entryName(modelSha256(model.bytes), 'cpu', 'all');
    expect(readdirSync(dir).sort()).toEqual([name, `${name}.json`]);
    expect(name).toContain(`.ort-${ort.env.versions.node ?? ort.env.versions.common}.`);

    before = stats();
    expect(close(await runOnce(model.bytes))).toBe(true);
    expect(delta(before)).toEqual({ hits: 1, writes: 0, rebuilt: 0 });
    expect(cacheUsage(dir).entries).toBe(1);
  });

  it('keys on the model bytes, the provider and the onnxruntime version', () => {
    const other = buildSelfTestModel(4).bytes;
    const sha = modelSha256(model.bytes);
    expect(modelSha256(other)).not.toBe(sha);
    expect(entryName(sha, 'cpu', 'all')).not.toBe(entryName(sha, 'webgpu', 'all'));
    expect(entryName(sha, 'cpu', 'all')).not.toBe(entryName(sha, 'cpu', 'extended'));
    const version = ort.env.versions.node ?? ort.env.versions.common ?? '';
    expect(entryName(sha, 'cpu', 'all')).toContain(`${sha}.cpu.ort-${version}.all.`);
  });

  it('a changed model file misses the cache and writes its own entry', async () => {
    const file = join(t.dir, 'model.onnx');
    writeFileSync(file, model.bytes);
    await runOnce(file);
    const before = stats();
    writeFileSync(file, buildSelfTestModel(9).bytes);
    await runOnce(file);
    expect(delta(before)).toEqual({ hits: 0, writes: 1, rebuilt: 0 });
    expect(cacheUsage(dir).entries).toBe(2);
  });

  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['one byte altered', (b: Buffer) => Buffer.from(b.map((v, i) => (i === b.length - 40 ? v ^ 0xff : v)))],
    ['garbage', (b: Buffer) => Buffer.alloc(b.length, 7)],
  ])('a %s entry is ignored, deleted and rebuilt', async (_what, damage) => {
    await runOnce(model.bytes);
    const file = join(dir, entryName(modelSha256(model.bytes), 'cpu', 'all'));
    const good = readFileSync(file);
    writeFileSync(file, damage(good));
    const before = stats();
    expect(close(await runOnce(model.bytes))).toBe(true);
    expect(delta(before)).toEqual({ hits: 0, writes: 1, rebuilt: 1 });
    expect(readFileSync(file).equals(good)).toBe(true);
    const after = stats();
    expect(close(await runOnce(model.bytes))).toBe(true);
    expect(delta(after)).toEqual({ hits: 1, writes: 0, rebuilt: 0 });
  });
});
