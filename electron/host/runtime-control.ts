// The host's side of the runtime: which providers this machine really offers (probed once, in the
// job worker), which providers a job tries (request → model → global choice, then the model's
// allowed providers), the memory budget and cache the worker is configured with, and what it has
// loaded now.
import { join } from 'node:path';
import type { ExecutionProviderInfo } from '../../shared/contract';
import type { ProviderChoice } from '../../shared/contract/generate';
import type { RuntimeState, SetSettingsRequest } from '../../shared/contract/settings';
import { effectiveChoice, providerFits, providerOrder } from '../../shared/providers';
import type { JobWorker } from '../engine/runtime/job-worker';
import { cacheUsage } from '../engine/runtime/optimized-cache';
import { executionProviders } from '../engine/runtime/providers';
import type { WorkerConfig } from '../engine/runtime/protocol';
import { defaultBudgetBytes } from '../engine/runtime/warm-pool';
import { modelOps } from '../models/model-ops';
import { scanFolder } from '../models/inspect';
import type { ModelEntry } from '../models/registry';
import type { Store } from '../store';

/** The providers a job tries, with the choice that applied. */
export interface JobProviders {
  provider: ProviderChoice;
  order: string[];
}

export class RuntimeControl {
  private probed: ExecutionProviderInfo[] | null = null;
  private probing: Promise<ExecutionProviderInfo[]> | null = null;
  readonly cacheDir: string;

  constructor(
    private readonly store: Store,
    private readonly worker: JobWorker,
    /** False (one-shot CLI commands): no worker is started just to probe; accelerators that need a probe count as absent. */
    private readonly probe: boolean,
  ) {
    this.cacheDir = join(store.dataDir, 'cache', 'ort');
    worker.configure(this.workerConfig());
  }

  private workerConfig(): WorkerConfig {
    return { budgetBytes: this.store.settings.budgetBytes() ?? defaultBudgetBytes(), cacheDir: this.cacheDir };
  }

  /**
   * Every provider of this onnxruntime build, accelerators probed (once) for whether they start
   * here; `force` probes even for a one-shot command (`atelier status`).
   */
  providers(force = false): Promise<ExecutionProviderInfo[]> {
    if (this.probed) return Promise.resolve(this.probed);
    if (!this.probe && !force) return Promise.resolve(this.unprobed());
    this.probing ??= this.worker.probe().then((p) => {
      this.probed = p ?? this.unprobed('the probe did not finish (the worker stopped)');
      return this.probed;
    });
    return this.probing;
  }

  /** Without a probe, only what the build bundles that needs no adapter (WebGPU may not start). */
  private unprobed(why = 'not probed by this command'): ExecutionProviderInfo[] {
    return executionProviders().map((p) => (p.available && p.name === 'webgpu' ? { ...p, available: false, reason: why } : p));
  }

  /** The providers that start on this machine (what is known now; CPU at least). */
  offered(): string[] {
    return (this.probed ?? this.unprobed()).filter((p) => p.available).map((p) => p.name);
  }

  /** What a job for `model` tries: the applying choice, then the best allowed provider, then CPU. */
  plan(model: ModelEntry, requested: string): JobProviders {
    const choice = effectiveChoice(requested, this.store.settings.modelProvider(model.id), this.store.settings.provider()) as ProviderChoice;
    let files: { path: string }[] = [];
    try {
      files = scanFolder(model.dir);
    } catch {
      /* the job reports the missing folder */
    }
    return { provider: choice, order: providerOrder(choice, providerFits(model.kind, modelOps(model.dir, model.kind, files), this.offered())) };
  }

  state(): RuntimeState {
    const loaded = this.worker.loaded.map(({ label, kind, provider, bytes, lastUsedAt }) => ({ label, kind, provider, bytes, lastUsedAt }));
    return {
      settings: { provider: this.store.settings.provider(), memoryBudgetBytes: this.store.settings.budgetBytes() ?? defaultBudgetBytes() },
      defaultBudgetBytes: defaultBudgetBytes(),
      loaded,
      loadedBytes: loaded.reduce((n, m) => n + m.bytes, 0),
      cache: { dir: this.cacheDir, ...cacheUsage(this.cacheDir) },
    };
  }

  /** Accelerators that failed for a model are skipped until the worker restarts or this is asked (for the model in `dir`, or every model). */
  retryDevices(dir?: string): RuntimeState {
    this.worker.retryDevices(dir);
    return this.state();
  }

  set(req: SetSettingsRequest): RuntimeState {
    if (req.provider !== undefined) this.store.settings.setProvider(req.provider);
    if (req.memoryBudgetBytes !== undefined) this.store.settings.setBudgetBytes(req.memoryBudgetBytes);
    this.worker.configure(this.workerConfig());
    return this.state();
  }
}
