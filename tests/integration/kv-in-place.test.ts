// Attention reading the past in place (kv-in-place.ts): the rewritten graph against the graph as
// exported, both loaded by the engine from the same folder, on the tiny GPT-2 and Llama (GQA,
// rotary; the K/V heads repeated by Tile, by Expand, and as torch.onnx exports repeat_kv with its
// sizes read from the tensor's shape at run time) decoders: the same logits within 1e-4 at
// every step, at 1 and 4 rows, after a rewind and a branch; int8 builds (GPT-2, Llama) in both layouts load
// rewritten; graphs the rewrite cannot handle load as they are, with the reason. (That grouped
// heads are no longer repeated on the past: kv-in-place-gqa.test.ts.)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextSettings } from '../../shared/contract/generate';
import { beamSearch } from '../../electron/engine/text/beam-search';
import { generate, prefill } from '../../electron/engine/text/generate';
import { KvCache } from '../../electron/engine/text/kv-cache';
import { findKvDeltas } from '../../electron/engine/text/kv-delta-outputs';
import { planKvInPlace } from '../../electron/engine/text/kv-in-place';
import { PrefixCache } from '../../electron/engine/text/prefix-cache';
import { TextModel } from '../../electron/engine/text/text-model';
import { quantizeDecoderInt8 } from '../fixtures/quantize-int8';
import { TINY_GPT2, TINY_LLAMA, buildDecoderOnnx, buildDecoderReadingPresentLength, buildMergedDecoderOnnx, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { tempDir } from '../support/tmp';

const t = tempDir();
const specs = { gpt2: TINY_GPT2, llama: TINY_LLAMA, 'llama-expand': { ...TINY_LLAMA, headRepeat: 'expand' as const }, 'llama-torch': { ...TINY_LLAMA, headRepeat: 'torch' as const } };
const loaded: TextModel[] = [];
const pairs: Record<string, { exported: TextModel; inPlace: TextModel; dir: string }> = {};

async function load(dir: string, opts: Parameters<typeof TextModel.load>[1] = {}): Promise<TextModel> {
  const m = await TextModel.load(dir, { provider: 'cpu', ...opts });
  loaded.push(m);
  return m;
}

beforeAll(async () => {
  for (const [arch, spec] of Object.entries(specs)) {
    const dir = join(t.dir, arch);
    writeDecoderFolder(dir, spec);
    pairs[arch] = { dir, exported: await load(dir, { kvInPlace: false }), inPlace: await load(dir) };
  }
});
afterAll(async () => {
  for (const m of loaded) await m.dispose();
  t.cleanup();
});

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

/** Row r's token: the r-th best of the exported graph's logits (so rows differ), deterministic. */
function nextTokens(logits: Float32Array, rows: number, vocab: number): number[] {
  return Array.from({ length: rows }, (_, r) => {
    const row = Array.from(logits.subarray(r * vocab, (r + 1) * vocab));
    return row.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1])[r]?.[1] as number;
  });
}

describe.each(['gpt2', 'llama', 'llama-expand', 'llama-torch'] as const)('%s', (arch) => {
  it('loads without the present outputs or their Concats; the exported graph keeps them', () => {
    const { exported, inPlace } = pairs[arch]!;
    expect(inPlace.kvInPlace).toBe(true);
    expect(inPlace.kvInPlaceReason).toBeNull();
    expect(inPlace.session.outputNames.filter((n) => n.startsWith('present.'))).toEqual([]);
    expect(inPlace.deltas?.key).toHaveLength(2);
    expect(exported.kvInPlace).toBe(false);
    expect(exported.kvInPlaceReason).toBe('turned off');
    expect(exported.session.outputNames.filter((n) => n.startsWith('present.'))).toHaveLength(4);
    // The same contract either way: the loop builds the presents itself.
    expect(inPlace.io).toEqual(exported.io);
    const plan = planKvInPlace(buildDecoderOnnx(specs[arch]), findKvDeltas(buildDecoderOnnx(specs[arch]))!);
    expect('reason' in plan).toBe(false);
    if (!('reason' in plan)) expect(plan.removedOutputs).toEqual(['present.0.key', 'present.0.value', 'present.1.key', 'present.1.value']);
    // The grouped K/V heads (Llama) are not repeated on the past: the query's heads are grouped.
    if (!('reason' in plan)) expect(plan.headsRepeated).toBeNull();
  });

  it.each([1, 4])('gives the exported graph’s logits within 1e-4 at every step of a 20-token generation, %i row(s), then after a rewind', async (rows) => {
    const { exported, inPlace } = pairs[arch]!;
    const ids = exported.tokenizer.encode('The old house stood at the end of the road and');
    const vocab = exported.io.vocabSize;
    const capacity = ids.length + 24;
    const start = async (m: TextModel) => {
      const p = await prefill(m, ids, { rows, capacity });
      p.kv.fanOut(rows, capacity);
      return p;
    };
    const a = await start(exported);
    const b = await start(inPlace);
    // Free KV slots (chunk 16) are fed masked out on both: the rewrite must honour the mask too.
    expect(a.kv.chunk).toBe(16);
    expect(b.kv.chunk).toBe(16);
    expect(maxDiff(a.logits, b.logits)).toBeLessThan(1e-4);
    // Each step feeds row r the r-th best token of the exported graph's logits, the same to both.
    const run = async (steps: number, tokens: number[]) => {
      for (let s = 0; s < steps; s++) {
        const [la, lb] = [await exported.step(tokens, a.kv), await inPlace.step(tokens, b.kv)];
        expect(maxDiff(la, lb), `step ${s}`).toBeLessThan(1e-4);
        tokens = nextTokens(la, rows, vocab);
      }
    };
    await run(20, nextTokens(new Float32Array(rows * vocab).map((_, i) => a.logits[i % vocab]!), rows, vocab));
    expect(b.kv.length).toBe(ids.length + 20);
    // Rewound to 5 tokens into the generation, both go another way.
    a.kv.rewindTo(ids.length + 5);
    b.kv.rewindTo(ids.length + 5);
    await run(6, Array.from({ length: rows }, (_, r) => 100 + r));
    expect(b.kv.length).toBe(ids.length + 11);
    // And the caches themselves agree.
    const [ca, cb] = [a.kv.snapshot().arrays, b.kv.snapshot().arrays];
    for (let l = 0; l < ca.keys.length; l++) {
      expect(maxDiff(ca.keys[l]!, cb.keys[l]!)).toBeLessThan(1e-4);
      expect(maxDiff(ca.values[l]!, cb.values[l]!)).toBeLessThan(1e-4);
    }
  });

  it('a branch from a held prefix, alternatives and beam search give the exported graph’s tokens and probabilities', async () => {
    const { exported, inPlace } = pairs[arch]!;
    const base = exported.tokenizer.encode('Once upon a time there was a little dog');
    const branch = [...base.slice(0, 6), ...exported.tokenizer.encode(' the small cat', false)];
    let shared = 0;
    while (branch[shared] === base[shared]) shared++;
    const settings = TextSettings.parse({ maxNewTokens: 20, temperature: 0.9, topK: 0, topP: 0.95, minP: 0, repetitionPenalty: 1 });
    const outs = [];
    for (const m of [exported, inPlace]) {
      const cache = new PrefixCache();
      await generate(m, base, { settings, seed: 3, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
      const warm = await generate(m, branch, { settings, seed: 4, alternatives: 4, prefixCache: cache, cacheKey: 'doc' });
      expect(warm.reusedPrefixTokens).toBe(shared);
      const beams = await beamSearch(m, base, { settings: { ...settings, maxNewTokens: 6, beams: 3 }, returnCount: 2 });
      outs.push({ warm, beams });
    }
    const [x, y] = outs as [(typeof outs)[0], (typeof outs)[0]];
    expect(y.warm.rows.map((r) => r.tokens.map((k) => k.id))).toEqual(x.warm.rows.map((r) => r.tokens.map((k) => k.id)));
    x.warm.rows.forEach((r, i) => r.tokens.forEach((k, j) => expect(Math.abs(k.p - y.warm.rows[i]!.tokens[j]!.p)).toBeLessThan(1e-4)));
    expect(y.beams.rows.map((r) => r.tokens.map((k) => k.id))).toEqual(x.beams.rows.map((r) => r.tokens.map((k) => k.id)));
  });

  it('forward() builds the present cache itself, equal to the exported graph’s presents', async () => {
    const { exported, inPlace } = pairs[arch]!;
    const ids = exported.tokenizer.encode('The old house stood at the end of the road');
    let a = await exported.forward([ids.slice(0, 4), ids.slice(1, 5)], KvCache.empty(exported.io, 2));
    let b = await inPlace.forward([ids.slice(0, 4), ids.slice(1, 5)], KvCache.empty(inPlace.io, 2));
    for (let i = 5; i < 9; i++) {
      a = await exported.forward([[ids[i]!], [ids[i - 1]!]], a.cache);
      b = await inPlace.forward([[ids[i]!], [ids[i - 1]!]], b.cache);
      expect(maxDiff(a.logits, b.logits)).toBeLessThan(1e-4);
    }
    expect(b.cache.length).toBe(8);
    const [ca, cb] = [a.cache.arrays, b.cache.arrays];
    ca.keys.forEach((k, l) => expect(maxDiff(k, cb.keys[l]!)).toBeLessThan(1e-4));
    ca.values.forEach((v, l) => expect(maxDiff(v, cb.values[l]!)).toBeLessThan(1e-4));
  });
});

describe('int8 builds', () => {
  it.each([
    ['gpt2', 'nbits'],
    ['gpt2', 'matmul-integer'],
    ['llama', 'nbits'],
    ['llama', 'matmul-integer'],
  ] as const)('%s %s: loads rewritten, with the exported int8 graph’s greedy tokens and logits close to them', async (arch, layout) => {
    const dir = join(t.dir, `${arch}-${layout}`);
    writeDecoderFolder(dir, specs[arch]);
    const int8 = quantizeDecoderInt8(buildDecoderOnnx(specs[arch]), { layout }).bytes;
    writeFileSync(join(dir, 'onnx', 'model_quantized.onnx'), int8);
    // Grouped K/V heads stay grouped in the int8 graphs (the attention MatMuls are not quantized).
    const plan = planKvInPlace(int8, findKvDeltas(int8)!);
    expect('reason' in plan ? plan.reason : plan.headsRepeated).toBeNull();
    const exported = await load(dir, { precision: 'int8', kvInPlace: false });
    const inPlace = await load(dir, { precision: 'int8' });
    expect(inPlace.kvInPlace).toBe(true);
    const ids = exported.tokenizer.encode('The old house stood at the end of the road');
    const a = await exported.forward([ids], KvCache.empty(exported.io, 1));
    const b = await inPlace.forward([ids], KvCache.empty(inPlace.io, 1));
    // Kernels that quantize their inputs turn float noise into about 1% of the logits' range.
    const scale = a.logits.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxDiff(a.logits, b.logits)).toBeLessThan(0.05 * scale);
    const settings = TextSettings.parse({ topK: 1, repetitionPenalty: 1, maxNewTokens: 12 });
    const ga = await generate(exported, ids, { settings, seed: 0, alternatives: 1 });
    const gb = await generate(inPlace, ids, { settings, seed: 0, alternatives: 1 });
    expect(gb.rows[0]!.tokens.map((x) => x.id)).toEqual(ga.rows[0]!.tokens.map((x) => x.id));
  });
});

describe('an accelerator that fails its first run', () => {
  it('the rewritten graph is opened again on the CPU from the same bytes, with the same tokens', async () => {
    const fault = join(t.dir, 'fault.txt');
    writeFileSync(fault, 'cuda first-run\n');
    process.env.ATELIER_PROVIDER_FAULT = fault;
    try {
      const m = await load(pairs.gpt2!.dir, { provider: { requested: 'cuda', order: ['cuda', 'cpu'] } });
      expect(m.kvInPlace).toBe(true);
      const ids = m.tokenizer.encode('Once upon a time there');
      const settings = TextSettings.parse({ topK: 1, repetitionPenalty: 1, maxNewTokens: 8 });
      const got = await generate(m, ids, { settings, seed: 0, alternatives: 2 });
      expect(m.device.used).toBe('cpu');
      expect(m.device.fallbackReason).toMatch(/cuda failed on its first run/);
      const want = await generate(pairs.gpt2!.exported, ids, { settings, seed: 0, alternatives: 2 });
      expect(got.rows.map((r) => r.tokens.map((x) => x.id))).toEqual(want.rows.map((r) => r.tokens.map((x) => x.id)));
    } finally {
      delete process.env.ATELIER_PROVIDER_FAULT;
    }
  });
});

describe('a scale read from the value’s shape (Hugging Face GPT-2’s eager attention)', () => {
  it('is rewritten (the Shape reads the past part) and gives the exported graph’s logits within 1e-4', async () => {
    const dir = join(t.dir, 'gpt2-shape-scale');
    writeDecoderFolder(dir, { ...TINY_GPT2, scaleFromValueShape: true });
    const exported = await load(dir, { kvInPlace: false });
    const inPlace = await load(dir);
    expect(inPlace.kvInPlace).toBe(true);
    const ids = exported.tokenizer.encode('The old house stood at the end of the road');
    let a = await exported.forward([ids.slice(0, 3)], KvCache.empty(exported.io, 1));
    let b = await inPlace.forward([ids.slice(0, 3)], KvCache.empty(inPlace.io, 1));
    for (const id of ids.slice(3)) {
      a = await exported.forward([[id]], a.cache);
      b = await inPlace.forward([[id]], b.cache);
      expect(maxDiff(a.logits, b.logits)).toBeLessThan(1e-4);
    }
    // And the scale is the constant's: the same logits as the plain fixture.
    const plain = await exported.forward([ids], KvCache.empty(exported.io, 1));
    const fixed = await pairs.gpt2!.exported.forward([ids], KvCache.empty(exported.io, 1));
    expect(maxDiff(plain.logits, fixed.logits)).toBeLessThan(1e-4);
  });
});

describe('graphs the rewrite leaves as exported', () => {
  it('a merged decoder (If on use_cache_branch) loads with its presents, the reason given, and the plain decoder’s results', async () => {
    const dir = join(t.dir, 'merged');
    writeDecoderFolder(dir, TINY_GPT2);
    rmSync(join(dir, 'onnx', 'model.onnx'));
    writeFileSync(join(dir, 'onnx', 'decoder_model_merged.onnx'), buildMergedDecoderOnnx(TINY_GPT2));
    const merged = await load(dir);
    expect(merged.kvInPlace).toBe(false);
    expect(merged.kvInPlaceReason).toMatch(/merged decoder/);
    expect(merged.io.hasUseCacheBranch).toBe(true);
    const plain = pairs.gpt2!.inPlace;
    const ids = plain.tokenizer.encode('Once upon a time there');
    const settings = TextSettings.parse({ maxNewTokens: 10 });
    const a = await generate(plain, ids, { settings, seed: 11, alternatives: 2 });
    const b = await generate(merged, ids, { settings, seed: 11, alternatives: 2 });
    expect(b.rows.map((r) => r.tokens.map((x) => x.id))).toEqual(a.rows.map((r) => r.tokens.map((x) => x.id)));
  });

  it('a present whose length is read (Shape → Gather): not rewritten, the reason names it, the results are the exported graph’s', async () => {
    const bytes = buildDecoderReadingPresentLength(TINY_LLAMA);
    const plan = planKvInPlace(bytes, findKvDeltas(bytes)!);
    expect(plan).toEqual({ reason: 'present_length reads the cache\'s length' });
    const dir = join(t.dir, 'shape-reader');
    writeDecoderFolder(dir, TINY_LLAMA);
    writeFileSync(join(dir, 'onnx', 'model.onnx'), bytes);
    const m = await load(dir);
    expect(m.kvInPlace).toBe(false);
    expect(m.kvInPlaceReason).toBe("present_length reads the cache's length");
    // Still the delta path: only the new K/V are fetched.
    expect(m.deltas?.key).toHaveLength(2);
    const ids = m.tokenizer.encode('The old house stood');
    const settings = TextSettings.parse({ topK: 1, repetitionPenalty: 1, maxNewTokens: 12 });
    const a = await generate(pairs.llama!.exported, ids, { settings, seed: 0, alternatives: 1 });
    const b = await generate(m, ids, { settings, seed: 0, alternatives: 1 });
    expect(b.rows[0]!.tokens.map((x) => x.id)).toEqual(a.rows[0]!.tokens.map((x) => x.id));
  });

  it('leaves the model file untouched on disk', async () => {
    const { dir, inPlace } = pairs.gpt2!;
    const onDisk = onnx.ModelProto.decode(readFileSync(join(dir, 'onnx', 'model.onnx')));
    const graph = onDisk.graph as onnx.GraphProto;
    expect(graph.output.map((o) => o.name)).toContain('present.0.key');
    expect(graph.node.filter((n) => n.opType === 'Concat' && (n.output?.[0] ?? '').startsWith('present.'))).toHaveLength(4);
    expect(inPlace.kvInPlace).toBe(true);
  });
});
