// Contract calls straight on a core, as the integration tests make them: the result or a thrown
// error that keeps the wire error's code and details, the wire error of a call that must be
// refused, and a job once it has ended.
import type { Core } from '../../electron/host/core';
import type { Job } from '../../shared/contract';
import type { WireError } from '../../shared/errors';

const ENDED: readonly Job['status'][] = ['done', 'failed', 'cancelled'];

/** A job's status once it will not change again. */
export const hasEnded = (status: string): boolean => (ENDED as readonly string[]).includes(status);

/** The call's result; a refusal throws an Error named for the method, carrying `code` and `details`. */
export async function callOk<T>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await core.call(method, params);
  if (!reply.ok) throw Object.assign(new Error(`${method}: ${reply.error.code} ${reply.error.message}`), { code: reply.error.code, details: reply.error.details });
  return reply.result as T;
}

/** The wire error of a call that must be refused; throws when it succeeds. */
export async function callRefused(core: Core, method: string, params: unknown): Promise<WireError> {
  const reply = await core.call(method, params);
  if (reply.ok) throw new Error(`${method} succeeded`);
  return reply.error;
}

/** The job's row once it has ended (done, failed or cancelled), even if it ended before the call. */
export function jobEnded(core: Core, id: string): Promise<Job> {
  return new Promise<Job>((resolve) => {
    const check = () => {
      const job = core.store.jobs.get(id);
      if (!hasEnded(job.status)) return false;
      off();
      resolve(job);
      return true;
    };
    const off = core.bus.subscribe((event, data) => {
      if (event === 'jobs.changed' && (data as Job).id === id) check();
    });
    check();
  });
}
