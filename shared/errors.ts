// The closed set of error codes that cross the wire. Handlers throw AtelierError; transports
// serialise it as { code, message, details? } and never leak stack traces.
export const ERROR_CODES = [
  'BAD_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'MODEL_INVALID',
  'CANCELLED',
  'UNAUTHORIZED',
  /** The disk (or the data folder's quota) is full: nothing was written; free space and retry. */
  'DISK_FULL',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AtelierError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AtelierError';
    this.code = code;
    this.details = details;
  }
  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(v.code);
}

/** Any thrown value as a wire error; unknown failures become INTERNAL with a plain message. */
export function toWireError(err: unknown): WireError {
  if (err instanceof AtelierError) return err.toWire();
  if (isWireError(err)) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: message || 'Internal error' };
}
