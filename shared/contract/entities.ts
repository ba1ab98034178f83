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
  /** Its documents out of the trash (a trashed project's documents stay so: they come back with it). */
  documentCount: number;
  /** Its documents trashed on their own: they stay in the trash when the project is restored. */
  trashedDocumentCount: number;
}

export interface DocumentInfo {
  id: string;
  projectId: string;
  kind: DocumentKind;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Set when the document itself is in the trash; null while it is out of it. */
  deletedAt: number | null;
  /**
   * Set when its project is in the trash (the document then is too, whatever its own deletedAt):
   * a document is live, open for writing, only while both are null. As a trashed document, it
   * comes back only after its project.
   */
  projectDeletedAt: number | null;
  headIterationId: string | null;
  iterationCount: number;
  /** An image board's prompt panel as it opens before anyone has typed in it; null for most documents. */
  starter: BoardStarter | null;
}

/** A board's ready prompt and the model it was written for (the Welcome project's board). */
export interface BoardStarter {
  prompt: string;
  model: string;
}

/** A document in the trash, wherever it is: with its project's name, for the Trash page. */
export interface TrashedDocument extends DocumentInfo {
  projectName: string;
}

/** Trashed documents of every project, most recently trashed first; `total` counts them all. */
export interface TrashedDocuments {
  documents: TrashedDocument[];
  total: number;
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
  /** Set (by history.graph) on a re-run made by history.reproduce: its original and the verdict. */
  reproduces?: { originalId: string; outcome: 'identical' | 'differs' };
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
  /** The model-loading stage under way, if the job is loading one now (a warm model has none). */
  stage?: LoadStage | null;
  /** What loading the job's models took, once known (kept with the finished job's progress). */
  load?: JobLoad | null;
}

/**
 * One stage of loading a model. `checking` reads and hashes its files (bytes known); `optimising`
 * builds the optimised graph (first load; cached afterwards); `cached` loads that cached graph;
 * `session` creates the session with no cache. The last three are one native call each: no
 * percentage, only the elapsed time.
 */
export interface LoadStage {
  stage: 'checking' | 'optimising' | 'cached' | 'session';
  /** The model (id or folder name). */
  model: string;
  /** The file being read or opened, relative to nothing (its name), when known. */
  file: string | null;
  /** The provider the session is being created on (null while checking files). */
  provider: string | null;
  bytesDone: number | null;
  bytesTotal: number | null;
  /** How long this stage had been running when it was reported. */
  elapsedMs: number;
}

/** How one model a job needed was made ready: already loaded (warm), or loaded and how. */
export interface ModelLoadRecord {
  model: string;
  served: 'warm' | 'cache' | 'optimised' | 'direct';
  /** Milliseconds its load took (0 when warm). */
  ms: number;
  provider: string | null;
}

export interface JobLoad {
  /** Milliseconds the job spent loading models, in all. */
  ms: number;
  models: ModelLoadRecord[];
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
  /** What start-up had to do to the database (a recovery, a failed backup); empty on a normal start. */
  notices: StartupNotice[];
  /** The device the last finished job of each kind actually ran on (newest first). */
  lastDevices: LastDevice[];
  /** What start-ups moved to <data>/recovered/ (kept there until the user removes it), newest first. */
  recovered: RecoveredFolder[];
}

/** One <data>/recovered/<time>/ folder: files and model folders a crash left that no row referred to. */
export interface RecoveredFolder {
  path: string;
  /** Its name inside recovered/ (what system.deleteRecovered takes). */
  name: string;
  /** How many things it holds (an image file or a whole model folder counts as one). */
  items: number;
  /** The size of every file in it, in bytes (symbolic links count as themselves, not their targets). */
  bytes: number;
  /** When start-up made it (ms since 1970), read from its name; null for a folder named otherwise. */
  at: number | null;
}

/**
 * Something the user must hear about from start-up. `restored`: the database was broken, moved aside
 * and the newest good backup put in its place; `fresh`: broken and no good backup, so an empty one was
 * started (the broken file is still kept); `backup-failed`: a routine backup could not be written;
 * `files-recovered`: files no version refers to (an interrupted save), or model folders no library
 * entry refers to (an interrupted import or download), were moved to recovered/.
 */
export interface StartupNotice {
  kind: 'restored' | 'fresh' | 'backup-failed' | 'files-recovered';
  /** One plain sentence or two, saying exactly what happened and where the files are. */
  message: string;
  /** Why the database was judged broken (SQLite's words), or why the backup failed. */
  reason: string;
  /** Where the broken database now lives (restored / fresh). */
  brokenPath: string | null;
  /** The backup that was put in place (restored), and when it was taken (ms since 1970). */
  backupPath: string | null;
  backupTime: number | null;
  /** When start-up did this (ms since 1970). */
  at: number;
}

export interface LastDevice {
  /** 'text', 'image' or 'upscale'. */
  kind: string;
  jobId: string;
  modelId: string;
  requested: string;
  used: string;
  fallbackReason: string | null;
  at: number;
  /** How that job's models were loaded (absent for jobs from before this was recorded). */
  load?: JobLoad | null;
}
