// Electron when the preload bridge is there, the host's WebSocket otherwise.
import { createElectronTransport, electronBridge } from './electronTransport';
import { createSocketTransport } from './socketTransport';
import type { LiveTransport } from './types';

export function pickTransport(): LiveTransport {
  const bridge = electronBridge();
  return bridge ? createElectronTransport(bridge) : createSocketTransport();
}
