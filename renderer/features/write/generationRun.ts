// The generation in flight in a writing session: starting it (generate.text), its streamed tokens
// and job events (also those heard before its id is known), catching up after a reconnect or a
// host restart (a job that started over, a generate.text answer that was lost, one a reload left
// running), and the writer's Stop / Esc / Tab / pick an alternative on it. Its own file because it
// is the session's largest concern with state of its own (the pending job, the notices about it);
// it reaches the editor, the snapshot and the saved base only through RunHost.
import type { EditorView } from '@codemirror/view';
import type { GenerateTextStreamed, Job, StopReason, StoredSpan, TokensEvent } from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { errorMessage } from '../../app/errorMessage';
import { randomId } from '../../app/randomId';
import { thisTab } from '../../app/thisTab';
import { acceptChange } from './acceptChange';
import { EarlyEvents } from './earlyEvents';
import { provenanceField } from './editor/extensions';
import { friendlyGenerationError, promptProblem } from './generationError';
import { clearGhost, drawGhost, focusSoon, ghostOf, lockEditor, revealAt } from './ghostText';
import { amendPending, forgetPending, rememberPending, type PendingRecord } from './pendingGen';
import { startedOver } from './rerun';
import { jobById } from './resumable';
import type { NewJob } from './jobFromText';
import type { DocumentCore, GenView, SessionOptions, Snapshot } from './sessionTypes';
import { issuesFromDetails } from './settings';
import { notKept } from './keptRows';
import { NOTHING_ASKED, StartedOver, type Asked } from './startedOver';
import { toStored } from './storedSpans';

/** What a generation needs from the session: its snapshot, its editor, its saved base, its other parts. */
export interface RunHost extends DocumentCore {
  readonly options: SessionOptions;
  /** Saves the writer's text (the generation continues the saved version); false when it could not. */
  flushSave(): Promise<boolean>;
  /** The version the editor's text is based on. */
  baseId(): string | null;
  /** An accepted version is now what the editor's text is based on. */
  setBase(base: { id: string; text: string }): void;
  /** Makes a version the head (this window's own move, not news). */
  checkout(id: string, spans?: StoredSpan[]): Promise<void>;
  refresh(): Promise<void>;
  refreshSoon(): void;
  /** Deals with a head moved elsewhere once nothing is under way. */
  settle(): void;
  /** The notice about typing into the read-only editor goes. */
  clearBlocked(): void;
  /** Closes the rewrite instruction field. */
  cancelRewrite(focus: boolean): void;
  /** Marks [from, to) again and opens the rewrite instruction field (after a failure, with its reason). */
  reopenRewrite(range: { from: number; to: number }, instruction: string, error: string | null): void;
}

interface JobResultRow {
  text: string;
  stopReason: StopReason;
  tokenCount: number;
}

/** The generation in flight: the job started (jobFromText.ts), and what the writer asked of it (Asked). */
export interface Pending extends NewJob, Asked {
  parentId: string | null;
  /** The attempt of the job whose text the rows hold (0: no run seen yet); a later one started over (rerun.ts). */
  run: number;
}

const TERMINAL = new Set(['done', 'cancelled', 'failed']);
/** How often a catch-up (generate.streamed) is asked for before the rows count on from the next tokens. */
const CATCH_UP_TRIES = 3;

export class GenerationRun {
  private pending: Pending | null = null;
  /** Events for jobs not known yet (they may arrive before generate.text answers). */
  private readonly early = new EarlyEvents();
  /** A generation whose generate.text answer was lost (the connection dropped): found by its ref. */
  private lost: { pending: Pending; record: PendingRecord; message: string } | null = null;
  /** A running job being caught up with (after a reload or a reconnect): its tokens so far come in one answer. */
  private catchingUp: string | null = null;
  /** The connection is down (from connectionLost until reconnected): a catch-up that failed is asked again then. */
  private offline = false;
  /** Why the last Stop did not reach the host (shown until a later one does). */
  private stopError: string | null = null;
  /** A job that started over: what becomes of a Tab or Stop pressed before, and the notice saying so. */
  private readonly rerun: StartedOver;

  constructor(private readonly host: RunHost) {
    this.rerun = new StartedOver(host);
  }

  private get snap(): Snapshot {
    return this.host.snapshot();
  }

  private get view(): EditorView | null {
    return this.host.view();
  }

  private get disposed(): boolean {
    return this.host.disposed();
  }

  private set(patch: Partial<Snapshot>): void {
    this.host.set(patch);
  }

  private setGen(patch: Partial<GenView> | null): void {
    if (patch === null) this.set({ gen: null });
    else if (this.snap.gen) this.set({ gen: { ...this.snap.gen, ...patch } });
  }

  /** A generation is being started or shown (its slot is taken). */
  get active(): boolean {
    return this.pending !== null;
  }

  /** Listens to the job and token events (the offs returned are called as the session closes). */
  listen(): (() => void)[] {
    return [
      this.host.client.on('generate.tokens', (e) => this.onTokens(e)),
      this.host.client.on('jobs.changed', (job) => this.onJob(job)),
      this.host.client.on('jobs.progress', ({ id, progress }) => {
        const gen = this.snap.gen;
        if (!this.ours(id) || !gen || gen.status === 'done' || gen.status === 'stopped') return;
        if ((progress.stage ?? null) !== (gen.loading ?? null)) this.setGen({ loading: progress.stage ?? null });
      }),
    ];
  }

  /**
   * The connection dropped (called as it happens, before anything of a later connection arrives):
   * tokens heard once reconnected wait for the catch-up, which holds them. The host may have
   * restarted meanwhile and begun the job again, and its new tokens must not follow the old text.
   */
  connectionLost(): void {
    this.offline = true;
    const gen = this.snap.gen;
    if (gen?.jobId && gen.status !== 'done' && gen.status !== 'stopped') this.catchingUp = gen.jobId;
  }

  /** After a reconnect: find a job whose start was not answered, and catch up with one whose events (its tokens too) were missed. */
  async reconnected(): Promise<void> {
    this.offline = false;
    if (this.lost) await this.findLost();
    const gen = this.snap.gen;
    if (gen?.jobId && gen.status !== 'done' && gen.status !== 'stopped') {
      try {
        const job = await jobById(this.host.client, gen.jobId);
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
  }

  /** A generation that did not run: a rewrite says why next to its field, the rest by the action bar. */
  private failed(job: Pick<Pending, 'from' | 'to' | 'rewrite'>, message: string): void {
    if (job.rewrite) this.host.reopenRewrite(job, job.rewrite.instruction, message);
    else this.set({ error: message });
  }

  /** Starts a generation (one at a time): the text is saved first, the job queued, its ghost text shown. */
  async start(job: NewJob): Promise<void> {
    const req = this.host.options.request();
    if ('issues' in req) {
      const message = 'Some settings need a fix first — see the marked fields in the settings panel.';
      if (job.rewrite && this.snap.rewriteAsk) this.set({ rewriteAsk: { ...this.snap.rewriteAsk, instruction: job.rewrite.instruction, error: message } });
      else this.set({ error: message });
      return;
    }
    const problem = promptProblem(job);
    if (problem) {
      this.set({ error: problem });
      return;
    }
    const n = job.mode === 'alternatives' ? req.alternatives : 1;
    // Claim the slot before the first await so a double press starts one job.
    this.pending = { ...job, ...NOTHING_ASKED, parentId: null, run: 0 };
    this.host.cancelRewrite(false);
    this.set({ error: null });
    const [saved, tab] = await Promise.all([this.host.flushSave(), thisTab()]);
    if (!saved || this.disposed) {
      this.pending = null;
      if (job.rewrite && !this.disposed) this.failed(job, 'Not rewritten: the text could not be saved first (see the save state above).');
      return;
    }
    const pending = this.pending;
    pending.parentId = this.host.baseId();
    this.set({
      gen: {
        mode: job.mode,
        status: 'starting',
        jobId: null,
        rows: Array.from({ length: n }, () => ({ text: '', tokens: 0, stopReason: null })),
        iterationIds: null,
        previewRow: null,
        accepting: false,
      },
    });
    lockEditor(this.view, true);
    // A rewrite's original shows struck through; a selection drawn over it would hide that.
    if (job.rewrite) this.view?.dispatch({ selection: { anchor: job.to } });
    this.showGhost(job.mode === 'alternatives' ? null : '', true);
    // Where it writes comes into view (Continue pressed while reading elsewhere in a long text).
    revealAt(this.view, job.from);
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
    rememberPending(this.host.documentId, record);
    let started: Job;
    try {
      started = await this.host.client.call('generate.text', {
        ref: record.ref,
        documentId: this.host.documentId,
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
          this.host.options.onIssues(issues);
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
      void this.host.client.call('jobs.cancel', { id: started.id }).catch(() => {});
      return;
    }
    this.setGen({ jobId: started.id });
    // Amended, not written anew: a Tab or Stop pressed while it was being queued is in the record.
    amendPending(this.host.documentId, { jobId: started.id });
    const early = this.early.take(started.id);
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
      job = await this.host.client.call('generate.find', { ref: lost.record.ref });
    } catch {
      return; // Still out of reach: asked again once reconnected.
    }
    if (this.lost !== lost) return;
    this.lost = null;
    if (this.disposed) return;
    if (this.pending !== lost.pending) {
      // Rejected meanwhile: stop it (what it wrote is still kept as a version).
      if (job) void this.host.client.call('jobs.cancel', { id: job.id }).catch(() => {});
      return;
    }
    if (!job) {
      this.endGeneration();
      this.failed(lost.pending, lost.message);
      return;
    }
    amendPending(this.host.documentId, { jobId: job.id });
    // Tab or Esc pressed while it was looked for goes in with it, as after a reload: a job that
    // ended meanwhile is kept at once (Tab), a running one is stopped.
    const { acceptRow, cancelRequested, keepUpTo, stopAsked } = lost.pending;
    const shown = Array.from({ length: lost.record.rows }, () => '');
    void this.resume({ ...lost.record, asked: { acceptRow, cancelRequested, keepUpTo, stopAsked, run: 0, shown } }, job);
    this.rememberAsked();
  }

  /**
   * Shows a generation started before a reload as it was: finished or stopped, its text as ghost
   * text to keep (Tab) or reject (Esc); still running, what it wrote so far, streaming on. A Tab
   * or Stop pressed before the reload (the host may not have heard it) is carried out as it would
   * have been without one: the rows start as they were shown then, so a job that started over
   * meanwhile is seen to (rerun.ts).
   */
  async resume(record: PendingRecord, job: Job): Promise<void> {
    const { asked, ...started } = record;
    const { run, shown, ...wish } = asked ?? { ...NOTHING_ASKED, run: 0, shown: [] };
    this.pending = { ...started, prompt: '', suffix: '', ...wish, run };
    this.set({
      gen: {
        mode: record.mode,
        status: 'starting',
        jobId: job.id,
        // The text shown before the reload, its token count unknown until the catch-up gives it.
        rows: Array.from({ length: record.rows }, (_, i) => ({ text: shown[i] ?? '', tokens: 0, stopReason: null })),
        iterationIds: null,
        previewRow: null,
        accepting: false,
        // A queued job has written nothing yet: its tokens all come as events, none to catch up with.
        catchingUp: job.status === 'running',
      },
    });
    if (record.rewrite) this.view?.dispatch({ selection: { anchor: record.to } });
    this.showGhost(record.mode === 'alternatives' ? null : '', true);
    revealAt(this.view, record.from);
    // Tab keeps and Esc stops or rejects: the editor takes the focus once shown (on a reload it is
    // still hidden while loading, and a hidden element takes no focus).
    focusSoon(() => this.view, () => this.disposed);
    if (TERMINAL.has(job.status)) return this.applyJob(job);
    this.applyJob(job);
    // A Stop (or Tab) the host had not heard before the reload: it stops now.
    if (this.pending?.cancelRequested) void this.stop();
    // Still queued, it waits as before the reload ("Waiting for the queue…").
    if (job.status === 'running') await this.catchUp(job.id);
  }

  /**
   * Puts in the rows what a running job streamed so far (after a reload, or tokens missed while
   * offline): tokens heard before the answer are in it, those after it are added to it.
   */
  private async catchUp(jobId: string): Promise<void> {
    this.catchingUp = jobId;
    // Undefined: not answered (the rows stay as they are).
    let sofar: GenerateTextStreamed | null | undefined;
    // Asked again after a failure: the tokens held meanwhile are in the next answer, so its count
    // and text are whole, where counting on from the failure would leave out what came before.
    for (let tries = CATCH_UP_TRIES; sofar === undefined && tries > 0 && this.catchingUp === jobId && !this.offline; tries--) {
      try {
        sofar = await this.host.client.call('generate.streamed', { jobId });
      } catch {
        // Asked again, or (the last try) shown from the next tokens on; the whole text comes with the result.
      }
    }
    if (this.catchingUp === jobId) this.catchingUp = null;
    const gen = this.snap.gen;
    if (!gen || !this.ours(jobId) || gen.status === 'done' || gen.status === 'stopped') return;
    if (sofar === undefined) {
      // Not answered while connected: "Catching up…" would stay until the job ends, so the tokens
      // that come are counted instead. Offline, the catch-up once reconnected answers it.
      if (gen.catchingUp && !this.offline) this.setGen({ catchingUp: false });
      return;
    }
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
    this.setGen({ rows, status: 'running', loading: null, catchingUp: false });
    this.syncGhost();
    this.keepOnceWritten();
  }

  private ours(jobId: string): boolean {
    return this.snap.gen?.jobId === jobId;
  }

  private onTokens(e: TokensEvent): void {
    if (!this.ours(e.jobId)) {
      // Only a job we are starting can be unknown yet; anything else is another window's.
      if (this.pending && this.snap.gen?.jobId === null) this.early.remember(e.jobId, { tokens: e });
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
    else if (this.pending && this.snap.gen?.jobId === null && job.kind === 'generate-text') this.early.remember(job.id, { job });
  }

  private applyJob(job: Job): void {
    const pending = this.pending;
    if (!this.snap.gen || !pending || this.snap.gen.status === 'done' || this.snap.gen.status === 'stopped') return;
    if (startedOver(pending.run, job)) this.startOver();
    if (job.status === 'running' && job.attempts > pending.run) pending.run = job.attempts;
    const gen = this.snap.gen;
    if (job.status === 'queued') {
      this.setGen({ status: 'queued' });
    } else if (job.status === 'running') {
      if (gen.status !== 'running') this.setGen({ status: 'running' });
    } else if (job.status === 'failed') {
      this.endGeneration();
      this.failed(pending, friendlyGenerationError(job.error?.message ?? 'The generation failed.', null));
    } else {
      const result = (job.result ?? {}) as { iterationIds?: (string | null)[]; rows?: JobResultRow[]; promptTokens?: number; truncatedPromptTokens?: number };
      const ids = result.iterationIds ?? [];
      // No row kept: stopped before the first token (the host adds no version then), or nothing came.
      if (!ids.some((id) => id !== null)) {
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
      this.rerun.ended(pending);
      const stopped = job.status === 'cancelled' || rows.some((r) => r.stopReason === 'cancelled');
      const left = result.truncatedPromptTokens ?? 0;
      const cut = left > 0 ? { left, reads: result.promptTokens ?? 0 } : null;
      this.setGen({ status: stopped ? 'stopped' : 'done', iterationIds: ids, rows, cut });
      this.syncGhost();
      // Stop goes away with the run: the focus it had comes back to the editor, where Tab keeps and Esc rejects.
      focusSoon(() => this.view, () => this.disposed);
      this.host.refreshSoon();
      if (pending.acceptRow !== null) void this.accept(pending.acceptRow);
    }
  }

  private showGhost(text: string | null, streaming: boolean): void {
    const view = this.view;
    if (view && this.pending) drawGhost(view, this.pending, text, streaming);
  }

  /** The ghost shows what the generation's row (or the previewed alternative) holds now. */
  private syncGhost(): void {
    const gen = this.snap.gen;
    if (!gen) return;
    const shown = ghostOf(gen);
    this.showGhost(shown.text, shown.streaming);
  }

  /** A number key while alternatives are shown: keep that one (1 is the first). False when there is none to pick. */
  pickAlternative(row: number): boolean {
    const gen = this.snap.gen;
    if (!gen || gen.mode !== 'alternatives' || row < 0 || row >= gen.rows.length) return false;
    // An alternative stopped before it wrote anything has no version to keep.
    if (notKept(gen, row)) return false;
    void this.accept(row);
    return true;
  }

  /** Shows one alternative inline as ghost text while its card is hovered or focused. */
  previewAlternative(row: number | null): void {
    const gen = this.snap.gen;
    if (!gen || gen.mode !== 'alternatives' || gen.previewRow === row) return;
    this.setGen({ previewRow: row });
    this.syncGhost();
    if (row !== null && this.pending) revealAt(this.view, this.pending.from);
  }

  private endGeneration(): void {
    this.pending = null;
    forgetPending(this.host.documentId);
    this.set({ gen: null });
    this.host.clearBlocked();
    this.rerun.clear();
    const view = this.view;
    if (!view) return;
    clearGhost(view);
    // A head moved elsewhere while it ran is dealt with now.
    this.host.settle();
  }

  /**
   * The job this window streams started over (the host stopped and ran it again from the start):
   * the rows are emptied, to fill with the new run's text (startedOver.ts: a Tab or Stop pressed before).
   */
  private startOver(): void {
    const gen = this.snap.gen;
    const pending = this.pending;
    if (!gen || !pending) return;
    this.rerun.carryOver(pending, gen.rows);
    this.setGen({ rows: gen.rows.map(() => ({ text: '', tokens: 0, stopReason: null })) });
    this.syncGhost();
    // The notice that a Stop or Tab had not gone out gives way to what happens to it now.
    this.stopError = null;
    this.rerun.show();
    this.rememberAsked();
  }

  /** Tab pressed while the host was down: once the new run has written the text shown then, it is stopped and kept. */
  private keepOnceWritten(): void {
    const pending = this.pending;
    const gen = this.snap.gen;
    if (!pending?.keepUpTo || !gen) return;
    if (this.rerun.keepReached(pending, gen.rows)) void this.stop();
    // The new run wrote other text: the Tab is dropped, after a reload too.
    else if (!pending.keepUpTo) this.rememberAsked();
  }

  /**
   * What the writer asked goes into the pending record, so a reload before the host has heard it
   * (the connection down) still carries it out. `patch` stores a field otherwise than it is held
   * here (a Stop under way is stored as not heard until the host answers).
   */
  private rememberAsked(patch: Partial<Asked> = {}): void {
    const pending = this.pending;
    const gen = this.snap.gen;
    if (!pending || !gen) return;
    const { acceptRow, cancelRequested, keepUpTo, stopAsked, run } = pending;
    const shown = gen.rows.map((r) => r.text);
    amendPending(this.host.documentId, { asked: { acceptRow, cancelRequested, keepUpTo, stopAsked, ...patch, run, shown } });
  }

  /** Stop: the job is cancelled; what it wrote so far is kept as a stopped version. */
  async stop(): Promise<void> {
    const gen = this.snap.gen;
    const pending = this.pending;
    if (!gen || !pending || gen.status === 'done' || gen.status === 'stopped') return;
    pending.stopAsked = true;
    if (!gen.jobId) {
      pending.cancelRequested = true;
      this.rememberAsked();
      return;
    }
    // A reload before the answer sends it again (a second stop of a job that ended is refused, and ignored).
    this.rememberAsked({ cancelRequested: true });
    try {
      await this.host.client.call('jobs.cancel', { id: gen.jobId });
      pending.cancelRequested = false;
      if (this.pending === pending) this.rememberAsked();
      if (this.stopError !== null && this.snap.error === this.stopError) this.set({ error: null });
      this.stopError = null;
    } catch (err) {
      // It finished on its own in the meantime: the result is on its way.
      if (err instanceof AtelierError && err.code === 'CONFLICT') return;
      // Not delivered (the connection is down): sent again once reconnected (or reloaded), so Stop (or Tab) still stops it.
      pending.cancelRequested = true;
      if (this.pending === pending) this.rememberAsked();
      this.stopError = errorMessage(err);
      this.set({ error: this.stopError });
    }
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
    this.host.refreshSoon();
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
        this.host.client.call('history.get', { id }),
        this.host.spans.tokensOf(id),
      ]);
      const text = it.text ?? '';
      // The tints the editor will show are kept with the version as it becomes the head.
      const spans = view.state.update(acceptChange(view.state, pending, id, text, tokens)).state.field(provenanceField);
      await this.host.checkout(id, toStored(spans));
      if (this.pending !== pending || this.disposed) return;
      this.pending = null;
      forgetPending(this.host.documentId);
      view.dispatch(acceptChange(view.state, pending, id, text, tokens));
      this.host.setBase({ id, text });
      const finalSpans = view.state.field(provenanceField);
      this.host.spans.remember(id, finalSpans);
      this.set({
        gen: null,
        baseId: id,
        save: { status: 'saved', error: null },
        editedSinceAccept: false,
        empty: text.length === 0,
        hasModelText: finalSpans.length > 0,
      });
      this.host.clearBlocked();
      this.rerun.clear();
      view.focus();
      void this.host.refresh();
      this.host.settle();
    } catch (err) {
      this.setGen({ accepting: false });
      this.set({ error: `Could not accept that version: ${errorMessage(err)}` });
    }
  }


  /** Esc while a generation is shown: stop it in flight, reject it once finished. */
  escape(): void {
    const gen = this.snap.gen;
    if (!gen) return;
    if (gen.status === 'done' || gen.status === 'stopped') this.reject();
    else void this.stop();
  }

  /** The rewrite shown, once finished (to run its instruction again), or null. */
  finishedRewrite(): { from: number; to: number; rewrite: { selection: string; instruction: string } } | null {
    const p = this.pending;
    const gen = this.snap.gen;
    if (!p?.rewrite || gen?.mode !== 'rewrite' || (gen.status !== 'done' && gen.status !== 'stopped')) return null;
    return { from: p.from, to: p.to, rewrite: p.rewrite };
  }
}
