// Shapes of the things the contract returns. Plain data: both sides use these types.
export type DocumentKind = 'text' | 'image';
export type IterationSource = 'user' | 'model' | 'mixed';
export type IterationStatus = 'ok' | 'stopped' | 'failed';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Project {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Set when the project is in the trash; null while it is live. */
  deletedAt: number | null;
  documentCount: number;
}

export interface DocumentInfo {
  id: string;
  projectId: string;
  kind: DocumentKind;
  title: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
  headIterationId: string | null;
  iterationCount: number;
}

export interface Iteration {
  id: string;
  documentId: string;
  kind: DocumentKind;
  source: IterationSource;
  status: IterationStatus;
  recipe: unknown;
  artifactId: string;
  createdAt: number;
  /** Set while the version is in the trash. */
  deletedAt: number | null;
  parentIds: string[];
  /** Marks beside the immutable content (history.annotate); always set by the store. */
  starred?: boolean;
  tags?: string[];
  note?: string | null;
}

export interface IterationWithContent extends Iteration {
  /** Text content for text iterations; null for binary artifacts. */
  text: string | null;
}

export interface HistoryGraph {
  iterations: Iteration[];
  edges: { parentId: string; childId: string }[];
}

/** What moving something to the trash takes with it, for a confirm dialog that names it. */
export interface TrashSummary {
  name: string;
  documents: number;
  iterations: number;
}

export interface JobProgress {
  done: number;
  total: number;
  message: string | null;
  /** Estimated milliseconds left, from the observed rate; null until it can be estimated. */
  etaMs: number | null;
}

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  position: number;
  payload: unknown;
  progress: JobProgress | null;
  result: unknown;
  error: { code: string; message: string } | null;
  /** Why the job was re-queued after an interruption, if it was. */
  note: string | null;
  attempts: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface ModelInfo {
  id: string;
  /** Shipped with the app; cannot be deleted. */
  starter: boolean;
  kind: 'text' | 'diffusion' | 'gan' | 'upscaler';
}

export interface ExecutionProviderInfo {
  name: string;
  /** True when this build of onnxruntime can use it on this machine. */
  available: boolean;
  reason: string | null;
}

export interface SystemStatus {
  appVersion: string;
  nodeVersion: string;
  ortVersion: string;
  platform: string;
  arch: string;
  dataDir: string;
  executionProviders: ExecutionProviderInfo[];
  transport: 'electron' | 'browser-host' | 'cli';
}
