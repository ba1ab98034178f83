// Following a head moved elsewhere (another window, or another program on the data folder): the
// session notices the move when a refresh reads the head, waits while this window is busy, then
// follows it, or asks with a bar while the writer has edits of their own (Show it / Keep editing).
// Its own file because it is a concept of its own with its own state (the head seen, the move not
// handled yet, this window's own moves in flight); the pure rules it applies are in headMove.ts.
import type { StoredSpan } from '../../../shared/contract';
import { errorMessage } from '../../app/errorMessage';
import { programmatic } from './editor/extensions';
import { followCursor, followedWords, headMoveAction, movedWords, versionName, type HeadOrigin } from './headMove';
import type { Span } from './provenance';
import type { DocumentCore } from './sessionTypes';

/** A version and its text. */
export interface Version {
  id: string | null;
  text: string;
}

/** What following needs from the session: its snapshot, its editor, its saved base and autosave. */
export interface FollowHost extends DocumentCore {
  /** The version the editor's text is based on (what the next save is a child of). */
  base(): Version;
  setBase(base: Version): void;
  /** The writer's text (also while an older version is being viewed). */
  workingText(): string | null;
  /** A generation, a viewed version, a rewrite being asked for, or a save in flight. */
  busy(): boolean;
  flushSave(opts?: { keepHead?: boolean }): Promise<boolean>;
  scheduleSave(): void;
  /** The autosave due is put off (the writer decides first). */
  holdSave(): void;
  /** A fresh editor state (new undo history) holding a version's text and tints. */
  resetEditor(text: string, spans: Span[], locked: boolean): void;
  /** Answers of refreshes already under way are stale (this window moved the head). */
  supersede(): void;
}

export class HeadFollower {
  /** The head this window knows the document has: its own moves, and what refreshes showed. */
  private seenHead: string | null = null;
  /** A head moved elsewhere and not handled yet (it waits while this window is busy). */
  private movedTo: { id: string; origin: HeadOrigin } | null = null;
  /** The version this window last took from the document (loaded, followed, restored): the writer's edits are measured from it. */
  private synced: Version = { id: null, text: '' };
  /** Saves and checkouts of this window not answered yet: the head a refresh reads may be theirs. */
  private ownMoves = 0;
  /** The last change heard came from another process (the CLI), not a window. */
  private outsideHeard = false;
  private followSeq = 0;
  private noticeSeq = 0;

  constructor(private readonly host: FollowHost) {}

  /** The document loaded: its head is the one seen, and its text the one the writer's edits start from. */
  loaded(base: Version): void {
    this.synced = { ...base };
    this.seenHead = base.id;
  }

  /** This window took a version from the document (restored it): the writer's edits start from it. */
  took(version: Version): void {
    this.synced = version;
  }

  /** A change was heard: `outside` when another process (the CLI) made it, not a window. */
  heard(outside: boolean): void {
    this.outsideHeard = outside;
  }

  /** A head moved elsewhere is not dealt with yet: autosave waits for the writer's choice. */
  unhandled(): boolean {
    return this.movedTo !== null;
  }

  /** A save that moves the head went out (its answer is this window's own move, not news)... */
  ownMoveBegun(): void {
    this.ownMoves++;
  }

  /** ...and was answered (or failed). */
  ownMoveDone(): void {
    this.ownMoves--;
  }

  /** A checkout by this window: the head it moves to is its own doing, not news. */
  async checkout(id: string, spans?: StoredSpan[]): Promise<void> {
    this.ownMoves++;
    try {
      await this.host.client.call('history.checkout', { documentId: this.host.documentId, iterationId: id, ...(spans ? { spans } : {}) });
      this.movedHere(id);
    } finally {
      this.ownMoves--;
    }
  }

  /** This window moved the head: answers read before are stale, and a move made elsewhere is overtaken. */
  movedHere(id: string): void {
    this.seenHead = id;
    this.movedTo = null;
    this.host.supersede();
    if (this.host.snapshot().headMoved) this.host.set({ headMoved: null });
  }

  /** A refresh read the document's head: a move made elsewhere is news. */
  noticeHead(head: string | null): void {
    const outside = this.outsideHeard;
    this.outsideHeard = false;
    if (this.host.snapshot().phase !== 'ready' || this.ownMoves > 0 || head === this.seenHead) return;
    this.seenHead = head;
    if (head === null || head === this.host.base().id) {
      // Back on this window's version (or no head at all): nothing to follow or ask about.
      this.movedTo = null;
      if (this.host.snapshot().headMoved) this.host.set({ headMoved: null });
      if (this.host.snapshot().save.status === 'dirty') this.host.scheduleSave();
      return;
    }
    this.movedTo = { id: head, origin: outside ? 'outside' : 'window' };
    this.settle();
  }

  private busy(): boolean {
    return this.host.busy() || this.ownMoves > 0;
  }

  /** Deals with a head moved elsewhere once nothing in this window is under way. */
  settle(): void {
    const moved = this.movedTo;
    if (!moved || this.host.disposed() || this.host.snapshot().phase !== 'ready') return;
    if (moved.id === this.host.base().id) {
      this.movedTo = null;
      if (this.host.snapshot().headMoved) this.host.set({ headMoved: null });
      return;
    }
    // Edits of its own: typed here since this window last took a version from the document,
    // saved by now or not (autosave keeps them within a second, so "unsaved" alone would be a race).
    const ownEdits = this.host.workingText() !== this.synced.text || this.host.snapshot().save.status === 'error';
    const action = headMoveAction({ busy: this.busy(), ownEdits });
    if (action === 'ask') void this.ask(moved);
    else if (action === 'follow') void this.follow(moved, null);
  }

  /** Shows the bar that asks (the edits stay, and autosave waits for the writer's choice). */
  private async ask(moved: { id: string; origin: HeadOrigin }): Promise<void> {
    this.host.holdSave();
    if (this.host.snapshot().headMoved?.id === moved.id) return;
    const seq = ++this.followSeq;
    let name = 'another version';
    try {
      const it = await this.host.client.call('history.get', { id: moved.id });
      name = versionName(it, it.text ?? '', this.host.workingText());
    } catch {
      // Named vaguely: the bar matters more than the name.
    }
    if (this.host.disposed() || seq !== this.followSeq || this.movedTo !== moved) return;
    // The bar replaces an earlier notice for good (it would come back when the bar goes).
    this.host.set({ headMoved: { id: moved.id, message: movedWords(name, moved.origin), confirming: false, working: false, error: null }, followed: null });
  }

  /**
   * Puts the moved head in the editor (a fresh undo history; the cursor kept near its place) and
   * says so. `keptId`: the version the writer's own text was kept as, named in the notice.
   */
  private async follow(moved: { id: string; origin: HeadOrigin }, keptId: string | null): Promise<void> {
    const view = this.host.view();
    if (!view) return;
    const seq = ++this.followSeq;
    const before = view.state.doc;
    try {
      const [it, kept] = await Promise.all([
        this.host.client.call('history.get', { id: moved.id }),
        keptId ? this.host.client.call('history.get', { id: keptId }) : Promise.resolve(null),
      ]);
      const text = it.text ?? '';
      const graph = this.host.snapshot().graph ?? (await this.host.client.call('history.graph', { documentId: this.host.documentId }));
      const spans = await this.host.spans.spansFor(it.id, graph, text);
      if (this.host.disposed() || seq !== this.followSeq || this.movedTo !== moved || this.host.view() !== view) return;
      // Typed meanwhile, or something started: decide again.
      if (view.state.doc !== before || this.busy()) return this.settle();
      const old = before.toString();
      const cursor = followCursor(old, text, view.state.selection.main.head);
      this.host.resetEditor(text, spans, false);
      view.dispatch({ selection: { anchor: cursor }, scrollIntoView: true, annotations: programmatic.of(true) });
      this.host.setBase({ id: it.id, text });
      this.synced = { id: it.id, text };
      this.movedTo = null;
      const keptName = kept ? versionName(kept, kept.text ?? '', text) : null;
      this.host.set({
        baseId: it.id,
        save: { status: 'saved', error: null },
        error: null,
        headMoved: null,
        followed: { seq: ++this.noticeSeq, id: it.id, message: followedWords(versionName(it, text, old), moved.origin, keptName) },
      });
    } catch (err) {
      if (this.host.disposed() || seq !== this.followSeq) return;
      // This window stays on its version, saving as before (as after Keep editing).
      this.movedTo = null;
      this.host.set({ headMoved: null, error: `Another window moved this document to a version that could not be opened here: ${errorMessage(err)}` });
      if (this.host.snapshot().save.status === 'dirty') this.host.scheduleSave();
    }
  }

  /** The bar's Keep editing: stay on this window's version; the edits save as a branch from it. */
  keepEditing(): void {
    if (!this.host.snapshot().headMoved) return;
    this.followSeq++;
    this.movedTo = null;
    this.host.set({ headMoved: null });
    if (this.host.workingText() !== this.host.base().text) void this.host.flushSave();
    this.host.view()?.focus();
  }

  /**
   * The bar's Show it: unsaved edits are first offered to be saved (as a version that does not take
   * the head), never dropped; then the moved head is shown as if followed.
   */
  async showMoved(): Promise<void> {
    const bar = this.host.snapshot().headMoved;
    const moved = this.movedTo;
    if (!bar || !moved || bar.working) return;
    const unsaved = this.host.workingText() !== this.host.base().text;
    if (unsaved && !bar.confirming) {
      this.host.set({ headMoved: { ...bar, confirming: true } });
      return;
    }
    this.host.set({ headMoved: { ...bar, working: true, error: null } });
    if (unsaved && !(await this.host.flushSave({ keepHead: true }))) {
      const now = this.host.snapshot().headMoved;
      if (now) this.host.set({ headMoved: { ...now, working: false, error: `Your edits could not be saved, so they stay here. ${this.host.snapshot().save.error ?? ''}`.trim() } });
      return;
    }
    if (this.movedTo !== moved) return;
    const base = this.host.base();
    await this.follow(moved, base.id !== this.synced.id ? base.id : null);
    const still = this.host.snapshot().headMoved;
    if (still?.working) this.host.set({ headMoved: { ...still, working: false } });
  }

  /** Back from Show it's offer to save: the bar asks again. */
  cancelShow(): void {
    const bar = this.host.snapshot().headMoved;
    if (bar?.confirming) this.host.set({ headMoved: { ...bar, confirming: false } });
  }
}
