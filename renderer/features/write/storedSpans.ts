// The editor's spans in the form stored with a version, and back. One span per generated token
// would store far more than the text itself, so consecutive tokens of one generated version are
// stored as a run (which version, first and last token); the token texts, kept with that version,
// cut the run into tokens again when the document opens.
import type { IterationTokens, StoredSpan } from '../../../shared/contract';
import type { Span } from './provenance';

/** Joins each run of touching token spans (same version, next index) into one stored span. */
export function toStored(spans: readonly Span[]): StoredSpan[] {
  const out: StoredSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (s.ref && last?.it === s.ref.it && last.to === s.from && last.last === s.ref.i - 1) {
      last.to = s.to;
      last.last = s.ref.i;
    } else if (s.ref) out.push({ from: s.from, to: s.to, kind: 'model', it: s.ref.it, first: s.ref.i, last: s.ref.i });
    else out.push({ from: s.from, to: s.to, kind: s.kind });
  }
  return out;
}

/**
 * The editor's spans from stored ones. A run is cut into its tokens while their texts match the
 * version's text; from a token that does not (token data gone, a token cut short by a later
 * generation) the rest of the run stays model text without token data.
 */
export async function fromStored(stored: readonly StoredSpan[], text: string, tokensOf: (id: string) => Promise<IterationTokens | null>): Promise<Span[]> {
  const out: Span[] = [];
  for (const s of stored) {
    if (s.it === undefined || s.first === undefined || s.last === undefined) {
      out.push({ from: s.from, to: s.to, kind: s.kind });
      continue;
    }
    const data = await tokensOf(s.it).catch(() => null);
    let pos = s.from;
    for (let i = s.first; i <= s.last && data; i++) {
      const t = data.tokens[i]?.text;
      if (t === undefined || pos + t.length > s.to || text.slice(pos, pos + t.length) !== t) break;
      if (t.length > 0) out.push({ from: pos, to: pos + t.length, kind: 'model', ref: { it: s.it, i } });
      pos += t.length;
    }
    if (pos < s.to) out.push({ from: pos, to: s.to, kind: 'model' });
  }
  return out;
}
