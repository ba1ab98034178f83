// The pure and self-contained parts of the writing session (renderer/features/write): the job read
// from the editor for Continue / Regenerate / Branch, the change that puts an accepted version in,
// what a start-over does with a Tab or Stop pressed before it, the buffer of events for jobs not
// known yet, the words for a generation that does not run, and the versions an export names.
import { EditorState } from '@codemirror/state';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Iteration, IterationTokens, Job, TokensEvent } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { acceptChange } from '../../renderer/features/write/acceptChange';
import { EarlyEvents } from '../../renderer/features/write/earlyEvents';
import { provenanceField, readOnly, setSpans } from '../../renderer/features/write/editor/extensions';
import { exportedVersions } from '../../renderer/features/write/exportDoc';
import { friendlyGenerationError, promptProblem } from '../../renderer/features/write/generationError';
import { branchJob, continueJob } from '../../renderer/features/write/jobFromText';
import type { Span } from '../../renderer/features/write/provenance';
import { RERUN_DIFFERS, startedOverNotice } from '../../renderer/features/write/rerun';
import { LOADING_SNAPSHOT, type GenRow, type Snapshot } from '../../renderer/features/write/sessionTypes';
import { StartedOver, type Asked } from '../../renderer/features/write/startedOver';

const tok = (text: string) => ({ id: 1, text, p: 0.5, top: [] });

/** An editor state as the session holds it: text, cursor, tints, read-only while a ghost is up. */
function editor(doc: string, cursor: number, spans: Span[] = []): EditorState {
  const state = EditorState.create({ doc, selection: { anchor: cursor }, extensions: [provenanceField, readOnly.of(EditorState.readOnly.of(true))] });
  return state.update({ effects: setSpans.of(spans) }).state;
}

describe('the job read from the editor', () => {
  // "The sea" by the model at 4..11 (two tokens), then the writer's " was calm."
  const text = 'Yes. The sea was calm.';
  const spans: Span[] = [
    { from: 4, to: 8, kind: 'model', ref: { it: 'g1', i: 0 } },
    { from: 8, to: 12, kind: 'model', ref: { it: 'g1', i: 1 } },
  ];

  it('continues at the cursor: the text before it is the prompt, the rest stays after', () => {
    expect(continueJob(editor(text, 12, spans), 'continue')).toEqual({
      mode: 'continue',
      prompt: 'Yes. The sea',
      suffix: ' was calm.',
      from: 12,
      to: 12,
      lead: '',
      rewrite: null,
    });
    expect(continueJob(editor(text, 12, spans), 'alternatives').mode).toBe('alternatives');
  });

  it('regenerates the rest of the model passage the cursor is in, or the one just before it', () => {
    const inside = continueJob(editor(text, 8, spans), 'regenerate');
    expect(inside).toMatchObject({ mode: 'continue', prompt: 'Yes. The', suffix: ' was calm.', from: 8, to: 12 });
    const after = continueJob(editor(text, 12, spans), 'regenerate');
    expect(after).toMatchObject({ from: 12, to: 12, suffix: ' was calm.' });
    const plain = continueJob(editor(text, 2, spans), 'regenerate');
    expect(plain).toMatchObject({ prompt: 'Ye', from: 2, to: 2 });
  });

  it('branches at a model token: the text before it and the chosen alternative, replacing the rest of the passage', () => {
    const job = branchJob(editor(text, 0, spans), spans[1] as Span, ' lake');
    expect(job).toEqual({ mode: 'branch', prompt: 'Yes. The lake', suffix: ' was calm.', from: 8, to: 12, lead: ' lake', rewrite: null });
  });
});

describe('accepting a version', () => {
  const tokens: IterationTokens = { start: 9, tokens: [tok(' a'), tok(' time')] };

  it('puts the generated text where the ghost was, tints its tokens and leaves the cursor after it', () => {
    const state = editor('Once upon. End', 9);
    const text = 'Once upon a time. End';
    const next = state.update(acceptChange(state, { from: 9, to: 9, lead: '' }, 'g2', text, tokens)).state;
    expect(next.doc.toString()).toBe(text);
    expect(next.selection.main.head).toBe(16);
    expect(next.field(provenanceField)).toEqual([
      { from: 9, to: 11, kind: 'model', ref: { it: 'g2', i: 0 } },
      { from: 11, to: 16, kind: 'model', ref: { it: 'g2', i: 1 } },
    ]);
    expect(next.readOnly).toBe(false);
  });

  it("tints a branch's chosen alternative as model text, and replaces the passage it branched from", () => {
    const state = editor('Once upon a hill.', 9);
    const text = 'Once upon the time.';
    const data: IterationTokens = { start: 13, tokens: [tok(' time')] };
    const next = state.update(acceptChange(state, { from: 9, to: 16, lead: ' the' }, 'g3', text, data)).state;
    expect(next.doc.toString()).toBe(text);
    expect(next.selection.main.head).toBe(18);
    expect(next.field(provenanceField)).toEqual([
      { from: 9, to: 13, kind: 'model' },
      { from: 13, to: 18, kind: 'model', ref: { it: 'g3', i: 0 } },
    ]);
  });
});

describe('a job that started over', () => {
  /** A session snapshot the notices are written into. */
  function host() {
    let snap: Snapshot = LOADING_SNAPSHOT;
    return {
      snapshot: () => snap,
      set: (patch: Partial<Snapshot>) => {
        snap = { ...snap, ...patch };
      },
    };
  }
  const asked = (patch: Partial<Asked> = {}): Asked => ({ acceptRow: null, cancelRequested: false, keepUpTo: null, stopAsked: false, ...patch });
  const rows = (...texts: string[]): GenRow[] => texts.map((text) => ({ text, tokens: 1, stopReason: null }));

  it('turns a Tab pressed before into keeping the same text once the new run has written it', () => {
    const h = host();
    const rerun = new StartedOver(h);
    const pending = asked({ acceptRow: 1, cancelRequested: true, stopAsked: true });
    rerun.carryOver(pending, rows('one', 'the sea'));
    expect(pending).toEqual(asked({ acceptRow: 1, cancelRequested: false, keepUpTo: { row: 1, text: 'the sea' }, stopAsked: true }));
    rerun.show();
    expect(h.snapshot().error).toBe(startedOverNotice('tab'));
    expect(rerun.keepReached(pending, rows('', 'the s'))).toBe(false);
    expect(pending.keepUpTo).not.toBeNull();
    expect(rerun.keepReached(pending, rows('', 'the sea was'))).toBe(true);
    expect(pending.keepUpTo).toBeNull();
  });

  it('sends a Stop pressed before to the new run, and says so', () => {
    const h = host();
    const rerun = new StartedOver(h);
    const pending = asked({ stopAsked: true });
    rerun.carryOver(pending, rows('abc'));
    rerun.show();
    expect(pending.cancelRequested).toBe(true);
    expect(h.snapshot().error).toBe(startedOverNotice('stop'));
    rerun.clear();
    expect(h.snapshot().error).toBeNull();
  });

  it('keeps nothing unseen when the new run writes other text: the Tab is dropped and the writer told', () => {
    const h = host();
    const rerun = new StartedOver(h);
    const pending = asked({ acceptRow: 0 });
    rerun.carryOver(pending, rows('the sea'));
    expect(rerun.keepReached(pending, rows('a lake'))).toBe(false);
    expect(pending).toMatchObject({ acceptRow: null, keepUpTo: null });
    expect(h.snapshot().error).toBe(RERUN_DIFFERS);
    // The notice stays when the job ends: the writer decides.
    rerun.ended(pending);
    expect(h.snapshot().error).toBe(RERUN_DIFFERS);
  });

  it('says the new run differs when it ends before writing the kept text again, and leaves other errors alone', () => {
    const h = host();
    const rerun = new StartedOver(h);
    const pending = asked({ acceptRow: 0 });
    rerun.carryOver(pending, rows('the sea'));
    rerun.ended(pending);
    expect(pending).toMatchObject({ acceptRow: null, keepUpTo: null });
    expect(h.snapshot().error).toBe(RERUN_DIFFERS);
    h.set({ error: 'Not saved: disk full' });
    rerun.clear();
    expect(h.snapshot().error).toBe('Not saved: disk full');
  });
});

describe('events for jobs not known yet', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const tokens = (jobId: string, text: string): TokensEvent => ({ jobId, row: 0, tokens: [tok(text)] });
  const job = { id: 'j1', status: 'running' } as Job;

  it('are handed over once, in order, with the last job change', () => {
    const early = new EarlyEvents();
    early.remember('j1', { tokens: tokens('j1', 'a') });
    early.remember('j1', { job });
    early.remember('j1', { tokens: tokens('j1', 'b') });
    const heard = early.take('j1');
    expect(heard?.tokens.map((e) => e.tokens[0]?.text)).toEqual(['a', 'b']);
    expect(heard?.job).toBe(job);
    expect(early.take('j1')).toBeUndefined();
  });

  it('keep at most 5000 token batches a job, and forget jobs not claimed within a minute', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    const early = new EarlyEvents();
    for (let i = 0; i < 5001; i++) early.remember('j1', { tokens: tokens('j1', String(i)) });
    early.remember('old', { job });
    vi.setSystemTime(1_000_000 + 60_001);
    early.remember('new', { job });
    expect(early.take('old')).toBeUndefined();
    expect(early.take('j1')).toBeUndefined();
    expect(early.take('new')?.job).toBe(job);
    vi.setSystemTime(2_000_000);
    for (let i = 0; i < 5001; i++) early.remember('j2', { tokens: tokens('j2', String(i)) });
    expect(early.take('j2')?.tokens).toHaveLength(5000);
  });
});

describe('a generation that does not run', () => {
  it('needs words before the cursor to continue (a rewrite has its selection)', () => {
    expect(promptProblem({ prompt: '  ', suffix: '', rewrite: null })).toBe('Write a few words first: the model continues from the text before the cursor.');
    expect(promptProblem({ prompt: '', suffix: 'Later text', rewrite: null })).toMatch(/^The cursor is at the start: put it where the model should carry on \(.+\+End goes to the end\)\.$/);
    expect(promptProblem({ prompt: 'Once', suffix: '', rewrite: null })).toBeNull();
    expect(promptProblem({ prompt: '', suffix: '', rewrite: { selection: 'x', instruction: 'y' } })).toBeNull();
  });

  it('says to pick an installed model when the model is missing', () => {
    const missing = new AtelierError('NOT_FOUND', 'No model starter-text');
    expect(friendlyGenerationError(missing, 'starter-text')).toBe(
      'No model starter-text. Pick an installed model in the settings panel — the starter model is not installed on this machine yet.',
    );
    expect(friendlyGenerationError(missing, 'other')).toBe('No model starter-text. Pick an installed model in the settings panel.');
    expect(friendlyGenerationError('The generation failed.', null)).toBe('The generation failed.');
  });
});

describe('the versions an export names', () => {
  const it_ = (id: string, source: Iteration['source'], parentIds: string[]): Iteration =>
    ({ id, source, parentIds, documentId: 'd', kind: 'text', status: 'ok', recipe: null, artifactId: 'a', createdAt: 0, deletedAt: null }) as Iteration;
  const graph = { iterations: [it_('u1', 'user', []), it_('m1', 'model', ['u1']), it_('u2', 'user', ['m1']), it_('u3', 'user', ['u2'])], edges: [] };

  it('names the version and the nearest generation up its first-parent line', () => {
    expect(exportedVersions(graph, 'u3')).toEqual({ version: graph.iterations[3], generated: graph.iterations[1] });
    expect(exportedVersions(graph, 'm1').generated?.id).toBe('m1');
    expect(exportedVersions(graph, 'u1')).toEqual({ version: graph.iterations[0], generated: null });
    expect(exportedVersions(null, null)).toEqual({ version: null, generated: null });
  });
});
