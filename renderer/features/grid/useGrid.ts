// Live data for the grid feature: one grid (reloaded on grids.changed), a document's saved grids,
// and each cell's version (text, star) loaded on demand.
import { useCallback, useEffect, useState } from 'react';
import type { Grid, GridSummary, IterationWithContent } from '../../../shared/contract';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';

export function useGrid(id: string): { grid: Grid | null; error: string | null; setGrid(g: Grid): void } {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [grid, setGrid] = useState<Grid | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      client.call('grids.get', { id }).then(
        (g) => {
          if (!live) return;
          setGrid(g);
          setError(null);
        },
        (err: unknown) => live && setError(errorMessage(err)),
      );
    void load();
    const off = client.on('grids.changed', (e) => {
      if (e.id === id) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [client, id, epoch]);
  return { grid: grid?.id === id ? grid : null, error, setGrid };
}

export function useGridList(documentId: string): { grids: GridSummary[] | null; error: string | null; reload(): void } {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [grids, setGrids] = useState<GridSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [seq, setSeq] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () =>
      client.call('grids.list', { documentId }).then(
        (list) => {
          if (!live) return;
          setGrids([...list].sort((a, b) => b.createdAt - a.createdAt));
          setError(null);
        },
        (err: unknown) => live && setError(errorMessage(err)),
      );
    void load();
    const off = client.on('grids.changed', (e) => {
      if (e.documentId === documentId) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [client, documentId, epoch, seq]);
  const reload = useCallback(() => setSeq((n) => n + 1), []);
  return { grids, error, reload };
}

/** A cell's version (text and star); null while it loads. */
export function useIteration(id: string | null): {
  iteration: IterationWithContent | null;
  error: string | null;
  setStarred(starred: boolean): void;
} {
  const client = useClient();
  const [state, setState] = useState<{ id: string; iteration: IterationWithContent | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    client.call('history.get', { id }).then(
      (iteration) => live && setState({ id, iteration, error: null }),
      (err: unknown) => live && setState({ id, iteration: null, error: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, id]);
  const current = state && state.id === id ? state : null;
  const setStarred = useCallback(
    (starred: boolean) => setState((s) => (s?.iteration ? { ...s, iteration: { ...s.iteration, starred } } : s)),
    [],
  );
  return { iteration: current?.iteration ?? null, error: current?.error ?? null, setStarred };
}
