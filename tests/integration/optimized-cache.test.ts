// The optimised-graph cache with real onnxruntime sessions and real files: the first load writes
// an entry, the second loads it (same outputs), a changed model / provider / onnxruntime version
// is a different key, and a truncated or altered entry is deleted and rebuilt, never loaded. The
// mechanics use the 4-node self-test graph with the size threshold off; the last block checks the
// threshold itself: graphs too small for the cache to pay load directly and write nothing.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSelfTestModel, referenceMlp } from '../../electron/engine/jobs/self-test';
import { countGraphNodes } from '../../electron/models/onnx-operators';
import {
  MIN_CACHED_NODES,
  cacheStats,
  cacheUsage,
  entryName,
  modelSha256,
  openCached,
  setOptimizedCacheDir,
  setOptimizedCacheMinNodes,
} from '../../electron/engine/runtime/optimized-cache';
import { onnx } from 'onnx-proto';
import { defaultResourcesDir } from '../../electron/models/registry';
import { buildTinyGan } from '../fixtures/tiny-library';
import { TINY_GPT2, buildDecoderOnnx } from '../fixtures/tiny-decoders';
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
  setOptimizedCacheMinNodes(0);
});
afterAll(() => {
  setOptimizedCacheDir(null);
  setOptimizedCacheMinNodes(MIN_CACHED_NODES);
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

describe('when the cache does not pay', () => {
  beforeEach(() => setOptimizedCacheMinNodes(MIN_CACHED_NODES));

  it('counts graph nodes from bytes and from a file alike', () => {
    const gpt2 = buildDecoderOnnx(TINY_GPT2);
    const file = join(t.dir, 'tiny-gpt2.onnx');
    writeFileSync(file, gpt2);
    expect(countGraphNodes(model.bytes)).toBe(4);
    expect(countGraphNodes(buildTinyGan())).toBe(5); // Gather, Add, MatMul, Reshape, Tanh
    expect(countGraphNodes(file)).toBe(89);
    expect(countGraphNodes(gpt2)).toBe(89);
    // The starter models, against onnx-proto's full decode: the GAN and the ESRGANs are under the threshold.
    const starters = ['starter-text/onnx/model.onnx', 'starter-gan/generator.onnx', 'esrgan-x2/model.onnx', 'esrgan-x4/model.onnx'];
    const counts = starters.map((f) => join(defaultResourcesDir(), 'models', f)).map((f) => [countGraphNodes(f), onnx.ModelProto.decode(readFileSync(f)).graph?.node?.length]);
    expect(counts).toEqual([
      [721, 721],
      [20, 20],
      [25, 25],
      [25, 25],
    ]);
  });

  it(`loads a graph under ${MIN_CACHED_NODES} nodes directly and writes no entry; a bigger one is cached`, async () => {
    const before = { ...cacheStats };
    expect(close(await runOnce(model.bytes))).toBe(true);
    expect(close(await runOnce(model.bytes))).toBe(true);
    expect(cacheStats.skipped - before.skipped).toBe(2);
    expect(delta(before)).toEqual({ hits: 0, writes: 0, rebuilt: 0 });
    expect(cacheUsage(dir)).toEqual({ entries: 0, bytes: 0 });

    const file = join(t.dir, 'cached-gpt2.onnx');
    writeFileSync(file, buildDecoderOnnx(TINY_GPT2));
    const mid = { ...cacheStats };
    for (let i = 0; i < 2; i++) await (await openCached(file, 'cpu', sessionOptions('cpu'))).release();
    expect(delta(mid)).toEqual({ hits: 1, writes: 1, rebuilt: 0 });
    expect(cacheUsage(dir).entries).toBe(1);
  });
});
