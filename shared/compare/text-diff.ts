// Word-level differences between versions of a text, for the compare view (pure: runs in the
// renderer as well as the host). Generated alternatives usually share a long prompt and often a
// suffix; both are collapsed (kept as text so the view can expand them) and only the middle is
// diffed, word by word, with whitespace kept exact: the `same` and `removed` segments spell the
// first text, the `same` and `added` segments the second.
import { diffWordsWithSpace } from 'diff';

export type DiffSegmentType = 'same' | 'added' | 'removed';

export interface DiffSegment {
  type: DiffSegmentType;
  text: string;
}

export interface CollapsedText {
  /** The collapsed text itself (so a view can expand it). */
  text: string;
  chars: number;
}

export interface TextDiff {
  /** The start both texts share (cut back to a word boundary), minus `context` shown chars. */
  prefix: CollapsedText;
  segments: DiffSegment[];
  /** The end both texts share, after the last difference. */
  suffix: CollapsedText;
  /** Word counts (whitespace runs not counted). */
  stats: { same: number; added: number; removed: number };
  identical: boolean;
  /** True when the texts were too different to diff word by word in time: one removed, one added. */
  coarse: boolean;
}

export interface TextDiffOptions {
  /** Characters of shared text kept visible around the differences (default 60). */
  context?: number;
  /** Give up word diffing after this many milliseconds (default 1000). */
  timeoutMs?: number;
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_'’-]/u.test(c);

/** Length of the common prefix, moved back so it never ends inside a word. */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let n = 0;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  if (n === a.length && n === b.length) return n;
  while (n > 0 && isWordChar(a[n - 1]) && (isWordChar(a[n]) || isWordChar(b[n]))) n--;
  // Never split a surrogate pair.
  if (n > 0 && /[\uD800-\uDBFF]/.test(a[n - 1] ?? '')) n--;
  return n;
}

/** Length of the common suffix of what remains after `skip` chars, never starting inside a word. */
function commonSuffix(a: string, b: string, skip: number): number {
  const max = Math.min(a.length, b.length) - skip;
  let n = 0;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  while (n > 0 && isWordChar(a[a.length - n]) && (isWordChar(a[a.length - n - 1]) || isWordChar(b[b.length - n - 1]))) n--;
  if (n > 0 && /[\uDC00-\uDFFF]/.test(a[a.length - n] ?? '')) n--;
  return n;
}

/** Where to cut `text` so that about `keep` chars stay at its end, at a word boundary. */
function cutKeepingEnd(text: string, keep: number): number {
  if (text.length <= keep) return 0;
  let cut = text.length - keep;
  while (cut < text.length && isWordChar(text[cut - 1]) && isWordChar(text[cut])) cut++;
  return cut;
}

function cutKeepingStart(text: string, keep: number): number {
  if (text.length <= keep) return text.length;
  let cut = keep;
  while (cut > 0 && isWordChar(text[cut - 1]) && isWordChar(text[cut])) cut--;
  return cut;
}

const countWords = (s: string): number => s.match(/[\p{L}\p{N}_'’-]+|[^\s\p{L}\p{N}_'’-]/gu)?.length ?? 0;

function push(out: DiffSegment[], type: DiffSegmentType, text: string): void {
  if (!text) return;
  const last = out.at(-1);
  if (last && last.type === type) last.text += text;
  else out.push({ type, text });
}

/** Word-level diff of `a` (old) against `b` (new) with the shared prefix and suffix collapsed. */
export function diffTexts(a: string, b: string, opts: TextDiffOptions = {}): TextDiff {
  const context = Math.max(0, opts.context ?? 60);
  const pre = commonPrefix(a, b);
  const suf = commonSuffix(a, b, pre);
  const head = a.slice(0, pre);
  const headCut = cutKeepingEnd(head, context);
  const tail = a.slice(a.length - suf);
  const tailCut = cutKeepingStart(tail, context);
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);

  const middle: DiffSegment[] = [];
  let coarse = false;
  if (midA || midB) {
    const changes = diffWordsWithSpace(midA, midB, { timeout: opts.timeoutMs ?? 1000 });
    if (!changes) {
      coarse = true;
      push(middle, 'removed', midA);
      push(middle, 'added', midB);
    } else {
      for (const c of changes) push(middle, c.added ? 'added' : c.removed ? 'removed' : 'same', c.value);
    }
  }
  const stats = { same: countWords(head) + countWords(tail), added: 0, removed: 0 };
  for (const s of middle) stats[s.type] += countWords(s.text);

  const segments: DiffSegment[] = [];
  push(segments, 'same', head.slice(headCut));
  for (const s of middle) push(segments, s.type, s.text);
  push(segments, 'same', tail.slice(0, tailCut));
  return {
    prefix: { text: head.slice(0, headCut), chars: headCut },
    segments,
    suffix: { text: tail.slice(tailCut), chars: tail.length - tailCut },
    stats,
    identical: a === b,
    coarse,
  };
}

/** Rebuilds the old (`a`) or new (`b`) text from a diff; handy for views and tests. */
export function diffSide(d: TextDiff, side: 'a' | 'b'): string {
  const skip: DiffSegmentType = side === 'a' ? 'added' : 'removed';
  return d.prefix.text + d.segments.filter((s) => s.type !== skip).map((s) => s.text).join('') + d.suffix.text;
}

/** Two to four texts: each one diffed against the first (the compare view's reference). */
export function compareTexts(texts: string[], opts: TextDiffOptions = {}): TextDiff[] {
  const [first = '', ...rest] = texts;
  return rest.map((t) => diffTexts(first, t, opts));
}
