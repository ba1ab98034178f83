// The benchmark's model: GPT-2-small-shaped (hidden 768, 12 layers, 12 heads, the real 50257-token
// vocabulary, 1024 positions: 124 M parameters) with random weights, from the test-fixture builder,
// in fp32 (onnx/model.onnx) and weight-only int8 (onnx/model_quantized.onnx). Built once into a
// cache folder under the OS temp directory and reused while the spec and builder version match.
// Beside it, for grouped-KV comparisons, a SmolLM-135M-shaped Llama in fp32 (ensureGqaBenchModel).
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { type DecoderSpec, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { quantizeDecoderInt8, type Int8Options } from '../fixtures/quantize-int8';

export const GPT2_SMALL: DecoderSpec = { arch: 'gpt2', hidden: 768, layers: 12, heads: 12, maxPositions: 1024, seed: 124 };
// Blocks of 128 along K (onnxruntime's MatMulNBits quantizer default): fewer scale bytes than 32,
// and the faster kernel here (one step ~10% quicker in an interleaved comparison).
export const INT8_OPTIONS: Int8Options = { blockSize: 128, accuracyLevel: 4 };
/** Bump when the fixture builder or the quantizer changes what they write. */
const BUILD_VERSION = 3;

/**
 * SmolLM-135M's shapes (hidden 576, 30 layers, 9 query heads sharing 3 K/V heads, SwiGLU 1536,
 * 49152-token vocabulary, 2048 positions) with the fixture's untied lm_head: 163 M parameters,
 * 650 MB in fp32. The Llama-2 tokenizer's 32000 ids are a subset of the vocabulary.
 */
export const SMOLLM_135M: DecoderSpec = { arch: 'llama', hidden: 576, layers: 30, heads: 9, kvHeads: 3, intermediate: 1536, vocabSize: 49152, maxPositions: 2048, seed: 135 };

export const log = (...parts: unknown[]): void => void process.stderr.write(`${parts.join(' ')}\n`);

const benchRoot = () => process.env.ATELIER_BENCH_DIR ?? join(tmpdir(), 'atelier-bench');

export function benchModelDir(): string {
  const key = `gpt2-small-s${GPT2_SMALL.seed}-p${GPT2_SMALL.maxPositions}-b${INT8_OPTIONS.blockSize}a${INT8_OPTIONS.accuracyLevel}-v${BUILD_VERSION}`;
  return join(benchRoot(), key);
}

/** `dir`, written by `write` into a temporary folder and renamed (once: a finished folder is reused). */
function buildOnce(dir: string, what: string, write: (tmp: string) => Record<string, unknown>): string {
  if (existsSync(join(dir, 'bench-build.json'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const t0 = performance.now();
  log(`building ${what} into ${dir} (once) …`);
  const record = write(tmp);
  writeFileSync(join(tmp, 'bench-build.json'), `${JSON.stringify({ ...record, version: BUILD_VERSION }, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return dir;
}

/** The model folder, built now if the cache lacks it (about a minute, ~1 GB of disk). */
export function ensureBenchModel(): string {
  return buildOnce(benchModelDir(), 'the benchmark model', (tmp) => {
    writeDecoderFolder(tmp, GPT2_SMALL, { int8: INT8_OPTIONS });
    return { spec: GPT2_SMALL, int8: INT8_OPTIONS };
  });
}

/** The SmolLM-135M-shaped grouped-KV model, fp32 only (built once: about a minute, 650 MB). */
export function ensureGqaBenchModel(): string {
  const s = SMOLLM_135M;
  const dir = join(benchRoot(), `llama-gqa-h${s.hidden}l${s.layers}q${s.heads}kv${s.kvHeads}-s${s.seed}-v${BUILD_VERSION}`);
  return buildOnce(dir, 'the grouped-KV benchmark model', (tmp) => {
    writeDecoderFolder(tmp, s);
    return { spec: s };
  });
}

export interface WeightTraffic {
  /** Bytes of initializers read in full for every token (all but lookup tables). */
  perToken: number;
  /** Bytes of lookup tables (Gather data) of which one row is read per token. */
  lookupTables: number;
  parameters: number;
}

/**
 * Weight bytes one decode step reads: every initializer except tables only used by Gather (of
 * those, one row per token, negligible). GPT-2's tied head counts in fp32 — onnxruntime folds
 * Transpose(wte) into a constant that the head's MatMul streams each step.
 */
export function weightTraffic(onnxPath: string): WeightTraffic {
  const graph = onnx.ModelProto.decode(readFileSync(onnxPath)).graph as onnx.GraphProto;
  const consumers = new Map<string, Set<string>>();
  for (const n of graph.node) for (const i of n.input ?? []) (consumers.get(i) ?? consumers.set(i, new Set()).get(i))?.add(n.opType as string);
  let perToken = 0;
  let lookupTables = 0;
  let parameters = 0;
  for (const t of graph.initializer) {
    const bytes = t.rawData?.length ?? 0;
    const ops = consumers.get(t.name as string) ?? new Set();
    const elems = (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1);
    if (!t.name?.endsWith('.scales')) parameters += elems;
    if (ops.size === 1 && ops.has('Gather')) lookupTables += bytes;
    else perToken += bytes;
  }
  return { perToken, lookupTables, parameters };
}

/**
 * A folder beside the benchmark model holding the same decoder quantized as `opts` says (its
 * onnx/model_quantized.onnx, from the fp32 model.onnx) and the same config and tokenizer files:
 * for A/B runs of int8 layouts. Built once, like the model.
 */
export function ensureInt8Variant(name: string, opts: Int8Options): string {
  const base = ensureBenchModel();
  return buildOnce(`${base}-${name}`, `the int8 variant ${name}`, (tmp) => {
    mkdirSync(join(tmp, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
      if (existsSync(join(base, f))) copyFileSync(join(base, f), join(tmp, f));
    }
    const { bytes, report } = quantizeDecoderInt8(readFileSync(join(base, 'onnx', 'model.onnx')), opts);
    writeFileSync(join(tmp, 'onnx', 'model_quantized.onnx'), bytes);
    log(`${report.quantized} MatMuls quantized`);
    return { spec: GPT2_SMALL, int8: opts, report };
  });
}
