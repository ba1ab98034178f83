// Grouped K/V heads read in place (kv-head-repeat.ts, kv-in-place.ts), structurally: in the graph
// onnxruntime runs after the rewrite (its own optimised graph, written out and walked), on the
// tiny Llama decoders (4 query heads, 2 K/V heads) with the repeat as Tile, as Expand, as torch.onnx
// exports repeat_kv (Expand and Reshape sized at run time from the present's Shape), and with
// q and Kᵀ scaled as torch's SDPA export does (also on GPT-2), no tensor computed from the past K/V
// grows with the past faster than the attention scores (one value per query head, row and new
// token), and the past is read only by the two attention MatMuls (and its Shape); the rewritten
// graphs give the exported ones' logits. (The scale on Kᵀ stays on the past part in the rewrite;
// onnxruntime folds it into the MatMul as FusedMatMul's alpha, which the SDPA cases check.) Measured by running that graph with every such tensor fetched at two
// past lengths. With the heads repeated on the parts (the rewrite before grouping) the same walk
// finds the repeat's copies: the check can fail. Also: the Expand and torch builds' greedy tokens
// equal transformers.js's, and repeated heads read by something the grouping does not handle are
// repeated on the parts as before, with the reason.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { TextSettings } from '../../shared/contract/generate';
import { generate } from '../../electron/engine/text/generate';
import { KvCache } from '../../electron/engine/text/kv-cache';
import { TextModel } from '../../electron/engine/text/text-model';
import { findKvDeltas, kvDeltaSuffix } from '../../electron/engine/text/kv-delta-outputs';
import { blankFields, planKvInPlace, type KvInPlace } from '../../electron/engine/text/kv-in-place';
import { TINY_GPT2, TINY_LLAMA, buildDecoderOnnx, transformersGreedy, writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());
// Both tiny decoders have 4 heads of 8; GPT-2's K/V have all 4, Llama's 2.
const HEADS = TINY_LLAMA.heads;
const HEAD_DIM = TINY_LLAMA.hidden / TINY_LLAMA.heads;
const kvHeadsOf = (spec: DecoderSpec) => (spec.arch === 'gpt2' ? spec.heads : (spec.kvHeads as number));
let saved = 0;

/** The decoder as the engine loads it: the rewrite applied (blanked fields, suffix) and the delta outputs added. */
function rewritten(spec: DecoderSpec, groupHeads: boolean): { bytes: Uint8Array; plan: KvInPlace } {
  const bytes = buildDecoderOnnx(spec);
  const deltas = findKvDeltas(bytes);
  if (!deltas) throw new Error('no deltas');
  const plan = planKvInPlace(bytes, deltas, { groupHeads });
  if ('reason' in plan) throw new Error(plan.reason);
  blankFields(bytes, plan.blank);
  const parts = [bytes, plan.suffix, kvDeltaSuffix(deltas)];
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
  return { bytes: all, plan };
}

/** The graph onnxruntime runs for `bytes` on the CPU at the engine's optimisation level. */
async function optimised(bytes: Uint8Array): Promise<onnx.ModelProto> {
  const path = join(t.dir, `optimised-${saved++}.onnx`);
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', optimizedModelFilePath: path, intraOpNumThreads: 1, logSeverityLevel: 3 });
  await session.release();
  return onnx.ModelProto.decode(readFileSync(path));
}

interface Grown {
  name: string;
  op: string;
  /** Extra elements per extra past position. */
  perPosition: number;
}

/**
 * Every tensor computed from the past K/V in `model`, with how much it grows per past position
 * (measured at past lengths 8 and 24, `rows` rows, one new token), and the nodes reading the past.
 */
async function growth(model: onnx.ModelProto, rows: number, kvHeads: number): Promise<{ grown: Grown[]; pastReaders: string[] }> {
  const graph = model.graph as onnx.GraphProto;
  const pastInputs = graph.input.map((i) => i.name as string).filter((n) => n.startsWith('past_key_values.'));
  const derived = new Set(pastInputs);
  const op = new Map<string, string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of graph.node) {
      if (!(n.input ?? []).some((i) => derived.has(i))) continue;
      for (const o of n.output ?? []) {
        if (!o || derived.has(o)) continue;
        derived.add(o);
        op.set(o, n.opType as string);
        changed = true;
      }
    }
  }
  const pastReaders = graph.node.filter((n) => (n.input ?? []).some((i) => pastInputs.includes(i))).map((n) => n.opType as string);
  const fetched = [...op.keys()];
  const known = new Set(graph.output.map((o) => o.name));
  const probe = onnx.ModelProto.create({ ...model, graph: { ...graph, output: [...graph.output, ...fetched.filter((n) => !known.has(n)).map((name) => ({ name }))] } });
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(probe).finish(), { graphOptimizationLevel: 'disabled', intraOpNumThreads: 1, logSeverityLevel: 3 });
  const sizes = async (past: number) => {
    const i64 = (v: number, n: number, dims: number[]) => new ort.Tensor('int64', new BigInt64Array(n).fill(BigInt(v)), dims);
    const feeds: Record<string, ort.Tensor> = {
      input_ids: i64(100, rows, [rows, 1]),
      attention_mask: i64(1, rows * (past + 1), [rows, past + 1]),
      position_ids: i64(past, rows, [rows, 1]),
    };
    const n = rows * kvHeads * past * HEAD_DIM;
    for (const name of pastInputs) feeds[name] = new ort.Tensor('float32', Float32Array.from({ length: n }, (_, i) => Math.sin(i)), [rows, kvHeads, past, HEAD_DIM]);
    const out = await session.run(feeds, fetched);
    return new Map(fetched.map((name) => [name, (out[name] as ort.Tensor).size]));
  };
  const [a, b] = [await sizes(8), await sizes(24)];
  await session.release();
  return { grown: fetched.map((name) => ({ name, op: op.get(name) as string, perPosition: ((b.get(name) as number) - (a.get(name) as number)) / 16 })), pastReaders };
}

const CASES: [string, DecoderSpec][] = [
  ['Llama, the K/V heads repeated by Tile', TINY_LLAMA],
  ['Llama, the K/V heads repeated by Expand', { ...TINY_LLAMA, headRepeat: 'expand' }],
  ['Llama, the K/V heads repeated as torch.onnx exports repeat_kv (sizes from Shape at run time)', { ...TINY_LLAMA, headRepeat: 'torch' }],
  ['Llama (Tile), q and Kᵀ scaled as the SDPA export does', { ...TINY_LLAMA, scaleKeys: true }],
  ['GPT-2, q and Kᵀ scaled as the SDPA export does', { ...TINY_GPT2, scaleKeys: true }],
];
const LLAMAS = CASES.filter(([, spec]) => spec.arch === 'llama');

describe.each(LLAMAS)('%s', (_, spec) => {
  const repeatOp = spec.headRepeat === 'tile' || !spec.headRepeat ? 'Tile' : 'Expand';

  it('is recognised: the rewrite repeats nothing on the past', () => {
    const { plan } = rewritten(spec, true);
    expect(plan.headsRepeated).toBeNull();
    const added = (onnx.ModelProto.decode(plan.suffix).graph as onnx.GraphProto).node.map((n) => n.opType);
    expect(added.filter((o) => o === 'Tile' || o === 'Expand' || o === 'Unsqueeze')).toEqual([]);
    // The repeat's constants went with it (onnxruntime warns about each unused initializer).
    // (The graph and the suffix decoded apart: protobufjs keeps only the last graph field, onnxruntime merges them.)
    const model = buildDecoderOnnx(spec);
    const own = planKvInPlace(model, findKvDeltas(model)!) as KvInPlace;
    blankFields(model, own.blank);
    const graphs = [model, own.suffix].map((b) => onnx.ModelProto.decode(b).graph as onnx.GraphProto);
    const read = new Set(graphs.flatMap((g) => g.node.flatMap((n) => n.input ?? [])));
    const initializers = graphs.flatMap((g) => g.initializer.map((i) => i.name as string));
    expect(initializers.length).toBeGreaterThan(20);
    expect(initializers.filter((n) => !read.has(n))).toEqual([]);
    // Sized at run time: the sizes and the Shapes of the present went with the repeat.
    if (spec.headRepeat === 'torch') {
      // (The attention bias has one Equal and one Where of its own, as the Tile build does.)
      const sizing = (ops: string[]) => ops.filter((o) => ['Where', 'Equal', 'Expand', 'Gather'].includes(o)).sort();
      const plain = (onnx.ModelProto.decode(buildDecoderOnnx(TINY_LLAMA)).graph as onnx.GraphProto).node.map((n) => n.opType as string);
      expect(sizing(graphs.flatMap((g) => g.node.map((n) => n.opType as string)))).toEqual(sizing(plain));
      const shapes = graphs.flatMap((g) => g.node.filter((n) => n.opType === 'Shape').map((n) => n.input?.[0] as string));
      expect(shapes.filter((i) => i.startsWith('present.'))).toEqual([]);
      // Without grouping the sizes cannot be moved to the parts: the grouped plan is the only one.
      expect(rewritten.bind(null, spec, false)).toThrow(/is not a constant int64 tensor/);
      return;
    }
    // Without grouping, the repeat runs on both parts of each of the 2 layers' K and V.
    const copied = rewritten(spec, false).plan;
    expect(copied.headsRepeated).toMatch(repeatOp === 'Tile' ? /tiles the past every step/ : /expands the past every step/);
    expect((onnx.ModelProto.decode(copied.suffix).graph as onnx.GraphProto).node.filter((n) => n.opType === repeatOp)).toHaveLength(2 * 2 * 2);
  });
});

describe.each(CASES)('%s', (_, spec) => {
  it.each([1, 4])('in the graph onnxruntime runs, nothing from the past grows faster than the scores (%i row(s)); only the attention MatMuls read it', async (rows) => {
    const scores = rows * HEADS; // one score per query head, row and new token
    const { grown, pastReaders } = await growth(await optimised(rewritten(spec, true).bytes), rows, kvHeadsOf(spec));
    // The walk sees the score tensors grow: it measures what it should.
    expect(grown.filter((g) => g.perPosition === scores).length).toBeGreaterThanOrEqual(2 * 2);
    expect(grown.filter((g) => g.perPosition > scores)).toEqual([]);
    // K through a MatMul that transposes it itself (FusedMatMul transB), V through a MatMul; the Shape gives the past's length.
    expect(pastReaders.filter((o) => o !== 'Shape').sort()).toEqual(['FusedMatMul', 'FusedMatMul', 'MatMul', 'MatMul']);
    if (spec.arch !== 'llama' || spec.headRepeat === 'torch') return;

    // The heads repeated on the parts: the copies show, rep·kvHeads·headDim values per position and row.
    const before = await growth(await optimised(rewritten(spec, false).bytes), rows, kvHeadsOf(spec));
    const copies = before.grown.filter((g) => g.perPosition > scores);
    expect(copies.length).toBeGreaterThanOrEqual(2 * 2);
    expect(Math.max(...copies.map((g) => g.perPosition))).toBe(rows * HEADS * HEAD_DIM);
    expect(new Set(copies.map((g) => g.op))).toContain(spec.headRepeat === 'expand' ? 'Expand' : 'Tile');
  });

  it('gives the exported graph’s logits within 1e-4 at every step, 1 and 4 rows', async () => {
    const dir = join(t.dir, `logits-${spec.arch}-${spec.headRepeat ?? 'tile'}-${spec.scaleKeys ? 'sdpa' : 'plain'}`);
    writeDecoderFolder(dir, spec);
    const [exported, inPlace] = [await TextModel.load(dir, { provider: 'cpu', kvInPlace: false }), await TextModel.load(dir, { provider: 'cpu' })];
    try {
      expect(inPlace.kvInPlace).toBe(true);
      const ids = exported.tokenizer.encode('The old house stood at the end of the road and');
      for (const rows of [1, 4]) {
        const batch = (n: number) => Array.from({ length: rows }, (_, r) => ids.slice(r, r + n));
        let a = await exported.forward(batch(3), KvCache.empty(exported.io, rows));
        let b = await inPlace.forward(batch(3), KvCache.empty(inPlace.io, rows));
        for (let i = 3; i + rows <= ids.length; i++) {
          const next = Array.from({ length: rows }, (_, r) => [ids[i + r]!]);
          a = await exported.forward(next, a.cache);
          b = await inPlace.forward(next, b.cache);
          expect(a.logits.reduce((m, v, j) => Math.max(m, Math.abs(v - b.logits[j]!)), 0)).toBeLessThan(1e-4);
        }
      }
    } finally {
      await exported.dispose();
      await inPlace.dispose();
    }
  });
});

describe('the engine on the grouped graphs', () => {
  it.each(['expand', 'torch'] as const)('the %s build, grouped, gives transformers.js’s greedy tokens', async (headRepeat) => {
    const dir = join(t.dir, `llama-${headRepeat}`);
    writeDecoderFolder(dir, { ...TINY_LLAMA, headRepeat });
    const m = await TextModel.load(dir, { provider: 'cpu' });
    try {
      expect(m.kvInPlace).toBe(true);
      for (const prompt of ['The old house stood at the end of the road', 'Once upon a time']) {
        const oracle = await transformersGreedy(dir, prompt, 12);
        const ids = m.tokenizer.encode(prompt);
        expect(ids).toEqual(oracle.promptIds);
        const got = await generate(m, ids, { settings: TextSettings.parse({ topK: 1, repetitionPenalty: 1, maxNewTokens: 12 }), seed: 0, alternatives: 1 });
        expect(got.rows[0]!.tokens.map((x) => x.id)).toEqual(oracle.newIds);
      }
    } finally {
      await m.dispose();
    }
  });

  it('repeated heads whose shape is read: the heads are repeated on the parts, the reason given, the exported graph’s logits', async () => {
    // A Shape → Gather of the repeated key's head dimension (unused), which grouping does not handle.
    const model = onnx.ModelProto.decode(buildDecoderOnnx(TINY_LLAMA));
    const g = model.graph as onnx.GraphProto;
    const tile = g.node.find((n) => n.opType === 'Tile') as onnx.NodeProto;
    const repeated = g.node.find((n) => n.opType === 'Reshape' && n.input?.[0] === tile.output[0]) as onnx.NodeProto;
    g.initializer.push(onnx.TensorProto.create({ name: 'dim_axis', dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [3] }));
    g.node.push(
      onnx.NodeProto.create({ opType: 'Shape', name: 'repeated_shape', input: [repeated.output[0] as string], output: ['repeated_shape_out'] }),
      onnx.NodeProto.create({ opType: 'Gather', name: 'repeated_dim', input: ['repeated_shape_out', 'dim_axis'], output: ['repeated_dim_out'] }),
    );
    const bytes = onnx.ModelProto.encode(model).finish();
    const plan = planKvInPlace(bytes, findKvDeltas(bytes)!);
    expect('reason' in plan).toBe(false);
    if (!('reason' in plan)) expect(plan.headsRepeated).toBe('the repeated K/V heads feed a Shape (repeated_shape)');
    const dir = join(t.dir, 'shape-of-repeated');
    writeDecoderFolder(dir, TINY_LLAMA);
    writeFileSync(join(dir, 'onnx', 'model.onnx'), bytes);
    const [exported, inPlace] = [await TextModel.load(dir, { provider: 'cpu', kvInPlace: false }), await TextModel.load(dir, { provider: 'cpu' })];
    try {
      expect(inPlace.kvInPlace).toBe(true);
      const ids = exported.tokenizer.encode('The old house stood at the end of the road');
      let a = await exported.forward([ids.slice(0, 3)], KvCache.empty(exported.io, 1));
      let b = await inPlace.forward([ids.slice(0, 3)], KvCache.empty(inPlace.io, 1));
      for (const id of ids.slice(3)) {
        a = await exported.forward([[id]], a.cache);
        b = await inPlace.forward([[id]], b.cache);
        expect(a.logits.reduce((m, v, i) => Math.max(m, Math.abs(v - b.logits[i]!)), 0)).toBeLessThan(1e-4);
      }
    } finally {
      await exported.dispose();
      await inPlace.dispose();
    }
  });
});
