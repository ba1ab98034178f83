// npm run bench:text-ab -- kv|int8|gqa [--json] [--rounds N] [--tokens N] [--precision fp32|int8] [--steps N] [--context N]
//
// Two or more builds of the benchmark decoder measured side by side in one run, their
// measurements interleaved round by round (the order flips every round), so each comparison
// shares the machine's moments. `kv`: the graph as exported (each layer's present K/V made by a
// Concat that copies the whole cache every step) against the same graph with attention reading
// the past in place (kv-in-place.ts), per precision. `int8`: the int8 model as MatMulNBits (the
// bench's build) against dynamic-quantization MatMulInteger builds (per-channel and per-tensor
// int8 weights), each checked against fp32's logits. `gqa`: a SmolLM-135M-shaped Llama (9 query
// heads sharing 3 K/V heads, fp32) at context 512, attention in place with the K/V heads repeated
// on the past every step (the rewrite before grouping) against the query's heads grouped
// (kv-head-repeat.ts), and the graph as exported for scale: paired single steps only (prefills of
// 512 tokens make rounds of whole generations slow), with each step's ratio to the first build's
// step beside it, so the spread within the run shows.
// Per build: decode tok/s at batch 1 (greedy, N ÷ (T(N + 1) − T(1))), the roofline fraction
// against the bandwidth measured in the same run, 4 alternatives ÷ 1 (app-default sampling), and
// time inside session.run. Per round, each build's decode time and 4-alternatives time ÷ the first
// build's in the same round.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { TextSettings } from '../../shared/contract/generate';
import { generate, prefill } from '../../electron/engine/text/generate';
import { TextModel } from '../../electron/engine/text/text-model';
import { BandwidthProbe } from './bandwidth';
import { ensureBenchModel, ensureGqaBenchModel, ensureInt8Variant, log, weightTraffic } from './bench-model';
import { allLogits } from './all-logits';
import { argmax, correlation } from '../support/logit-stats';

const CONTEXT = 128;
const SEED = 7;
const PROMPT_TEXT =
  'The lighthouse keeper climbed the spiral stairs each evening with a lamp in one hand and a notebook in the other. ' +
  'He wrote down the colour of the sea, the shape of the clouds over the harbour, the names of the boats that came in late, ';

interface Build {
  name: string;
  dir: string;
  precision: 'fp32' | 'int8';
  file: string;
  /** TextModel.load options beyond dir and precision. */
  kvInPlace: boolean;
}

interface Sample {
  decode: number;
  alt1: number;
  alt4: number;
  ortDecode: number;
  ort1: number;
  ort4: number;
}

/** One decode step at 1 and at 4 rows after the prompt, wall and CPU ms (all threads), medians. */
interface StepTimes {
  wall1: number;
  wall4: number;
  cpu1: number;
  cpu4: number;
  /** Every repetition's times, in order (the medians' sources). */
  each: { wall1: number[]; wall4: number[]; cpu1: number[]; cpu4: number[] };
  /** The first step's logits at 1 and 4 rows. */
  logits1: Float32Array;
  logits4: Float32Array;
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : NaN;
};

/**
 * Single decode steps of every build in turn (the order flips each repetition), each after the same
 * 128-token prompt (the workspace is rewound after every step), so the builds share the machine's
 * moments step by step: the finest-grained comparison of what happens inside session.run.
 */
async function pairedSteps(models: { model: TextModel }[], ids: number[], reps: number): Promise<StepTimes[]> {
  const work = [];
  for (const { model } of models) {
    const one = (await prefill(model, ids, { rows: 1, capacity: ids.length + 8 })).kv;
    const four = (await prefill(model, ids, { rows: 4, capacity: ids.length + 8 })).kv;
    four.fanOut(4, ids.length + 8);
    const logits = { one: new Float32Array(0), four: new Float32Array(0) };
    work.push({ model, one, four, logits, wall1: [] as number[], wall4: [] as number[], cpu1: [] as number[], cpu4: [] as number[] });
  }
  const token = ids[5] as number;
  const time = async (fn: () => Promise<Float32Array>) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const logits = await fn();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { wall, cpu: (c.user + c.system) / 1000, logits };
  };
  for (let r = 0; r < reps; r++) {
    for (const w of r % 2 === 0 ? work : [...work].reverse()) {
      const a = await time(() => w.model.step([token], w.one));
      w.one.rewindTo(ids.length);
      const b = await time(() => w.model.step([token, token, token, token], w.four));
      w.four.rewindTo(ids.length);
      if (r === 0) w.logits = { one: a.logits.slice(), four: b.logits.slice() };
      w.wall1.push(a.wall);
      w.cpu1.push(a.cpu);
      w.wall4.push(b.wall);
      w.cpu4.push(b.cpu);
    }
  }
  return work.map((w) => ({
    wall1: median(w.wall1),
    wall4: median(w.wall4),
    cpu1: median(w.cpu1),
    cpu4: median(w.cpu4),
    each: { wall1: w.wall1, wall4: w.wall4, cpu1: w.cpu1, cpu4: w.cpu4 },
    logits1: w.logits.one,
    logits4: w.logits.four,
  }));
}

const quantile = (a: number[], q: number) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] as number) : NaN;
};
const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
const fixed = (x: number, digits = 3) => Number(x.toFixed(digits));

/**
 * `gqa`: the K/V heads repeated on the past against the query's heads grouped (and the exported
 * graph), in paired single steps at `--context` (default 512) tokens, 1 and 4 rows.
 */
async function gqa(argv: string[]): Promise<void> {
  const dir = ensureGqaBenchModel();
  const context = Number(argOf(argv, '--context') ?? 512);
  const reps = Number(argOf(argv, '--steps') ?? 40);
  const list = [
    { name: 'fp32 concat', kvInPlace: false, groupHeads: true },
    { name: 'fp32 heads repeated', kvInPlace: true, groupHeads: false },
    { name: 'fp32 heads grouped', kvInPlace: true, groupHeads: true },
  ].filter((b) => !argv.includes('--no-concat') || b.kvInPlace);
  log(`text A/B (gqa): context ${context}, ${reps} paired steps, load ${loadavg()[0]?.toFixed(2)}`);
  const models: { name: string; model: TextModel }[] = [];
  for (const b of list) {
    const model = await TextModel.load(dir, { precision: 'fp32', provider: 'cpu', kvInPlace: b.kvInPlace, groupHeads: b.groupHeads });
    models.push({ name: b.name, model });
    log(`[${b.name}] loaded: ${model.kvInPlace ? 'attention reads the past in place' : `present Concat (${model.kvInPlaceReason ?? 'rewrite off'})`}`);
  }
  const once = models[0]!.model.tokenizer.encode(PROMPT_TEXT, false);
  const ids: number[] = [];
  while (ids.length < context) ids.push(...once);
  ids.length = context;
  const steps = await pairedSteps(models, ids, reps);
  const base = models.findIndex((m) => m.name === 'fp32 heads repeated');
  const results = models.map((m, i) => {
    const st = steps[i] as StepTimes;
    const b = steps[base] as StepTimes;
    // Each repetition's step ÷ the repeated-heads build's in the same repetition.
    const paired = (k: keyof StepTimes['each']) => {
      const r = st.each[k].map((v, j) => v / (b.each[k][j] as number));
      return { p25: fixed(quantile(r, 0.25)), median: fixed(median(r)), p75: fixed(quantile(r, 0.75)) };
    };
    log(
      `[${m.name}] one step, medians: wall ${st.wall1.toFixed(2)} / ${st.wall4.toFixed(2)} ms (1 / 4 rows), CPU ${st.cpu1.toFixed(2)} / ${st.cpu4.toFixed(2)} ms; ` +
        `÷ heads repeated: wall ${(st.wall1 / b.wall1).toFixed(3)} / ${(st.wall4 / b.wall4).toFixed(3)}, CPU ${(st.cpu1 / b.cpu1).toFixed(3)} / ${(st.cpu4 / b.cpu4).toFixed(3)}; ` +
        `logits vs heads repeated max |Δ| ${maxAbsDiff(st.logits1, b.logits1).toExponential(1)} / ${maxAbsDiff(st.logits4, b.logits4).toExponential(1)}`,
    );
    return {
      build: m.name,
      step: { wall1: fixed(st.wall1, 2), wall4: fixed(st.wall4, 2), cpu1: fixed(st.cpu1, 2), cpu4: fixed(st.cpu4, 2) },
      overHeadsRepeated: { wall1: fixed(st.wall1 / b.wall1), wall4: fixed(st.wall4 / b.wall4), cpu1: fixed(st.cpu1 / b.cpu1), cpu4: fixed(st.cpu4 / b.cpu4) },
      pairedOverHeadsRepeated: { wall1: paired('wall1'), wall4: paired('wall4'), cpu1: paired('cpu1'), cpu4: paired('cpu4') },
      logitsMaxAbsDiffVsHeadsRepeated: { rows1: maxAbsDiff(st.logits1, b.logits1), rows4: maxAbsDiff(st.logits4, b.logits4) },
    };
  });
  for (const m of models) await m.model.dispose();
  process.stdout.write(`${JSON.stringify({ comparison: 'gqa', context, steps: reps, loadAverage: loadavg(), results })}\n`);
}

const greedy = (n: number) => TextSettings.parse({ maxNewTokens: n, topK: 1, repetitionPenalty: 1 });
const sampled = (n: number) => TextSettings.parse({ maxNewTokens: n });

function argOf(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

function counter(session: ort.InferenceSession): { ms: number } {
  const c = { ms: 0 };
  const run = session.run.bind(session);
  (session as { run: ort.InferenceSession['run'] }).run = (async (...a: Parameters<ort.InferenceSession['run']>) => {
    const t0 = performance.now();
    try {
      return await run(...a);
    } finally {
      c.ms += performance.now() - t0;
    }
  }) as ort.InferenceSession['run'];
  return c;
}

function builds(kind: string, precisions: ('fp32' | 'int8')[]): Build[] {
  const base = ensureBenchModel();
  const file = (p: 'fp32' | 'int8', dir = base) => join(dir, 'onnx', p === 'fp32' ? 'model.onnx' : 'model_quantized.onnx');
  if (kind === 'kv') {
    return precisions.flatMap((p) => [
      { name: `${p} concat`, dir: base, precision: p, file: file(p), kvInPlace: false },
      { name: `${p} in place`, dir: base, precision: p, file: file(p), kvInPlace: true },
    ]);
  }
  if (kind === 'int8') {
    const pc = ensureInt8Variant('mmi-pc', { layout: 'matmul-integer', perChannel: true });
    const pt = ensureInt8Variant('mmi-pt', { layout: 'matmul-integer', perChannel: false });
    return [
      { name: 'MatMulNBits', dir: base, precision: 'int8', file: file('int8'), kvInPlace: true },
      { name: 'MatMulInteger per-channel', dir: pc, precision: 'int8', file: file('int8', pc), kvInPlace: true },
      { name: 'MatMulInteger per-tensor', dir: pt, precision: 'int8', file: file('int8', pt), kvInPlace: true },
    ];
  }
  throw new Error(`unknown comparison ${kind}: kv, int8 or gqa`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const kind = argv[0] ?? 'kv';
  if (kind === 'gqa') return gqa(argv);
  const rounds = Number(argOf(argv, '--rounds') ?? 3);
  const N = Number(argOf(argv, '--tokens') ?? 64);
  const p = argOf(argv, '--precision');
  const list = builds(kind, p ? [p as 'fp32' | 'int8'] : ['fp32', 'int8']);
  log(`text A/B (${kind}): context ${CONTEXT}, ${N} new tokens, ${rounds} rounds, load ${loadavg()[0]?.toFixed(2)}`);
  const probe = await BandwidthProbe.create();

  // fp32 reference for the quality check: greedy tokens and the logits along them.
  let reference: { tokens: number[]; logits: Float32Array } | null = null;
  const groups = new Map<string, Build[]>();
  for (const b of list) groups.set(kind === 'kv' ? b.precision : 'int8', [...(groups.get(kind === 'kv' ? b.precision : 'int8') ?? []), b]);
  const results: Record<string, unknown>[] = [];
  for (const [group, members] of groups) {
    const models: { b: Build; model: TextModel; ort: { ms: number }; samples: Sample[]; traffic: ReturnType<typeof weightTraffic> }[] = [];
    for (const b of members) {
      const model = await TextModel.load(b.dir, { precision: b.precision, provider: 'cpu', kvInPlace: b.kvInPlace });
      models.push({ b, model, ort: counter(model.session), samples: [] as Sample[], traffic: weightTraffic(b.file) });
      log(`[${b.name}] loaded: ${model.kvInPlace ? 'attention reads the past in place' : `present Concat (${model.kvInPlaceReason ?? 'rewrite off'})`}`);
    }
    const first = models[0]!.model;
    const once = first.tokenizer.encode(PROMPT_TEXT, false);
    const ids: number[] = [];
    while (ids.length < CONTEXT) ids.push(...once);
    ids.length = CONTEXT;
    if (kind === 'int8' && !reference) {
      const fp32 = await TextModel.load(ensureBenchModel(), { precision: 'fp32', provider: 'cpu' });
      const g = await generate(fp32, ids, { settings: greedy(N), seed: SEED, alternatives: 1 });
      const tokens = g.rows[0]!.tokens.map((t) => t.id);
      const logits = await allLogits(fp32, [...ids, ...tokens]);
      const vocab = fp32.io.vocabSize;
      reference = { tokens, logits: logits.slice((CONTEXT - 1) * vocab, (CONTEXT - 1 + N) * vocab) };
      await fp32.dispose();
    }
    for (const m of models) {
      await generate(m.model, ids, { settings: greedy(4), seed: SEED, alternatives: 1 });
      await generate(m.model, ids, { settings: sampled(4), seed: SEED, alternatives: 4 });
    }
    const steps = await pairedSteps(models, ids, Number(argOf(argv, '--steps') ?? 40));
    models.forEach((m, i) => {
      const st = steps[i] as StepTimes;
      log(`[${m.b.name}] one step, medians: wall ${st.wall1.toFixed(2)} / ${st.wall4.toFixed(2)} ms (1 / 4 rows, ×${(st.wall4 / st.wall1).toFixed(2)}), CPU ${st.cpu1.toFixed(2)} / ${st.cpu4.toFixed(2)} ms (×${(st.cpu4 / st.cpu1).toFixed(2)})`);
    });
    const bandwidth: number[] = [];
    const tokens = new Map<string, number[]>();
    for (let r = 0; r < rounds; r++) {
      bandwidth.push((await probe.measure(3)).best);
      const order = r % 2 === 0 ? models : [...models].reverse();
      for (const m of order) {
        const gen = async (settings: TextSettings, alternatives: number) => {
          m.ort.ms = 0;
          const t0 = performance.now();
          const out = await generate(m.model, ids, { settings, seed: SEED, alternatives });
          return { ms: performance.now() - t0, ort: m.ort.ms, out };
        };
        const ttft = await gen(greedy(1), 1);
        const full = await gen(greedy(N + 1), 1);
        tokens.set(m.b.name, full.out.rows[0]!.tokens.map((t) => t.id));
        const alt1 = await gen(sampled(N), 1);
        const alt4 = await gen(sampled(N), 4);
        m.samples.push({ decode: full.ms - ttft.ms, alt1: alt1.ms, alt4: alt4.ms, ortDecode: full.ort - ttft.ort, ort1: alt1.ort, ort4: alt4.ort });
      }
      const a = models[0]!.samples[r]!;
      log(
        `[${group}] round ${r + 1}/${rounds}: bw ${bandwidth[r]!.toFixed(1)} GB/s; ` +
          models
            .map((m) => {
              const s = m.samples[r]!;
              return `${m.b.name}: ${((N * 1000) / s.decode).toFixed(1)} tok/s, alt4/alt1 ${(s.alt4 / s.alt1).toFixed(2)}, decode ÷ first ${(s.decode / a.decode).toFixed(3)}, alt4 ÷ first ${(s.alt4 / a.alt4).toFixed(3)}`;
            })
            .join('; ') +
          `; load ${loadavg()[0]?.toFixed(2)}`,
      );
    }
    const bw = Math.max(...bandwidth);
    const firstTokens = tokens.get(models[0]!.b.name) ?? [];
    models.forEach((m, i) => {
      const st = steps[i] as StepTimes;
      const a = steps[0] as StepTimes;
      if (i > 0) log(`[${m.b.name}] step ÷ ${models[0]!.b.name}: wall ${(st.wall1 / a.wall1).toFixed(3)} / ${(st.wall4 / a.wall4).toFixed(3)}, CPU ${(st.cpu1 / a.cpu1).toFixed(3)} / ${(st.cpu4 / a.cpu4).toFixed(3)} (1 / 4 rows)`);
    });
    for (const m of models) {
      const min = (f: (s: Sample) => number) => Math.min(...m.samples.map(f));
      const best = m.samples.reduce((x, y) => (y.decode < x.decode ? y : x));
      const tps = (N * 1000) / best.decode;
      const result: Record<string, unknown> = {
        build: m.b.name,
        tokensPerSecond: Number(tps.toFixed(2)),
        weightMB: Number((m.traffic.perToken / 1e6).toFixed(1)),
        bandwidthGBs: Number(bw.toFixed(2)),
        rooflineFraction: Number(((tps * m.traffic.perToken) / (bw * 1e9)).toFixed(3)),
        ortMsPerStep: Number((best.ortDecode / N).toFixed(2)),
        alternatives4Ratio: Number((min((s) => s.alt4) / min((s) => s.alt1)).toFixed(3)),
        alternatives4PerRound: m.samples.map((s) => Number((s.alt4 / s.alt1).toFixed(2))),
        ort4Over1: Number((min((s) => s.ort4) / min((s) => s.ort1)).toFixed(3)),
        decodeVsFirstPerRound: m.samples.map((s, i) => Number((s.decode / models[0]!.samples[i]!.decode).toFixed(3))),
        alt4VsFirstPerRound: m.samples.map((s, i) => Number((s.alt4 / models[0]!.samples[i]!.alt4).toFixed(3))),
        sameGreedyTokensAsFirst: JSON.stringify(tokens.get(m.b.name)) === JSON.stringify(firstTokens),
        step: (({ wall1, wall4, cpu1, cpu4 }: StepTimes) => ({ wall1, wall4, cpu1, cpu4 }))(steps[models.indexOf(m)] as StepTimes),
      };
      if (reference) {
        const vocab = m.model.io.vocabSize;
        const forced = (await allLogits(m.model, [...ids, ...reference.tokens])).subarray((CONTEXT - 1) * vocab, (CONTEXT - 1 + N) * vocab);
        let agree = 0;
        for (let i = 0; i < N; i++) if (argmax(forced, i * vocab, (i + 1) * vocab) === argmax(reference.logits, i * vocab, (i + 1) * vocab)) agree++;
        result.vsFp32 = { logitCorrelation: Number(correlation(forced, reference.logits).toFixed(5)), teacherForcedTop1Agreement: agree / N };
      }
      results.push(result);
    }
    for (const m of models) await m.model.dispose();
  }
  await probe.dispose();
  for (const r of results) {
    log(
      `${String(r.build).padEnd(28)} ${String(r.tokensPerSecond).padStart(7)} tok/s  roofline ${r.rooflineFraction}  ort/step ${r.ortMsPerStep} ms  ` +
        `alt4÷1 ${r.alternatives4Ratio} (${(r.alternatives4PerRound as number[]).join(', ')})  ort4÷1 ${r.ort4Over1}  ` +
        `decode ÷ first ${(r.decodeVsFirstPerRound as number[]).join(', ')}  alt4 ÷ first ${(r.alt4VsFirstPerRound as number[]).join(', ')}` +
        (r.vsFp32 ? `  vs fp32 ${JSON.stringify(r.vsFp32)}` : '') +
        `  same tokens ${r.sameGreedyTokensAsFirst}`,
    );
  }
  process.stdout.write(`${JSON.stringify({ comparison: kind, rounds, newTokens: N, loadAverage: loadavg(), results })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
