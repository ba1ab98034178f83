// Validates a request against the contract, then calls its handler. Whatever happens, the
// answer is a typed result or a typed { code, message } error; nothing is thrown to the transport.
import type { z } from 'zod';
import { methodSchema } from '../../shared/contract';
import { AtelierError, toWireError, type WireError } from '../../shared/errors';
import { asDiskFull } from '../store/disk-errors';
import type { Handlers } from './handlers';

export type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

const MAX_ISSUES = 3;

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_ISSUES).map((i) => {
    const path = i.path.length ? i.path.map(String).join('.') : 'request';
    return `${path}: ${i.message}`.slice(0, 200);
  });
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '';
  return parts.join('; ') + more;
}

export type Logger = (message: string, err?: unknown) => void;

export async function dispatch(handlers: Handlers, method: unknown, params: unknown, log?: Logger): Promise<Reply> {
  if (typeof method !== 'string' || method.length > 100) {
    return { ok: false, error: { code: 'BAD_INPUT', message: 'The request has no valid method name' } };
  }
  const schema = methodSchema(method);
  const handler = (handlers as unknown as Record<string, (p: unknown) => unknown>)[method];
  if (!schema || !handler || !Object.hasOwn(handlers, method)) {
    return { ok: false, error: { code: 'BAD_INPUT', message: `Unknown method '${method.slice(0, 100)}'` } };
  }
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String), message: i.message.slice(0, 200) }));
    return {
      ok: false,
      error: { code: 'BAD_INPUT', message: `Invalid request for ${method}: ${describeIssues(parsed.error.issues)}`, details: { issues } },
    };
  }
  try {
    return { ok: true, result: await handler(parsed.data) };
  } catch (err) {
    if (err instanceof AtelierError) return { ok: false, error: err.toWire() };
    // SQLite's own "database or disk is full", from any handler that writes.
    const full = asDiskFull(err, `${method} could not be saved`);
    if (full instanceof AtelierError) return { ok: false, error: full.toWire() };
    // Unexpected failures are logged here in full and cross the wire without internals.
    log?.(`${method} failed`, err);
    const wire = toWireError(err);
    return { ok: false, error: { code: 'INTERNAL', message: `${method} failed: ${wire.message}`.slice(0, 500) } };
  }
}
