// What the shell needs from a transport beyond the shared Transport: a connection state it can
// show, because only the browser transport can drop and come back.
import type { Transport } from '../../../shared/client';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface LiveTransport extends Transport {
  readonly kind: 'electron' | 'browser';
  state(): ConnectionState;
  /** Called on every state change; returns an unsubscribe function. */
  onState(listener: (state: ConnectionState) => void): () => void;
}
