// settings.* and models.setProvider behind the contract, and the device each kind of job last ran
// on (read from the finished jobs' recipes) for the status panel.
import type { LastDevice } from '../../shared/contract';
import type { DeviceInfo } from '../../shared/contract/generate';
import { upscaleRun } from '../../shared/upscale-run';
import type { ModelLibrary } from '../models/library';
import type { ModelRegistry } from '../models/registry';
import type { Store } from '../store';
import type { EventBus } from './events';
import type { Handlers } from './handlers';
import type { RuntimeControl } from './runtime-control';

type RuntimeHandlers = Pick<Handlers, 'settings.get' | 'settings.set' | 'settings.retryDevices' | 'models.setProvider'>;

export function runtimeHandlers(runtime: RuntimeControl, library: ModelLibrary, models: ModelRegistry, store: Store, bus: EventBus): RuntimeHandlers {
  return {
    'settings.get': () => runtime.state(),
    'settings.set': (req) => runtime.set(req),
    // One model's: the worker remembers failures by the folder it loaded the model from.
    'settings.retryDevices': ({ modelId }) => runtime.retryDevices(modelId === undefined ? undefined : models.resolve(modelId).dir),
    'models.setProvider': async ({ id, provider }) => {
      models.resolve(id);
      store.settings.setModelProvider(id, provider);
      bus.emit('models.changed', { id });
      await runtime.providers();
      return library.list().find((m) => m.id === id) ?? library.get(id);
    },
  };
}

const KIND_OF_JOB: Record<string, string> = { 'generate-text': 'text', 'generate-image': 'image', 'enhance-image': 'upscale' };

function fromRecipe(recipe: unknown, upscale = false): { modelId: string; device: DeviceInfo } | null {
  if (upscale) return upscaleRun(recipe);
  const r = recipe as { model?: { id?: unknown }; device?: Partial<DeviceInfo> } | null;
  const d = r?.device;
  if (!r || typeof r.model?.id !== 'string' || !d || typeof d.used !== 'string') return null;
  return { modelId: r.model.id, device: { requested: typeof d.requested === 'string' ? d.requested : d.used, used: d.used, fallbackReason: d.fallbackReason ?? null } };
}

/** The newest finished job of each kind that made something, with the device its recipe records. */
export function lastDevices(store: Store): LastDevice[] {
  const out: LastDevice[] = [];
  const seen = new Set<string>();
  for (const job of store.jobs.list(500)) {
    const kind = KIND_OF_JOB[job.kind];
    if (!kind || seen.has(kind) || (job.status !== 'done' && job.status !== 'cancelled') || !job.result) continue;
    const result = job.result as { rows?: { recipe?: unknown }[]; iterationIds?: (string | null)[] };
    let hit = fromRecipe(result.rows?.[0]?.recipe);
    if (!hit && result.iterationIds?.[0]) {
      try {
        hit = fromRecipe(store.history.get(result.iterationIds[0]).recipe, kind === 'upscale');
      } catch {
        hit = null;
      }
    }
    if (!hit) continue;
    seen.add(kind);
    out.push({ kind, jobId: job.id, modelId: hit.modelId, ...hit.device, at: job.finishedAt ?? job.createdAt, load: job.progress?.load ?? null });
  }
  return out;
}
