// Data from the host kept fresh: loaded when the view mounts, when `key` changes, after a
// reconnect (the connection epoch), and whenever `subscribe` calls its reload (a change event).
// A change event that carries the change itself can `amend` the data shown instead of reloading
// it (an answer then in flight gets the same change, so it cannot bring back what it replaced).
// `key` names everything `load` depends on: an answer for an older key is never shown, so a view
// never shows the previous document's data while the next one loads. A failed load keeps the
// data already shown and says why in `error`. A null key loads nothing (nothing to show yet).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client } from '../../shared/client';
import { useClient, useConnectionEpoch } from './ClientContext';
import { errorMessage } from './errorMessage';
import { LiveLoad } from './liveLoad';

export interface LiveQuery<T> {
  data: T | null;
  error: string | null;
  /** Loads again; resolves once the new answer is shown. */
  reload(): Promise<void>;
  /** Shows a value the caller already has (an action's answer) in place of any answer in flight. */
  update(next: (current: T | null) => T | null): void;
}

interface Shown<T> {
  key: string | null;
  data: T | null;
  error: string | null;
}

export function useLiveQuery<T>(
  key: string | null,
  load: (client: Client) => Promise<T>,
  subscribe?: (client: Client, reload: () => void, amend: (change: (data: T) => T) => void) => () => void,
): LiveQuery<T> {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [shown, setShown] = useState<Shown<T>>({ key, data: null, error: null });
  // The newest closures, so callers need not memoize them; `key` says when they mean new data.
  const latest = useRef({ load, subscribe });
  useEffect(() => {
    latest.current = { load, subscribe };
  });
  const current = useRef<{ key: string; loader: LiveLoad<T> } | null>(null);

  useEffect(() => {
    if (key === null) return;
    const loader = new LiveLoad<T>(
      () => latest.current.load(client),
      (result) =>
        setShown((old) => {
          const data = old.key === key ? old.data : null;
          return result.ok ? { key, data: result.data, error: null } : { key, data, error: errorMessage(result.error) };
        }),
    );
    current.current = { key, loader };
    void loader.reload();
    const amend = (change: (data: T) => T) => {
      loader.amend(change);
      setShown((old) => (old.key === key && old.data !== null ? { ...old, data: change(old.data) } : old));
    };
    const off = latest.current.subscribe?.(client, () => void loader.reload(), amend);
    return () => {
      loader.close();
      if (current.current?.loader === loader) current.current = null;
      off?.();
    };
  }, [client, key, epoch]);

  const reload = useCallback(() => current.current?.loader.reload() ?? Promise.resolve(), []);
  const update = useCallback((next: (data: T | null) => T | null) => {
    const now = current.current;
    if (!now) return;
    now.loader.supersede();
    setShown((old) => ({ key: now.key, data: next(old.key === now.key ? old.data : null), error: null }));
  }, []);

  const mine = key !== null && shown.key === key;
  return { data: mine ? shown.data : null, error: mine ? shown.error : null, reload, update };
}
