// One open text document in the writing studio: the editor, its autosave into the version graph,
// and the versions it shows (viewed read-only, restored). React reads it as an external store; the
// CodeMirror view is driven with effects. Nothing here overwrites a version: edits, continuations,
// branches and rewrites all add nodes, and accepting or restoring moves the head. The rest is in
// parts of their own, each reaching the session through a small host interface: the generation in
// flight (generationRun.ts), following a head moved elsewhere (headFollow.ts), the rewrite field
// (rewriteField.ts) and the tints of versions (versionSpans.ts). The view calls only this class.
import { EditorState } from '@codemirror/state';
import type { EditorView, ViewUpdate } from '@codemirror/view';
import type { Client } from '../../../shared/client';
import type { Iteration, StoredSpan, VersionMarks } from '../../../shared/contract';
import { errorMessage } from '../../app/errorMessage';
import { LiveLoad } from '../../app/liveLoad';
import { withMarks } from '../history/versionMarks';
import { programmatic, provenanceField, setSpans, writerExtensions, type EditorSetup } from './editor/extensions';
import { exportedVersions } from './exportDoc';
import { GenerationRun } from './generationRun';
import { HeadFollower } from './headFollow';
import { branchJob, continueJob } from './jobFromText';
import type { Span } from './provenance';
import { findResumable } from './resumable';
import { RewriteField } from './rewriteField';
import { LOADING_SNAPSHOT, type SessionOptions, type Snapshot } from './sessionTypes';
import { toStored } from './storedSpans';
import { VersionSpans } from './versionSpans';

const SAVE_DELAY_MS = 700;

export class WriteSession {
  private view: EditorView | null = null;
  private snap: Snapshot;
  private readonly listeners = new Set<() => void>();
  private base: { id: string | null; text: string } = { id: null, text: '' };
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | null = null;
  private workingState: EditorState | null = null;
  private readonly spans: VersionSpans;
  private readonly run: GenerationRun;
  private readonly head: HeadFollower;
  private readonly rewriteField: RewriteField;
  private readonly off: (() => void)[] = [];
  private graphTimer: ReturnType<typeof setTimeout> | undefined;
  /** The document and its graph fetched again: one request at a time, a mark change amends one in flight. */
  private readonly refresher = new LiveLoad(
    async () => {
      const [doc, graph] = await Promise.all([
        this.client.call('documents.get', { id: this.documentId }),
        this.client.call('history.graph', { documentId: this.documentId }),
      ]);
      return { doc, graph };
    },
    // A failed refresh keeps what is shown: the connection banner already says what is wrong, and
    // the next change or reconnect refreshes again.
    (result) => {
      if (!result.ok) return;
      this.set(result.data);
      this.head.noticeHead(result.data.doc.headIterationId);
    },
  );
  private previewSeq = 0;
  /** The notice shown after typing into the read-only editor (cleared when it is writable again). */
  private blockedMessage: string | null = null;
  private disposed = false;
  /** The save made as the editor closed (null: none was needed): why it failed, or null. */
  private closing: Promise<string | null> | null = null;
  readonly setup: EditorSetup;

  constructor(
    private readonly client: Client,
    readonly documentId: string,
    options: SessionOptions,
  ) {
    this.snap = LOADING_SNAPSHOT;
    this.snap = LOADING_SNAPSHOT;
    // The parts reach the session only through these: its snapshot, its editor, its saved base.
    const shared = {
      snapshot: () => this.snap,
      set: (patch: Partial<Snapshot>) => this.set(patch),
      view: () => this.view,
      disposed: () => this.disposed,
    };
    const setBase = (base: { id: string | null; text: string }) => {
      this.base = base;
    };
    this.spans = new VersionSpans(client);
    this.head = new HeadFollower({
      ...shared,
      client,
      documentId,
      spans: this.spans,
      base: () => this.base,
      setBase,
      workingText: () => this.workingText(),
      busy: () => this.busy(),
      flushSave: (opts) => this.flushSave(opts),
      scheduleSave: () => this.scheduleSave(),
      holdSave: () => clearTimeout(this.saveTimer),
      resetEditor: (text, spans, locked) => this.resetEditor(text, spans, locked),
      supersede: () => this.refresher.supersede(),
    });
    this.run = new GenerationRun({
      ...shared,
      client,
      documentId,
      options,
      spans: this.spans,
      flushSave: () => this.flushSave(),
      baseId: () => this.base.id,
      setBase,
      checkout: (id, spans) => this.head.checkout(id, spans),
      refresh: () => this.refresh(),
      refreshSoon: () => this.refreshSoon(),
      settle: () => this.head.settle(),
      clearBlocked: () => this.clearBlocked(),
      cancelRewrite: (focus) => this.rewriteField.cancel(focus),
      reopenRewrite: (range, instruction, error) => this.rewriteField.reopen(range, instruction, error),
    });
    this.rewriteField = new RewriteField({ ...shared, run: this.run, reject: () => this.reject(), settle: () => this.head.settle() });
    this.setup = {
      keys: {
        continue: () => this.command(() => this.generate('continue')),
        alternatives: () => this.command(() => this.generate('alternatives')),
        accept: () => {
          const gen = this.snap.gen;
          if (!gen) return false;
          void this.accept(gen.previewRow ?? 0);
          return true;
        },
        escape: () => this.escape(),
        save: () => this.command(() => this.flushSave()),
        rewrite: () => this.askRewrite(),
        pick: (row) => this.pickAlternative(row),
      },
      popover: {
        tokenData: (ref) => this.spans.tokenData(ref.it, ref.i),
        canBranch: () =>
          this.snap.preview
            ? 'Restore this version to branch from it.'
            : this.snap.gen
              ? 'Finish the current generation first (Tab accepts, Esc rejects).'
              : null,
        branch: (span, alt) => void this.branch(span, alt.text),
      },
      onUpdate: (u) => this.onUpdate(u),
      placeholderText: options.placeholder,
      label: 'Document text',
      onBlockedEdit: () => this.blockedEdit(),
    };
  }


  // ---------- store for React ----------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snap;

  private set(patch: Partial<Snapshot>): void {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }


  // ---------- life cycle ----------

  attach(view: EditorView): void {
    this.view = view;
  }

  start(): void {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (this.snap.save.status === 'dirty') void this.flushSave();
      // A save that failed would be lost: let the browser ask before leaving.
      if (this.snap.save.status === 'error') e.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    this.off.push(
      () => window.removeEventListener('beforeunload', beforeUnload),
      ...this.run.listen(),
      this.client.on('history.changed', ({ documentId, marks, outside }) => {
        if (documentId !== this.documentId) return;
        this.head.heard(outside === true);
        if (marks && this.snap.graph) this.putMarks(marks);
        else this.refreshSoon();
      }),
    );
    void this.load();
  }

  /** Saves what is unsaved (best effort, after any save in flight) and lets go of the editor. */
  dispose(): void {
    if (this.disposed) return;
    const state = this.workingState ?? this.view?.state;
    if (state && !this.snap.preview) {
      const text = state.doc.toString();
      const spans = state.field(provenanceField);
      const source = spans.length ? 'mixed' : 'user';
      const commit = async () => {
        if (this.saving) await this.saving;
        if (text === this.base.text || (this.base.id === null && text === '')) return;
        await this.client.call('history.commitText', {
          documentId: this.documentId,
          parentIds: this.base.id ? [this.base.id] : [],
          text,
          source,
          spans: toStored(spans),
        });
      };
      // The host keeps it even though this view is going away; a trash waits for it (flushed).
      this.closing = commit().then(
        () => null,
        (err: unknown) => errorMessage(err),
      );
    }
    this.disposed = true;
    this.refresher.close();
    clearTimeout(this.saveTimer);
    clearTimeout(this.graphTimer);
    for (const off of this.off.splice(0)) off();
    this.listeners.clear();
    this.view = null;
  }

  /** The graph and head may have moved (another window, or while the connection was down). */
  refresh(): Promise<void> {
    return this.refresher.reload();
  }

  /** A star, tags or a note changed (here or elsewhere): put them on the version in place. */
  private putMarks(marks: VersionMarks[]): void {
    const graph = this.snap.graph;
    if (!graph) return;
    this.refresher.amend((d) => ({ ...d, graph: withMarks(d.graph, marks) }));
    const next = withMarks(graph, marks);
    if (next !== graph) this.set({ graph: next });
  }

  /** The connection dropped: a generation in flight waits for its catch-up (generationRun.ts). */
  connectionLost(): void {
    this.run.connectionLost();
  }

  /** After a reconnect: retry a failed save, and catch up with a job whose events (its tokens too) were missed. */
  async reconnected(): Promise<void> {
    if (this.snap.save.status === 'error' || this.snap.save.status === 'dirty') this.scheduleSave();
    await this.run.reconnected();
    await this.refresh();
  }

  private refreshSoon(): void {
    clearTimeout(this.graphTimer);
    this.graphTimer = setTimeout(() => void this.refresh(), 120);
  }

  private async load(): Promise<void> {
    try {
      const [doc, graph] = await Promise.all([
        this.client.call('documents.get', { id: this.documentId }),
        this.client.call('history.graph', { documentId: this.documentId }),
      ]);
      let text = '';
      let spans: Span[] = [];
      if (doc.headIterationId) {
        const head = await this.client.call('history.get', { id: doc.headIterationId });
        text = head.text ?? '';
        spans = await this.spans.spansFor(head.id, graph, text);
      }
      const resume = await findResumable(this.client, this.documentId, doc.headIterationId, text);
      if (this.disposed) return;
      this.base = { id: doc.headIterationId, text };
      this.head.loaded(this.base);
      this.resetEditor(text, spans, resume !== null);
      this.set({ phase: 'ready', doc, graph, baseId: doc.headIterationId, loadError: null });
      if (resume) void this.run.resume(resume.record, resume.job);
      // Opened where the writing goes on: the end in view (the editor lays out once shown).
      requestAnimationFrame(() => this.view?.dispatch({ scrollIntoView: true }));
    } catch (err) {
      this.set({ phase: 'error', loadError: errorMessage(err) });
    }
  }

  /** A fresh editor state (new undo history) holding a version's text and tints. */
  private resetEditor(text: string, spans: Span[], locked: boolean): void {
    const view = this.view;
    if (!view) return;
    // The cursor waits at the end, where a writer carries on (and where Continue writes).
    view.setState(EditorState.create({ doc: text, selection: { anchor: text.length }, extensions: writerExtensions(this.setup, locked) }));
    view.dispatch({ effects: setSpans.of(spans), annotations: programmatic.of(true) });
    this.set({ empty: text.length === 0, hasModelText: spans.length > 0, editedSinceAccept: false, hasSelection: false, rewriteAsk: null });
  }


  /**
   * The writer's text now, and whether some of it is not saved yet (null before the editor is
   * attached), with what a later save of it needs (kept by the shell if the closing save fails).
   */
  heldText(): { text: string; unsaved: boolean; baseId: string | null; spans: StoredSpan[] } | null {
    const state = this.workingState ?? this.view?.state;
    if (!state) return null;
    const text = state.doc.toString();
    const unsaved = text !== this.base.text || this.snap.save.status !== 'saved';
    return { text, unsaved, baseId: this.base.id, spans: unsaved ? toStored(state.field(provenanceField)) : [] };
  }

  /**
   * Before this window trashes the document (or its project): saves what is unsaved now, after any
   * save in flight, or waits for the one made as the editor closed. Answers why not (null: saved).
   */
  async flushed(): Promise<string | null> {
    if (this.disposed) return this.closing;
    if (await this.flushSave()) return null;
    return (this.snap.save.error ?? 'the save failed').replace(/^Not saved: /, '');
  }

  /** The writer's text (also while an older version is being viewed). */
  private workingText(): string | null {
    const state = this.workingState ?? this.view?.state;
    return state ? state.doc.toString() : null;
  }

  /** The writer typed into the editor while it is read-only: say why, and how to go on. */
  private blockedEdit(): void {
    const s = this.snap;
    const message = s.preview
      ? 'This version is read-only: Restore this version to edit it, or go back to your text (Esc).'
      : s.gen
        ? s.gen.status === 'done' || s.gen.status === 'stopped'
          ? 'Keep the model’s text (Tab) or reject it (Esc) first, then type on.'
          : 'The text waits while the model writes: Esc stops it, Tab stops and keeps what it wrote.'
        : null;
    if (message && s.error !== message) {
      this.blockedMessage = message;
      this.set({ error: message });
    }
  }

  /** The read-only moment is over: its notice goes (any other error stays). */
  private clearBlocked(): void {
    if (this.blockedMessage !== null && this.snap.error === this.blockedMessage) this.set({ error: null });
    this.blockedMessage = null;
  }

  private command(run: () => unknown): true {
    void run();
    return true;
  }

  // ---------- editing and saving ----------

  private onUpdate(u: ViewUpdate): void {
    if (u.selectionSet || u.docChanged) this.syncSelection(u.state);
    if (!u.docChanged || this.snap.preview) return;
    const byWriter = u.transactions.some((tr) => tr.docChanged && !tr.annotation(programmatic));
    const spans = u.state.field(provenanceField);
    const patch: Partial<Snapshot> = { empty: u.state.doc.length === 0, hasModelText: spans.length > 0 };
    if (byWriter) {
      patch.editedSinceAccept = true;
      const same = u.state.doc.length === this.base.text.length && u.state.doc.toString() === this.base.text;
      patch.save = { status: same ? 'saved' : 'dirty', error: null };
      if (!same) this.scheduleSave();
    }
    this.set(patch);
  }

  private syncSelection(state: EditorState | undefined = this.view?.state): void {
    const has = state ? !state.selection.main.empty : false;
    if (has !== this.snap.hasSelection) this.set({ hasSelection: has });
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    // While the head-moved bar asks, the writer decides: Keep editing (or Save now) saves, Show it
    // offers to. Closing the window still saves (dispose, beforeunload).
    if (this.head.unhandled()) return;
    this.saveTimer = setTimeout(() => void this.flushSave(), SAVE_DELAY_MS);
  }

  /**
   * Saves the editor's text as a new version if it changed; resolves false if saving failed.
   * `keepHead`: the version is kept without becoming the head (before showing another's head).
   */
  async flushSave(opts: { keepHead?: boolean } = {}): Promise<boolean> {
    clearTimeout(this.saveTimer);
    for (;;) {
      if (this.saving) {
        await this.saving;
        continue;
      }
      const state = this.workingState ?? this.view?.state;
      if (!state || this.disposed) return true;
      const text = state.doc.toString();
      if (text === this.base.text || (this.base.id === null && text === '')) {
        if (this.snap.save.status !== 'saved') this.set({ save: { status: 'saved', error: null } });
        return true;
      }
      const spans = state.field(provenanceField);
      const parent = this.base.id;
      let ok = false;
      const moveHead = opts.keepHead !== true;
      this.set({ save: { status: 'saving', error: null } });
      if (moveHead) this.head.ownMoveBegun();
      this.saving = (async () => {
        try {
          const it = await this.client.call('history.commitText', {
            documentId: this.documentId,
            parentIds: parent ? [parent] : [],
            text,
            source: spans.length > 0 ? 'mixed' : 'user',
            moveHead,
            spans: toStored(spans),
          });
          this.base = { id: it.id, text };
          this.spans.remember(it.id, spans);
          ok = true;
          if (moveHead) this.head.movedHere(it.id);
          const now = this.workingText();
          this.set({ baseId: it.id, save: { status: now === text ? 'saved' : 'dirty', error: null } });
          this.refreshSoon();
        } catch (err) {
          this.set({ save: { status: 'error', error: `Not saved: ${errorMessage(err)}` } });
        } finally {
          if (moveHead) this.head.ownMoveDone();
          this.saving = null;
        }
      })();
      await this.saving;
      if (!ok) {
        this.head.settle();
        return false;
      }
    }
  }

  // ---------- generation ----------

  /** Continue at the cursor (one continuation or N alternatives), or regenerate after an edit. */
  async generate(kind: 'continue' | 'alternatives' | 'regenerate'): Promise<void> {
    const view = this.view;
    if (!view || this.snap.gen || this.snap.preview || this.run.active) return;
    this.rewriteField.cancel(false);
    await this.run.start(continueJob(view.state, kind));
  }

  /** Branch at a model token: the text before it plus the chosen alternative, continued. */
  async branch(span: Span, altText: string): Promise<void> {
    const view = this.view;
    if (!view || this.snap.gen || this.snap.preview || this.run.active) return;
    await this.run.start(branchJob(view.state, span, altText));
  }

  // ---------- the generation in flight (generationRun.ts) and the rewrite field (rewriteField.ts) ----------

  /** Opens the instruction field for the selected text; the selection stays marked meanwhile. */
  askRewrite(): boolean {
    return this.rewriteField.ask();
  }

  /** Closes the instruction field; the selection is still there when the editor gets the focus back. */
  cancelRewrite(focus = true): void {
    this.rewriteField.cancel(focus);
  }

  /** Rewrites the marked selection as told; the new text streams in after it, the old struck through. */
  rewrite(instruction: string): Promise<void> {
    return this.rewriteField.rewrite(instruction);
  }

  /** Rejects a finished rewrite and runs the same instruction on the same text again. */
  rewriteAgain(): Promise<void> {
    return this.rewriteField.again();
  }

  /** A number key while alternatives are shown: keep that one (1 is the first). False when there is none to pick. */
  pickAlternative(row: number): boolean {
    return this.run.pickAlternative(row);
  }

  /** Shows one alternative inline as ghost text while its card is hovered or focused. */
  previewAlternative(row: number | null): void {
    this.run.previewAlternative(row);
  }

  /** Stop: the job is cancelled; what it wrote so far is kept as a stopped version. */
  stop(): Promise<void> {
    return this.run.stop();
  }

  /** Esc: close the rewrite field, stop or reject a generation, or leave a viewed version. */
  escape(): boolean {
    const gen = this.snap.gen;
    if (this.snap.rewriteAsk && !gen) {
      this.cancelRewrite();
      return true;
    }
    if (!gen) {
      if (!this.snap.preview) return false;
      this.backToCurrent();
      return true;
    }
    this.run.escape();
    return true;
  }

  /** Esc: the generated version stays in the tree as a branch; the editor goes back. */
  reject(): void {
    this.run.reject();
  }

  /** Tab or a click on an alternative: check that version out and show it in the editor. */
  accept(row: number): Promise<void> {
    return this.run.accept(row);
  }

  /**
   * A press on the page around the text (below a short text, in the margins): the cursor goes to
   * the nearest place in the text and the editor takes the focus, as on a sheet of paper.
   */
  focusNear(x: number, y: number): void {
    const view = this.view;
    if (!view) return;
    const box = view.contentDOM.getBoundingClientRect();
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));
    // Below the text is after it (the end); beside a line is that line's nearest place.
    const below = y >= box.bottom;
    const pos = below ? view.state.doc.length : (view.posAtCoords({ x: clamp(x, box.left, box.right - 1), y: clamp(y, box.top, box.bottom - 1) }) ?? view.state.doc.length);
    view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    view.focus();
  }

  // ---------- versions ----------

  /** Shows another version read-only (the writer's text and undo history are kept aside). */
  async viewVersion(id: string): Promise<void> {
    const view = this.view;
    if (!view || this.snap.gen) return;
    if (id === this.base.id) return this.backToCurrent();
    const seq = ++this.previewSeq;
    this.cancelRewrite(false);
    if (!this.snap.preview && !(await this.flushSave())) return;
    try {
      const it = await this.client.call('history.get', { id });
      const graph = this.snap.graph ?? (await this.client.call('history.graph', { documentId: this.documentId }));
      const spans = await this.spans.spansFor(id, graph, it.text ?? '');
      if (seq !== this.previewSeq || this.disposed || this.snap.gen) return;
      if (!this.workingState) this.workingState = view.state;
      view.setState(EditorState.create({ doc: it.text ?? '', extensions: writerExtensions(this.setup, true) }));
      view.dispatch({ effects: setSpans.of(spans), annotations: programmatic.of(true) });
      this.set({ preview: it, error: null });
    } catch (err) {
      this.set({ error: `Could not open that version: ${errorMessage(err)}` });
    }
  }

  backToCurrent(): void {
    this.previewSeq++;
    const view = this.view;
    if (!view || !this.workingState) return;
    view.setState(this.workingState);
    this.workingState = null;
    this.set({ preview: null });
    this.clearBlocked();
    this.syncSelection();
    view.focus();
    this.head.settle();
  }

  /** Makes a version the head and puts it in the editor (a fresh undo history). */
  async restore(id: string): Promise<void> {
    if (this.snap.gen) return;
    this.previewSeq++;
    if (!(await this.flushSave())) return;
    try {
      const it = await this.client.call('history.get', { id });
      const graph = this.snap.graph ?? (await this.client.call('history.graph', { documentId: this.documentId }));
      const text = it.text ?? '';
      const spans = await this.spans.spansFor(id, graph, text);
      await this.head.checkout(id);
      if (this.disposed) return;
      this.workingState = null;
      this.base = { id, text };
      this.head.took({ id, text });
      this.resetEditor(text, spans, false);
      this.set({ preview: null, baseId: id, save: { status: 'saved', error: null }, error: null });
      this.view?.focus();
      void this.refresh();
    } catch (err) {
      this.set({ error: `Could not restore that version: ${errorMessage(err)}` });
    }
  }

  // ---------- the head moved elsewhere (headFollow.ts) ----------

  /** A generation, a viewed version, a rewrite being asked for, or a save in flight. */
  private busy(): boolean {
    const s = this.snap;
    return s.gen !== null || this.run.active || s.preview !== null || s.rewriteAsk !== null || this.saving !== null;
  }

  /** The bar's Keep editing: stay on this window's version; the edits save as a branch from it. */
  keepEditing(): void {
    this.head.keepEditing();
  }

  /** The bar's Show it: unsaved edits are offered to be saved first, then the moved head is shown. */
  showMoved(): Promise<void> {
    return this.head.showMoved();
  }

  /** Back from Show it's offer to save: the bar asks again. */
  cancelShow(): void {
    this.head.cancelShow();
  }

  // ---------- export ----------

  /** What Export writes: the text shown (a viewed version's, or the writer's), its version, and the generation behind it. */
  exportSource(): { text: string; version: Iteration | null; generated: Iteration | null } {
    const preview = this.snap.preview;
    const text = preview ? (preview.text ?? '') : (this.workingText() ?? '');
    return { text, ...exportedVersions(this.snap.graph, preview?.id ?? this.base.id) };
  }
}

