// Everything one board shows, kept live: its versions (history.graph, reloaded on history.changed
// and after a reconnect; a change of marks only is put on its version in place), their lineage,
// and the image jobs still running for it with the step previews the engine streams
// (generate.preview).
import { useEffect, useMemo, useState } from 'react';
import type { ImageRecipe, Iteration, Job, PreviewEvent } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { useLiveQuery } from '../../app/useLiveQuery';
import { withMarks } from '../history/versionMarks';
import { asImageRecipe, isTrashed } from './recipe';

export interface BoardVersion {
  it: Iteration;
  recipe: ImageRecipe | null;
  /** 1 for the board's first image, in the order they were made; stable names like "#12". */
  number: number;
}

export interface Board {
  /** Newest first. */
  versions: BoardVersion[];
  /** Versions in the trash, most recently trashed first. */
  trashed: BoardVersion[];
  byId: Map<string, BoardVersion>;
  children: Map<string, string[]>;
  parents: Map<string, string[]>;
  loaded: boolean;
  error: string | null;
}

export function useBoardGraph(documentId: string): Board {
  const { data: graph, error } = useLiveQuery(
    documentId,
    (client) => client.call('history.graph', { documentId }),
    (client, reload, amend) =>
      client.on('history.changed', (e) => {
        if (e.documentId !== documentId) return;
        const marks = e.marks;
        if (marks) amend((graph) => withMarks(graph, marks));
        else reload();
      }),
  );

  return useMemo(() => {
    const all = (graph?.iterations ?? []).filter((it) => it.kind === 'image');
    const ordered = [...all].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const numbered = ordered.map((it, i) => ({ it, recipe: asImageRecipe(it.recipe), number: i + 1 }));
    const live = numbered.filter((v) => !isTrashed(v.it)).reverse();
    const trashed = numbered.filter((v) => isTrashed(v.it)).sort((a, b) => (b.it.deletedAt ?? 0) - (a.it.deletedAt ?? 0));
    const byId = new Map(live.map((v) => [v.it.id, v]));
    const children = new Map<string, string[]>();
    const parents = new Map<string, string[]>();
    for (const { parentId, childId } of graph?.edges ?? []) {
      if (!byId.has(parentId) || !byId.has(childId)) continue;
      children.set(parentId, [...(children.get(parentId) ?? []), childId]);
      parents.set(childId, [...(parents.get(childId) ?? []), parentId]);
    }
    return { versions: live, trashed, byId, children, parents, loaded: graph !== null, error };
  }, [graph, error]);
}

/** What a pending tile shows: a batch of a generate job, or one enhance. */
export interface PendingBatch {
  job: Job;
  kind: 'generate' | 'enhance';
  count: number;
  /** Enhance: the version being enlarged and by how much. */
  source?: string;
  scale?: number;
  previews: (PreviewEvent | undefined)[];
}

interface GeneratePayload {
  request?: { documentId?: string; batch?: number; initIterationId?: string | null };
}
interface EnhancePayloadShape {
  iterationId?: string;
  scale?: number;
}

/** How long a finished job's tiles wait for its versions to arrive before giving up. */
const SETTLE_MS = 30_000;

/**
 * The board's image jobs that have not landed as versions yet. Which board a job is for is read
 * from its payload (the request it was queued with), or known because this window queued it.
 */
export function usePendingBatches(documentId: string, jobs: Job[], board: Board, ownJobIds: ReadonlySet<string>): PendingBatch[] {
  const client = useClient();
  const [previews, setPreviews] = useState<Map<string, (PreviewEvent | undefined)[]>>(() => new Map());

  useEffect(
    () =>
      client.on('generate.preview', (e) => {
        setPreviews((map) => {
          const next = new Map(map);
          const list = [...(next.get(e.jobId) ?? [])];
          const known = list[e.index];
          // Late events can arrive out of order; keep the furthest step.
          if (!known || known.step <= e.step) list[e.index] = e;
          next.set(e.jobId, list);
          return next;
        });
      }),
    [client],
  );

  const batches = useMemo(() => {
    const now = Date.now();
    const out: PendingBatch[] = [];
    // A version trashed the moment it landed has arrived all the same (its tiles must not come back as "Saving…").
    const landed = (id: string) => board.byId.has(id) || board.trashed.some((v) => v.it.id === id);
    for (const job of jobs) {
      if (job.kind !== 'generate-image' && job.kind !== 'enhance-image') continue;
      const generate = job.kind === 'generate-image';
      const gp = job.payload as GeneratePayload | null;
      const ep = job.payload as EnhancePayloadShape | null;
      const mine = generate ? gp?.request?.documentId === documentId : Boolean(ep?.iterationId && board.byId.has(ep.iterationId));
      if (!mine && !ownJobIds.has(job.id)) continue;
      if (job.status === 'failed' || job.status === 'cancelled') continue;
      if (job.status === 'done') {
        // Keep the tiles until the new versions are on the board, so nothing blinks.
        const ids = (job.result as { iterationIds?: string[] } | null)?.iterationIds ?? [];
        const arrived = ids.every(landed);
        if (arrived || now - (job.finishedAt ?? now) > SETTLE_MS) continue;
      }
      out.push({
        job,
        kind: generate ? 'generate' : 'enhance',
        count: generate ? Math.max(1, gp?.request?.batch ?? 1) : 1,
        source: generate ? undefined : ep?.iterationId,
        scale: generate ? undefined : ep?.scale,
        previews: previews.get(job.id) ?? [],
      });
    }
    // Newest first, like the versions below them.
    return out.sort((a, b) => b.job.createdAt - a.job.createdAt);
  }, [jobs, documentId, board.byId, board.trashed, ownJobIds, previews]);

  // Forget previews of jobs that are gone from the pending list.
  useEffect(() => {
    const keep = new Set(batches.map((b) => b.job.id));
    setPreviews((map) => {
      if ([...map.keys()].every((id) => keep.has(id))) return map;
      return new Map([...map].filter(([id]) => keep.has(id)));
    });
  }, [batches]);

  return batches;
}

/** 0..1 for image `index` of a batch, from the job's overall step count. */
export function tileProgress(batch: PendingBatch, index: number): number | null {
  const preview = batch.previews[index];
  const p = batch.job.progress;
  if (batch.job.status === 'done') return 1;
  if (p && p.total > 0) {
    const per = p.total / batch.count;
    const own = (p.done - index * per) / per;
    if (own > 0 || !preview) return Math.max(0, Math.min(1, own));
  }
  if (preview) return preview.step / Math.max(1, preview.steps);
  return batch.job.status === 'running' ? null : 0;
}
