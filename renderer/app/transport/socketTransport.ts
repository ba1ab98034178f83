// The browser transport: one WebSocket to the host at ./ws on the same origin. The auth cookie
// set when the page was opened travels with the upgrade request by itself.
import { oversizedFrame, type ReplyMessage } from '../../../shared/contract/wire';
import type { WireError } from '../../../shared/errors';
import { backoffDelay } from './backoff';
import type { ConnectionState, LiveTransport } from './types';

const LOST: WireError = { code: 'INTERNAL', message: 'Connection to the Atelier host was lost' };
const OFFLINE: WireError = { code: 'INTERNAL', message: 'Not connected to the Atelier host; reconnecting…' };

/** Close codes a host uses to refuse a client; retrying with the same cookie cannot help. */
const REFUSED_CODES = new Set([1008, 4401, 4403]);

interface Pending {
  resolve(value: unknown): void;
  reject(error: WireError): void;
}

export function socketUrl(href: string): string {
  const url = new URL('ws', href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.toString();
}

export function createSocketTransport(url: string = socketUrl(location.href)): LiveTransport {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  // Calls made before the first connection opens wait for it instead of failing at start-up.
  const waiting: { id: number; frame: string }[] = [];
  const eventListeners = new Set<(event: string, data: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  /** Rejects the calls already sent; calls still waiting for the first connection keep waiting. */
  function failSent(error: WireError): void {
    const unsent = new Set(waiting.map((w) => w.id));
    for (const [id, call] of pending) {
      if (unsent.has(id)) continue;
      pending.delete(id);
      call.reject(error);
    }
  }

  function onMessage(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    if (typeof m.event === 'string') {
      for (const listener of eventListeners) listener(m.event, m.data);
      return;
    }
    const reply = message as ReplyMessage;
    if (typeof reply.id !== 'number') return;
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.ok) call.resolve(reply.result);
    else call.reject(reply.error);
  }

  function connect(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      for (const { frame } of waiting.splice(0)) ws.send(frame);
    };
    ws.onmessage = (e) => onMessage(e.data);
    ws.onclose = (e) => {
      if (socket !== ws) return;
      socket = null;
      failSent(LOST);
      if (REFUSED_CODES.has(e.code)) {
        for (const { id } of waiting.splice(0)) pending.get(id)?.reject(LOST);
        pending.clear();
        setState('unauthorized');
        return;
      }
      // Before the first open we are still 'connecting'; afterwards a drop is 'reconnecting'.
      if (state !== 'connecting') setState('reconnecting');
      setTimeout(connect, backoffDelay(attempt++));
    };
  }

  connect();

  return {
    kind: 'browser',
    call(method, params) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const frame = JSON.stringify({ id, method, params });
        // The host would close the connection over it (and every call in flight with it).
        const tooBig = oversizedFrame(frame);
        if (tooBig) return reject(tooBig);
        if (socket?.readyState === WebSocket.OPEN) {
          pending.set(id, { resolve, reject });
          socket.send(frame);
        } else if (state === 'connecting') {
          pending.set(id, { resolve, reject });
          waiting.push({ id, frame });
        } else {
          reject(OFFLINE);
        }
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    state: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
