// npm run bench:text [-- --json] [--quick] [--rounds N] [--tokens N] [--precision fp32|int8] [--profile] [--ops]
//
// The text engine's speed on a GPT-2-small-shaped decoder (random weights, real architecture and
// vocabulary) in fp32 and weight-only int8, at a 128-token context, against transformers.js on the
// same files and against the memory-bandwidth roofline measured in the same run. Every figure is
// the best of `rounds` interleaved repetitions (the machine is shared; the least-disturbed
// repetition is the most faithful), and every comparison is a ratio of figures from this one run.
// Diagnostics go to stderr; stdout carries the table and one JSON line (with --json: only the JSON).
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { TextSettings } from '../../shared/contract/generate';
import { generate } from '../../electron/engine/text/generate';
import { PrefixCache } from '../../electron/engine/text/prefix-cache';
import { TextModel } from '../../electron/engine/text/text-model';
import { BandwidthProbe, type BandwidthSample } from './bandwidth';
import { ensureBenchModel, log, weightTraffic } from './bench-model';
import { opProfile, opTable, type OpProfile } from './ort-ops';
import { profileStep, type StepProfile } from './profile';
import { TransformersPeer } from './transformers-peer';
import { WeightKernels, type WeightKernelTimes } from './weight-kernels';
import { allLogits } from './all-logits';
import { argmax, correlation } from '../support/logit-stats';

type BenchPrecision = 'fp32' | 'int8';

interface Args {
  json: boolean;
  quick: boolean;
  rounds: number;
  newTokens: number;
  precisions: BenchPrecision[];
  profile: boolean;
  ops: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const precision = value('--precision');
  return {
    json: argv.includes('--json'),
    quick,
    rounds: Number(value('--rounds') ?? (quick ? 1 : 3)),
    newTokens: Number(value('--tokens') ?? (quick ? 16 : 64)),
    precisions: precision ? [precision as BenchPrecision] : ['fp32', 'int8'],
    profile: argv.includes('--profile'),
    ops: argv.includes('--ops'),
  };
}

const CONTEXT = 128;
const BRANCH_AT = 120;
const ALTERNATIVES = 4;
const SEED = 7;

// Any English text: only its token ids matter (the weights are random).
const PROMPT_TEXT =
  'The lighthouse keeper climbed the spiral stairs each evening with a lamp in one hand and a notebook in the other. ' +
  'He wrote down the colour of the sea, the shape of the clouds over the harbour, the names of the boats that came in late, ' +
  'and whatever the wind seemed to be saying that night. Years later, when the light was automated and the keeper had ' +
  'moved to a small house inland, a student found the notebooks in a crate and read them all in one winter, ';

function promptIds(model: TextModel): number[] {
  const once = model.tokenizer.encode(PROMPT_TEXT, false);
  const ids: number[] = [];
  while (ids.length < CONTEXT) ids.push(...once);
  return ids.slice(0, CONTEXT);
}

const greedy = (maxNewTokens: number) => TextSettings.parse({ maxNewTokens, topK: 1, repetitionPenalty: 1 });
const sampled = (maxNewTokens: number) => TextSettings.parse({ maxNewTokens });

/** Counts time spent inside the session's run (ORT plus the binding), per call. */
/** Time in session.run and outside it for the 1- and 4-alternative generations of two rounds. */
function splitOf(one: Round, four: Round): PrecisionResult['alternatives4Split'] {
  return { ort1: one.alt1Ort, js1: one.alt1 - one.alt1Ort, ort4: four.alt4Ort, js4: four.alt4 - four.alt4Ort };
}

function instrument(session: ort.InferenceSession): { ms: number; runs: number } {
  const counter = { ms: 0, runs: 0 };
  const run = session.run.bind(session);
  (session as { run: ort.InferenceSession['run'] }).run = (async (...args: Parameters<ort.InferenceSession['run']>) => {
    const t0 = performance.now();
    try {
      return await run(...args);
    } finally {
      counter.ms += performance.now() - t0;
      counter.runs++;
    }
  }) as ort.InferenceSession['run'];
  return counter;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

interface Round {
  bandwidth: BandwidthSample;
  oursTtft: number;
  oursFull: number;
  oursOrtTtft: number;
  oursOrtFull: number;
  theirsTtft: number;
  theirsFull: number;
  theirsOrtTtft: number;
  theirsOrtFull: number;
  alt1: number;
  alt4: number;
  /** Time inside session.run during alt1 / alt4. */
  alt1Ort: number;
  alt4Ort: number;
  theirs4: number;
  cold: number;
  warm: number;
  /** The weight kernels alone at 1 and 4 rows (weight-kernels.ts). */
  weights: WeightKernelTimes;
}

export interface PrecisionResult {
  precision: BenchPrecision;
  contextTokens: number;
  newTokens: number;
  rounds: number;
  /** Decode rate at batch 1, greedy: newTokens / (T(newTokens + 1) − T(1)). */
  tokensPerSecond: number;
  /** Prompt of 128 tokens → first token, through generate(). */
  ttftMs: number;
  transformersJsTokensPerSecond: number;
  transformersJsTtftMs: number;
  ratioVsTransformersJs: number;
  ttftRatioVsTransformersJs: number;
  sameGreedyTokensAsTransformersJs: boolean;
  bandwidthGBs: number;
  bandwidthMethod: string;
  /** Each method's best figure (bandwidthGBs is the highest of them within one round). */
  bandwidthMethodsGBs: { gemvFp32: number; gemvInt8: number; reduceSum: number; jsCopy: number };
  weightBytesPerToken: number;
  rooflineTokensPerSecond: number;
  rooflineFraction: number;
  /**
   * Where a missed roofline goes: the weight kernels alone (weightKernels.wall1) as a fraction of
   * the same roofline (the ceiling onnxruntime's kernels set before any other node runs), and the
   * ms per step inside session.run outside them (attention, norms, activations, reshapes, the
   * executor's hand-offs).
   */
  weightKernelsRooflineFraction: number;
  nonWeightOrtMsPerStep: number;
  /** Per decode step: time inside session.run, and the rest (our JS). */
  ortMsPerStep: number;
  jsMsPerStep: number;
  transformersJsOrtMsPerStep: number;
  transformersJsJsMsPerStep: number;
  /** generate() with 4 alternatives ÷ with 1, same settings and new tokens (target ≤ 1.5). */
  alternatives4Ratio: number;
  /**
   * The best rounds' 1- and 4-alternative generations split into time inside session.run and the
   * rest (our JS: feeds, cache, sampler, top alternatives, text), ms for the whole generation.
   */
  alternatives4Split: { ort1: number; js1: number; ort4: number; js4: number };
  /**
   * The model's weight products alone (weight-kernels.ts), ms per run at 1 and 4 rows, wall and CPU
   * (each the best round's median), and `ratio4` = wall4 ÷ wall1: the part of 4 alternatives ÷ 1
   * the weight kernels take by themselves.
   */
  weightKernels: WeightKernelTimes & { ratio4: number; cpuRatio4: number };
  /** transformers.js producing 4 samples one after another ÷ our 4 alternatives (target ≥ 2.7). */
  alternatives4VsTransformersJs: number;
  /** TTFT branching at token 120 of a cached 128-token prompt ÷ the same prompt cold (target ≤ 0.2). */
  branchTtftRatio: number;
  branchTtftMs: number;
  coldTtftMs: number;
  int8Check?: { logitCorrelation: number; teacherForcedTop1Agreement: number; greedyPrefixAgreement: number };
  profile?: StepProfile;
  /** onnxruntime's kernel time per decode step by operator type, 1 and 4 rows (--ops). */
  opProfile?: OpProfile;
  loadAverage: number[];
}

interface Fp32Reference {
  tokens: number[];
  logits: Float32Array;
}

async function benchPrecision(
  dir: string,
  precision: BenchPrecision,
  args: Args,
  probe: BandwidthProbe,
  fp32Ref: Fp32Reference | null,
): Promise<{ result: PrecisionResult; reference: Fp32Reference }> {
  const N = args.newTokens;
  const onnxFile = join(dir, 'onnx', precision === 'fp32' ? 'model.onnx' : 'model_quantized.onnx');
  const traffic = weightTraffic(onnxFile);
  log(`[${precision}] loading ours and transformers.js (${(traffic.perToken / 1e6).toFixed(1)} MB of weights read per token)`);
  const model = await TextModel.load(dir, { precision, provider: 'cpu' });
  const peer = await TransformersPeer.load(dir, precision === 'fp32' ? 'fp32' : 'q8');
  const weights = await WeightKernels.load(onnxFile);
  const ortCounter = instrument(model.session);
  const ids = promptIds(model);
  const branchIds = [...ids.slice(0, BRANCH_AT), ids[BRANCH_AT + 1] as number];

  const ours = async (settings: TextSettings, alternatives = 1, cache?: PrefixCache) =>
    generate(model, ids, { settings, seed: SEED, alternatives, prefixCache: cache, cacheKey: cache ? 'bench' : undefined });

  // Warm-up: first runs pay for allocations and page faults.
  await ours(greedy(4));
  await ours(sampled(4), ALTERNATIVES);
  await peer.generate(ids, 4);

  const rounds: Round[] = [];
  let oursTokens: number[] = [];
  let theirsTokens: number[] = [];
  for (let r = 0; r < args.rounds; r++) {
    const bandwidth = await probe.measure(3);
    ortCounter.ms = 0;
    const oursTtft = await timed(() => ours(greedy(1)));
    const oursOrtTtft = ortCounter.ms;
    ortCounter.ms = 0;
    const oursFull = await timed(() => ours(greedy(N + 1)));
    const oursOrtFull = ortCounter.ms;
    oursTokens = oursFull.value.rows[0]?.tokens.map((t) => t.id) ?? [];
    peer.resetCounters();
    const theirsTtft = await timed(() => peer.generate(ids, 1));
    const theirsOrtTtft = peer.ortMs;
    peer.resetCounters();
    const theirsFull = await timed(() => peer.generate(ids, N + 1));
    const theirsOrtFull = peer.ortMs;
    theirsTokens = theirsFull.value;
    ortCounter.ms = 0;
    const alt1 = await timed(() => ours(sampled(N), 1));
    const alt1Ort = ortCounter.ms;
    ortCounter.ms = 0;
    const alt4 = await timed(() => ours(sampled(N), ALTERNATIVES));
    const alt4Ort = ortCounter.ms;
    const theirs4 = await timed(async () => {
      for (let i = 0; i < ALTERNATIVES; i++) await peer.generate(ids, N, { temperature: 0.8, topK: 40, topP: 0.95, repetitionPenalty: 1.1 });
    });
    const cold = await timed(() => generate(model, branchIds, { settings: greedy(1), seed: SEED, alternatives: 1 }));
    const weightTimes = await weights.measure(9);
    // The document's cache as the app leaves it: held after generating from the 128-token prompt.
    const cache = new PrefixCache();
    await ours(greedy(1), 1, cache);
    const warm = await timed(() => generate(model, branchIds, { settings: greedy(1), seed: SEED, alternatives: 1, prefixCache: cache, cacheKey: 'bench' }));
    if (warm.value.reusedPrefixTokens !== BRANCH_AT) throw new Error(`the branch reused ${warm.value.reusedPrefixTokens} tokens, expected ${BRANCH_AT}`);
    const round: Round = {
      bandwidth,
      oursTtft: oursTtft.ms,
      oursFull: oursFull.ms,
      oursOrtTtft,
      oursOrtFull,
      theirsTtft: theirsTtft.ms,
      theirsFull: theirsFull.ms,
      theirsOrtTtft,
      theirsOrtFull,
      alt1: alt1.ms,
      alt4: alt4.ms,
      alt1Ort,
      alt4Ort,
      theirs4: theirs4.ms,
      cold: cold.ms,
      warm: warm.ms,
      weights: weightTimes,
    };
    rounds.push(round);
    log(
      `[${precision}] round ${r + 1}/${args.rounds}: bw ${bandwidth.best.toFixed(1)} GB/s (gemv fp32 ${bandwidth.gemvFp32.toFixed(1)}, int8 ${bandwidth.gemvInt8.toFixed(1)}, reduce ${bandwidth.reduceSum.toFixed(1)}, copy ${bandwidth.jsCopy.toFixed(1)}), ours ${((N * 1000) / (round.oursFull - round.oursTtft)).toFixed(1)} tok/s ` +
        `(ttft ${round.oursTtft.toFixed(0)} ms), transformers.js ${((N * 1000) / (round.theirsFull - round.theirsTtft)).toFixed(1)} tok/s ` +
        `(ttft ${round.theirsTtft.toFixed(0)} ms), alt4/alt1 ${(round.alt4 / round.alt1).toFixed(2)}, tjs×4/alt4 ${(round.theirs4 / round.alt4).toFixed(2)}, ` +
        `branch ${round.warm.toFixed(1)}/${round.cold.toFixed(0)} ms, weights alone 4/1 ${(weightTimes.wall4 / weightTimes.wall1).toFixed(2)}, load ${loadavg()[0]?.toFixed(2)}`,
    );
  }
  if (oursTokens.length !== N + 1 || theirsTokens.length !== N + 1) log(`[${precision}] note: a run stopped early (eos): ours ${oursTokens.length}, theirs ${theirsTokens.length}`);

  const min = (pick: (r: Round) => number) => Math.min(...rounds.map(pick));
  const max = (pick: (r: Round) => number) => Math.max(...rounds.map(pick));
  // Decode time = T(N+1) − T(1), taken within each round (same moment), then the best round.
  const oursDecode = min((r) => r.oursFull - r.oursTtft);
  const theirsDecode = min((r) => r.theirsFull - r.theirsTtft);
  const tokensPerSecond = (N * 1000) / oursDecode;
  const transformersJsTokensPerSecond = (N * 1000) / theirsDecode;
  const bandwidthGBs = max((r) => r.bandwidth.best);
  const rooflineTokensPerSecond = (bandwidthGBs * 1e9) / traffic.perToken;
  const best = rounds.reduce((a, b) => (b.oursFull - b.oursTtft < a.oursFull - a.oursTtft ? b : a));
  const bestTheirs = rounds.reduce((a, b) => (b.theirsFull - b.theirsTtft < a.theirsFull - a.theirsTtft ? b : a));
  const ortMsPerStep = (best.oursOrtFull - best.oursOrtTtft) / N;
  const theirsOrtPerStep = (bestTheirs.theirsOrtFull - bestTheirs.theirsOrtTtft) / N;
  const weightKernels = weightKernelResult(rounds);

  // fp32 reference tokens and logits (teacher-forced over prompt + greedy continuation).
  const sequence = [...ids, ...oursTokens.slice(0, N)];
  const logits = await allLogits(model, sequence);
  const vocab = model.io.vocabSize;
  const tail = logits.subarray((CONTEXT - 1) * vocab, (CONTEXT - 1 + N) * vocab);
  let int8Check: PrecisionResult['int8Check'];
  if (fp32Ref) {
    const refTail = fp32Ref.logits;
    const refSeq = [...ids, ...fp32Ref.tokens.slice(0, N)];
    const forced = await allLogits(model, refSeq);
    const forcedTail = forced.subarray((CONTEXT - 1) * vocab, (CONTEXT - 1 + N) * vocab);
    let agree = 0;
    for (let p = 0; p < N; p++) if (argmax(forcedTail, p * vocab, (p + 1) * vocab) === argmax(refTail, p * vocab, (p + 1) * vocab)) agree++;
    let prefix = 0;
    while (prefix < Math.min(oursTokens.length, fp32Ref.tokens.length) && oursTokens[prefix] === fp32Ref.tokens[prefix]) prefix++;
    int8Check = { logitCorrelation: correlation(forcedTail, refTail), teacherForcedTop1Agreement: agree / N, greedyPrefixAgreement: prefix };
  }

  const profile = args.profile ? await profileStep(model, ids, sampled(N)) : undefined;
  const ops = args.ops ? await opProfile(dir, precision, ids) : undefined;
  if (ops) log(opTable(precision, ops));

  const result: PrecisionResult = {
    precision,
    contextTokens: CONTEXT,
    newTokens: N,
    rounds: args.rounds,
    tokensPerSecond,
    ttftMs: min((r) => r.oursTtft),
    transformersJsTokensPerSecond,
    transformersJsTtftMs: min((r) => r.theirsTtft),
    ratioVsTransformersJs: tokensPerSecond / transformersJsTokensPerSecond,
    ttftRatioVsTransformersJs: min((r) => r.oursTtft) / min((r) => r.theirsTtft),
    sameGreedyTokensAsTransformersJs: oursTokens.length === theirsTokens.length && oursTokens.every((t, i) => t === theirsTokens[i]),
    bandwidthGBs,
    bandwidthMethod: 'highest of: onnxruntime GEMV over 512 MB fp32 (MatMul) and int8 (MatMulNBits) weights with the engine session options, onnxruntime ReduceSum over 512 MB, JS copy of 256 MB (read + write)',
    bandwidthMethodsGBs: {
      gemvFp32: max((r) => r.bandwidth.gemvFp32),
      gemvInt8: max((r) => r.bandwidth.gemvInt8),
      reduceSum: max((r) => r.bandwidth.reduceSum),
      jsCopy: max((r) => r.bandwidth.jsCopy),
    },
    weightBytesPerToken: traffic.perToken,
    rooflineTokensPerSecond,
    rooflineFraction: tokensPerSecond / rooflineTokensPerSecond,
    weightKernelsRooflineFraction: 1000 / weightKernels.wall1 / rooflineTokensPerSecond,
    nonWeightOrtMsPerStep: ortMsPerStep - weightKernels.wall1,
    ortMsPerStep,
    jsMsPerStep: oursDecode / N - ortMsPerStep,
    transformersJsOrtMsPerStep: theirsOrtPerStep,
    transformersJsJsMsPerStep: theirsDecode / N - theirsOrtPerStep,
    alternatives4Ratio: min((r) => r.alt4) / min((r) => r.alt1),
    alternatives4Split: splitOf(rounds.reduce((a, b) => (b.alt1 < a.alt1 ? b : a)), rounds.reduce((a, b) => (b.alt4 < a.alt4 ? b : a))),
    alternatives4VsTransformersJs: min((r) => r.theirs4) / min((r) => r.alt4),
    weightKernels,
    branchTtftRatio: min((r) => r.warm) / min((r) => r.cold),
    branchTtftMs: min((r) => r.warm),
    coldTtftMs: min((r) => r.cold),
    int8Check,
    profile,
    opProfile: ops,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
  await model.dispose();
  await peer.dispose();
  await weights.dispose();
  return { result, reference: { tokens: oursTokens, logits: tail.slice() } };
}

/** The weight kernels' times from the round whose 1-row run was quickest (the least disturbed). */
function weightKernelResult(rounds: Round[]): PrecisionResult['weightKernels'] {
  const w = rounds.map((r) => r.weights).reduce((a, b) => (b.wall1 < a.wall1 ? b : a));
  return { ...w, ratio4: w.wall4 / w.wall1, cpuRatio4: w.cpu4 / w.cpu1 };
}

function table(results: PrecisionResult[]): string {
  const f = (digits: number) => (v: number) => v.toFixed(digits);
  const rows: [string, (r: PrecisionResult) => string, string][] = [
    ['decode tok/s (batch 1)', (r) => f(1)(r.tokensPerSecond), ''],
    ['transformers.js tok/s', (r) => f(1)(r.transformersJsTokensPerSecond), ''],
    ['ratio vs transformers.js', (r) => f(2)(r.ratioVsTransformersJs), '≥ 1.1'],
    ['TTFT ms (128-token prompt)', (r) => f(0)(r.ttftMs), ''],
    ['transformers.js TTFT ms', (r) => f(0)(r.transformersJsTtftMs), ''],
    ['bandwidth GB/s (same run)', (r) => f(1)(r.bandwidthGBs), ''],
    ['weight MB read per token', (r) => f(1)(r.weightBytesPerToken / 1e6), ''],
    ['roofline tok/s', (r) => f(1)(r.rooflineTokensPerSecond), ''],
    ['roofline fraction', (r) => f(2)(r.rooflineFraction), '≥ 0.9'],
    ['weight kernels alone, roofline', (r) => f(2)(r.weightKernelsRooflineFraction), ''],
    ['ms/step in ORT run', (r) => f(2)(r.ortMsPerStep), ''],
    ['… of it outside weight kernels', (r) => f(2)(r.nonWeightOrtMsPerStep), ''],
    ['ms/step our JS', (r) => f(2)(r.jsMsPerStep), ''],
    ['ms/step tjs ORT / JS', (r) => `${f(2)(r.transformersJsOrtMsPerStep)} / ${f(2)(r.transformersJsJsMsPerStep)}`, ''],
    ['4 alternatives ÷ 1', (r) => f(2)(r.alternatives4Ratio), '≤ 1.5'],
    ['weight kernels alone 4 ÷ 1', (r) => f(2)(r.weightKernels.ratio4), ''],
    ['tjs 4 in a row ÷ our 4 alts', (r) => f(2)(r.alternatives4VsTransformersJs), '≥ 2.7'],
    ['branch TTFT ÷ cold', (r) => f(3)(r.branchTtftRatio), '≤ 0.2'],
    ['branch / cold TTFT ms', (r) => `${f(1)(r.branchTtftMs)} / ${f(0)(r.coldTtftMs)}`, ''],
    ['same greedy tokens as tjs', (r) => String(r.sameGreedyTokensAsTransformersJs), ''],
    ['int8 vs fp32 logit corr.', (r) => (r.int8Check ? f(4)(r.int8Check.logitCorrelation) : '—'), ''],
    ['int8 vs fp32 top-1 agree', (r) => (r.int8Check ? f(2)(r.int8Check.teacherForcedTop1Agreement) : '—'), ''],
  ];
  const head = ['', ...results.map((r) => r.precision), 'target'];
  const body = rows.map(([name, get, target]) => [name, ...results.map(get), target]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((row) => (row[i] as string).length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = ensureBenchModel();
  log(`text bench: context ${CONTEXT}, ${args.newTokens} new tokens, ${args.rounds} round(s), load ${loadavg()[0]?.toFixed(2)}`);
  const probe = await BandwidthProbe.create();
  const results: PrecisionResult[] = [];
  let fp32Ref: Fp32Reference | null = null;
  const order: BenchPrecision[] = args.precisions.includes('fp32') ? ['fp32', ...args.precisions.filter((p) => p !== 'fp32')] : args.precisions;
  for (const precision of order) {
    const { result, reference } = await benchPrecision(dir, precision, args, probe, fp32Ref);
    if (precision === 'fp32') fp32Ref = reference;
    results.push(result);
  }
  await probe.dispose();
  const json = JSON.stringify(results);
  if (args.json) process.stdout.write(`${json}\n`);
  else process.stdout.write(`${table(results)}\n${json}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
