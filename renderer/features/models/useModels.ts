// The library, kept fresh: the live models and the trashed ones, loaded on mount and after a
// reconnect, reloaded whenever the host announces models.changed (an import, a verify, a finished
// download, a change made in another window). A stale answer never overwrites a newer one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryModel, SystemStatus } from '../../../shared/contract';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';

export interface ModelLists {
  live: LibraryModel[] | null;
  trashed: LibraryModel[] | null;
  error: string | null;
  reload(): Promise<void>;
}

export function useModels(): ModelLists {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [live, setLive] = useState<LibraryModel[] | null>(null);
  const [trashed, setTrashed] = useState<LibraryModel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const [a, b] = await Promise.all([client.call('models.list', { trashed: false }), client.call('models.list', { trashed: true })]);
      if (mine !== seq.current) return;
      setLive(a);
      setTrashed(b);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(errorMessage(err));
    }
  }, [client]);

  useEffect(() => {
    void reload();
    return client.on('models.changed', () => void reload());
  }, [client, reload, epoch]);

  return { live, trashed, error, reload };
}

/** system.status once (and after a reconnect): which execution providers this machine offers. */
export function useSystemStatus(): { status: SystemStatus | null; error: string | null } {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [status, setStatus] = useState<SystemStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.call('system.status', {}).then(
      (s) => {
        if (!live) return;
        setStatus(s);
        setError(null);
      },
      (err: unknown) => {
        if (live) setError(errorMessage(err));
      },
    );
    return () => {
      live = false;
    };
  }, [client, epoch]);
  return { status, error };
}
