// Stars for a board's images, kept with the versions in the data folder (history.annotate), so
// they travel with the library and show in grids, search and history alike. A toggle shows at
// once; the board's reload on history.changed then confirms it.
import { useCallback, useMemo, useState } from 'react';
import { useClient } from '../../app/ClientContext';
import type { BoardVersion } from './useBoard';

export function useStars(versions: readonly BoardVersion[]): [ReadonlySet<string>, (id: string) => void, string | null] {
  const client = useClient();
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const stars = useMemo(() => {
    const set = new Set(versions.filter((v) => v.it.starred).map((v) => v.it.id));
    for (const [id, on] of pending) {
      if (on) set.add(id);
      else set.delete(id);
    }
    return set;
  }, [versions, pending]);
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
