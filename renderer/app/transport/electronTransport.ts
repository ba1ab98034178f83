// The desktop app's transport: the preload exposes exactly the Transport interface on
// window.atelier, over Electron IPC. IPC cannot drop, so the state is always 'open'.
import type { Transport } from '../../../shared/client';
import type { LiveTransport } from './types';

declare global {
  interface Window {
    atelier?: Transport;
  }
}

export function electronBridge(): Transport | undefined {
  const bridge = window.atelier;
  return bridge && typeof bridge.call === 'function' && typeof bridge.subscribe === 'function' ? bridge : undefined;
}

export function createElectronTransport(bridge: Transport): LiveTransport {
  return {
    kind: 'electron',
    call: (method, params) => bridge.call(method, params),
    subscribe: (listener) => bridge.subscribe(listener),
    state: () => 'open',
    onState: () => () => {},
  };
}
