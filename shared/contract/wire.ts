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

/** UTF-8 length of a string without encoding it (a 50 MB prompt is not copied to be measured). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The error a client gives at once for a call too big to send, instead of letting the host close
 * the connection over it; null when the frame fits.
 */
export function oversizedFrame(frame: string): WireError | null {
  // Each UTF-16 unit is 1–3 UTF-8 bytes: only measure when the length alone does not decide.
  if (frame.length * 3 <= MAX_MESSAGE_BYTES) return null;
  const atLeast = frame.length > MAX_MESSAGE_BYTES;
  const bytes = atLeast ? frame.length : utf8Length(frame);
  if (bytes <= MAX_MESSAGE_BYTES) return null;
  const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return {
    code: 'BAD_INPUT',
    message: `This request is ${atLeast ? 'at least ' : ''}${mib(bytes)}; the Atelier host accepts at most ${mib(MAX_MESSAGE_BYTES)} at once. Shorten the text or split it.`,
    details: { limitBytes: MAX_MESSAGE_BYTES },
  };
}
