// Messages on the browser host's WebSocket. Electron IPC carries the same call/result shapes.
import type { WireError } from '../errors';

export interface CallMessage {
  id: number;
  method: string;
  params?: unknown;
}

export type ReplyMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number | null; ok: false; error: WireError };

export interface EventMessage {
  event: string;
  data: unknown;
}

/** Largest WebSocket frame the host accepts; bigger ones close with 1009 before parsing. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
