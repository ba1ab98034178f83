// The ghost text: a generation's text shown in the editor before the writer keeps it (greyed while
// it streams, a rewrite's original struck through), and the editor effects around it: read-only
// while it is up, scrolled to where it writes, the focus given back. Editor effects only, with no
// job state, so the run (generationRun.ts) decides what to show and these say how.
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { programmatic, readOnly, setGhost } from './editor/extensions';
import type { GenView } from './sessionTypes';

/** Where a generation writes: [from, to) becomes lead + its text; a rewrite's [from, to) shows struck through. */
export interface GhostPlace {
  from: number;
  to: number;
  lead: string;
  rewrite: object | null;
}

/** Shows `text` as the ghost at `at` (null: none, as while no alternative is previewed). */
export function drawGhost(view: EditorView, at: GhostPlace, text: string | null, streaming: boolean): void {
  const ghost = text === null ? null : { from: at.from, to: at.to, lead: at.lead, text, streaming, strike: at.rewrite !== null };
  view.dispatch({ effects: setGhost.of(ghost), annotations: programmatic.of(true) });
}

/** What the ghost shows of a generation: its row (the previewed alternative's), and whether it still streams. */
export function ghostOf(gen: GenView): { text: string | null; streaming: boolean } {
  const row = gen.mode === 'alternatives' ? gen.previewRow : 0;
  const streaming = gen.status !== 'done' && gen.status !== 'stopped';
  return { text: row === null ? null : (gen.rows[row]?.text ?? ''), streaming };
}

export function lockEditor(view: EditorView | null, locked: boolean): void {
  view?.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(locked)) });
}

/** The ghost goes and the editor is writable again. */
export function clearGhost(view: EditorView): void {
  view.dispatch({
    effects: [setGhost.of(null), readOnly.reconfigure(EditorState.readOnly.of(false))],
    annotations: programmatic.of(true),
  });
}

/** Scrolls the text just enough to show `pos` (where a generation writes), with some room around it. */
export function revealAt(view: EditorView | null, pos: number): void {
  if (!view) return;
  view.dispatch({ effects: EditorView.scrollIntoView(Math.min(pos, view.state.doc.length), { y: 'nearest', yMargin: 60 }) });
}

/** The editor takes the focus once laid out (a hidden one takes none), unless something else has it. */
export function focusSoon(view: () => EditorView | null, disposed: () => boolean): void {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (!disposed() && (active === null || active === document.body)) view()?.focus();
  });
}
