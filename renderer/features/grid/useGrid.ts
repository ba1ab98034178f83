// Live data for the grid feature: one grid (reloaded on grids.changed), a document's saved grids,
// and each cell's version (text, star) loaded on demand.
import { useCallback } from 'react';
import type { Grid, GridSummary, IterationWithContent } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';

export function useGrid(id: string): { grid: Grid | null; error: string | null; setGrid(g: Grid): void } {
  const { data, error, update } = useLiveQuery(
    id,
    (client) => client.call('grids.get', { id }),
    (client, reload) =>
      client.on('grids.changed', (e) => {
        if (e.id === id) reload();
      }),
  );
  const setGrid = useCallback((g: Grid) => update(() => g), [update]);
  return { grid: data?.id === id ? data : null, error, setGrid };
}

export function useGridList(documentId: string): { grids: GridSummary[] | null; error: string | null; reload(): void } {
  const { data, error, reload } = useLiveQuery(
    documentId,
    async (client) => [...(await client.call('grids.list', { documentId }))].sort((a, b) => b.createdAt - a.createdAt),
    (client, reload) =>
      client.on('grids.changed', (e) => {
        if (e.documentId === documentId) reload();
      }),
  );
  return { grids: data, error, reload };
}

/** A cell's version (text and star); null while it loads. */
export function useIteration(id: string | null): {
  iteration: IterationWithContent | null;
  error: string | null;
  setStarred(starred: boolean): void;
} {
  const { data, error, update } = useLiveQuery(id, (client) => client.call('history.get', { id: id! }));
  const setStarred = useCallback((starred: boolean) => update((it) => (it ? { ...it, starred } : it)), [update]);
  return { iteration: data, error, setStarred };
}
