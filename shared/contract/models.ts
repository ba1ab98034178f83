// The model library: what models.list/get/import/verify/remove/restore take and return.
import { z } from 'zod';
import type { ProviderFit } from '../providers';
import type { ModelInfo } from './entities';
import type { ProviderChoice } from './generate';
import { Id, Name } from './schemas';

export const MODEL_KINDS = ['text', 'diffusion', 'gan', 'upscaler'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const ModelKindSchema = z.enum(MODEL_KINDS);

/** How an imported model's files are kept: copied into the data folder, or read where they are. */
export type ImportMode = 'copy' | 'reference';

export const ListModelsRequest = z.strictObject({
  /** True lists the models in the trash instead of the live ones (starters are never there). */
  trashed: z.boolean().default(false),
});

export const ImportModelRequest = z.strictObject({
  /** An absolute path to a model folder on the machine running Atelier. */
  path: z.string().min(1, 'must not be empty').max(4096, 'is longer than 4096 characters'),
  mode: z.enum(['copy', 'reference']).default('copy'),
  /** Display name (the folder name by default); the id is a slug of it. */
  name: Name.optional(),
  /** The kind the user expects; a folder of another kind is refused with the reason. */
  kind: ModelKindSchema.optional(),
});
export type ImportModelRequest = z.input<typeof ImportModelRequest>;

export const ModelIdRequest = z.strictObject({ id: Id });

/**
 * Queues a download from the Hub (job kind 'download-model'). jobs.cancel pauses it: verified
 * files and the partial one stay on disk, and the same request later resumes where it stopped.
 */
export const DownloadModelRequest = z.strictObject({
  repo: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/, 'must be a Hub repository id like owner/name')
    .refine((s) => !s.includes('..'), 'must not contain ..'),
  revision: z
    .string()
    .regex(/^[A-Za-z0-9._/-]{1,128}$/, 'must be a branch, tag or commit')
    .refine((s) => !s.includes('..'), 'must not contain ..')
    .default('main'),
  /** Globs of the files to fetch (onnx/model_q4.onnx, **\/*.json); all ONNX-relevant files by default. */
  include: z.array(z.string().min(1).max(200)).max(32).default([]),
  name: Name.optional(),
});
export type DownloadModelRequest = z.input<typeof DownloadModelRequest>;

/** What a finished download-model job keeps as its result. */
export interface DownloadSummary {
  modelId: string;
  repo: string;
  commit: string;
  sizeBytes: number;
  fetchedBytes: number;
  files: number;
}

/** One file of a model, as recorded at import. */
export interface ModelFile {
  /** Relative to the model folder, with forward slashes. */
  path: string;
  size: number;
  sha256: string;
}

/** A finding of the preflight: which file (relative to the model folder) and what is wrong. */
export interface PreflightProblem {
  file: string | null;
  message: string;
}

export type FitVerdict = 'fits' | 'may-be-slow' | 'wont-fit';
export type PreflightStatus = 'ok' | 'warnings' | 'failed';

export interface TensorSpec {
  name: string;
  type: string;
  /** Numbers for fixed dimensions, strings for symbolic ones. */
  shape: (number | string)[];
}

export interface OnnxFileReport {
  file: string;
  sizeBytes: number;
  irVersion: number | null;
  /** The default-domain (ai.onnx) opset; null when the file could not be read that far. */
  opset: number | null;
  producer: string | null;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** Milliseconds onnxruntime took to open it (null when it was not opened). */
  openMs: number | null;
}

export interface MemoryEstimate {
  /** Bytes of weights the runtime loads (the ONNX files and their external data). */
  weightsBytes: number;
  /** Working memory at the default size: KV cache + logits, or UNet/VAE activations. */
  runtimeBytes: number;
  totalBytes: number;
  /** What the estimate assumed, in words (e.g. "context 2048, fp32 KV cache"). */
  basis: string;
  freeBytes: number;
  totalMemoryBytes: number;
}

export interface PreflightResult {
  ok: boolean;
  status: PreflightStatus;
  kind: ModelKind;
  problems: PreflightProblem[];
  warnings: PreflightProblem[];
  fit: FitVerdict | null;
  memory: MemoryEstimate | null;
  files: OnnxFileReport[];
  /** Facts the checks read: architecture, layers, vocab size, context length, image size… */
  facts: Record<string, string | number | boolean | null>;
  ortVersion: string;
  checkedAt: number;
  durationMs: number;
}

export interface LibraryModel extends ModelInfo {
  name: string;
  /** Where the files are (the copy in the data folder, the referenced folder, or resources/). */
  dir: string;
  source: 'starter' | 'folder' | 'copy' | 'reference';
  /** The folder it was imported from (imported models only). */
  sourcePath: string | null;
  sizeBytes: number;
  fileCount: number;
  architecture: string | null;
  /** A guess from file names (fp32, fp16, int8, q4, q4f16…), null when nothing hints at one. */
  quantisation: string | null;
  licence: string | null;
  modelCard: boolean;
  /** This model's own provider choice ('auto' follows the global setting). */
  provider: ProviderChoice;
  /** The providers this machine offers, each with whether this model's operators allow it. */
  providers: ProviderFit[];
  preflight: {
    status: PreflightStatus | 'unchecked';
    fit: FitVerdict | null;
    checkedAt: number | null;
    problems: number;
  };
  /** Its folder is gone (a folder read in place was moved or deleted): the check above is stale. */
  missing: boolean;
  createdAt: number | null;
  deletedAt: number | null;
}

export interface ModelDetail extends LibraryModel {
  /** Recorded files with their sha256 (imported models; computed on demand for starters). */
  files: ModelFile[];
  preflightResult: PreflightResult | null;
}

/** How many versions have a recipe made with a model, and in how many documents (trashed ones too: all keep their recipes). */
export interface ModelUsage {
  id: string;
  versions: number;
  documents: number;
}

/** What deleting a trashed model for good removes (the confirm names it before anything happens). */
export interface ModelDeleteSummary {
  id: string;
  name: string;
  source: 'copy' | 'reference';
  /** The folder whose files go (copied models), or the user's own folder that stays (referenced). */
  dir: string;
  /** True when files are removed from disk; false when the model is only forgotten. */
  removesFiles: boolean;
  files: number;
  /** Bytes on disk that deleting frees (0 for a model read in place). */
  bytesFreed: number;
  /** The folder is gone already (moved or deleted outside Atelier). */
  missing: boolean;
}

export interface VerifyResult {
  id: string;
  ok: boolean;
  /** Files missing or changed since import, then everything the preflight found wrong. */
  problems: PreflightProblem[];
  warnings: PreflightProblem[];
  preflight: PreflightResult | null;
}
