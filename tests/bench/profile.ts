// Where one decode step's time goes (--profile): each piece of generate()'s per-step work timed on
// its own, on real logits and a real cache from the benchmark model. Median of many repetitions.
// Steps and appends grow their workspace, so later repetitions see a slightly longer context.
import { Prng } from '../../electron/engine/prng';
import { KvCache } from '../../electron/engine/text/kv-cache';
import { KvWorkspace } from '../../electron/engine/text/kv-workspace';
import { Sampler } from '../../electron/engine/text/samplers/chain';
import type { TextModel } from '../../electron/engine/text/text-model';
import { sumExp, topAlternatives } from '../../electron/engine/text/top-alternatives';
import { TextSettings } from '../../shared/contract/generate';

export interface StepProfile {
  /** ms per call (median). */
  stepBatch1: number;
  ortRunBatch1: number;
  stepBatch4: number;
  ortRunBatch4: number;
  /** session.run at batch 1 and 4 alternately, in CPU time of all threads (ms, median): the work, less the waiting. */
  ortRunCpuBatch1: number;
  ortRunCpuBatch4: number;
  /** The same steps through forward(), which fetches the whole present cache (the decode loop before the workspace). */
  forwardBatch1: number;
  forwardBatch4: number;
  /** Growing a dense workspace by one position in place (every head's block moves up: the step before free slots). */
  appendBatch1: number;
  appendBatch4: number;
  /** The same with free slots (chunk 16, as generate() runs graphs that honour the mask): mean of 32, two of them re-layouts. */
  appendFreeSlots1: number;
  appendFreeSlots4: number;
  /** The model's KV chunk (16: free slots; 1: dense). */
  kvChunk: number;
  samplerGreedy: number;
  /** App-default sampling through the top-k shortlist, and the same draw over the whole vocabulary (timed alternately). */
  samplerDefault: number;
  samplerDefaultFull: number;
  topAlternatives: number;
  /**
   * What generate() does per step in JS for 4 rows' tokens (sampler with app defaults and top 5
   * alternatives, each row on its own logits): now, and with the full-vocabulary sampler and a
   * Math.exp normaliser as before the shortlist (timed alternately).
   */
  rowsJs4: number;
  rowsJs4Before: number;
  /** topAlternatives' normaliser: the exp table (sumExp) against one Math.exp per entry as before, timed alternately. */
  normaliserTable: number;
  normaliserMathExp: number;
  tokenText: number;
  /** Copying the prefill's cache into a 4-row workspace (a cold generate() with no spare buffers). */
  workspaceFrom4: number;
  /**
   * A branch's prefill from a held 128-token prefix at token 120 (first token's logits): the held
   * workspace taken over, rewound in place and extended by one token, against the path before it
   * (rewind into a new cache, a forward fetching the whole present, a copy into a new workspace).
   * Timed alternately. `branchRewind` is the in-place rewind alone.
   */
  branchPrefill: number;
  branchPrefillCopying: number;
  /** The same pair in CPU time of all threads (ms, median): less moved by a busy machine than wall time. */
  branchPrefillCpu: number;
  branchPrefillCopyingCpu: number;
  branchRewind: number;
}

async function median(reps: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

async function mean(reps: number, fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / reps;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Medians of two things timed alternately (so both see the same moments of a busy machine). */
async function pairedMedians(reps: number, a: () => unknown, b: () => unknown, clock: () => number = () => performance.now()): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t0 = clock();
    await a();
    ta.push(clock() - t0);
    t0 = clock();
    await b();
    tb.push(clock() - t0);
  }
  const mid = (t: number[]) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)] as number;
  return [mid(ta), mid(tb)];
}

export async function profileStep(model: TextModel, ids: number[], settings: TextSettings): Promise<StepProfile> {
  const { logits, cache } = await model.forward([ids], KvCache.empty(model.io, 1));
  const history = [...ids];
  const tok = model.tokenizer;
  const next = ids[0] as number;
  // Room for every repetition below: each step and append grows a workspace by one position.
  const room = ids.length + 64;
  // As generate() runs them: with free slots where the graph honours the mask.
  const chunk = await model.kvChunk();
  const ws1 = KvWorkspace.from(cache, 1, room, null, chunk);
  const ws4 = KvWorkspace.from(cache, 4, room, null, chunk);
  const cache4 = cache.expand(4);

  // session.run alone (the feeds and fetches of one step, prepared once) vs the whole step().
  const session = model.session;
  type Run = typeof session.run;
  let call: Parameters<Run> | null = null;
  const run = session.run.bind(session);
  (session as { run: Run }).run = ((...args: Parameters<Run>) => {
    call = args;
    return run(...args);
  }) as Run;
  await model.step([next], KvWorkspace.from(cache, 1, room));
  const call1 = call as unknown as Parameters<Run>;
  await model.step([next, next, next, next], KvWorkspace.from(cache, 4, room));
  const call4 = call as unknown as Parameters<Run>;
  (session as { run: Run }).run = run;
  const delta = (rows: number) => {
    const d = new Float32Array(rows * model.io.kvHeads * model.io.headDim);
    return Array.from({ length: model.io.layers }, () => d);
  };
  const grow1 = KvWorkspace.from(cache, 1, room + 64);
  const grow4 = KvWorkspace.from(cache, 4, room + 64);
  const slots1 = KvWorkspace.from(cache, 1, room + 64, null, 16);
  const slots4 = KvWorkspace.from(cache, 4, room + 64, null, 16);

  const greedy = new Sampler(TextSettings.parse({ ...settings, topK: 1, repetitionPenalty: 1 }), new Prng(1));
  const sampler = new Sampler(settings, new Prng(1));
  const samplerFull = new Sampler(settings, new Prng(1), false);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const mathExpSum = () => {
    let sum = 0;
    for (let i = 0; i < logits.length; i++) sum += Math.exp((logits[i] as number) - max);
    return sum;
  };
  const decodeAfter = (context: number[], newIds: number[]) => {
    const before = tok.decode(context);
    const all = tok.decode([...context, ...newIds]);
    return all.startsWith(before) ? all.slice(before.length) : tok.decode(newIds);
  };
  const top = topAlternatives(logits, 5, 0).top;

  const at = 120;
  // Held as generate() leaves it: the prompt in a workspace with the model's chunk.
  const held = KvWorkspace.from(cache, 1, room, null, chunk);
  const branchNew = async () => {
    const kv = KvWorkspace.prepare(model.io, 1, at + 1, { kv: held, length: at }, () => null, chunk);
    return model.extend([[ids[at + 1] as number]], kv);
  };
  const branchOld = async () => {
    const out = await model.forward([[ids[at + 1] as number]], cache.rewindTo(at));
    return KvWorkspace.from(out.cache, 1, at + 1);
  };
  const [branchPrefill, branchPrefillCopying] = await pairedMedians(9, branchNew, branchOld);
  const [branchPrefillCpu, branchPrefillCopyingCpu] = await pairedMedians(9, branchNew, branchOld, cpuMs);
  const rewound = KvWorkspace.from(cache, 1, room);
  const rewinds = Array.from({ length: 9 }, (_, i) => ids.length - 1 - i);

  const [stepBatch1, forwardBatch1] = await pairedMedians(15, () => model.step([next], ws1), () => model.forward([[next]], cache));
  const [stepBatch4, forwardBatch4] = await pairedMedians(9, () => model.step([next, next, next, next], ws4), () => model.forward([[next], [next], [next], [next]], cache4));
  const [ortRunCpuBatch1, ortRunCpuBatch4] = await pairedMedians(9, () => run(...call1), () => run(...call4), cpuMs);
  const [samplerDefault, samplerDefaultFull] = await pairedMedians(61, () => sampler.next(logits, { history }), () => samplerFull.next(logits, { history }));
  // Four rows' logits: one step after the prompt with four different tokens.
  const vocab = logits.length;
  const four = await model.step(ids.slice(1, 5), KvWorkspace.from(cache, 4, room));
  const rowLogits = [0, 1, 2, 3].map((r) => four.subarray(r * vocab, (r + 1) * vocab));
  const rowSamplers = rowLogits.map((_, r) => new Sampler(settings, new Prng(r)));
  const rowSamplersFull = rowLogits.map((_, r) => new Sampler(settings, new Prng(r), false));
  const [rowsJs4, rowsJs4Before] = await pairedMedians(
    41,
    () => rowLogits.forEach((l, r) => topAlternatives(l, 5, (rowSamplers[r] as Sampler).next(l, { history }))),
    () =>
      rowLogits.forEach((l, r) => {
        const id = (rowSamplersFull[r] as Sampler).next(l, { history });
        topAlternatives(l, 5, id);
        let m = -Infinity;
        for (let i = 0; i < l.length; i++) m = Math.max(m, l[i] as number);
        let sum = 0;
        for (let i = 0; i < l.length; i++) sum += Math.exp((l[i] as number) - m);
        return sum;
      }),
  );
  const [normaliserTable, normaliserMathExp] = await pairedMedians(61, () => sumExp(logits, max), mathExpSum);
  return {
    stepBatch1,
    ortRunBatch1: await median(15, () => run(...call1)),
    stepBatch4,
    ortRunBatch4: await median(9, () => run(...call4)),
    ortRunCpuBatch1,
    ortRunCpuBatch4,
    forwardBatch1,
    forwardBatch4,
    appendBatch1: await median(31, () => grow1.append(delta(1), delta(1), 1)),
    appendBatch4: await median(31, () => grow4.append(delta(4), delta(4), 1)),
    appendFreeSlots1: await mean(32, () => slots1.append(delta(1), delta(1), 1)),
    appendFreeSlots4: await mean(32, () => slots4.append(delta(4), delta(4), 1)),
    kvChunk: chunk,
    samplerGreedy: await median(50, () => greedy.next(logits, { history })),
    samplerDefault,
    samplerDefaultFull,
    topAlternatives: await median(50, () => topAlternatives(logits, 5, next)),
    rowsJs4,
    rowsJs4Before,
    normaliserTable,
    normaliserMathExp,
    // What generate() does per token for its text: decode the row's new ids in context, plus the
    // text of each of the 5 alternatives in context.
    tokenText: await median(50, () => {
      decodeAfter(ids.slice(-3), ids.slice(0, 8));
      for (const t of top) tok.textAfter(ids, t.id);
    }),
    workspaceFrom4: await median(9, () => KvWorkspace.from(cache, 4, room)),
    branchPrefill,
    branchPrefillCopying,
    branchPrefillCpu,
    branchPrefillCopyingCpu,
    branchRewind: await median(rewinds.length, () => rewound.rewindTo(rewinds.shift() as number)),
  };
}
