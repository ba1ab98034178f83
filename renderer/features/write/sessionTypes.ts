// The shapes of the writing session: the snapshot React reads from it (save state, the generation
// in flight, the rewrite field, the head-moved bar) and what the view gives it. Kept apart from
// the session class so its parts (generationRun, headFollow, rewriteField) and the view's
// components share them without importing the class that wires those parts together.
import type { EditorView } from '@codemirror/view';
import type { Client } from '../../../shared/client';
import type { DocumentInfo, HistoryGraph, IterationWithContent, LoadStage, ProviderChoice, StopReason } from '../../../shared/contract';
import type { PromptCut } from './promptCut';
import type { VersionSpans } from './versionSpans';

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
  /** Each row's version once the job ended; null for a row stopped before it wrote anything (not kept). */
  iterationIds: (string | null)[] | null;
  /** The alternative shown as ghost text (hover or focus on its card). */
  previewRow: number | null;
  accepting: boolean;
  /** The model-loading stage under way before the first token (null when none: a warm model). */
  loading?: LoadStage | null;
  /** The prompt was longer than the model reads: its start was left out (known when the job ends). */
  cut?: PromptCut | null;
  /**
   * Shown again after a reload, its rows' token counts not known yet (what was shown is restored
   * without them): true until the host's catch-up (generate.streamed) answers with them.
   */
  catchingUp?: boolean;
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

/** What every part of a session reads from it: its snapshot, its editor, whether it is gone. */
export interface SessionCore {
  snapshot(): Snapshot;
  set(patch: Partial<Snapshot>): void;
  view(): EditorView | null;
  disposed(): boolean;
}

/** A part that also talks to the host about the session's document and its versions' tints. */
export interface DocumentCore extends SessionCore {
  readonly client: Client;
  readonly documentId: string;
  readonly spans: VersionSpans;
}
