// The instruction field for rewriting a selection: opening it on the marked text, running the
// instruction (a generation in rewrite mode), reopening it with the reason when a try did not run,
// and running the same instruction again. Its own file because it is the one place the writer
// talks to the model in words; the pure checks on the selection are in rewrite.ts.
import { rewriteTargetField, setRewriteTarget } from './editor/extensions';
import type { GenerationRun } from './generationRun';
import { MOD } from '../../ui/platformKeys';
import { rewriteParts } from './rewrite';
import type { SessionCore } from './sessionTypes';

/** What the field needs from the session: its snapshot, its editor, the generation it starts. */
export interface RewriteHost extends SessionCore {
  readonly run: GenerationRun;
  /** Esc on a finished generation: it stays in the tree, the editor goes back. */
  reject(): void;
  /** Deals with a head moved elsewhere once nothing is under way. */
  settle(): void;
}

export class RewriteField {
  private askSeq = 0;
  private lastInstruction = '';

  constructor(private readonly host: RewriteHost) {}

  /** Opens the instruction field for the selected text; the selection stays marked meanwhile. */
  ask(): boolean {
    const view = this.host.view();
    const snap = this.host.snapshot();
    if (!view || snap.phase !== 'ready' || snap.gen || this.host.run.active) return false;
    if (snap.preview) {
      this.host.set({ error: 'Restore this version to rewrite text in it.' });
      return true;
    }
    const sel = view.state.selection.main;
    if (sel.empty) {
      this.host.set({ error: `Select the text to rewrite first, then press Rewrite (${MOD}+Shift+E).` });
      return true;
    }
    view.dispatch({ effects: setRewriteTarget.of({ from: sel.from, to: sel.to }) });
    this.host.set({
      error: null,
      rewriteAsk: { seq: ++this.askSeq, chars: sel.to - sel.from, instruction: this.lastInstruction, error: null },
    });
    return true;
  }

  /** Closes the instruction field; the selection is still there when the editor gets the focus back. */
  cancel(focus = true): void {
    if (!this.host.snapshot().rewriteAsk) return;
    this.host.view()?.dispatch({ effects: setRewriteTarget.of(null) });
    this.host.set({ rewriteAsk: null });
    if (focus) this.host.view()?.focus();
    this.host.settle();
  }

  /** Rewrites the marked selection as told; the new text streams in after it, the old struck through. */
  async rewrite(instruction: string): Promise<void> {
    const view = this.host.view();
    const snap = this.host.snapshot();
    const ask = snap.rewriteAsk;
    if (!view || !ask || snap.gen || snap.preview || this.host.run.active) return;
    const target = view.state.field(rewriteTargetField);
    if (!target) {
      this.cancel();
      this.host.set({ error: 'The selected text is gone: select what to rewrite again.' });
      return;
    }
    const parts = rewriteParts(view.state.doc.toString(), target.from, target.to, instruction);
    if ('problem' in parts) {
      this.host.set({ rewriteAsk: { ...ask, instruction, error: parts.problem } });
      return;
    }
    this.lastInstruction = parts.rewrite.instruction;
    await this.host.run.start({ mode: 'rewrite', prompt: parts.prompt, suffix: parts.suffix, from: target.from, to: target.to, lead: '', rewrite: parts.rewrite });
  }

  /** Rejects a finished rewrite and runs the same instruction on the same text again. */
  async again(): Promise<void> {
    const p = this.host.run.finishedRewrite();
    if (!p) return;
    this.host.reject();
    this.reopen(p, p.rewrite.instruction, null);
    await this.rewrite(p.rewrite.instruction);
  }

  /** Marks [from, to) again and opens the instruction field (after a failure, with its reason). */
  reopen(p: { from: number; to: number }, instruction: string, error: string | null): void {
    const view = this.host.view();
    if (!view || this.host.disposed()) return;
    const length = view.state.doc.length;
    const from = Math.min(p.from, length);
    const to = Math.min(p.to, length);
    if (to <= from) {
      this.host.set({ error });
      return;
    }
    view.dispatch({ effects: setRewriteTarget.of({ from, to }), selection: { anchor: from, head: to } });
    this.host.set({ rewriteAsk: { seq: ++this.askSeq, chars: to - from, instruction, error } });
  }
}
