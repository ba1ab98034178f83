// The runtime settings and what the worker has loaded, kept fresh: reloaded when a job ends (it
// may have loaded or evicted a model) or the library changes.
import { useCallback } from 'react';
import type { RuntimeState, SetSettingsRequest } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { useLiveQuery } from '../../app/useLiveQuery';

export function useRuntime(): {
  state: RuntimeState | null;
  error: string | null;
  save(req: SetSettingsRequest): Promise<void>;
} {
  const client = useClient();
  const { data, error, update } = useLiveQuery(
    'settings',
    (c) => c.call('settings.get', {}),
    (c, reload) => {
      const offJobs = c.on('jobs.changed', (job) => {
        if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') reload();
      });
      const offModels = c.on('models.changed', reload);
      return () => {
        offJobs();
        offModels();
      };
    },
  );

  const save = useCallback(
    async (req: SetSettingsRequest) => {
      const next = await client.call('settings.set', req);
      update(() => next);
    },
    [client, update],
  );

  return { state: data, error, save };
}
