// The tiny decoder fixtures are real HF-style decoders: Optimum I/O names and dims, a KV cache that
// agrees with a full prefill, left padding that changes nothing for the real tokens, the same maths
// as a plain-JS forward pass of the same weights, and transformers.js (the oracle) loading the
// folder offline and greedy-generating exactly what a plain onnxruntime loop does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { encode as gpt2Encode } from 'gpt-3-encoder';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDecoderOnnx,
  decoderSession,
  greedyReference,
  ropeTables,
  TINY_GPT2,
  TINY_LLAMA,
  transformersGreedy,
  writeDecoderFolder,
  type DecoderSpec,
} from '../fixtures/tiny-decoders';
import { tempDir } from '../support/tmp';

const i64 = (values: number[], dims: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);

interface Shape {
  vocab: number;
  layers: number;
  kvHeads: number;
  headDim: number;
}

const shapeOf = (spec: DecoderSpec): Shape => ({
  vocab: spec.vocabSize ?? (spec.arch === 'gpt2' ? 50257 : 32000),
  layers: spec.layers,
  kvHeads: spec.arch === 'gpt2' ? spec.heads : (spec.kvHeads ?? spec.heads),
  headDim: spec.hidden / spec.heads,
});

function emptyPast(s: Shape, batch: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (let i = 0; i < s.layers; i++) {
    for (const kind of ['key', 'value']) feeds[`past_key_values.${i}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [batch, s.kvHeads, 0, s.headDim]);
  }
  return feeds;
}

function presentsAsPast(s: Shape, out: ort.InferenceSession.OnnxValueMapType): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (let i = 0; i < s.layers; i++) {
    for (const kind of ['key', 'value']) feeds[`past_key_values.${i}.${kind}`] = out[`present.${i}.${kind}`] as ort.Tensor;
  }
  return feeds;
}

/** Logits row (batch b, position t) of a [B, S, V] tensor. */
function row(logits: ort.Tensor, b: number, t: number): Float32Array {
  const [, seq, vocab] = logits.dims as [number, number, number];
  return (logits.data as Float32Array).subarray((b * seq + t) * vocab, (b * seq + t + 1) * vocab);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

function top2(logits: ArrayLike<number>): { best: number; gap: number } {
  let best = 0;
  let a = -Infinity;
  let b = -Infinity;
  for (let v = 0; v < logits.length; v++) {
    const x = logits[v] as number;
    if (x > a) {
      b = a;
      a = x;
      best = v;
    } else if (x > b) b = x;
  }
  return { best, gap: a - b };
}

// ---- A plain-JS forward pass (batch 1, no past, positions 0..S-1) over the ONNX initializers ----

function initializers(bytes: Uint8Array): Map<string, Float32Array> {
  const model = onnx.ModelProto.decode(bytes);
  const map = new Map<string, Float32Array>();
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataType !== onnx.TensorProto.DataType.FLOAT || !t.rawData || !t.name) continue;
    map.set(t.name, new Float32Array(Uint8Array.from(t.rawData).buffer));
  }
  return map;
}

type Vec = Float64Array;
const matVec = (x: Vec, w: Float32Array, nOut: number): Vec => {
  const y = new Float64Array(nOut);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    for (let j = 0; j < nOut; j++) y[j] = (y[j] as number) + xi * (w[i * nOut + j] as number);
  }
  return y;
};
const addInto = (x: Vec, y: ArrayLike<number>): Vec => x.map((v, i) => v + (y[i] as number));

// Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7).
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1 - poly * Math.exp(-a * a));
}

/** Causal softmax attention for one query position t; k, v are per-position [kvHeads·D] rows. */
function attend(q: Vec, keys: Vec[], values: Vec[], t: number, heads: number, kvHeads: number, d: number): Vec {
  const out = new Float64Array(heads * d);
  for (let h = 0; h < heads; h++) {
    const kh = Math.floor(h / (heads / kvHeads));
    const scores: number[] = [];
    for (let j = 0; j <= t; j++) {
      let s = 0;
      for (let e = 0; e < d; e++) s += (q[h * d + e] as number) * ((keys[j] as Vec)[kh * d + e] as number);
      scores.push(s / Math.sqrt(d));
    }
    const m = Math.max(...scores);
    const ex = scores.map((s) => Math.exp(s - m));
    const z = ex.reduce((a, b) => a + b, 0);
    for (let j = 0; j <= t; j++) {
      for (let e = 0; e < d; e++) out[h * d + e] = (out[h * d + e] as number) + ((ex[j] as number) / z) * ((values[j] as Vec)[kh * d + e] as number);
    }
  }
  return out;
}

function referenceLogits(spec: DecoderSpec, bytes: Uint8Array, ids: number[]): Float64Array[] {
  const w = initializers(bytes);
  const get = (name: string): Float32Array => {
    const t = w.get(name);
    if (!t) throw new Error(`no initializer ${name}`);
    return t;
  };
  const s = shapeOf(spec);
  const E = spec.hidden;
  const H = spec.heads;
  const D = s.headDim;
  const row32 = (t: Float32Array, r: number, n: number): Vec => Float64Array.from(t.subarray(r * n, (r + 1) * n));
  const layerNorm = (x: Vec, name: string): Vec => {
    const mean = x.reduce((a, b) => a + b, 0) / E;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / E;
    const g = get(`${name}.weight`);
    const b = get(`${name}.bias`);
    return x.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * (g[i] as number) + (b[i] as number));
  };
  const rmsNorm = (x: Vec, name: string): Vec => {
    const ms = x.reduce((a, b) => a + b * b, 0) / E;
    const g = get(`${name}.weight`);
    return x.map((v, i) => (v / Math.sqrt(ms + 1e-6)) * (g[i] as number));
  };

  if (spec.arch === 'gpt2') {
    const wte = get('transformer.wte.weight');
    const wpe = get('transformer.wpe.weight');
    let xs = ids.map((id, t) => addInto(row32(wte, id, E), row32(wpe, t, E)));
    for (let l = 0; l < spec.layers; l++) {
      const p = `transformer.h.${l}`;
      const linear = (x: Vec, name: string, nOut: number): Vec => addInto(matVec(x, get(`${p}.${name}.weight`), nOut), get(`${p}.${name}.bias`));
      const qkv = xs.map((x) => linear(layerNorm(x, `${p}.ln_1`), 'attn.c_attn', 3 * E));
      const keys = qkv.map((v) => v.slice(E, 2 * E));
      const values = qkv.map((v) => v.slice(2 * E));
      xs = xs.map((x, t) => addInto(x, linear(attend((qkv[t] as Vec).slice(0, E), keys, values, t, H, H, D), 'attn.c_proj', E)));
      const inner = spec.intermediate ?? 4 * E;
      xs = xs.map((x) => {
        const up = linear(layerNorm(x, `${p}.ln_2`), 'mlp.c_fc', inner).map((u) => 0.5 * u * (1 + erf(u / Math.SQRT2)));
        return addInto(x, linear(up, 'mlp.c_proj', E));
      });
    }
    return xs.map((x) => {
      const f = layerNorm(x, 'transformer.ln_f');
      const logits = new Float64Array(s.vocab);
      for (let v = 0; v < s.vocab; v++) {
        let acc = 0;
        for (let e = 0; e < E; e++) acc += (f[e] as number) * (wte[v * E + e] as number);
        logits[v] = acc;
      }
      return logits;
    });
  }

  const KV = s.kvHeads;
  const { cos, sin } = ropeTables(spec.maxPositions, D);
  const rope = (x: Vec, heads: number, pos: number): Vec => {
    const y = x.slice();
    const half = D / 2;
    for (let h = 0; h < heads; h++) {
      for (let k = 0; k < half; k++) {
        const c = cos[pos * half + k] as number;
        const sn = sin[pos * half + k] as number;
        const a = x[h * D + k] as number;
        const b = x[h * D + k + half] as number;
        y[h * D + k] = a * c - b * sn;
        y[h * D + k + half] = b * c + a * sn;
      }
    }
    return y;
  };
  let xs = ids.map((id) => row32(get('model.embed_tokens.weight'), id, E));
  for (let l = 0; l < spec.layers; l++) {
    const p = `model.layers.${l}`;
    const normed = xs.map((x) => rmsNorm(x, `${p}.input_layernorm`));
    const qs = normed.map((x, t) => rope(matVec(x, get(`${p}.self_attn.q_proj.weight`), H * D), H, t));
    const keys = normed.map((x, t) => rope(matVec(x, get(`${p}.self_attn.k_proj.weight`), KV * D), KV, t));
    const values = normed.map((x) => matVec(x, get(`${p}.self_attn.v_proj.weight`), KV * D));
    xs = xs.map((x, t) => addInto(x, matVec(attend(qs[t] as Vec, keys, values, t, H, KV, D), get(`${p}.self_attn.o_proj.weight`), E)));
    const inner = spec.intermediate ?? 3 * E;
    xs = xs.map((x) => {
      const y = rmsNorm(x, `${p}.post_attention_layernorm`);
      const gate = matVec(y, get(`${p}.mlp.gate_proj.weight`), inner);
      const up = matVec(y, get(`${p}.mlp.up_proj.weight`), inner);
      const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * (up[i] as number));
      return addInto(x, matVec(act, get(`${p}.mlp.down_proj.weight`), E));
    });
  }
  return xs.map((x) => matVec(rmsNorm(x, 'model.norm'), get('lm_head.weight'), s.vocab));
}

// ---------------------------------------------------------------------------------------------

const PROMPTS: Record<DecoderSpec['arch'], { text: string; ids: number[] }> = {
  // GPT-2 ids of "The quick brown fox jumps over" (checked against gpt-3-encoder below).
  gpt2: { text: 'The quick brown fox jumps over', ids: [464, 2068, 7586, 21831, 18045, 625] },
  // "<s>" + five Llama-2 pieces.
  llama: { text: 'Once upon a time there', ids: [1, 5713, 3714, 264, 727, 736] },
};

describe('tiny decoder folders', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('atelier-decoder-');
  });
  afterAll(() => tmp.cleanup());

  it('are deterministic, small, and carry the HF config fields; the model file may live elsewhere', async () => {
    expect(Buffer.from(buildDecoderOnnx(TINY_LLAMA)).equals(Buffer.from(buildDecoderOnnx(TINY_LLAMA)))).toBe(true);
    expect(Buffer.from(buildDecoderOnnx(TINY_LLAMA)).equals(Buffer.from(buildDecoderOnnx({ ...TINY_LLAMA, seed: TINY_LLAMA.seed + 1 })))).toBe(false);

    const dir = join(tmp.dir, 'flat-gpt2');
    writeDecoderFolder(dir, TINY_GPT2, { onnxFile: 'model.onnx' });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'generation_config.json', 'model.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
    expect(statSync(join(dir, 'model.onnx')).size).toBeLessThan(10 * 1024 * 1024);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], vocab_size: 50257, n_embd: 32, n_layer: 2, n_head: 4, n_positions: 128, bos_token_id: 50256, eos_token_id: 50256 });
    expect(await greedyReference(dir, [464, 2068], 3, { onnxFile: 'model.onnx' })).toHaveLength(3);

    const llama = join(tmp.dir, 'tiny-llama');
    writeDecoderFolder(llama, TINY_LLAMA);
    expect(JSON.parse(readFileSync(join(llama, 'config.json'), 'utf8'))).toMatchObject({
      model_type: 'llama',
      architectures: ['LlamaForCausalLM'],
      vocab_size: 32000,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 8,
      max_position_embeddings: 128,
      tie_word_embeddings: false,
      bos_token_id: 1,
      eos_token_id: 2,
    });
    expect(() => writeDecoderFolder(join(tmp.dir, 'small'), { ...TINY_LLAMA, vocabSize: 100 })).toThrow(/vocabSize/);
  });
});

describe.each([
  ['gpt2', TINY_GPT2],
  ['llama', TINY_LLAMA],
] as const)('tiny %s decoder fixture', (arch, spec) => {
  const shape = shapeOf(spec);
  const prompt = PROMPTS[arch].ids;
  let tmp: ReturnType<typeof tempDir>;
  let dir: string;
  let session: ort.InferenceSession;

  const run = async (ids: number[][], mask: number[][], positions: number[][], past: Record<string, ort.Tensor>) => {
    const b = ids.length;
    const s = (ids[0] as number[]).length;
    return session.run({
      input_ids: i64(ids.flat(), [b, s]),
      attention_mask: i64(mask.flat(), [b, (mask[0] as number[]).length]),
      position_ids: i64(positions.flat(), [b, s]),
      ...past,
    });
  };
  const ones = (n: number): number[] => new Array<number>(n).fill(1);
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

  beforeAll(async () => {
    tmp = tempDir('atelier-decoder-');
    dir = join(tmp.dir, `tiny-${arch}`);
    writeDecoderFolder(dir, spec);
    session = await decoderSession(join(dir, 'onnx/model.onnx'));
  });
  afterAll(() => tmp.cleanup());

  it('declares the Optimum decoder inputs and outputs with the named dynamic dims', () => {
    const layerNames = (prefix: string): string[] => range(0, spec.layers).flatMap((i) => [`${prefix}.${i}.key`, `${prefix}.${i}.value`]);
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'position_ids', ...layerNames('past_key_values')]);
    expect(session.outputNames).toEqual(['logits', ...layerNames('present')]);
    const dims = Object.fromEntries([...session.inputMetadata, ...session.outputMetadata].map((m) => [m.name, m.isTensor ? m.shape : null]));
    expect(dims.input_ids).toEqual(['batch_size', 'sequence_length']);
    expect(dims.attention_mask).toEqual(['batch_size', 'total_sequence_length']);
    expect(dims.position_ids).toEqual(['batch_size', 'sequence_length']);
    expect(dims['past_key_values.1.value']).toEqual(['batch_size', shape.kvHeads, 'past_sequence_length', shape.headDim]);
    expect(dims.logits).toEqual(['batch_size', 'sequence_length', shape.vocab]);
    expect(dims['present.1.key']).toEqual(['batch_size', shape.kvHeads, 'total_sequence_length', shape.headDim]);
  });

  it('prefills with an empty past and matches a plain-JS forward pass of the same weights', async () => {
    const out = await run([prompt], [ones(6)], [range(0, 6)], emptyPast(shape, 1));
    const logits = out.logits as ort.Tensor;
    expect(logits.dims).toEqual([1, 6, shape.vocab]);
    expect((out['present.0.key'] as ort.Tensor).dims).toEqual([1, shape.kvHeads, 6, shape.headDim]);
    const want = referenceLogits(spec, buildDecoderOnnx(spec), prompt);
    for (let t = 0; t < 6; t++) expect(maxAbsDiff(row(logits, 0, t), want[t] as Float64Array)).toBeLessThan(5e-4);
    // Peaked, not near-uniform: the greedy margin clears float noise by orders of magnitude.
    const gaps = range(0, 6).map((t) => top2(row(logits, 0, t)).gap);
    expect(Math.min(...gaps)).toBeGreaterThan(1e-3);
  });

  it('gives the same logits from the KV cache as from a full prefill', async () => {
    const full = (await run([prompt], [ones(6)], [range(0, 6)], emptyPast(shape, 1))).logits as ort.Tensor;
    let out = await run([prompt.slice(0, 4)], [ones(4)], [range(0, 4)], emptyPast(shape, 1));
    expect(maxAbsDiff(row(out.logits as ort.Tensor, 0, 3), row(full, 0, 3))).toBeLessThan(1e-4);
    for (const t of [4, 5]) {
      out = await run([[prompt[t] as number]], [ones(t + 1)], [[t]], presentsAsPast(shape, out));
      expect((out.logits as ort.Tensor).dims).toEqual([1, 1, shape.vocab]);
      expect((out['present.1.value'] as ort.Tensor).dims).toEqual([1, shape.kvHeads, t + 1, shape.headDim]);
      expect(maxAbsDiff(row(out.logits as ort.Tensor, 0, 0), row(full, 0, t))).toBeLessThan(1e-4);
    }
  });

  it('ignores left padding: a padded row of a batch matches the same tokens run alone, also after a cached step', async () => {
    const real = prompt.slice(0, 4);
    const pad = arch === 'gpt2' ? 50256 : 0;
    // HF convention for pads: position ids are cumsum(mask) - 1 with pads set to 1.
    const batch = await run(
      [prompt, [pad, pad, ...real]],
      [ones(6), [0, 0, 1, 1, 1, 1]],
      [range(0, 6), [1, 1, 0, 1, 2, 3]],
      emptyPast(shape, 2),
    );
    const alone = await run([real], [ones(4)], [range(0, 4)], emptyPast(shape, 1));
    const full = await run([prompt], [ones(6)], [range(0, 6)], emptyPast(shape, 1));
    const logits = batch.logits as ort.Tensor;
    expect(logits.dims).toEqual([2, 6, shape.vocab]);
    for (let t = 0; t < 6; t++) {
      expect(Number.isFinite(Math.max(...row(logits, 1, t)))).toBe(true); // pad rows are finite too
      expect(maxAbsDiff(row(logits, 0, t), row(full.logits as ort.Tensor, 0, t))).toBeLessThan(1e-4);
    }
    for (let t = 0; t < 4; t++) expect(maxAbsDiff(row(logits, 1, t + 2), row(alone.logits as ort.Tensor, 0, t))).toBeLessThan(1e-4);

    // One cached step for both rows: the mask grows by one and row 2's next position is 4.
    const next = [11, 12];
    const step = await run([[next[0] as number], [next[1] as number]], [ones(7), [0, 0, 1, 1, 1, 1, 1]], [[6], [4]], presentsAsPast(shape, batch));
    const aloneStep = await run([[next[1] as number]], [ones(5)], [[4]], presentsAsPast(shape, alone));
    const fullStep = await run([[next[0] as number]], [ones(7)], [[6]], presentsAsPast(shape, full));
    expect(maxAbsDiff(row(step.logits as ort.Tensor, 1, 0), row(aloneStep.logits as ort.Tensor, 0, 0))).toBeLessThan(1e-4);
    expect(maxAbsDiff(row(step.logits as ort.Tensor, 0, 0), row(fullStep.logits as ort.Tensor, 0, 0))).toBeLessThan(1e-4);
  });

  it('loads in transformers.js offline and greedy-generates the same ids as a plain onnxruntime loop', async () => {
    const { text, ids } = PROMPTS[arch];
    const hf = await transformersGreedy(dir, text, 12);
    if (arch === 'gpt2') expect(hf.promptIds).toEqual(gpt2Encode(text));
    expect(hf.promptIds).toEqual(ids);
    expect(hf.newIds).toHaveLength(12);
    expect(hf.text.length).toBeGreaterThan(0);

    const cached = await greedyReference(dir, hf.promptIds, 12);
    expect(cached).toEqual(hf.newIds);

    // And the same without any cache: recompute the whole sequence at every step, checking margins.
    const seq = [...hf.promptIds];
    let minGap = Infinity;
    for (let k = 0; k < 12; k++) {
      const out = await run([seq], [ones(seq.length)], [range(0, seq.length)], emptyPast(shape, 1));
      const { best, gap } = top2(row(out.logits as ort.Tensor, 0, seq.length - 1));
      minGap = Math.min(minGap, gap);
      seq.push(best);
    }
    expect(seq.slice(hf.promptIds.length)).toEqual(hf.newIds);
    expect(minGap).toBeGreaterThan(1e-3);
  });
});
