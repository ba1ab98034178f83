// Who wrote which characters: spans of model text (one per generated token, so the popover can
// find the token under the pointer) and of model text the writer changed. Everything else is the
// writer's own. Spans are kept sorted and never overlap; they follow edits through `applyChanges`.
import type { IterationTokens } from '../../../shared/contract';
import type { Change } from './textDiff';

export type SpanKind = 'model' | 'edited';

/** Where a model span's token data lives: the version that generated it and the token's index. */
export interface TokenRef {
  it: string;
  i: number;
}

export interface Span {
  from: number;
  to: number;
  kind: SpanKind;
  ref?: TokenRef;
}

/**
 * Maps a span's edge from the old text to the new one. An edge touching a changed range (at
 * either end of it, or inside it) lands outside the new text: a start after it, an end before it.
 * So an insertion next to a span stays out of it, a deleted head or tail is cut off, and only an
 * insertion strictly inside a span widens it.
 */
export function mapEdge(changes: readonly Change[], pos: number, edge: 'start' | 'end'): number {
  let delta = 0;
  for (const c of changes) {
    if (pos < c.fromA) break;
    if (pos > c.toA) {
      delta = c.toB - c.toA;
      continue;
    }
    return edge === 'start' ? c.toB : c.fromB;
  }
  return pos + delta;
}

/** True when a change deletes part of the span, or inserts strictly inside it. */
function touches(c: Change, s: Span): boolean {
  return c.toA > c.fromA ? c.fromA < s.to && c.toA > s.from : s.from < c.fromA && c.fromA < s.to;
}

/**
 * Moves spans through a set of changes (sorted, non-overlapping, old and new coordinates, as
 * CodeMirror's iterChanges reports them). For the writer's own edits (`user`), a touched model
 * token becomes "edited", and text typed into model text (inside a token, between two tokens, or
 * over deleted model text) is "edited" too; text typed next to model text stays the writer's.
 */
export function applyChanges(spans: readonly Span[], changes: readonly Change[], user: boolean): Span[] {
  if (changes.length === 0) return spans as Span[];
  const out: Span[] = [];
  for (const s of spans) {
    const from = mapEdge(changes, s.from, 'start');
    const to = mapEdge(changes, s.to, 'end');
    if (to <= from) continue;
    const touched = user && changes.some((c) => touches(c, s));
    out.push(touched ? { from, to, kind: 'edited' } : { ...s, from, to });
  }
  if (user) {
    for (const c of changes) {
      if (c.toB <= c.fromB) continue;
      const between = spans.some((s) => s.to === c.fromA) && spans.some((s) => s.from === c.toA);
      if (!between && !spans.some((s) => touches(c, s))) continue;
      if (out.some((o) => o.from <= c.fromB && o.to >= c.toB)) continue;
      out.push({ from: c.fromB, to: c.toB, kind: 'edited' });
    }
  }
  return mergeEdited(out.sort((a, b) => a.from - b.from));
}

/** Joins touching "edited" spans (they carry no token data), so typing a word makes one span. */
function mergeEdited(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.kind === 'edited' && s.kind === 'edited' && last.to === s.from) out[out.length - 1] = { ...last, to: s.to };
    else out.push(s);
  }
  return out;
}

/** Adds spans, dropping any existing ones they overlap (the added ones know better). */
export function addSpans(existing: readonly Span[], added: readonly Span[]): Span[] {
  if (added.length === 0) return existing as Span[];
  const sorted = [...added].sort((a, b) => a.from - b.from);
  const lo = sorted[0]?.from ?? 0;
  const hi = Math.max(...sorted.map((s) => s.to));
  const kept = existing.filter((e) => e.to <= lo || e.from >= hi || !sorted.some((a) => a.from < e.to && a.to > e.from));
  return [...kept, ...sorted].sort((a, b) => a.from - b.from);
}

/**
 * One span per generated token of a version, checked against the version's text (the token texts
 * concatenated are the generated text; anything that does not line up is left unmarked).
 */
export function tokenSpans(text: string, data: IterationTokens, iterationId: string): Span[] {
  const out: Span[] = [];
  let pos = data.start;
  for (let i = 0; i < data.tokens.length; i++) {
    const t = data.tokens[i]?.text ?? '';
    const end = pos + t.length;
    if (end > text.length || text.slice(pos, end) !== t) break;
    if (t.length > 0) out.push({ from: pos, to: end, kind: 'model', ref: { it: iterationId, i } });
    pos = end;
  }
  return out;
}

/** The span at a position (inside it, or touching it from the left when `side` is -1). */
export function spanAt(spans: readonly Span[], pos: number, side: -1 | 1 = 1): Span | null {
  for (const s of spans) {
    if (s.from > pos) break;
    if (side > 0 ? s.from <= pos && pos < s.to : s.from < pos && pos <= s.to) return s;
  }
  return null;
}

/** End of the run of spans that starts with `s` and continues while spans touch. */
export function runEnd(spans: readonly Span[], s: Span): number {
  let end = s.to;
  for (const o of spans) {
    if (o.from < s.from) continue;
    if (o.from > end) break;
    end = Math.max(end, o.to);
  }
  return end;
}

/** True when any character of the text was written (or edited) by the model. */
export function hasModelText(spans: readonly Span[]): boolean {
  return spans.length > 0;
}

/** Spans in their smallest stored form (token refs kept; adjacent plain spans are not merged). */
export function isSpanList(value: unknown): value is Span[] {
  return (
    Array.isArray(value) &&
    value.every(
      (s) =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as Span).from === 'number' &&
        typeof (s as Span).to === 'number' &&
        ((s as Span).kind === 'model' || (s as Span).kind === 'edited'),
    )
  );
}
