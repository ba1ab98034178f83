// Names of the library's working folders inside <data>/models: an import being copied, a model
// being deleted for good, and resumable downloads. A copy's staging folder carries the id of the
// process that writes it, so the start-up sweep of another process can tell a live import (left
// alone) from one a crash ended (moved to recovered/).
import { randomBytes } from 'node:crypto';

export const STAGING = '.importing-';
/** A copied model's folder is renamed to this first when deleted for good, then removed. */
export const DELETING = '.deleting-';
export const DOWNLOADS = '.downloads';

export const stagingName = (id: string, pid = process.pid) => `${STAGING}p${pid}-${id}-${randomBytes(4).toString('hex')}`;

export const deletingName = (id: string) => `${DELETING}${id}-${randomBytes(4).toString('hex')}`;

/** The model id a `.deleting-<id>-<hex>` folder was, or null for another name. */
export function deletingId(name: string): string | null {
  const m = /^\.deleting-(.+)-[0-9a-f]{8}$/.exec(name);
  return m ? m[1]! : null;
}

/** The process writing a staging folder; null when the name carries none (an older Atelier's). */
export function stagingOwner(name: string): number | null {
  const m = /^\.importing-p(\d+)-/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Whether a process with this id is running (EPERM: it is, but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
