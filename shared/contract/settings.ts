// Runtime settings: the execution provider jobs use (globally and per model) and the memory budget
// of loaded models, with what is loaded now and the optimised-graph cache.
import { z } from 'zod';
import { PROVIDERS, type ProviderChoice } from './generate';
import { Id } from './schemas';

/** Smallest and largest memory budget for loaded models. */
export const MIN_BUDGET_BYTES = 64 * 2 ** 20;
export const MAX_BUDGET_BYTES = 1024 * 2 ** 30;

export interface RuntimeSettings {
  /** What jobs run on when neither the job nor its model names a provider. */
  provider: ProviderChoice;
  /** Loaded models are evicted, least recently used first, above this many bytes of weights. */
  memoryBudgetBytes: number;
}

/** One model kept loaded in the job worker. */
export interface LoadedModelInfo {
  label: string;
  kind: string;
  provider: string | null;
  bytes: number;
  lastUsedAt: number;
}

export interface RuntimeState {
  settings: RuntimeSettings;
  /** The budget when none is set (half this machine's memory, at most 8 GiB). */
  defaultBudgetBytes: number;
  loaded: LoadedModelInfo[];
  loadedBytes: number;
  /** The on-disk optimised-graph cache. */
  cache: { dir: string; entries: number; bytes: number };
}

export const SetSettingsRequest = z.strictObject({
  provider: z.enum(PROVIDERS).optional(),
  memoryBudgetBytes: z
    .number()
    .int()
    .min(MIN_BUDGET_BYTES, `must be at least ${MIN_BUDGET_BYTES / 2 ** 20} MiB`)
    .max(MAX_BUDGET_BYTES, `must be at most ${MAX_BUDGET_BYTES / 2 ** 30} GiB`)
    .optional(),
});
export type SetSettingsRequest = z.input<typeof SetSettingsRequest>;

/** Whose failed devices to try again: one model's, or (no id) every model's. */
export const RetryDevicesRequest = z.strictObject({ modelId: Id.optional() });
export type RetryDevicesRequest = z.input<typeof RetryDevicesRequest>;

/** A model's own provider choice; 'auto' follows the global setting. */
export const SetModelProviderRequest = z.strictObject({ id: Id, provider: z.enum(PROVIDERS) });
