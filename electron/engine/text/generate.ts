// The decode loop: prefill once (reusing a cached prefix when there is one), then one token per
// step for N alternatives as one batch, each row with its own seeded sampler. Stops on EOS, the
// token budget, a stop string, a full context or cancel; streams tokens in small batches.
import type { GeneratedToken, StopReason, TextResult, TextSettings } from '../../../shared/contract/generate';
import { AtelierError } from '../../../shared/errors';
import { Prng } from '../prng';
import { KvWorkspace } from './kv-workspace';
import type { PrefixCache } from './prefix-cache';
import { Sampler } from './samplers/chain';
import { RowText, stable } from './row-text';
import { StopMatcher } from './stop-strings';
import type { TextModel } from './text-model';
import { SUMMARY_TOP, summaryAlternatives, type LogitSummary } from './logit-summary';
import { topAlternatives } from './top-alternatives';

export interface GenerateOptions {
  settings: TextSettings;
  /** The seed to use (already chosen when settings.seed is null). */
  seed: number;
  alternatives: number;
  signal?: AbortSignal;
  prefixCache?: PrefixCache;
  cacheKey?: string;
  /** New tokens for one row, delivered every `flushMs` at most. */
  onTokens?: (row: number, tokens: GeneratedToken[]) => void;
  flushMs?: number;
}

export interface GenerateOutput {
  rows: TextResult[];
  promptTokens: number;
  truncatedPromptTokens: number;
  reusedPrefixTokens: number;
}

const TOP_N = SUMMARY_TOP;

/** Seeds for alternative rows: independent streams derived from one recorded seed. */
export const rowSeed = (seed: number, row: number): number => (seed + Math.imul(row, 0x9e3779b9)) >>> 0;

class Row {
  /** Tokens with the offset in `text` where each begins. */
  readonly tokens: { token: GeneratedToken; start: number }[] = [];
  readonly ids: number[] = [];
  text = '';
  done: StopReason | null = null;
  emitted = 0;
  pending: GeneratedToken[] = [];
  constructor(
    readonly sampler: Sampler,
    readonly history: number[],
    readonly decoder: RowText,
  ) {}
}

export function fitPrompt(promptIds: number[], maxPositions: number, maxNew: number): { ids: number[]; dropped: number } {
  // Keep room for the new tokens, but never drop below half the context for the prompt.
  const room = Math.max(Math.floor(maxPositions / 2), maxPositions - maxNew);
  if (promptIds.length <= room) return { ids: promptIds, dropped: 0 };
  return { ids: promptIds.slice(promptIds.length - room), dropped: promptIds.length - room };
}

export interface Prefill {
  /** The last prompt token's logits, [vocab]. */
  logits: Float32Array;
  /** Its top logits and normaliser, when the graph gives them. */
  summary: LogitSummary | null;
  /** The prompt's cache: one row, with room for the rows and positions asked for. */
  kv: KvWorkspace;
  /** Prompt tokens the prefix cache already held (not run again). */
  reused: number;
}

/**
 * Runs the prompt into a workspace. With a prefix cache, the document's held workspace is taken
 * over and rewound in place to the longest prefix it shares with `ids`, so a branch runs only the
 * tokens after it (at least the last one, for its logits) and copies no cache; the caller hands
 * the workspace back when done.
 */
export async function prefill(
  model: TextModel,
  ids: number[],
  o: { rows: number; capacity: number; prefixCache?: PrefixCache; cacheKey?: string },
): Promise<Prefill> {
  const chunk = await model.kvChunk();
  const held = o.cacheKey && o.prefixCache ? o.prefixCache.take(o.cacheKey, ids, ids.length - 1) : null;
  const kv = KvWorkspace.prepare(model.io, o.rows, o.capacity, held, () => model.takeSpareKv(), chunk);
  // Too small to take over (it was copied): its buffers may still serve another generation.
  if (held && held.kv !== kv) model.keepSpareKv(held.kv);
  const reused = kv.length;
  const { logits, summary } = await model.extendWithSummary([ids.slice(reused)], kv);
  return { logits, summary, kv, reused };
}

export async function generate(model: TextModel, promptIds: number[], o: GenerateOptions): Promise<GenerateOutput> {
  const { settings } = o;
  if (promptIds.length === 0) promptIds = model.tokenizer.bosId === null ? [] : [model.tokenizer.bosId];
  // A request problem, not a fault: the window and the CLI show it as the reason.
  if (promptIds.length === 0) throw new AtelierError('BAD_INPUT', 'The prompt is empty and this model has no start-of-text (BOS) token to write from; give it some text to continue');
  const fitted = fitPrompt(promptIds, model.io.maxPositions, settings.maxNewTokens);
  const ids = fitted.ids;
  const eos = new Set(model.tokenizer.eosIds);
  const stops = new StopMatcher(settings.stop);
  const tok = model.tokenizer;

  const n = o.alternatives;
  // The decode loop's cache: the prefill, fanned out to n rows, with room for every new token.
  const capacity = Math.min(model.io.maxPositions, ids.length + settings.maxNewTokens);
  const first = await prefill(model, ids, { rows: n, capacity, prefixCache: o.prefixCache, cacheKey: o.cacheKey });
  const kv = first.kv;
  kv.fanOut(n, capacity);
  const rows = Array.from({ length: n }, (_, r) => new Row(new Sampler(settings, new Prng(rowSeed(o.seed, r))), [...ids], new RowText(tok, ids)));
  // Every row starts from the same prefill logits.
  let logits: Float32Array = new Float32Array(n * first.logits.length);
  for (let r = 0; r < n; r++) logits.set(first.logits, r * first.logits.length);
  // The graph's top-5 summary of the same logits: the prefill's one row serves every row at first.
  let summary = first.summary;
  let summaryShared = true;
  let active = rows.map((_, r) => r);
  const vocab = first.logits.length;
  let lastFlush = Date.now();
  const flushMs = o.flushMs ?? 25;

  const flush = (force: boolean) => {
    if (!o.onTokens || (!force && Date.now() - lastFlush < flushMs)) return;
    lastFlush = Date.now();
    rows.forEach((row, r) => {
      if (row.pending.length) o.onTokens?.(r, row.pending.splice(0));
    });
  };

  while (active.length > 0) {
    const next: number[] = [];
    active.forEach((r, i) => {
      const row = rows[r] as Row;
      if (o.signal?.aborted) {
        row.done = 'cancelled';
        return;
      }
      const rowLogits = logits.subarray(i * vocab, (i + 1) * vocab);
      // Plain greedy takes the graph's top logit (TopK puts the lower id first on a tie, as the scan does).
      const summaryRow = summaryShared ? 0 : i;
      const id = summary && row.sampler.plainArgmax ? (summary.ids[summaryRow * SUMMARY_TOP] as number) : row.sampler.next(rowLogits, { history: row.history });
      if (eos.has(id)) {
        row.done = 'eos';
        return;
      }
      const { top, chosenP } = summary ? summaryAlternatives(summary, summaryRow, rowLogits[id] as number) : topAlternatives(rowLogits, TOP_N, id);
      const context = row.ids.length ? [...ids, ...row.ids] : ids;
      // Text is always re-decoded from the ids (in context), so multi-byte characters split
      // across tokens come out whole; a trailing partial character is not attributed yet.
      const start = stable(row.text).length;
      row.ids.push(id);
      row.history.push(id);
      row.text = row.decoder.update(row.ids);
      const token: GeneratedToken = {
        id,
        text: stable(row.text).slice(start),
        p: chosenP,
        top: top.map((t) => ({ id: t.id, p: t.p, text: tok.textAfter(context, t.id) })),
      };
      row.tokens.push({ token, start });
      const hit = stops.find(row.text, start);
      if (hit) {
        row.text = row.text.slice(0, hit.index);
        while (row.tokens.length && (row.tokens.at(-1) as { start: number }).start >= hit.index) row.tokens.pop();
        const last = row.tokens.at(-1);
        if (last) last.token.text = last.token.text.slice(0, hit.index - last.start);
        row.done = 'stop-string';
      } else if (row.ids.length >= settings.maxNewTokens) row.done = 'max-tokens';
      else if (ids.length + row.ids.length >= model.io.maxPositions) row.done = 'context-full';
      else next.push(r);
      // Stream what can no longer change: not a possible stop-string start, not a partial character.
      const safe = row.done ? row.text.length : stops.safeLength(stable(row.text));
      while (row.emitted < row.tokens.length) {
        const t = row.tokens[row.emitted] as { token: GeneratedToken; start: number };
        if (t.start + t.token.text.length > safe) break;
        row.pending.push(t.token);
        row.emitted++;
      }
    });
    flush(false);
    if (next.length === 0) break;
    // Drop finished rows from the batch so they cost nothing more.
    if (next.length !== active.length) kv.keepRows(next.map((r) => active.indexOf(r)));
    active = next;
    ({ logits, summary } = await model.extendWithSummary(
      active.map((r) => [(rows[r] as Row).ids.at(-1) as number]),
      kv,
    ));
    summaryShared = false;
  }
  for (const row of rows) while (row.emitted < row.tokens.length) row.pending.push((row.tokens[row.emitted++] as { token: GeneratedToken }).token);
  flush(true);
  // The loop is over and nothing returned points into the workspace: the document's next
  // generation takes it over (the prompt and the first remaining row's tokens), or any next one
  // reuses its buffers.
  if (o.prefixCache && o.cacheKey) {
    const held = rows[active[0] as number] as Row;
    kv.keepRows([0]);
    o.prefixCache.store(o.cacheKey, [...ids, ...held.ids], kv);
  } else model.keepSpareKv(kv);
  return {
    // A row that ended part way through a character (cancelled, out of tokens) keeps whole characters
    // only: the text is what its tokens streamed, never a trailing U+FFFD saved into the document.
    rows: rows.map((row) => ({ text: stable(row.text), tokens: row.tokens.map((t) => t.token), stopReason: row.done ?? 'cancelled' })),
    promptTokens: ids.length,
    truncatedPromptTokens: fitted.dropped,
    reusedPrefixTokens: first.reused,
  };
}
