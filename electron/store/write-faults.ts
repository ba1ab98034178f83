// Test hooks for failures tests cannot cause on cue. A full disk (without root): when
// ATELIER_FAULT_FILE names a file that exists and contains `ENOSPC`, artifact writes stop half-way
// and fail as the OS does. Unset (always, outside tests) each costs one environment lookup.
import { existsSync, readFileSync } from 'node:fs';

export function injectedWriteFault(env: NodeJS.ProcessEnv = process.env): NodeJS.ErrnoException | null {
  const file = env.ATELIER_FAULT_FILE;
  if (!file || !existsSync(file)) return null;
  if (readFileSync(file, 'utf8').trim() !== 'ENOSPC') return null;
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}

/**
 * A test hook for a crash at a named point (ATELIER_CRASH_AT=<point>): the process kills itself
 * there, as a power cut or an OOM kill would, so a test can restart and see what is left. Points:
 * `before-unlink` (a deletion for good has committed; its files are not removed yet).
 */
export function crashPoint(point: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.ATELIER_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
