// Which execution provider each model last ran on, read from the finished jobs the queue already
// holds: a text job's summary carries its recipes; an image job's recipe is read from the first
// version it made (history.get, once per job), an Enhance's as a run of its upscaler. Jobs are
// newest first, so the first hit wins.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DeviceInfo, Job } from '../../../shared/contract';
import { upscaleRun } from '../../../shared/upscale-run';
import { useClient } from '../../app/ClientContext';

export interface DeviceUse extends DeviceInfo {
  /** When the job ended. */
  at: number;
}

interface DeviceLike {
  requested?: unknown;
  used?: unknown;
  fallbackReason?: unknown;
}

interface RecipeLike {
  model?: { id?: unknown };
  device?: DeviceLike;
  /** A diffusion pipeline's models, each on its own device. */
  parts?: Record<string, DeviceLike | undefined>;
}

/** Why the model (or, in a pipeline, one of its parts) did not run where asked, or null. */
function reasonOf(r: RecipeLike): string | null {
  if (typeof r.device?.fallbackReason === 'string') return r.device.fallbackReason;
  const parts = Object.entries(r.parts ?? {}).filter(([, d]) => typeof d?.fallbackReason === 'string');
  return parts.length ? parts.map(([name, d]) => `${name} ran on ${String(d?.used)}: ${String(d?.fallbackReason)}`).join('; ') : null;
}

function fromRecipe(recipe: unknown, at: number): { modelId: string; use: DeviceUse } | null {
  if (typeof recipe !== 'object' || recipe === null) return null;
  const r = recipe as RecipeLike;
  const id = r.model?.id;
  const d = r.device;
  if (typeof id !== 'string' || !d || typeof d.used !== 'string') return null;
  return {
    modelId: id,
    use: {
      used: d.used,
      requested: typeof d.requested === 'string' ? d.requested : d.used,
      fallbackReason: reasonOf(r),
      at,
    },
  };
}

function fromUpscale(recipe: unknown, at: number): { modelId: string; use: DeviceUse } | null {
  const run = upscaleRun(recipe);
  return run && { modelId: run.modelId, use: { ...run.device, at } };
}

const IMAGE_KINDS = new Set(['generate-image', 'enhance-image']);
/** How many recent image jobs to look into (each costs one history.get the first time). */
const IMAGE_LOOKUPS = 12;

function firstIterationId(job: Job): string | null {
  const ids = (job.result as { iterationIds?: unknown } | null)?.iterationIds;
  return Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : null;
}

export function useLastDevices(jobs: Job[]): Map<string, DeviceUse> {
  const client = useClient();
  // Image jobs already asked about, and what their recipes said, by job id.
  const asked = useRef(new Set<string>());
  const [read, setRead] = useState<ReadonlyMap<string, { modelId: string; use: DeviceUse }>>(() => new Map());

  const ended = useMemo(
    () =>
      jobs
        .filter((j) => (j.status === 'done' || j.status === 'cancelled') && j.result !== null)
        .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0)),
    [jobs],
  );

  useEffect(() => {
    const wanted = ended.filter((j) => IMAGE_KINDS.has(j.kind)).slice(0, IMAGE_LOOKUPS);
    for (const job of wanted) {
      if (asked.current.has(job.id)) continue;
      asked.current.add(job.id);
      const iterationId = firstIterationId(job);
      if (!iterationId) continue;
      client.call('history.get', { id: iterationId }).then(
        (it) => {
          const at = job.finishedAt ?? it.createdAt;
          // An Enhance ran the upscaler; its recipe still names the model that drew the source.
          const hit = job.kind === 'enhance-image' ? fromUpscale(it.recipe, at) : fromRecipe(it.recipe, at);
          if (hit) setRead((m) => new Map(m).set(job.id, hit));
        },
        () => {
          /* the version may be gone; no device to show for it */
        },
      );
    }
  }, [client, ended]);

  return useMemo(() => {
    const out = new Map<string, DeviceUse>();
    for (const job of ended) {
      const at = job.finishedAt ?? job.createdAt;
      let hits: { modelId: string; use: DeviceUse }[] = [];
      if (job.kind === 'generate-text') {
        const rows = (job.result as { rows?: unknown } | null)?.rows;
        const first = Array.isArray(rows) ? fromRecipe((rows[0] as { recipe?: unknown } | undefined)?.recipe, at) : null;
        hits = first ? [first] : [];
      } else if (IMAGE_KINDS.has(job.kind)) {
        const hit = read.get(job.id);
        hits = hit ? [hit] : [];
      }
      for (const hit of hits) if (!out.has(hit.modelId)) out.set(hit.modelId, hit.use);
    }
    return out;
  }, [ended, read]);
}
