// The benchmark's model: GPT-2-small-shaped (hidden 768, 12 layers, 12 heads, the real 50257-token
// vocabulary, 1024 positions: 124 M parameters) with random weights, from the test-fixture builder,
// in fp32 (onnx/model.onnx) and weight-only int8 (onnx/model_quantized.onnx). Built once into a
// cache folder under the OS temp directory and reused while the spec and builder version match.
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

export const log = (...parts: unknown[]): void => void process.stderr.write(`${parts.join(' ')}\n`);

export function benchModelDir(): string {
  const key = `gpt2-small-s${GPT2_SMALL.seed}-p${GPT2_SMALL.maxPositions}-b${INT8_OPTIONS.blockSize}a${INT8_OPTIONS.accuracyLevel}-v${BUILD_VERSION}`;
  return join(process.env.ATELIER_BENCH_DIR ?? join(tmpdir(), 'atelier-bench'), key);
}

/** The model folder, built now if the cache lacks it (about a minute, ~1 GB of disk). */
export function ensureBenchModel(): string {
  const dir = benchModelDir();
  if (existsSync(join(dir, 'bench-build.json'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const t0 = performance.now();
  log(`building the benchmark model into ${dir} (once) …`);
  writeDecoderFolder(tmp, GPT2_SMALL, { int8: INT8_OPTIONS });
  writeFileSync(join(tmp, 'bench-build.json'), `${JSON.stringify({ spec: GPT2_SMALL, int8: INT8_OPTIONS, version: BUILD_VERSION }, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return dir;
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
  const dir = `${base}-${name}`;
  if (existsSync(join(dir, 'bench-build.json'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'onnx'), { recursive: true });
  const t0 = performance.now();
  log(`building the int8 variant ${name} into ${dir} (once) …`);
  for (const f of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
    if (existsSync(join(base, f))) copyFileSync(join(base, f), join(tmp, f));
  }
  const { bytes, report } = quantizeDecoderInt8(readFileSync(join(base, 'onnx', 'model.onnx')), opts);
  writeFileSync(join(tmp, 'onnx', 'model_quantized.onnx'), bytes);
  writeFileSync(join(tmp, 'bench-build.json'), `${JSON.stringify({ spec: GPT2_SMALL, int8: opts, report, version: BUILD_VERSION }, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s (${report.quantized} MatMuls)`);
  return dir;
}
