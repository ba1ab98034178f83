// The runtime settings and what the worker has loaded, kept fresh: loaded on mount and after a
// reconnect, reloaded when a job ends (it may have loaded or evicted a model) or the library changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RuntimeState, SetSettingsRequest } from '../../../shared/contract';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';

export function useRuntime(): { state: RuntimeState | null; error: string | null; save(req: SetSettingsRequest): Promise<void> } {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [state, setState] = useState<RuntimeState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const s = await client.call('settings.get', {});
      if (mine === seq.current) {
        setState(s);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(errorMessage(err));
    }
  }, [client]);

  useEffect(() => {
    void reload();
    const offJobs = client.on('jobs.changed', (job) => {
      if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') void reload();
    });
    const offModels = client.on('models.changed', () => void reload());
    return () => {
      offJobs();
      offModels();
    };
  }, [client, reload, epoch]);

  const save = useCallback(
    async (req: SetSettingsRequest) => {
      ++seq.current;
      setState(await client.call('settings.set', req));
      setError(null);
    },
    [client],
  );

  return { state, error, save };
}
