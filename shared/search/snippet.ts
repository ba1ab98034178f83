// Search result snippets (pure): the part of a version that matched, with the matched words marked.
import type { SearchSnippet } from '../contract/search';
import type { SearchTerm } from './query';

export interface SnippetSources {
  prompt: string;
  output: string;
  notes: string;
  tags: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BOUNDARY = String.raw`(?<![\p{L}\p{N}])`;

/** A regex matching any of the positive word terms (phrases allow any spacing between words). */
export function termsRegex(terms: SearchTerm[]): RegExp | null {
  const parts = terms
    .filter((t): t is Extract<SearchTerm, { type: 'text' }> => t.type === 'text' && !t.negate)
    .map((t) => {
      const words = t.text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(escape);
      if (words.length === 0) return null;
      const body = words.join(String.raw`[^\p{L}\p{N}]+`);
      return `${BOUNDARY}${body}${t.prefix ? String.raw`[\p{L}\p{N}]*` : String.raw`(?![\p{L}\p{N}])`}`;
    })
    .filter((p): p is string => p !== null);
  return parts.length ? new RegExp(parts.join('|'), 'giu') : null;
}

const ORDER: SearchSnippet['field'][] = ['notes', 'prompt', 'output', 'tags'];

/** The first field with a match, cut to about `width` chars around it, with highlight ranges. */
export function buildSnippet(src: SnippetSources, terms: SearchTerm[], width = 160): SearchSnippet {
  const re = termsRegex(terms);
  const column = terms.find((t): t is Extract<SearchTerm, { type: 'text' }> => t.type === 'text' && !t.negate && t.column !== null)?.column;
  const fields = column ? [column, ...ORDER.filter((f) => f !== column)] : ORDER;
  if (re) {
    for (const field of fields) {
      const text = src[field as keyof SnippetSources];
      re.lastIndex = 0;
      const first = re.exec(text);
      if (!first) continue;
      let start = Math.max(0, first.index - Math.floor(width / 3));
      if (start > 0) {
        const space = text.indexOf(' ', start);
        if (space >= 0 && space < first.index) start = space + 1;
      }
      let end = Math.min(text.length, start + width);
      if (end < text.length) {
        const space = text.lastIndexOf(' ', end);
        if (space > first.index + first[0].length) end = space;
      }
      const lead = start > 0 ? '…' : '';
      const piece = text.slice(start, end).replace(/\s/g, ' ');
      const highlights: [number, number][] = [];
      re.lastIndex = 0;
      for (const m of piece.matchAll(re)) highlights.push([lead.length + m.index, lead.length + m.index + m[0].length]);
      return { field, text: lead + piece + (end < text.length ? '…' : ''), highlights };
    }
  }
  const fallback = src.prompt || src.output || src.notes;
  const line = fallback.trim().split('\n', 1)[0] ?? '';
  return { field: null, text: line.length > width ? `${line.slice(0, width)}…` : line, highlights: [] };
}
