// Beam search: keep the `beams` best partial continuations by total log-probability, reorder the
// KV cache rows to follow them, and return the best finished ones with a length penalty
// (score / length^lengthPenalty). Penalty stages still shape the logits; sampling stages do not.
import type { GeneratedToken, StopReason, TextResult, TextSettings } from '../../../shared/contract/generate';
import { fromLogits } from './samplers/candidates';
import { buildStages } from './samplers/chain';
import { fitPrompt, type GenerateOutput } from './generate';
import { KvCache } from './kv-cache';
import { KvWorkspace } from './kv-workspace';
import type { PrefixCache } from './prefix-cache';
import { tokenShares } from './row-text';
import { StopMatcher } from './stop-strings';
import type { TextModel } from './text-model';
import { topAlternatives } from './top-alternatives';

export interface BeamOptions {
  settings: TextSettings;
  returnCount: number;
  signal?: AbortSignal;
  prefixCache?: PrefixCache;
  cacheKey?: string;
}

interface Beam {
  ids: number[];
  tokens: GeneratedToken[];
  score: number;
}

interface Finished extends Beam {
  normalized: number;
  reason: StopReason;
}

export function logSoftmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const l of logits) max = Math.max(max, l);
  let sum = 0;
  for (const l of logits) sum += Math.exp(l - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(logits, (l) => l - lse);
}

/**
 * The prompt's cache as a KvCache (beams reorder rows, which values do simply), reusing a held
 * prefix; the prompt's cache is held for the document's next generation.
 */
async function prefillCache(model: TextModel, ids: number[], prefixCache?: PrefixCache, cacheKey?: string): Promise<{ logits: Float32Array; cache: KvCache; reused: number }> {
  const hit = cacheKey && prefixCache ? prefixCache.lookup(cacheKey, ids, ids.length - 1) : null;
  const reused = hit?.length ?? 0;
  const { logits, cache } = await model.forward([ids.slice(reused)], hit ? hit.kv.snapshot(reused) : KvCache.empty(model.io, 1));
  if (cacheKey && prefixCache) prefixCache.store(cacheKey, ids, KvWorkspace.from(cache, 1, cache.length));
  return { logits, cache, reused };
}

export async function beamSearch(model: TextModel, promptIds: number[], o: BeamOptions): Promise<GenerateOutput> {
  const s = o.settings;
  const width = s.beams;
  const { ids, dropped } = fitPrompt(promptIds, model.io.maxPositions, s.maxNewTokens);
  const tok = model.tokenizer;
  const eos = new Set(tok.eosIds);
  const stops = new StopMatcher(s.stop);
  const stages = buildStages({ ...s, samplerOrder: s.samplerOrder.filter((x) => x === 'penalties' || x === 'no-repeat-ngram') });
  const norm = (b: Beam) => b.score / Math.pow(Math.max(1, b.tokens.length), s.lengthPenalty);
  const textOf = (b: Beam) => tok.decode([...ids.slice(-3), ...b.ids]).slice(tok.decode(ids.slice(-3)).length);

  const first = await prefillCache(model, ids, o.prefixCache, o.cacheKey);
  let cache = first.cache;
  let logits = first.logits;
  const vocab = logits.length;
  let beams: Beam[] = [{ ids: [], tokens: [], score: 0 }];
  const finished: Finished[] = [];
  const finish = (b: Beam, reason: StopReason) => finished.push({ ...b, normalized: norm(b), reason });

  for (let step = 0; step < s.maxNewTokens && beams.length > 0; step++) {
    if (o.signal?.aborted) {
      for (const b of beams) finish(b, 'cancelled');
      beams = [];
      break;
    }
    const candidates: { parent: number; id: number; score: number; logp: number }[] = [];
    const rowLogits: Float32Array[] = [];
    beams.forEach((b, r) => {
      const raw = logits.subarray(r * vocab, (r + 1) * vocab);
      const c = fromLogits(raw);
      for (const stage of stages) stage(c, { history: [...ids, ...b.ids] });
      const shaped = new Float32Array(vocab).fill(-Infinity);
      for (let i = 0; i < c.size; i++) shaped[c.ids[i] as number] = c.logits[i] as number;
      rowLogits.push(raw);
      const lp = logSoftmax(shaped);
      // 2×width per beam is enough to fill width live beams even if some end in EOS.
      const best = topAlternatives(shaped, 2 * width, 0).top;
      for (const t of best) candidates.push({ parent: r, id: t.id, score: b.score + (lp[t.id] as number), logp: lp[t.id] as number });
    });
    candidates.sort((a, b) => b.score - a.score || a.parent - b.parent || a.id - b.id);
    const next: Beam[] = [];
    const parents: number[] = [];
    for (const c of candidates) {
      if (next.length >= width) break;
      const parent = beams[c.parent] as Beam;
      if (eos.has(c.id)) {
        finish({ ...parent, score: c.score }, 'eos');
        continue;
      }
      const context = [...ids, ...parent.ids];
      const { top, chosenP } = topAlternatives(rowLogits[c.parent] as Float32Array, 5, c.id);
      const token: GeneratedToken = {
        id: c.id,
        text: tok.textAfter(context, c.id),
        p: chosenP,
        top: top.map((t) => ({ id: t.id, p: t.p, text: tok.textAfter(context, t.id) })),
      };
      const beam: Beam = { ids: [...parent.ids, c.id], tokens: [...parent.tokens, token], score: c.score };
      if (stops.find(textOf(beam))) {
        finish(beam, 'stop-string');
        continue;
      }
      if (ids.length + beam.ids.length >= model.io.maxPositions) {
        finish(beam, 'context-full');
        continue;
      }
      next.push(beam);
      parents.push(c.parent);
    }
    beams = next;
    // Enough finished hypotheses: stop early (as transformers' early_stopping=True does).
    if (finished.length >= width || beams.length === 0) break;
    if (step === s.maxNewTokens - 1) break;
    cache = cache.selectRows(parents);
    const out = await model.forward(
      beams.map((b) => [b.ids.at(-1) as number]),
      cache,
    );
    logits = out.logits;
    cache = out.cache;
  }
  for (const b of beams) finish(b, 'max-tokens');
  finished.sort((a, b) => b.normalized - a.normalized);
  const rows: TextResult[] = finished.slice(0, o.returnCount).map((f) => {
    // Whole characters only, each token holding its share of the text (as the decode loop
    // streams them), cut where a stop string begins: the provenance offsets match the text.
    const shares = tokenShares(tok, ids, f.ids);
    const whole = shares.join('');
    const cut = stops.find(whole)?.index ?? null;
    const tokens: GeneratedToken[] = [];
    let at = 0;
    for (const [i, token] of f.tokens.entries()) {
      // Tokens from the stop string on are not part of the text (as in the decode loop).
      if (cut !== null && at >= cut) break;
      const share = cut === null ? (shares[i] as string) : (shares[i] as string).slice(0, cut - at);
      tokens.push({ ...token, text: share });
      at += share.length;
    }
    return { text: cut === null ? whole : whole.slice(0, cut), tokens, stopReason: f.reason };
  });
  return { rows, promptTokens: ids.length, truncatedPromptTokens: dropped, reusedPrefixTokens: first.reused };
}
