// A full disk is a condition the user can fix, not an internal failure: give it its own error.
import { AtelierError } from '../../shared/errors';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

export function isDiskFull(err: unknown): boolean {
  return FULL.has((err as { code?: string })?.code ?? '');
}

/** `err` as a DISK_FULL AtelierError when it says the disk is full; otherwise `err` unchanged. */
export function asDiskFull(err: unknown, what: string): unknown {
  if (!isDiskFull(err)) return err;
  return new AtelierError('DISK_FULL', `${what}: the disk is full. Free some space and try again.`, {
    cause: (err as { code: string }).code,
  });
}
