// One open text document in the writing studio: the editor, its autosave into the version graph,
// and the generation in flight (ghost text, alternatives, a selection being rewritten, Stop,
// accept, reject). React reads it as an external store; the CodeMirror view is driven with
// effects. Nothing here overwrites a version: edits, continuations, branches and rewrites all add
// nodes, and accepting or restoring moves the head. When another window or program moves the head,
// the session follows it, or asks while the writer has edits of their own (headMove.ts).
import { isolateHistory } from '@codemirror/commands';
import { EditorState, type TransactionSpec } from '@codemirror/state';
import { EditorView, type ViewUpdate } from '@codemirror/view';
import type { Client } from '../../../shared/client';
import type {
  DocumentInfo,
  GenerateTextStreamed,
  GeneratedToken,
  HistoryGraph,
  Iteration,
  IterationTokens,
  IterationWithContent,
  Job,
  LoadStage,
  ProviderChoice,
  StopReason,
  StoredSpan,
  TokensEvent,
  VersionMarks,
} from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { errorMessage } from '../../app/errorMessage';
import { LiveLoad } from '../../app/liveLoad';
import { randomId } from '../../app/randomId';
import { thisTab } from '../../app/thisTab';
import { withMarks } from '../history/versionMarks';
import {
  addSpansEffect,
  programmatic,
  provenanceField,
  readOnly,
  rewriteTargetField,
  setGhost,
  setRewriteTarget,
  setSpans,
  writerExtensions,
  type EditorSetup,
} from './editor/extensions';
import { MOD } from './keys';
import { followCursor, followedWords, headMoveAction, movedWords, versionName, type HeadOrigin } from './headMove';
import type { PromptCut } from './promptCut';
import { addSpans, applyChanges, runEnd, spanAt, tokenSpans, type Span } from './provenance';
import { forgetPending, recallPending, rememberPending, type PendingRecord } from './pendingGen';
import { Reinserted } from './reinserted';
import { RERUN_DIFFERS, keepCheck, startedOver, startedOverNotice } from './rerun';
import { fromStored, toStored } from './storedSpans';
import { rewriteParts } from './rewrite';
import { issuesFromDetails } from './settings';
import { changedRegion, generatedChange } from './textDiff';

export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'error';
export type GenMode = 'continue' | 'alternatives' | 'branch' | 'rewrite';
export type GenStatus = 'starting' | 'queued' | 'running' | 'done' | 'stopped';

export interface GenRow {
  text: string;
  tokens: number;
  stopReason: StopReason | null;
}

export interface GenView {
  mode: GenMode;
  status: GenStatus;
  jobId: string | null;
  rows: GenRow[];
  iterationIds: string[] | null;
  /** The alternative shown as ghost text (hover or focus on its card). */
  previewRow: number | null;
  queuePosition: number | null;
  accepting: boolean;
  /** The model-loading stage under way before the first token (null when none: a warm model). */
  loading?: LoadStage | null;
  /** The prompt was longer than the model reads: its start was left out (known when the job ends). */
  cut?: PromptCut | null;
}

/** The instruction field for rewriting the marked selection. */
export interface RewriteAsk {
  /** Changes each time the field is (re)opened, so it takes the focus again. */
  seq: number;
  /** Characters selected. */
  chars: number;
  /** What the field starts with (the last instruction, or the one that failed). */
  instruction: string;
  /** Why the last try did not run (shown next to the field). */
  error: string | null;
}

/** The head moved elsewhere while this window had edits of its own: the bar that asks what to do. */
export interface HeadMoved {
  id: string;
  /** "This document moved to version … in another window." */
  message: string;
  /** Show it was pressed while the edits are not saved: the bar offers saving them first. */
  confirming: boolean;
  /** Showing it (saving the edits aside first) is under way. */
  working: boolean;
  error: string | null;
}

/** This window followed a head moved elsewhere (a brief notice; seq tells one from the next). */
export interface Followed {
  seq: number;
  id: string;
  message: string;
}

export interface Snapshot {
  phase: 'loading' | 'ready' | 'error';
  loadError: string | null;
  doc: DocumentInfo | null;
  graph: HistoryGraph | null;
  /** The version the editor's text is based on (the head, unless another client moved it). */
  baseId: string | null;
  save: { status: SaveStatus; error: string | null };
  gen: GenView | null;
  preview: IterationWithContent | null;
  /** The last action's error, shown next to the action bar. */
  error: string | null;
  empty: boolean;
  hasModelText: boolean;
  /** The writer changed the text since the last generation was accepted (for Save & regenerate). */
  editedSinceAccept: boolean;
  /** The editor has a non-empty selection (Rewrite… is offered). */
  hasSelection: boolean;
  rewriteAsk: RewriteAsk | null;
  headMoved: HeadMoved | null;
  followed: Followed | null;
}

/** What a session shows before its document has loaded (and what its view shows before a session exists). */
export const LOADING_SNAPSHOT: Snapshot = {
  phase: 'loading',
  loadError: null,
  doc: null,
  graph: null,
  baseId: null,
  save: { status: 'saved', error: null },
  gen: null,
  preview: null,
  error: null,
  empty: true,
  hasModelText: false,
  editedSinceAccept: false,
  hasSelection: false,
  rewriteAsk: null,
  headMoved: null,
  followed: null,
};

export interface GenerationRequest {
  model: string;
  provider: ProviderChoice;
  alternatives: number;
  settings: unknown;
  /** The document's memory / instructions, sent with every generation. */
  memory: string;
}

export interface SessionOptions {
  /** The settings panel's current request, or its problems by field. */
  request(): GenerationRequest | { issues: Record<string, string> };
  /** Problems the host found in the settings, by field. */
  onIssues(issues: Record<string, string>): void;
  placeholder: string;
}

interface JobResultRow {
  text: string;
  stopReason: StopReason;
  tokenCount: number;
}

interface Pending {
  mode: GenMode;
  prompt: string;
  suffix: string;
  from: number;
  to: number;
  lead: string;
  parentId: string | null;
  acceptRow: number | null;
  cancelRequested: boolean;
  /** Rewrite mode: [from, to) is the selection, replaced by what the model writes. */
  rewrite: { selection: string; instruction: string } | null;
  /** The attempt of the job whose text the rows hold (0: no run seen yet); a later one started over (rerun.ts). */
  run: number;
  /** Tab pressed while the host was down, and the job started over: the row and the text to keep once written again. */
  keepUpTo: { row: number; text: string } | null;
  /** Stop (or Tab) was pressed: a run that starts over after it is stopped too. */
  stopAsked: boolean;
}

const SAVE_DELAY_MS = 700;
const TERMINAL = new Set(['done', 'cancelled', 'failed']);

export class WriteSession {
  private view: EditorView | null = null;
  private snap: Snapshot;
  private readonly listeners = new Set<() => void>();
  private base: { id: string | null; text: string } = { id: null, text: '' };
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | null = null;
  private pending: Pending | null = null;
  private workingState: EditorState | null = null;
  private readonly spanCache = new Map<string, Span[]>();
  private readonly tokenCache = new Map<string, Promise<IterationTokens | null>>();
  /** Events for jobs not known yet (they may arrive before generate.text answers). */
  private readonly early = new Map<string, { tokens: TokensEvent[]; job: Job | null; at: number }>();
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
      this.noticeHead(result.data.doc.headIterationId);
    },
  );
  /** The head this window knows the document has: its own moves, and what refreshes showed. */
  private seenHead: string | null = null;
  /** A head moved elsewhere and not handled yet (it waits while this window is busy). */
  private movedTo: { id: string; origin: HeadOrigin } | null = null;
  /** The version this window last took from the document (loaded, followed, restored): the writer's edits are measured from it. */
  private synced: { id: string | null; text: string } = { id: null, text: '' };
  /** Saves and checkouts of this window not answered yet: the head a refresh reads may be theirs. */
  private ownMoves = 0;
  /** The last change heard came from another process (the CLI), not a window. */
  private outsideHeard = false;
  private followSeq = 0;
  private noticeSeq = 0;
  private previewSeq = 0;
  private askSeq = 0;
  private lastInstruction = '';
  /** The notice shown after typing into the read-only editor (cleared when it is writable again). */
  private blockedMessage: string | null = null;
  private disposed = false;
  /** The save made as the editor closed (null: none was needed): why it failed, or null. */
  private closing: Promise<string | null> | null = null;
  /** A generation whose generate.text answer was lost (the connection dropped): found by its ref. */
  private lost: { pending: Pending; record: PendingRecord; message: string } | null = null;
  /** A running job being caught up with (after a reload or a reconnect): its tokens so far come in one answer. */
  private catchingUp: string | null = null;
  /** Why the last Stop did not reach the host (shown until a later one does). */
  private stopError: string | null = null;
  /** The notice that the job started over (rerun.ts), shown until its generation ends. */
  private rerunNotice: string | null = null;
  readonly setup: EditorSetup;

  constructor(
    private readonly client: Client,
    readonly documentId: string,
    private readonly options: SessionOptions,
  ) {
    this.snap = LOADING_SNAPSHOT;
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
        tokenData: (ref) => this.tokenData(ref.it, ref.i),
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

  private setGen(patch: Partial<GenView> | null): void {
    if (patch === null) this.set({ gen: null });
    else if (this.snap.gen) this.set({ gen: { ...this.snap.gen, ...patch } });
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
      this.client.on('generate.tokens', (e) => this.onTokens(e)),
      this.client.on('jobs.changed', (job) => this.onJob(job)),
      this.client.on('jobs.progress', ({ id, progress }) => {
        const gen = this.snap.gen;
        if (!this.ours(id) || !gen || gen.status === 'done' || gen.status === 'stopped') return;
        if ((progress.stage ?? null) !== (gen.loading ?? null)) this.setGen({ loading: progress.stage ?? null });
      }),
      this.client.on('history.changed', ({ documentId, marks, outside }) => {
        if (documentId !== this.documentId) return;
        this.outsideHeard = outside === true;
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

  /**
   * The connection dropped (called as it happens, before anything of a later connection arrives):
   * tokens heard once reconnected wait for the catch-up, which holds them. The host may have
   * restarted meanwhile and begun the job again, and its new tokens must not follow the old text.
   */
  connectionLost(): void {
    const gen = this.snap.gen;
    if (gen?.jobId && gen.status !== 'done' && gen.status !== 'stopped') this.catchingUp = gen.jobId;
  }

  /** After a reconnect: retry a failed save, and catch up with a job whose events (its tokens too) were missed. */
  async reconnected(): Promise<void> {
    if (this.snap.save.status === 'error' || this.snap.save.status === 'dirty') this.scheduleSave();
    if (this.lost) await this.findLost();
    const gen = this.snap.gen;
    if (gen?.jobId && gen.status !== 'done' && gen.status !== 'stopped') {
      try {
        const job = await this.jobById(gen.jobId);
        if (job) this.applyJob(job);
        // Stop (or Tab) pressed while offline did not reach the host: it stops now.
        if (job && !TERMINAL.has(job.status) && this.pending?.cancelRequested) void this.stop();
        // Tokens sent while this window was offline never came: what it streamed so far replaces the rows.
        if (job?.status === 'running') await this.catchUp(job.id);
        // Not running (queued again, or ended): nothing to catch up with, and tokens from now on are new.
        else if (this.catchingUp === gen.jobId) this.catchingUp = null;
      } catch {
        // Still offline; the next reconnect tries again.
      }
    }
    await this.refresh();
  }

  /** One job as the queue has it now (null: there is no such job), asked for alone. */
  private async jobById(id: string): Promise<Job | null> {
    try {
      return await this.client.call('jobs.get', { id });
    } catch (err) {
      if (err instanceof AtelierError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
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
        spans = await this.spansFor(head.id, graph, text);
      }
      const resume = await this.resumable(doc.headIterationId, text);
      if (this.disposed) return;
      this.base = { id: doc.headIterationId, text };
      this.synced = { ...this.base };
      this.seenHead = doc.headIterationId;
      this.resetEditor(text, spans, resume !== null);
      this.set({ phase: 'ready', doc, graph, baseId: doc.headIterationId, loadError: null });
      if (resume) void this.resume(resume.record, resume.job);
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

  private currentSpans(): Span[] {
    const state = this.workingState ?? this.view?.state;
    return state ? state.field(provenanceField) : [];
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
    if (this.movedTo) return;
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
      if (moveHead) this.ownMoves++;
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
          this.spanCache.set(it.id, spans);
          ok = true;
          if (moveHead) this.movedHere(it.id);
          const now = this.workingText();
          this.set({ baseId: it.id, save: { status: now === text ? 'saved' : 'dirty', error: null } });
          this.refreshSoon();
        } catch (err) {
          this.set({ save: { status: 'error', error: `Not saved: ${errorMessage(err)}` } });
        } finally {
          if (moveHead) this.ownMoves--;
          this.saving = null;
        }
      })();
      await this.saving;
      if (!ok) {
        this.settle();
        return false;
      }
    }
  }

  // ---------- generation ----------

  /** Continue at the cursor (one continuation or N alternatives), or regenerate after an edit. */
  async generate(kind: 'continue' | 'alternatives' | 'regenerate'): Promise<void> {
    const view = this.view;
    if (!view || this.snap.gen || this.snap.preview || this.pending) return;
    this.cancelRewrite(false);
    const state = view.state;
    const pos = state.selection.main.head;
    let to = pos;
    if (kind === 'regenerate') {
      // Rewrite the rest of the model's passage the cursor is in (or right after).
      const spans = state.field(provenanceField);
      const span = spanAt(spans, pos, 1) ?? spanAt(spans, pos, -1);
      if (span) to = Math.max(pos, runEnd(spans, span));
    }
    const doc = state.doc.toString();
    await this.startJob({
      mode: kind === 'alternatives' ? 'alternatives' : 'continue',
      prompt: doc.slice(0, pos),
      suffix: doc.slice(to),
      from: pos,
      to,
      lead: '',
      rewrite: null,
    });
  }

  /** Branch at a model token: the text before it plus the chosen alternative, continued. */
  async branch(span: Span, altText: string): Promise<void> {
    const view = this.view;
    if (!view || this.snap.gen || this.snap.preview || this.pending) return;
    const spans = view.state.field(provenanceField);
    const end = runEnd(spans, span);
    const doc = view.state.doc.toString();
    await this.startJob({
      mode: 'branch',
      prompt: doc.slice(0, span.from) + altText,
      suffix: doc.slice(end),
      from: span.from,
      to: end,
      lead: altText,
      rewrite: null,
    });
  }

  // ---------- rewriting a selection ----------

  /** Opens the instruction field for the selected text; the selection stays marked meanwhile. */
  askRewrite(): boolean {
    const view = this.view;
    if (!view || this.snap.phase !== 'ready' || this.snap.gen || this.pending) return false;
    if (this.snap.preview) {
      this.set({ error: 'Restore this version to rewrite text in it.' });
      return true;
    }
    const sel = view.state.selection.main;
    if (sel.empty) {
      this.set({ error: `Select the text to rewrite first, then press Rewrite (${MOD}+Shift+E).` });
      return true;
    }
    view.dispatch({ effects: setRewriteTarget.of({ from: sel.from, to: sel.to }) });
    this.set({
      error: null,
      rewriteAsk: { seq: ++this.askSeq, chars: sel.to - sel.from, instruction: this.lastInstruction, error: null },
    });
    return true;
  }

  /** Closes the instruction field; the selection is still there when the editor gets the focus back. */
  cancelRewrite(focus = true): void {
    if (!this.snap.rewriteAsk) return;
    this.view?.dispatch({ effects: setRewriteTarget.of(null) });
    this.set({ rewriteAsk: null });
    if (focus) this.view?.focus();
    this.settle();
  }

  /** Rewrites the marked selection as told; the new text streams in after it, the old struck through. */
  async rewrite(instruction: string): Promise<void> {
    const view = this.view;
    const ask = this.snap.rewriteAsk;
    if (!view || !ask || this.snap.gen || this.snap.preview || this.pending) return;
    const target = view.state.field(rewriteTargetField);
    if (!target) {
      this.cancelRewrite();
      this.set({ error: 'The selected text is gone: select what to rewrite again.' });
      return;
    }
    const parts = rewriteParts(view.state.doc.toString(), target.from, target.to, instruction);
    if ('problem' in parts) {
      this.set({ rewriteAsk: { ...ask, instruction, error: parts.problem } });
      return;
    }
    this.lastInstruction = parts.rewrite.instruction;
    await this.startJob({ mode: 'rewrite', prompt: parts.prompt, suffix: parts.suffix, from: target.from, to: target.to, lead: '', rewrite: parts.rewrite });
  }

  /** Rejects a finished rewrite and runs the same instruction on the same text again. */
  async rewriteAgain(): Promise<void> {
    const p = this.pending;
    const gen = this.snap.gen;
    if (!p?.rewrite || gen?.mode !== 'rewrite' || (gen.status !== 'done' && gen.status !== 'stopped')) return;
    this.reject();
    this.reopenRewrite(p, p.rewrite.instruction, null);
    await this.rewrite(p.rewrite.instruction);
  }

  /** Marks [from, to) again and opens the instruction field (after a failure, with its reason). */
  private reopenRewrite(p: Pick<Pending, 'from' | 'to'>, instruction: string, error: string | null): void {
    const view = this.view;
    if (!view || this.disposed) return;
    const length = view.state.doc.length;
    const from = Math.min(p.from, length);
    const to = Math.min(p.to, length);
    if (to <= from) {
      this.set({ error });
      return;
    }
    view.dispatch({ effects: setRewriteTarget.of({ from, to }), selection: { anchor: from, head: to } });
    this.set({ rewriteAsk: { seq: ++this.askSeq, chars: to - from, instruction, error } });
  }

  /** A generation that did not run: a rewrite says why next to its field, the rest by the action bar. */
  private failed(job: Pick<Pending, 'from' | 'to' | 'rewrite'>, message: string): void {
    if (job.rewrite) this.reopenRewrite(job, job.rewrite.instruction, message);
    else this.set({ error: message });
  }

  // ---------- running a generation ----------

  private async startJob(job: Omit<Pending, 'parentId' | 'acceptRow' | 'cancelRequested' | 'run' | 'keepUpTo' | 'stopAsked'>): Promise<void> {
    const req = this.options.request();
    if ('issues' in req) {
      const message = 'Some settings need a fix first — see the marked fields in the settings panel.';
      if (job.rewrite && this.snap.rewriteAsk) this.set({ rewriteAsk: { ...this.snap.rewriteAsk, instruction: job.rewrite.instruction, error: message } });
      else this.set({ error: message });
      return;
    }
    if (!job.rewrite && job.prompt.trim() === '') {
      const after = job.suffix.trim() !== '';
      this.set({
        error: after
          ? `The cursor is at the start: put it where the model should carry on (${MOD}+End goes to the end).`
          : 'Write a few words first: the model continues from the text before the cursor.',
      });
      return;
    }
    const n = job.mode === 'alternatives' ? req.alternatives : 1;
    // Claim the slot before the first await so a double press starts one job.
    this.pending = { ...job, parentId: null, acceptRow: null, cancelRequested: false, run: 0, keepUpTo: null, stopAsked: false };
    this.cancelRewrite(false);
    this.set({ error: null });
    const [saved, tab] = await Promise.all([this.flushSave(), thisTab()]);
    if (!saved || this.disposed) {
      this.pending = null;
      if (job.rewrite && !this.disposed) this.failed(job, 'Not rewritten: the text could not be saved first (see the save state above).');
      return;
    }
    const pending = this.pending;
    pending.parentId = this.base.id;
    this.set({
      gen: {
        mode: job.mode,
        status: 'starting',
        jobId: null,
        rows: Array.from({ length: n }, () => ({ text: '', tokens: 0, stopReason: null })),
        iterationIds: null,
        previewRow: null,
        queuePosition: null,
        accepting: false,
      },
    });
    this.lock(true);
    // A rewrite's original shows struck through; a selection drawn over it would hide that.
    if (job.rewrite) this.view?.dispatch({ selection: { anchor: job.to } });
    this.showGhost(job.mode === 'alternatives' ? null : '', true);
    // Where it writes comes into view (Continue pressed while reading elsewhere in a long text).
    this.revealAt(job.from);
    // Tab and Esc belong to the editor while the ghost text is up, wherever the press came from.
    this.view?.focus();
    // Remembered before it goes out: a reload before the answer finds the job by `ref`.
    const record: PendingRecord = {
      tab,
      ref: randomId(),
      jobId: null,
      mode: job.mode,
      parentId: pending.parentId,
      from: job.from,
      to: job.to,
      lead: job.lead,
      rows: n,
      rewrite: job.rewrite,
    };
    rememberPending(this.documentId, record);
    let started: Job;
    try {
      started = await this.client.call('generate.text', {
        ref: record.ref,
        documentId: this.documentId,
        parentId: pending.parentId,
        prompt: job.prompt,
        suffix: job.suffix,
        model: req.model,
        provider: req.provider,
        alternatives: n,
        settings: req.settings as never,
        memory: req.memory,
        rewrite: job.rewrite,
      });
    } catch (err) {
      // Not the host's refusal: the connection may have dropped with the job started. Asked for
      // by its ref (now, or once reconnected), it is shown as after a reload, or never runs.
      if (err instanceof AtelierError && err.code === 'INTERNAL') {
        this.lost = { pending, record, message: friendlyGenerationError(err, req.model) };
        return this.findLost();
      }
      this.endGeneration();
      if (err instanceof AtelierError && err.code === 'BAD_INPUT') {
        const issues = issuesFromDetails(err.details);
        if (Object.keys(issues).length) {
          this.options.onIssues(issues);
          this.failed(job, 'The host refused some settings — see the marked fields in the settings panel.');
          return;
        }
      }
      this.failed(job, friendlyGenerationError(err, req.model));
      return;
    }
    // Closed meanwhile: the job runs on, and the record (found by its ref) brings it back when the document opens again.
    if (this.disposed) return;
    if (this.pending !== pending) {
      // Rejected while it was being queued: stop it (what it wrote is still kept as a version).
      void this.client.call('jobs.cancel', { id: started.id }).catch(() => {});
      return;
    }
    this.setGen({ jobId: started.id });
    rememberPending(this.documentId, { ...record, jobId: started.id });
    const early = this.early.get(started.id);
    this.early.delete(started.id);
    this.applyJob(early?.job && TERMINAL.has(early.job.status) ? early.job : started);
    for (const e of early?.tokens ?? []) this.onTokens(e);
    if (early?.job && !TERMINAL.has(started.status)) this.applyJob(early.job);
    if (pending.cancelRequested) void this.stop();
  }

  /** generate.text's answer was lost: the job its ref started is shown, or the failure is (the ref is closed then). */
  private async findLost(): Promise<void> {
    const lost = this.lost;
    if (!lost) return;
    let job: Job | null;
    try {
      job = await this.client.call('generate.find', { ref: lost.record.ref });
    } catch {
      return; // Still out of reach: asked again once reconnected.
    }
    if (this.lost !== lost) return;
    this.lost = null;
    if (this.disposed) return;
    if (this.pending !== lost.pending) {
      // Rejected meanwhile: stop it (what it wrote is still kept as a version).
      if (job) void this.client.call('jobs.cancel', { id: job.id }).catch(() => {});
      return;
    }
    if (!job) {
      this.endGeneration();
      this.failed(lost.pending, lost.message);
      return;
    }
    rememberPending(this.documentId, { ...lost.record, jobId: job.id });
    void this.resume(lost.record, job);
    // Tab or Esc pressed while it was looked for: done now that the job is known.
    if (this.pending) this.pending.acceptRow = lost.pending.acceptRow;
    if (lost.pending.cancelRequested) void this.stop();
  }

  /**
   * A generation this tab started before a reload, still to be kept or rejected: the record of it,
   * and its job as the queue has it now. Null when there is none, or the document moved on.
   */
  private async resumable(head: string | null, text: string): Promise<{ record: PendingRecord; job: Job } | null> {
    const record = recallPending(this.documentId, await thisTab());
    if (!record) return null;
    if (record.parentId !== head || record.to > text.length) {
      forgetPending(this.documentId);
      return null;
    }
    try {
      // Reloaded before generate.text answered: the host knows the job by the id sent with it (and
      // if the request never came, it refuses it from now on, so no job runs unseen).
      const job = record.jobId ? await this.jobById(record.jobId) : await this.client.call('generate.find', { ref: record.ref });
      if (job?.kind === 'generate-text') {
        if (!record.jobId) rememberPending(this.documentId, { ...record, jobId: job.id });
        return { record, job };
      }
      forgetPending(this.documentId);
    } catch {
      // The queue could not be asked: the version is in the tree when it ends.
    }
    return null;
  }

  /**
   * Shows a generation started before a reload as it was: finished or stopped, its text as ghost
   * text to keep (Tab) or reject (Esc); still running, what it wrote so far, streaming on.
   */
  private async resume(record: PendingRecord, job: Job): Promise<void> {
    this.pending = { ...record, prompt: '', suffix: '', acceptRow: null, cancelRequested: false, run: 0, keepUpTo: null, stopAsked: false };
    const empty = { text: '', tokens: 0, stopReason: null };
    this.set({
      gen: {
        mode: record.mode,
        status: 'starting',
        jobId: job.id,
        rows: Array.from({ length: record.rows }, () => empty),
        iterationIds: null,
        previewRow: null,
        queuePosition: null,
        accepting: false,
      },
    });
    if (record.rewrite) this.view?.dispatch({ selection: { anchor: record.to } });
    this.showGhost(record.mode === 'alternatives' ? null : '', true);
    this.revealAt(record.from);
    // Tab keeps and Esc stops or rejects: the editor takes the focus once shown (on a reload it is
    // still hidden while loading, and a hidden element takes no focus).
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!this.disposed && (active === null || active === document.body)) this.view?.focus();
    });
    if (TERMINAL.has(job.status)) return this.applyJob(job);
    this.applyJob(job);
    await this.catchUp(job.id);
  }

  /**
   * Puts in the rows what a running job streamed so far (after a reload, or tokens missed while
   * offline): tokens heard before the answer are in it, those after it are added to it.
   */
  private async catchUp(jobId: string): Promise<void> {
    this.catchingUp = jobId;
    // Undefined: not answered (the rows stay as they are).
    let sofar: GenerateTextStreamed | null | undefined;
    try {
      sofar = await this.client.call('generate.streamed', { jobId });
    } catch {
      // Shown from the next tokens on; the whole text comes with the result.
    } finally {
      if (this.catchingUp === jobId) this.catchingUp = null;
    }
    const gen = this.snap.gen;
    if (sofar === undefined || !gen || !this.ours(jobId) || gen.status === 'done' || gen.status === 'stopped') return;
    // Null: the job runs and has streamed nothing yet. A row it has not written is empty.
    const streamed = sofar?.rows ?? [];
    // Text shown that the host's does not start with is an earlier run's: the job started over.
    if (gen.rows.some((r, i) => !(streamed[i]?.text ?? '').startsWith(r.text))) {
      this.startOver();
      if (this.pending?.cancelRequested) void this.stop();
    }
    const rows = gen.rows.map((r, i) => {
      const got = streamed[i];
      return got ? { ...r, text: got.text, tokens: got.tokens } : { ...r, text: '', tokens: 0 };
    });
    this.setGen({ rows, status: 'running', loading: null });
    this.syncGhost();
    this.keepOnceWritten();
  }

  private remember(jobId: string, patch: { tokens?: TokensEvent; job?: Job }): void {
    const now = Date.now();
    for (const [id, e] of this.early) if (now - e.at > 60_000) this.early.delete(id);
    const entry = this.early.get(jobId) ?? { tokens: [], job: null, at: now };
    if (patch.tokens && entry.tokens.length < 5000) entry.tokens.push(patch.tokens);
    if (patch.job) entry.job = patch.job;
    this.early.set(jobId, entry);
  }

  private ours(jobId: string): boolean {
    return this.snap.gen?.jobId === jobId;
  }

  private onTokens(e: TokensEvent): void {
    if (!this.ours(e.jobId)) {
      // Only a job we are starting can be unknown yet; anything else is another window's.
      if (this.pending && this.snap.gen?.jobId === null) this.remember(e.jobId, { tokens: e });
      return;
    }
    const gen = this.snap.gen;
    if (!gen || gen.status === 'done' || gen.status === 'stopped') return;
    // Already in the answer being waited for (it went out after these).
    if (this.catchingUp === e.jobId) return;
    const rows = gen.rows.map((r, i) =>
      i === e.row ? { ...r, text: r.text + e.tokens.map((t) => t.text).join(''), tokens: r.tokens + e.tokens.length } : r,
    );
    this.setGen({ rows, status: 'running', loading: null });
    this.syncGhost();
    this.keepOnceWritten();
  }

  private onJob(job: Job): void {
    if (this.ours(job.id)) this.applyJob(job);
    else if (this.pending && this.snap.gen?.jobId === null && job.kind === 'generate-text') this.remember(job.id, { job });
  }

  private applyJob(job: Job): void {
    const pending = this.pending;
    if (!this.snap.gen || !pending || this.snap.gen.status === 'done' || this.snap.gen.status === 'stopped') return;
    if (startedOver(pending.run, job)) this.startOver();
    if (job.status === 'running' && job.attempts > pending.run) pending.run = job.attempts;
    const gen = this.snap.gen;
    if (job.status === 'queued') {
      this.setGen({ status: 'queued', queuePosition: job.position });
    } else if (job.status === 'running') {
      if (gen.status !== 'running') this.setGen({ status: 'running', queuePosition: null });
    } else if (job.status === 'failed') {
      this.endGeneration();
      this.failed(pending, friendlyGenerationError(job.error?.message ?? 'The generation failed.', null));
    } else {
      const result = (job.result ?? {}) as { iterationIds?: string[]; rows?: JobResultRow[]; promptTokens?: number; truncatedPromptTokens?: number };
      const ids = result.iterationIds ?? [];
      if (ids.length === 0) {
        this.endGeneration();
        if (job.status !== 'cancelled') this.failed(pending, 'The model wrote nothing.');
        else {
          // Stopped on purpose: no reason to reopen a rewrite's field, but its text stays selected.
          this.set({ error: 'Stopped before any text was written.' });
          if (pending.rewrite) this.view?.dispatch({ selection: { anchor: pending.from, head: pending.to } });
        }
        return;
      }
      const rows = (result.rows ?? []).map((r) => ({ text: r.text, tokens: r.tokenCount, stopReason: r.stopReason }));
      // Tab pressed while the host was down, and the re-run ended before writing that text again: the
      // writer decides (the notice says so); any other started-over notice has done its work.
      if (pending.keepUpTo) this.rerunDiffers(pending);
      else if (this.rerunNotice !== RERUN_DIFFERS) this.clearRerunNotice();
      const stopped = job.status === 'cancelled' || rows.some((r) => r.stopReason === 'cancelled');
      const left = result.truncatedPromptTokens ?? 0;
      const cut = left > 0 ? { left, reads: result.promptTokens ?? 0 } : null;
      this.setGen({ status: stopped ? 'stopped' : 'done', iterationIds: ids, rows, queuePosition: null, cut });
      this.syncGhost();
      // Stop goes away with the run: the focus it had comes back to the editor, where Tab keeps and Esc rejects.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (!this.disposed && (active === null || active === document.body)) this.view?.focus();
      });
      this.refreshSoon();
      if (pending.acceptRow !== null) void this.accept(pending.acceptRow);
    }
  }

  private lock(locked: boolean): void {
    this.view?.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(locked)) });
  }

  private showGhost(text: string | null, streaming: boolean): void {
    const p = this.pending;
    const view = this.view;
    if (!view || !p) return;
    const ghost = text === null ? null : { from: p.from, to: p.to, lead: p.lead, text, streaming, strike: p.rewrite !== null };
    view.dispatch({ effects: setGhost.of(ghost), annotations: programmatic.of(true) });
  }

  private syncGhost(): void {
    const gen = this.snap.gen;
    if (!gen) return;
    const row = gen.mode === 'alternatives' ? gen.previewRow : 0;
    const streaming = gen.status !== 'done' && gen.status !== 'stopped';
    this.showGhost(row === null ? null : (gen.rows[row]?.text ?? ''), streaming);
  }

  /** A number key while alternatives are shown: keep that one (1 is the first). False when there is none to pick. */
  pickAlternative(row: number): boolean {
    const gen = this.snap.gen;
    if (!gen || gen.mode !== 'alternatives' || row < 0 || row >= gen.rows.length) return false;
    void this.accept(row);
    return true;
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

  /** Shows one alternative inline as ghost text while its card is hovered or focused. */
  previewAlternative(row: number | null): void {
    const gen = this.snap.gen;
    if (!gen || gen.mode !== 'alternatives' || gen.previewRow === row) return;
    this.setGen({ previewRow: row });
    this.syncGhost();
    if (row !== null && this.pending) this.revealAt(this.pending.from);
  }

  /** Scrolls the text just enough to show `pos` (where a generation writes), with some room around it. */
  private revealAt(pos: number): void {
    const view = this.view;
    if (!view) return;
    view.dispatch({ effects: EditorView.scrollIntoView(Math.min(pos, view.state.doc.length), { y: 'nearest', yMargin: 60 }) });
  }

  private endGeneration(): void {
    this.pending = null;
    forgetPending(this.documentId);
    this.set({ gen: null });
    this.clearBlocked();
    this.clearRerunNotice();
    const view = this.view;
    if (!view) return;
    view.dispatch({
      effects: [setGhost.of(null), readOnly.reconfigure(EditorState.readOnly.of(false))],
      annotations: programmatic.of(true),
    });
    // A head moved elsewhere while it ran is dealt with now.
    this.settle();
  }

  /**
   * The job this window streams started over (the host stopped and ran it again from the start):
   * the rows are emptied, to fill with the new run's text; a Tab pressed while the host was down
   * waits until the new run has written what was shown, and a Stop goes to the new run.
   */
  private startOver(): void {
    const gen = this.snap.gen;
    const pending = this.pending;
    if (!gen || !pending) return;
    let asked: 'tab' | 'stop' | null = null;
    if (pending.keepUpTo) asked = 'tab';
    else if (pending.acceptRow !== null) {
      // Its stop (sent or not) ended the old run only: the new one is stopped once it has written the same.
      asked = 'tab';
      pending.keepUpTo = { row: pending.acceptRow, text: gen.rows[pending.acceptRow]?.text ?? '' };
      pending.cancelRequested = false;
    } else if (pending.stopAsked) {
      // A stop the old run took with it goes to the new run (reconnected, or the catch-up, sends it).
      asked = 'stop';
      pending.cancelRequested = true;
    }
    this.setGen({ rows: gen.rows.map(() => ({ text: '', tokens: 0, stopReason: null })) });
    this.syncGhost();
    // The notice that a Stop or Tab had not gone out gives way to what happens to it now.
    this.stopError = null;
    this.rerunNotice = startedOverNotice(asked);
    this.set({ error: this.rerunNotice });
  }

  /** Tab pressed while the host was down: once the new run has written the text shown then, it is stopped and kept. */
  private keepOnceWritten(): void {
    const pending = this.pending;
    const keep = pending?.keepUpTo;
    const gen = this.snap.gen;
    if (!pending || !keep || !gen) return;
    const check = keepCheck(keep.text, gen.rows[keep.row]?.text ?? '');
    if (check === 'wait') return;
    pending.keepUpTo = null;
    if (check === 'reached') void this.stop();
    else this.rerunDiffers(pending);
  }

  /** The new run did not write what was kept with Tab: nothing is kept unseen; the writer decides again. */
  private rerunDiffers(pending: Pending): void {
    pending.keepUpTo = null;
    pending.acceptRow = null;
    this.rerunNotice = RERUN_DIFFERS;
    this.set({ error: RERUN_DIFFERS });
  }

  /** The started-over notice goes with its generation (kept, rejected or failed). */
  private clearRerunNotice(): void {
    if (this.rerunNotice !== null && this.snap.error === this.rerunNotice) this.set({ error: null });
    this.rerunNotice = null;
  }

  /** Stop: the job is cancelled; what it wrote so far is kept as a stopped version. */
  async stop(): Promise<void> {
    const gen = this.snap.gen;
    const pending = this.pending;
    if (!gen || !pending || gen.status === 'done' || gen.status === 'stopped') return;
    pending.stopAsked = true;
    if (!gen.jobId) {
      pending.cancelRequested = true;
      return;
    }
    try {
      await this.client.call('jobs.cancel', { id: gen.jobId });
      pending.cancelRequested = false;
      if (this.stopError !== null && this.snap.error === this.stopError) this.set({ error: null });
      this.stopError = null;
    } catch (err) {
      // It finished on its own in the meantime: the result is on its way.
      if (err instanceof AtelierError && err.code === 'CONFLICT') return;
      // Not delivered (the connection is down): sent again once reconnected, so Stop (or Tab) still stops it.
      pending.cancelRequested = true;
      this.stopError = errorMessage(err);
      this.set({ error: this.stopError });
    }
  }

  /** Esc: stop a generation in flight, reject a finished one, or leave a viewed version. */
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
    if (gen.status === 'done' || gen.status === 'stopped') this.reject();
    else void this.stop();
    return true;
  }

  /** Esc: the generated version stays in the tree as a branch; the editor goes back. */
  reject(): void {
    const gen = this.snap.gen;
    const pending = this.pending;
    if (!gen) return;
    if (gen.status !== 'done' && gen.status !== 'stopped') void this.stop();
    this.endGeneration();
    // A rejected rewrite leaves the original selected, ready for another instruction.
    if (pending?.rewrite && this.view && pending.to <= this.view.state.doc.length) {
      this.view.dispatch({ selection: { anchor: pending.from, head: pending.to } });
    }
    this.refreshSoon();
    this.view?.focus();
  }

  /** Tab or a click on an alternative: check that version out and show it in the editor. */
  async accept(row: number): Promise<void> {
    const gen = this.snap.gen;
    const pending = this.pending;
    const view = this.view;
    if (!gen || !pending || !view || gen.accepting) return;
    if (gen.status !== 'done' && gen.status !== 'stopped') {
      pending.acceptRow = row;
      this.setGen({ previewRow: gen.mode === 'alternatives' ? row : gen.previewRow });
      await this.stop();
      return;
    }
    const id = gen.iterationIds?.[row];
    if (!id) return;
    this.setGen({ accepting: true });
    try {
      const [it, tokens] = await Promise.all([
        this.client.call('history.get', { id }),
        this.tokensOf(id),
      ]);
      const text = it.text ?? '';
      // The tints the editor will show are kept with the version as it becomes the head.
      const spans = view.state.update(this.acceptSpec(view.state, pending, id, text, tokens)).state.field(provenanceField);
      await this.checkout(id, toStored(spans));
      if (this.pending !== pending || this.disposed) return;
      this.pending = null;
      forgetPending(this.documentId);
      view.dispatch(this.acceptSpec(view.state, pending, id, text, tokens));
      this.base = { id, text };
      const finalSpans = view.state.field(provenanceField);
      this.spanCache.set(id, finalSpans);
      this.set({
        gen: null,
        baseId: id,
        save: { status: 'saved', error: null },
        editedSinceAccept: false,
        empty: text.length === 0,
        hasModelText: finalSpans.length > 0,
      });
      this.clearBlocked();
      this.clearRerunNotice();
      view.focus();
      void this.refresh();
      this.settle();
    } catch (err) {
      this.setGen({ accepting: false });
      this.set({ error: `Could not accept that version: ${errorMessage(err)}` });
    }
  }

  /** The editor change that puts an accepted version's text in: [from, to) became lead + text. */
  private acceptSpec(state: EditorState, pending: Pending, id: string, text: string, tokens: IterationTokens | null): TransactionSpec {
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
      const spans = await this.spansFor(id, graph, it.text ?? '');
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
    this.settle();
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
      const spans = await this.spansFor(id, graph, text);
      await this.checkout(id);
      if (this.disposed) return;
      this.workingState = null;
      this.base = { id, text };
      this.synced = { id, text };
      this.resetEditor(text, spans, false);
      this.set({ preview: null, baseId: id, save: { status: 'saved', error: null }, error: null });
      this.view?.focus();
      void this.refresh();
    } catch (err) {
      this.set({ error: `Could not restore that version: ${errorMessage(err)}` });
    }
  }

  // ---------- the head moved elsewhere ----------

  /** A checkout by this window: the head it moves to is its own doing, not news. */
  private async checkout(id: string, spans?: StoredSpan[]): Promise<void> {
    this.ownMoves++;
    try {
      await this.client.call('history.checkout', { documentId: this.documentId, iterationId: id, ...(spans ? { spans } : {}) });
      this.movedHere(id);
    } finally {
      this.ownMoves--;
    }
  }

  /** This window moved the head: answers read before are stale, and a move made elsewhere is overtaken. */
  private movedHere(id: string): void {
    this.seenHead = id;
    this.movedTo = null;
    this.refresher.supersede();
    if (this.snap.headMoved) this.set({ headMoved: null });
  }

  /** A refresh read the document's head: a move made elsewhere is news. */
  private noticeHead(head: string | null): void {
    const outside = this.outsideHeard;
    this.outsideHeard = false;
    if (this.snap.phase !== 'ready' || this.ownMoves > 0 || head === this.seenHead) return;
    this.seenHead = head;
    if (head === null || head === this.base.id) {
      // Back on this window's version (or no head at all): nothing to follow or ask about.
      this.movedTo = null;
      if (this.snap.headMoved) this.set({ headMoved: null });
      if (this.snap.save.status === 'dirty') this.scheduleSave();
      return;
    }
    this.movedTo = { id: head, origin: outside ? 'outside' : 'window' };
    this.settle();
  }

  private busy(): boolean {
    const s = this.snap;
    return s.gen !== null || this.pending !== null || s.preview !== null || s.rewriteAsk !== null || this.saving !== null || this.ownMoves > 0;
  }

  /** Deals with a head moved elsewhere once nothing in this window is under way. */
  private settle(): void {
    const moved = this.movedTo;
    if (!moved || this.disposed || this.snap.phase !== 'ready') return;
    if (moved.id === this.base.id) {
      this.movedTo = null;
      if (this.snap.headMoved) this.set({ headMoved: null });
      return;
    }
    // Edits of its own: typed here since this window last took a version from the document,
    // saved by now or not (autosave keeps them within a second, so "unsaved" alone would be a race).
    const ownEdits = this.workingText() !== this.synced.text || this.snap.save.status === 'error';
    const action = headMoveAction({ busy: this.busy(), ownEdits });
    if (action === 'ask') void this.ask(moved);
    else if (action === 'follow') void this.follow(moved, null);
  }

  /** Shows the bar that asks (the edits stay, and autosave waits for the writer's choice). */
  private async ask(moved: { id: string; origin: HeadOrigin }): Promise<void> {
    clearTimeout(this.saveTimer);
    if (this.snap.headMoved?.id === moved.id) return;
    const seq = ++this.followSeq;
    let name = 'another version';
    try {
      const it = await this.client.call('history.get', { id: moved.id });
      name = versionName(it, it.text ?? '', this.workingText());
    } catch {
      // Named vaguely: the bar matters more than the name.
    }
    if (this.disposed || seq !== this.followSeq || this.movedTo !== moved) return;
    // The bar replaces an earlier notice for good (it would come back when the bar goes).
    this.set({ headMoved: { id: moved.id, message: movedWords(name, moved.origin), confirming: false, working: false, error: null }, followed: null });
  }

  /**
   * Puts the moved head in the editor (a fresh undo history; the cursor kept near its place) and
   * says so. `keptId`: the version the writer's own text was kept as, named in the notice.
   */
  private async follow(moved: { id: string; origin: HeadOrigin }, keptId: string | null): Promise<void> {
    const view = this.view;
    if (!view) return;
    const seq = ++this.followSeq;
    const before = view.state.doc;
    try {
      const [it, kept] = await Promise.all([
        this.client.call('history.get', { id: moved.id }),
        keptId ? this.client.call('history.get', { id: keptId }) : Promise.resolve(null),
      ]);
      const text = it.text ?? '';
      const graph = this.snap.graph ?? (await this.client.call('history.graph', { documentId: this.documentId }));
      const spans = await this.spansFor(it.id, graph, text);
      if (this.disposed || seq !== this.followSeq || this.movedTo !== moved || this.view !== view) return;
      // Typed meanwhile, or something started: decide again.
      if (view.state.doc !== before || this.busy()) return this.settle();
      const old = before.toString();
      const cursor = followCursor(old, text, view.state.selection.main.head);
      this.resetEditor(text, spans, false);
      view.dispatch({ selection: { anchor: cursor }, scrollIntoView: true, annotations: programmatic.of(true) });
      this.base = { id: it.id, text };
      this.synced = { id: it.id, text };
      this.movedTo = null;
      const keptName = kept ? versionName(kept, kept.text ?? '', text) : null;
      this.set({
        baseId: it.id,
        save: { status: 'saved', error: null },
        error: null,
        headMoved: null,
        followed: { seq: ++this.noticeSeq, id: it.id, message: followedWords(versionName(it, text, old), moved.origin, keptName) },
      });
    } catch (err) {
      if (this.disposed || seq !== this.followSeq) return;
      // This window stays on its version, saving as before (as after Keep editing).
      this.movedTo = null;
      this.set({ headMoved: null, error: `Another window moved this document to a version that could not be opened here: ${errorMessage(err)}` });
      if (this.snap.save.status === 'dirty') this.scheduleSave();
    }
  }

  /** The bar's Keep editing: stay on this window's version; the edits save as a branch from it. */
  keepEditing(): void {
    if (!this.snap.headMoved) return;
    this.followSeq++;
    this.movedTo = null;
    this.set({ headMoved: null });
    if (this.workingText() !== this.base.text) void this.flushSave();
    this.view?.focus();
  }

  /**
   * The bar's Show it: unsaved edits are first offered to be saved (as a version that does not take
   * the head), never dropped; then the moved head is shown as if followed.
   */
  async showMoved(): Promise<void> {
    const bar = this.snap.headMoved;
    const moved = this.movedTo;
    if (!bar || !moved || bar.working) return;
    const unsaved = this.workingText() !== this.base.text;
    if (unsaved && !bar.confirming) {
      this.set({ headMoved: { ...bar, confirming: true } });
      return;
    }
    this.set({ headMoved: { ...bar, working: true, error: null } });
    if (unsaved && !(await this.flushSave({ keepHead: true }))) {
      const now = this.snap.headMoved;
      if (now) this.set({ headMoved: { ...now, working: false, error: `Your edits could not be saved, so they stay here. ${this.snap.save.error ?? ''}`.trim() } });
      return;
    }
    if (this.movedTo !== moved) return;
    await this.follow(moved, this.base.id !== this.synced.id ? this.base.id : null);
    const still = this.snap.headMoved;
    if (still?.working) this.set({ headMoved: { ...still, working: false } });
  }

  /** Back from Show it's offer to save: the bar asks again. */
  cancelShow(): void {
    const bar = this.snap.headMoved;
    if (bar?.confirming) this.set({ headMoved: { ...bar, confirming: false } });
  }

  // ---------- provenance and token data ----------

  private tokensOf(id: string): Promise<IterationTokens | null> {
    let found = this.tokenCache.get(id);
    if (!found) {
      found = this.client.call('history.tokens', { id });
      found.catch(() => this.tokenCache.delete(id));
      this.tokenCache.set(id, found);
    }
    return found;
  }

  private async tokenData(iterationId: string, index: number): Promise<GeneratedToken | null> {
    try {
      return (await this.tokensOf(iterationId))?.tokens[index] ?? null;
    } catch {
      return null;
    }
  }

  /** The spans stored with a version, as the editor holds them (null: none stored, or not readable). */
  private async storedSpans(id: string, text: string): Promise<Span[] | null> {
    let stored: StoredSpan[] | null;
    try {
      stored = await this.client.call('history.spans', { id });
    } catch {
      return null;
    }
    if (!stored) return null;
    const spans = await fromStored(stored, text, (it) => this.tokensOf(it));
    this.spanCache.set(id, spans);
    return spans;
  }

  /**
   * The tints of a version as stored with it, or, for versions saved before spans were kept,
   * rebuilt from history: walk its first-parent path from the oldest
   * model-touched version, carry the spans through each step's changed region, and add each
   * generated version's tokens. Versions the writer saved in this session are cached exactly.
   */
  private async spansFor(id: string, graph: HistoryGraph, text: string): Promise<Span[]> {
    const cached = this.spanCache.get(id);
    if (cached) return cached;
    const stored = await this.storedSpans(id, text);
    if (stored) return stored;
    const byId = new Map(graph.iterations.map((i) => [i.id, i]));
    const chain: Iteration[] = [];
    for (let cur = byId.get(id); cur; ) {
      chain.push(cur);
      if (this.spanCache.has(cur.id) || chain.length > 5000) break;
      const parent = cur.parentIds[0];
      cur = parent ? byId.get(parent) : undefined;
    }
    let k = -1;
    for (let j = chain.length - 1; j >= 0; j--) {
      const c = chain[j] as Iteration;
      if (c.source !== 'user' || this.spanCache.has(c.id)) {
        k = j;
        break;
      }
    }
    if (k < 0) return [];
    // Fetch the texts along the way a few at a time, then walk forward through them.
    const needed = chain.slice(0, k + 2);
    const texts = new Map<string, string>([[id, text]]);
    for (let i = 0; i < needed.length; i += 8) {
      const batch = needed.slice(i, i + 8).filter((it) => !texts.has(it.id));
      const got = await Promise.all(batch.map((it) => this.client.call('history.get', { id: it.id })));
      for (const it of got) texts.set(it.id, it.text ?? '');
      // A version on the way with stored spans is taken as stored, not rebuilt (storedSpans caches it).
      await Promise.all(got.map((it) => this.storedSpans(it.id, it.text ?? '')));
    }
    const textOf = (it: Iteration) => texts.get(it.id) ?? '';
    const older = chain[k + 1];
    let prevText: string | null = older ? textOf(older) : null;
    let prevSpans: Span[] = [];
    const reinserted = new Reinserted();
    for (let j = k; j >= 0; j--) {
      const node = chain[j] as Iteration;
      const nodeText = textOf(node);
      let spans = this.spanCache.get(node.id);
      if (!spans) {
        const data = node.source === 'model' ? await this.tokensOf(node.id) : null;
        const genLength = data ? data.tokens.reduce((n, t) => n + t.text.length, 0) : 0;
        const change =
          prevText === null ? null : data ? generatedChange(prevText, nodeText, data.start, genLength) : changedRegion(prevText, nodeText);
        // A generation is not the writer's edit: what it replaced goes, nothing turns "edited".
        spans = change ? applyChanges(prevSpans, [change], !data) : prevSpans;
        // An undo saved, then redone: the text it put back is the model's again.
        if (change && !data && prevText !== null) spans = reinserted.step(prevText, prevSpans, nodeText, change, spans);
        if (data) {
          const added = tokenSpans(nodeText, data, node.id);
          // A branch's chosen alternative sits just before the generated text: model text too.
          if (change && change.fromB < data.start && data.start <= change.toB) added.push({ from: change.fromB, to: data.start, kind: 'model' });
          spans = addSpans(spans, added);
        }
        this.spanCache.set(node.id, spans);
      }
      prevSpans = spans;
      prevText = nodeText;
    }
    return prevSpans;
  }

  // ---------- export ----------

  exportSource(): { text: string; version: Iteration | null; generated: Iteration | null } {
    const preview = this.snap.preview;
    const text = preview ? (preview.text ?? '') : (this.workingText() ?? '');
    const graph = this.snap.graph;
    const byId = new Map((graph?.iterations ?? []).map((i) => [i.id, i]));
    const versionId = preview?.id ?? this.base.id;
    const version = versionId ? (byId.get(versionId) ?? null) : null;
    let generated: Iteration | null = null;
    for (let cur = version ?? undefined, n = 0; cur && n < 5000; n++) {
      if (cur.source === 'model') {
        generated = cur;
        break;
      }
      const parent = cur.parentIds[0];
      cur = parent ? byId.get(parent) : undefined;
    }
    return { text, version, generated };
  }
}

/** A generation error as a sentence that says what to do. */
export function friendlyGenerationError(err: unknown, model: string | null): string {
  const message = typeof err === 'string' ? err : errorMessage(err);
  if (err instanceof AtelierError && err.code === 'NOT_FOUND' && /^No model/.test(message)) {
    return `${message}. Pick an installed model in the settings panel${model === 'starter-text' ? ' — the starter model is not installed on this machine yet' : ''}.`;
  }
  return message;
}
