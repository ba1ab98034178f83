// The contract: every method's request schema and (phantom) result type, and every event.
// Both transports and both sides derive their types from this one table.
import { z } from 'zod';
import type {
  DocumentInfo,
  HistoryGraph,
  Iteration,
  IterationWithContent,
  Job,
  JobProgress,
  Project,
  SystemStatus,
  TrashedDocuments,
  TrashSummary,
} from './entities';
import { CompareImagesRequest, CompareRecipesRequest, CompareTextsRequest, type ImageComparison, type TextComparison } from './compare';
import type { RecipeDifference } from '../compare/recipe-diff';
import { RequestRef, StartTextRequest, type GenerateTextStreamed, type IterationTokens, type TokensEvent } from './generate';
import { GridExportRequest, GridIdRequest, GridListRequest, GridSpec, type Grid, type GridExport, type GridPlan, type GridSummary } from './grids';
import {
  AnnotateRequest,
  ExportHistoryRequest,
  TrashScopeRequest,
  EmptyTrashRequest,
  type EmptyTrashResult,
  type HistoryExport,
  type HistoryTrashSummary,
  type ReproduceStarted,
  type Reproduction,
  type VersionMarks,
} from './history';
import { EnhanceRequest, GenerateImageRequest, InterpolateRequest, type PreviewEvent, type RestoredImageRecipe } from './image';
import { JobRequest } from './jobs';
import { PurgeRequest, PurgeScopeRequest, type DeletedDocument, type PurgeResult, type PurgeSummary } from './purge';
import {
  DownloadModelRequest,
  ImportModelRequest,
  ListModelsRequest,
  ModelIdRequest,
  type LibraryModel,
  type ModelDeleteSummary,
  type ModelUsage,
  type ModelDetail,
  type VerifyResult,
} from './models';
import { DocumentKindSchema, Empty, Id, Name, SourceSchema, Text } from './schemas';
import { DeleteRecoveredRequest, type DeleteRecoveredResult } from './recovered';
import { SearchRequest, type SearchResponse } from './search';
import { RetryDevicesRequest, SetModelProviderRequest, SetSettingsRequest, type RuntimeState } from './settings';
import { StoredSpans, type StoredSpan } from './spans';

interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Type-only marker for the result; never read at run time. */
  output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}

export const contract = {
  system: {
    status: method<SystemStatus>()(Empty),
    /** Deletes recovered/ folders for good, if they still hold what the confirm named (else CONFLICT). */
    deleteRecovered: method<DeleteRecoveredResult>()(DeleteRecoveredRequest),
  },
  settings: {
    /** The global provider choice, the memory budget, what is loaded now and the graph cache. */
    get: method<RuntimeState>()(Empty),
    /** Changes the global provider and/or the memory budget (persisted; the worker follows at once). */
    set: method<RuntimeState>()(SetSettingsRequest),
    /**
     * Tries again the providers that failed to start or failed a first run for this model (until
     * now skipped for it, straight to the next device, until the app restarts); other models keep
     * skipping theirs. Without a model: every model's.
     */
    retryDevices: method<RuntimeState>()(RetryDevicesRequest),
  },
  projects: {
    list: method<Project[]>()(z.strictObject({ trashed: z.boolean().default(false) })),
    create: method<Project>()(z.strictObject({ name: Name })),
    rename: method<Project>()(z.strictObject({ id: Id, name: Name })),
    trashSummary: method<TrashSummary>()(z.strictObject({ id: Id })),
    trash: method<Project>()(z.strictObject({ id: Id })),
    restore: method<Project>()(z.strictObject({ id: Id })),
  },
  /** The Trash page's Delete for good and Empty trash: projects, documents and single versions. */
  trash: {
    /** What would go (typed errors for a named project or document not in the trash), for the confirm. */
    summary: method<PurgeSummary>()(PurgeScopeRequest),
    /** Deletes what the summary named and is still in the trash, with the image files nothing else uses. */
    deleteForGood: method<PurgeResult>()(PurgeRequest),
  },
  documents: {
    list: method<DocumentInfo[]>()(z.strictObject({ projectId: Id, trashed: z.boolean().default(false) })),
    get: method<DocumentInfo>()(z.strictObject({ id: Id })),
    create: method<DocumentInfo>()(
      z.strictObject({ projectId: Id, kind: DocumentKindSchema, title: Name, text: Text.optional() }),
    ),
    rename: method<DocumentInfo>()(z.strictObject({ id: Id, title: Name })),
    trashSummary: method<TrashSummary>()(z.strictObject({ id: Id })),
    trash: method<DocumentInfo>()(z.strictObject({ id: Id })),
    restore: method<DocumentInfo>()(z.strictObject({ id: Id })),
    /** Documents in the trash in every project (also those of trashed projects), newest trash first. */
    listTrashed: method<TrashedDocuments>()(z.strictObject({ limit: z.number().int().min(1).max(1000).default(200) })),
  },
  history: {
    /** `recipes: false` sends every recipe as null: a big tree opens faster (history.get has them). */
    graph: method<HistoryGraph>()(z.strictObject({ documentId: Id, recipes: z.boolean().default(true) })),
    get: method<IterationWithContent>()(z.strictObject({ id: Id })),
    /**
     * Adds a text version as a child of the given parents; never overwrites. It becomes the head
     * unless `moveHead` is false (a writer's edits kept aside before showing another window's head).
     */
    commitText: method<Iteration>()(
      z.strictObject({
        documentId: Id,
        parentIds: z.array(Id).max(16).default([]),
        text: Text,
        source: SourceSchema.default('user'),
        moveHead: z.boolean().default(true),
        /** Who wrote which characters (absent: not known, the editor rebuilds them from the history). */
        spans: StoredSpans.optional(),
      }),
    ),
    /**
     * Makes a version the one the editor shows: accept an alternative, restore an old version.
     * `spans` are kept with the version when it has none stored yet (what accepting it showed).
     */
    checkout: method<DocumentInfo>()(z.strictObject({ documentId: Id, iterationId: Id, spans: StoredSpans.optional() })),
    /** Moves a version to the trash, or back. Content and lineage are kept either way. */
    trash: method<Iteration>()(z.strictObject({ id: Id })),
    restore: method<Iteration>()(z.strictObject({ id: Id })),
    /** Per-token data of a generated version (null for versions a person wrote). */
    tokens: method<IterationTokens | null>()(z.strictObject({ id: Id })),
    /** Who wrote which characters of a text version, as stored with it (null: none stored). */
    spans: method<StoredSpan[] | null>()(z.strictObject({ id: Id })),
    /** Star, tags (replacing them) and/or note of a version. */
    annotate: method<Iteration>()(AnnotateRequest),
    /** How many versions emptying the trash would delete (for the confirm text). */
    trashSummary: method<HistoryTrashSummary>()(TrashScopeRequest),
    /** Deletes trashed versions for good, with the artifacts nothing else uses. */
    emptyTrash: method<EmptyTrashResult>()(EmptyTrashRequest),
    /** Re-runs a version's exact recipe as a job; the re-run becomes its child with an outcome. */
    reproduce: method<ReproduceStarted>()(z.strictObject({ id: Id })),
    /** Reproduction records of a version (its re-runs, or its own record when it is one). */
    reproductions: method<Reproduction[]>()(z.strictObject({ id: Id })),
    /** A document's versions as Markdown (YAML front matter per recipe) or JSON (the whole DAG). */
    export: method<HistoryExport>()(ExportHistoryRequest),
  },
  search: {
    /** Words (FTS5 over prompts, texts, notes, tags) and filters (`cfg > 9`, `model:x`, `is:starred`). */
    query: method<SearchResponse>()(SearchRequest),
  },
  compare: {
    /** Pixel difference of two image versions: heat map, mean absolute difference, PSNR. */
    images: method<ImageComparison>()(CompareImagesRequest),
    /** Word diffs against the first text and the recipe settings that differ (also doable client-side with shared/compare). */
    texts: method<TextComparison>()(CompareTextsRequest),
    /** Only the recipe settings that differ between 2–4 versions. */
    recipes: method<RecipeDifference[]>()(CompareRecipesRequest),
  },
  grids: {
    /** The cells a grid spec makes (count, labels, run order) without starting anything. */
    plan: method<GridPlan>()(GridSpec),
    /** Saves the grid and queues one job per cell, grouped by model. */
    start: method<Grid>()(GridSpec),
    get: method<Grid>()(GridIdRequest),
    list: method<GridSummary[]>()(GridListRequest),
    /** Cancels the cells still queued (the running one finishes or stops like any job). */
    cancel: method<Grid>()(GridIdRequest),
    /** One PNG with axis labels (image grids) or a Markdown table (text grids). */
    export: method<GridExport>()(GridExportRequest),
  },
  models: {
    /** Starter, --models folder and imported models (ModelInfo plus library facts). */
    list: method<LibraryModel[]>()(ListModelsRequest),
    get: method<ModelDetail>()(ModelIdRequest),
    /** The model card (README.md) text, when the folder has one. */
    card: method<{ file: string; text: string } | null>()(ModelIdRequest),
    /** Imports a model folder (copy or reference) after a preflight in a child process. */
    import: method<ModelDetail>()(ImportModelRequest),
    /** Re-hashes the files and runs the preflight again; the result is stored with the model. */
    verify: method<VerifyResult>()(ModelIdRequest),
    /** Moves an imported model to the trash (starters are refused); restore brings it back. */
    remove: method<LibraryModel>()(ModelIdRequest),
    restore: method<LibraryModel>()(ModelIdRequest),
    /** How many versions (in how many documents) were made with the model, for the remove confirm. */
    usage: method<ModelUsage>()(ModelIdRequest),
    /** A model's own provider choice ('auto' follows the global one); persisted. */
    setProvider: method<LibraryModel>()(SetModelProviderRequest),
    /** What deleteForever would remove and free, for the confirm (trashed models only). */
    deleteSummary: method<ModelDeleteSummary>()(ModelIdRequest),
    /** Deletes a trashed model for good: a copy's files go; a referenced folder is only forgotten. */
    deleteForever: method<ModelDeleteSummary>()(ModelIdRequest),
    /** Queues a verified, resumable download from the Hub; the model joins the library when done. */
    download: method<Job>()(DownloadModelRequest),
  },
  generate: {
    /** Queues a continuation (N alternatives); each becomes a version when the job ends. */
    text: method<Job>()(StartTextRequest),
    /**
     * The job a generate.text with this ref started, as the queue has it now. Null when none came;
     * one that comes later with that ref is then refused, so a window never misses a job it started.
     */
    find: method<Job | null>()(z.strictObject({ ref: RequestRef })),
    /**
     * The text a running generation has streamed so far (null once it ended): a window that opens
     * while it runs shows it, then appends the tokens that arrive after this answer.
     */
    streamed: method<GenerateTextStreamed | null>()(z.strictObject({ jobId: Id })),
    /** Queues a batch of images (txt2img, img2img from initIterationId, seed variations). */
    image: method<Job>()(GenerateImageRequest),
  },
  images: {
    /** Queues ESRGAN ×2/×4 of an image version; the result is a child version. */
    enhance: method<Job>()(EnhanceRequest),
    /** Queues N in-betweens of two images of one board (same model); each is a child of both. */
    interpolate: method<Job>()(InterpolateRequest),
    /** An image version as a data URL, optionally fitted within maxSide pixels (thumbnails). */
    get: method<{ dataUrl: string; width: number; height: number }>()(
      z.strictObject({ id: Id, maxSide: z.number().int().min(16).max(4096).nullable().default(null) }),
    ),
    /** Reads the recipe from a dropped PNG (Atelier's or AUTOMATIC1111's). */
    /** A PNG, JPEG or WebP file (or only the parts that carry its recipe), in base64. */
    readRecipe: method<RestoredImageRecipe | null>()(z.strictObject({ imageBase64: z.string().max(70_000_000) })),
  },
  jobs: {
    list: method<Job[]>()(z.strictObject({ limit: z.number().int().min(1).max(1000).default(200) })),
    /** One job as the queue has it now (a window catching up with its own job asks for it alone). */
    get: method<Job>()(z.strictObject({ id: Id })),
    enqueue: method<Job>()(JobRequest),
    cancel: method<Job>()(z.strictObject({ id: Id })),
    /** Moves a queued job to an index among the queued jobs (0 = next to run). */
    move: method<Job[]>()(z.strictObject({ id: Id, index: z.number().int().min(0).max(1_000_000) })),
  },
} as const;

export type Contract = typeof contract;
export type ServiceName = keyof Contract;
export type MethodName = {
  [S in ServiceName]: `${S}.${Extract<keyof Contract[S], string>}`;
}[ServiceName];

type SpecOf<M extends MethodName> = M extends `${infer S}.${infer N}`
  ? S extends ServiceName
    ? N extends keyof Contract[S]
      ? Contract[S][N]
      : never
    : never
  : never;

/** What a caller sends (defaults may be omitted). */
export type Params<M extends MethodName> = SpecOf<M> extends MethodSpec<infer I, unknown> ? z.input<I> : never;
/** What a handler receives after validation (defaults filled in). */
export type ParsedParams<M extends MethodName> =
  SpecOf<M> extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type Result<M extends MethodName> = SpecOf<M> extends MethodSpec<z.ZodType, infer O> ? O : never;

export const METHOD_NAMES = Object.entries(contract).flatMap(([service, methods]) =>
  Object.keys(methods).map((name) => `${service}.${name}`),
) as MethodName[];

export function methodSchema(name: string): z.ZodType | undefined {
  const [service, method, extra] = name.split('.');
  if (extra !== undefined || !service || !method) return undefined;
  if (!Object.hasOwn(contract, service)) return undefined;
  const methods = contract[service as ServiceName] as Record<string, MethodSpec<z.ZodType, unknown>>;
  return Object.hasOwn(methods, method) ? methods[method]?.input : undefined;
}

/** Events pushed from the core to every connected client. */
export interface Events {
  'jobs.changed': Job;
  'jobs.progress': { id: string; progress: JobProgress };
  /** `outside`: another process changed it in the data folder (the atelier CLI), not a window here. */
  'projects.changed': { id: string; outside?: true };
  'generate.tokens': TokensEvent;
  'generate.preview': PreviewEvent;
  /**
   * Versions of a document were added or changed. With `marks`, only those versions' star, tags
   * and note changed (nothing else in the graph), so the graph can be patched in place. `change`
   * says what else happened, so a view can skip what cannot touch it (absent: anything may have).
   * `outside`: another process wrote it to the data folder (the atelier CLI), not a window here.
   */
  'history.changed': { documentId: string; iterationIds: string[]; marks?: VersionMarks[]; change?: HistoryChange; outside?: true };
  'models.changed': { id: string };
  /** A grid was started, or one of its cells finished, failed or was cancelled. */
  'grids.changed': { id: string; documentId: string };
  /**
   * A document was deleted for good (the Trash page's Delete for good or Empty trash, in any
   * window or tab). Sent before its project's projects.changed, so a window that has it open
   * closes it, keeping what its editor held, instead of failing its next call with NOT_FOUND.
   * `outside`: another process deleted it in the data folder (the atelier CLI), not a window here.
   */
  'documents.deleted': DeletedDocument & { outside?: true };
}
/**
 * What a history.changed announces: versions added (a save, a generation, a re-run), the head
 * moved (checkout), versions moved into or out of the trash or deleted for good.
 */
export type HistoryChange = 'added' | 'head' | 'trash';
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = [
  'jobs.changed',
  'jobs.progress',
  'projects.changed',
  'generate.tokens',
  'generate.preview',
  'history.changed',
  'models.changed',
  'grids.changed',
  'documents.deleted',
];

export * from './entities';
export * from './jobs';
export * from './generate';
export * from './image';
export * from './models';
export * from './history';
export * from './purge';
export * from './search';
export * from './compare';
export * from './grids';
export * from './settings';
export * from './recovered';
export * from './spans';
