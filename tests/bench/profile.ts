// Where one decode step's time goes (--profile): each piece of generate()'s per-step work timed on
// its own, on real logits and a real cache from the benchmark model. Median of many repetitions.
import { Prng } from '../../electron/engine/prng';
import { prefill } from '../../electron/engine/text/generate';
import { Sampler } from '../../electron/engine/text/samplers/chain';
import type { TextModel } from '../../electron/engine/text/text-model';
import { topAlternatives } from '../../electron/engine/text/top-alternatives';
import { TextSettings } from '../../shared/contract/generate';

export interface StepProfile {
  /** ms per call (median). */
  forwardBatch1: number;
  ortRunBatch1: number;
  forwardBatch4: number;
  ortRunBatch4: number;
  samplerGreedy: number;
  samplerDefault: number;
  topAlternatives: number;
  tokenText: number;
  expandCacheTo4: number;
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

export async function profileStep(model: TextModel, ids: number[], settings: TextSettings): Promise<StepProfile> {
  const { logits, cache } = await prefill(model, ids);
  const history = [...ids];
  const tok = model.tokenizer;
  const next = ids[0] as number;
  const cache4 = cache.expand(4);

  // session.run alone (the feeds prepared once) vs the whole forward().
  const session = model.session;
  let feeds: Parameters<typeof session.run>[0] | null = null;
  const run = session.run.bind(session);
  (session as { run: typeof session.run }).run = ((f: Parameters<typeof session.run>[0]) => {
    feeds = f;
    return run(f);
  }) as typeof session.run;
  await model.forward([[next]], cache);
  const feeds1 = feeds as unknown as Parameters<typeof session.run>[0];
  await model.forward([[next], [next], [next], [next]], cache4);
  const feeds4 = feeds as unknown as Parameters<typeof session.run>[0];
  (session as { run: typeof session.run }).run = run;

  const greedy = new Sampler(TextSettings.parse({ ...settings, topK: 1, repetitionPenalty: 1 }), new Prng(1));
  const sampler = new Sampler(settings, new Prng(1));
  const decodeAfter = (context: number[], newIds: number[]) => {
    const before = tok.decode(context);
    const all = tok.decode([...context, ...newIds]);
    return all.startsWith(before) ? all.slice(before.length) : tok.decode(newIds);
  };
  const top = topAlternatives(logits, 5, 0).top;

  return {
    forwardBatch1: await median(15, () => model.forward([[next]], cache)),
    ortRunBatch1: await median(15, () => run(feeds1)),
    forwardBatch4: await median(9, () => model.forward([[next], [next], [next], [next]], cache4)),
    ortRunBatch4: await median(9, () => run(feeds4)),
    samplerGreedy: await median(50, () => greedy.next(logits, { history })),
    samplerDefault: await median(50, () => sampler.next(logits, { history })),
    topAlternatives: await median(50, () => topAlternatives(logits, 5, next)),
    // What generate() does per token for its text: decode the row's new ids in context, plus the
    // text of each of the 5 alternatives in context.
    tokenText: await median(50, () => {
      decodeAfter(ids.slice(-3), ids.slice(0, 8));
      for (const t of top) tok.textAfter(ids, t.id);
    }),
    expandCacheTo4: await median(9, () => cache.expand(4)),
  };
}
