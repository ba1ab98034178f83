// Every CLI command opens the data folder through here: start-up checks, recovery and backups run
// first, and whatever the user must know about them is printed on stderr (never on --json stdout).
import type { StartupNotice } from '../../shared/contract';
import { startCore, type Core, type CoreOptions } from './core';

export function noticeLine(n: StartupNotice): string {
  const what = n.kind === 'backup-failed' ? 'warning' : n.kind === 'files-recovered' ? 'files set aside' : 'the database was recovered';
  return `atelier: ${what}: ${n.message}`;
}

export async function startCliCore(opts: CoreOptions, err: (s: string) => void): Promise<Core> {
  const core = await startCore(opts);
  for (const n of core.notices) err(noticeLine(n));
  return core;
}
