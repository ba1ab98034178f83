// `npm run bench:models`: how long a model takes to become usable, three ways, in one run:
//   coldMs    a new onnxruntime session from the model file, optimised from scratch (no cache)
//   cachedMs  a new session from the on-disk optimised-graph cache (entry written beforehand;
//             the time includes checking the entry's sha256)
//   warmMs    the warm pool handing back a model that is already loaded (the next job's cost)
// and the ratios cold ÷ cached and cold ÷ warm. Medians of a few runs each, CPU provider.
// Models: the starter models, the tiny GPT-2 test fixture and, when it has been built (npm run
// bench:text builds it), the GPT-2-small-shaped benchmark model in fp32 and int8; with --sweep also
// GPT-2-shaped graphs of 1–16 layers (nodes) and of growing width (bytes), to place the cache's
// node threshold (MIN_CACHED_NODES: smaller graphs load directly in the app).
// --json prints one JSON object on stdout; the table goes to stderr.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { buildSelfTestModel } from '../../electron/engine/jobs/self-test';
import { MIN_CACHED_NODES, cacheStats, setOptimizedCacheDir, setOptimizedCacheMinNodes } from '../../electron/engine/runtime/optimized-cache';
import { createSession } from '../../electron/engine/runtime/sessions';
import { WarmPool } from '../../electron/engine/runtime/warm-pool';
import { defaultResourcesDir } from '../../electron/models/registry';
import { onnx } from 'onnx-proto';
import { TINY_GPT2, buildDecoderOnnx, writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';

import { benchModelDir } from './bench-model';

const json = process.argv.includes('--json');
const log = (s: string) => process.stderr.write(`${s}\n`);
const now = () => performance.now();

async function median(n: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await f());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(n / 2)] as number;
}

async function openMs(file: string): Promise<number> {
  const t0 = now();
  const { session } = await createSession(file, 'cpu');
  const ms = now() - t0;
  await session.release();
  return ms;
}

interface Row {
  model: string;
  file: string;
  bytes: number;
  /** Nodes in the graph (subgraphs not counted). */
  nodes: number;
  coldMs: number;
  cachedMs: number;
  warmMs: number;
  coldOverCached: number;
  coldOverWarm: number;
}

async function measure(model: string, file: string, reps: number): Promise<Row> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'atelier-bench-models-'));
  try {
    setOptimizedCacheDir(cacheDir);
    const writes = cacheStats.writes;
    await openMs(file); // writes the entry (not timed)
    if (cacheStats.writes !== writes + 1) throw new Error(`${model}: the cache entry was not written`);
    // Cold and cached loads alternate, so a change in the machine's load hits both alike.
    const cold: number[] = [];
    const cached: number[] = [];
    const hits = cacheStats.hits;
    for (let i = 0; i < reps; i++) {
      setOptimizedCacheDir(null);
      cold.push(await openMs(file));
      setOptimizedCacheDir(cacheDir);
      cached.push(await openMs(file));
    }
    if (cacheStats.hits !== hits + reps) throw new Error(`${model}: the cached loads did not all hit the cache`);
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const coldMs = mid(cold);
    const cachedMs = mid(cached);

    const pool = new WarmPool(Number.MAX_SAFE_INTEGER);
    const load = async () => {
      const { session } = await createSession(file, 'cpu');
      return { session, dispose: () => session.release() };
    };
    const get = () => pool.get(model, 'stamp', { label: model, kind: 'bench' }, load, () => ({ provider: 'cpu', bytes: statSync(file).size }));
    await get();
    const warmMs = await median(Math.max(reps, 25), async () => {
      const t0 = now();
      await get();
      return now() - t0;
    });
    await pool.clear();
    const nodes = onnx.ModelProto.decode(readFileSync(file)).graph?.node?.length ?? 0;
    return { model, file, bytes: statSync(file).size, nodes, coldMs, cachedMs, warmMs, coldOverCached: coldMs / cachedMs, coldOverWarm: coldMs / warmMs };
  } finally {
    setOptimizedCacheDir(null);
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** GPT-2-shaped graphs that vary nodes (layers) at a fixed small size, and size (width) at few nodes. */
function sweepModels(dir: string): [string, string][] {
  const specs: [string, DecoderSpec][] = [];
  for (const layers of [1, 2, 4, 8, 16]) specs.push([`gpt2 L${layers} h64 v512`, { ...TINY_GPT2, vocabSize: 512, hidden: 64, layers }]);
  for (const hidden of [16, 64, 128, 256]) specs.push([`gpt2 L2 h${hidden} v50257`, { ...TINY_GPT2, hidden, layers: 2 }]);
  return specs.map(([name, spec]) => {
    const file = join(dir, `${name.replaceAll(' ', '-')}.onnx`);
    writeFileSync(file, buildDecoderOnnx(spec));
    return [name, file];
  });
}

async function main(): Promise<void> {
  const models = join(defaultResourcesDir(), 'models');
  const fixture = join(mkdtempSync(join(tmpdir(), 'atelier-bench-models-fixture-')), 'tiny-gpt2');
  writeDecoderFolder(fixture, TINY_GPT2);
  const big = benchModelDir();
  const candidates: [string, string][] = [
    ['starter-text', join(models, 'starter-text/onnx/model.onnx')],
    ['starter-gan', join(models, 'starter-gan/generator.onnx')],
    ['esrgan-x2', join(models, 'esrgan-x2/model.onnx')],
    ['esrgan-x4', join(models, 'esrgan-x4/model.onnx')],
    ['tiny-gpt2 (fixture)', join(fixture, 'onnx/model.onnx')],
    ['gpt2-small fp32 (bench)', join(big, 'onnx/model.onnx')],
    ['gpt2-small int8 (bench)', join(big, 'onnx/model_quantized.onnx')],
  ];
  if (process.argv.includes('--sweep')) candidates.push(...sweepModels(join(fixture, '..')));
  const present = candidates.filter(([, f]) => existsSync(f));
  for (const [name] of candidates.filter(([, f]) => !existsSync(f))) log(`(skipped ${name}: not built here; npm run bench:text builds the GPT-2-small model)`);

  // Warm-up: onnxruntime's first session in a process pays one-time costs no model should carry.
  await (await ort.InferenceSession.create(buildSelfTestModel().bytes)).release();

  // Measure every model through the cache, including the ones the app loads directly (the point is
  // to see where the threshold should be); the table says which side of it each model is on.
  setOptimizedCacheMinNodes(0);
  const rows: Row[] = [];
  for (const [name, file] of present) {
    const reps = statSync(file).size > 100 * 2 ** 20 ? 3 : 9;
    const row = await measure(name, file, reps);
    rows.push(row);
    log(
      `${name.padEnd(26)} ${(row.bytes / 2 ** 20).toFixed(1).padStart(7)} MiB ${String(row.nodes).padStart(6)} nodes  cold ${row.coldMs.toFixed(1).padStart(8)} ms  cached ${row.cachedMs
        .toFixed(1)
        .padStart(8)} ms  warm ${row.warmMs.toFixed(3).padStart(7)} ms  cold/cached ${row.coldOverCached.toFixed(2).padStart(6)}×  cold/warm ${row.coldOverWarm.toFixed(0)}×  ${row.nodes < MIN_CACHED_NODES ? 'app: direct' : 'app: cached'}`,
    );
  }
  const result = { ortVersion: ort.env.versions.node ?? ort.env.versions.common, provider: 'cpu', minCachedNodes: MIN_CACHED_NODES, models: rows.map(({ file: _f, ...r }) => r) };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  rmSync(fixture, { recursive: true, force: true });
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
