// The library, kept fresh: the live models and the trashed ones, reloaded whenever the host
// announces models.changed (an import, a verify, a finished download, a change made in another
// window). A stale answer never overwrites a newer one (useLiveQuery).
import type { LibraryModel } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';

export interface ModelLists {
  live: LibraryModel[] | null;
  trashed: LibraryModel[] | null;
  error: string | null;
  reload(): Promise<void>;
}

export function useModels(): ModelLists {
  const { data, error, reload } = useLiveQuery(
    'models',
    (client) => Promise.all([client.call('models.list', { trashed: false }), client.call('models.list', { trashed: true })]),
    (client, reload) => client.on('models.changed', reload),
  );
  return { live: data?.[0] ?? null, trashed: data?.[1] ?? null, error, reload };
}
