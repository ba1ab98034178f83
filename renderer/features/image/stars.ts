// Stars for a board's images, kept with the versions in the data folder (history.annotate), so
// they travel with the library and show in grids, search and history alike. A toggle shows at
// once as a local override; the override goes as soon as the board's versions (reloaded on
// history.changed) agree with it, so a star changed later elsewhere (the tree, a grid, search)
// shows here too instead of the stale local value.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useClient } from '../../app/ClientContext';
import { starredIds, unsettledStars } from './starOverrides';
import type { BoardVersion } from './useBoard';

export function useStars(versions: readonly BoardVersion[]): [ReadonlySet<string>, (id: string) => void, string | null] {
  const client = useClient();
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPending((p) => unsettledStars(p, versions)), [versions]);
  const stars = useMemo(() => starredIds(versions, pending), [versions, pending]);
  const toggle = useCallback(
    (id: string) => {
      const on = !stars.has(id);
      setPending((p) => new Map(p).set(id, on));
      client.call('history.annotate', { id, starred: on }).then(
        () => setError(null),
        (err: unknown) => {
          setPending((p) => {
            const next = new Map(p);
            next.delete(id);
            return next;
          });
          setError(err instanceof Error ? err.message : 'The star could not be saved');
        },
      );
    },
    [client, stars],
  );
  return [stars, toggle, error];
}
