// The editor change that puts an accepted version's text in place of the ghost text: the region
// the generation wrote, its tokens' tints, the cursor after the generated text. Pure (a state in,
// a transaction out), so the run computes it twice (the spans to store, then the real change)
// without side effects, and it reads apart from the run's job handling.
import { isolateHistory } from '@codemirror/commands';
import { EditorState, type TransactionSpec } from '@codemirror/state';
import type { IterationTokens } from '../../../shared/contract';
import { addSpansEffect, programmatic, readOnly, setGhost } from './editor/extensions';
import { tokenSpans } from './provenance';
import { changedRegion } from './textDiff';

/** Where a generation wrote (its pending job's place in the text). */
export interface WrittenAt {
  from: number;
  to: number;
  lead: string;
}

/** The editor change that puts an accepted version's text in: [from, to) became lead + text. */
export function acceptChange(state: EditorState, pending: WrittenAt, id: string, text: string, tokens: IterationTokens | null): TransactionSpec {
  const current = state.doc.toString();
  // The editor was read-only meanwhile, so the change is known.
  const kept = current.length - pending.to;
  const exact =
    text.length >= pending.from + kept && text.startsWith(current.slice(0, pending.from)) && text.endsWith(current.slice(pending.to));
  const change = exact
    ? { fromA: pending.from, toA: pending.to, fromB: pending.from, toB: text.length - kept }
    : changedRegion(current, text);
  const spans = tokens ? tokenSpans(text, tokens, id) : [];
  if (pending.lead && text.startsWith(pending.lead, pending.from)) {
    spans.push({ from: pending.from, to: pending.from + pending.lead.length, kind: 'model' });
  }
  const genEnd = tokens ? tokens.start + tokens.tokens.reduce((n, t) => n + t.text.length, 0) : (change?.toB ?? 0);
  return {
    changes: change ? { from: change.fromA, to: change.toA, insert: text.slice(change.fromB, change.toB) } : undefined,
    effects: [setGhost.of(null), addSpansEffect.of(spans), readOnly.reconfigure(EditorState.readOnly.of(false))],
    annotations: [programmatic.of(true), isolateHistory.of('full')],
    selection: { anchor: Math.min(genEnd, text.length) },
    scrollIntoView: true,
  };
}
