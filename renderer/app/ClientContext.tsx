// Gives every component the typed client, plus the connection state and an "epoch" that bumps
// each time the connection (re)opens, so lists reload whatever changed while we were away.
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createClient, type Client } from '../../shared/client';
import type { ConnectionState, LiveTransport } from './transport/types';

interface ClientValue {
  client: Client;
  transport: LiveTransport;
}

const ClientContext = createContext<ClientValue | null>(null);
const EpochContext = createContext(0);

export function ClientProvider({ transport, children }: { transport: LiveTransport; children: ReactNode }) {
  const value = useMemo(() => ({ client: createClient(transport), transport }), [transport]);
  const [epoch, setEpoch] = useState(0);
  useEffect(
    () =>
      transport.onState((state) => {
        if (state === 'open') setEpoch((n) => n + 1);
      }),
    [transport],
  );
  return (
    <ClientContext.Provider value={value}>
      <EpochContext.Provider value={epoch}>{children}</EpochContext.Provider>
    </ClientContext.Provider>
  );
}

function useClientValue(): ClientValue {
  const value = useContext(ClientContext);
  if (!value) throw new Error('useClient must be used inside <ClientProvider>');
  return value;
}

export function useClient(): Client {
  return useClientValue().client;
}

/** Changes whenever the connection reopens; put it in an effect's deps to reload after a drop. */
export function useConnectionEpoch(): number {
  return useContext(EpochContext);
}

/**
 * Calls `listener` the moment the connection drops: before anything a later connection brings is
 * handled (an effect on the state or the epoch runs only after some of it may have been).
 */
export function useConnectionDrop(listener: (() => void) | null): void {
  const { transport } = useClientValue();
  useEffect(
    () =>
      listener
        ? transport.onState((state) => {
            if (state === 'reconnecting') listener();
          })
        : undefined,
    [transport, listener],
  );
}

export function useConnectionState(): ConnectionState {
  const { transport } = useClientValue();
  return useSyncExternalStore(transport.onState, transport.state);
}
