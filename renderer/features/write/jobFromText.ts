// What a generation writes, and from what, read from the editor: a continuation at the cursor (or
// a regeneration of the rest of the model's passage there), or a branch at a model token. Pure (an
// editor state in, a job out), beside rewrite.ts, which does the same for rewriting a selection.
import type { EditorState } from '@codemirror/state';
import { provenanceField } from './editor/extensions';
import { runEnd, spanAt, type Span } from './provenance';
import type { GenMode } from './sessionTypes';

/** A generation to start: what the model reads, and where in the text it writes. */
export interface NewJob {
  mode: GenMode;
  /** The text the model continues from (before the cursor, or up to a branch's chosen alternative). */
  prompt: string;
  /** The text after where it writes (kept after it). */
  suffix: string;
  /** [from, to) is replaced by lead + what the model writes. */
  from: number;
  to: number;
  lead: string;
  /** Rewrite mode: [from, to) is the selection, replaced by what the model writes. */
  rewrite: { selection: string; instruction: string } | null;
}

/** Continue at the cursor (one continuation or N alternatives), or regenerate after an edit. */
export function continueJob(state: EditorState, kind: 'continue' | 'alternatives' | 'regenerate'): NewJob {
  const pos = state.selection.main.head;
  let to = pos;
  if (kind === 'regenerate') {
    // Rewrite the rest of the model's passage the cursor is in (or right after).
    const spans = state.field(provenanceField);
    const span = spanAt(spans, pos, 1) ?? spanAt(spans, pos, -1);
    if (span) to = Math.max(pos, runEnd(spans, span));
  }
  const doc = state.doc.toString();
  return {
    mode: kind === 'alternatives' ? 'alternatives' : 'continue',
    prompt: doc.slice(0, pos),
    suffix: doc.slice(to),
    from: pos,
    to,
    lead: '',
    rewrite: null,
  };
}

/** Branch at a model token: the text before it plus the chosen alternative, continued. */
export function branchJob(state: EditorState, span: Span, altText: string): NewJob {
  const spans = state.field(provenanceField);
  const end = runEnd(spans, span);
  const doc = state.doc.toString();
  return {
    mode: 'branch',
    prompt: doc.slice(0, span.from) + altText,
    suffix: doc.slice(end),
    from: span.from,
    to: end,
    lead: altText,
    rewrite: null,
  };
}
