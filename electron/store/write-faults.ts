// A test hook for the one failure tests cannot cause for real without root: a full disk. When
// ATELIER_FAULT_FILE names a file that exists and contains `ENOSPC`, artifact writes stop half-way
// and fail as the OS does. Unset (always, outside tests) it costs one environment lookup.
import { existsSync, readFileSync } from 'node:fs';

export function injectedWriteFault(env: NodeJS.ProcessEnv = process.env): NodeJS.ErrnoException | null {
  const file = env.ATELIER_FAULT_FILE;
  if (!file || !existsSync(file)) return null;
  if (readFileSync(file, 'utf8').trim() !== 'ENOSPC') return null;
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}
