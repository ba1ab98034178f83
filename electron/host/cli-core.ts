// Every CLI command opens the data folder through here: start-up checks, recovery and backups run
// first, and whatever the user must know about them is printed on stderr (never on --json stdout).
import { resolve } from 'node:path';
import type { StartupNotice } from '../../shared/contract';
import { startCore, type Core, type CoreOptions } from './core';
import { defaultDataDir } from './data-dir';

export function noticeLine(n: StartupNotice): string {
  const what = n.kind === 'backup-failed' ? 'warning' : n.kind === 'files-recovered' ? 'files set aside' : 'the database was recovered';
  return `atelier: ${what}: ${n.message}`;
}

export async function startCliCore(opts: CoreOptions, err: (s: string) => void): Promise<Core> {
  const core = await startCore(opts);
  for (const n of core.notices) err(noticeLine(n));
  return core;
}

/** A command's failure the user is told on stderr, with exit code 1 (an unknown id, a refused change). */
export class CliFailure extends Error {}

/**
 * Runs a command on the data folder (`dataDir`, or the default) opened without running jobs: a
 * CliFailure prints its reason and exits 1; otherwise the command's own exit code, 0 when it gives none.
 */
export async function withCliCore(dataDir: string | undefined, err: (s: string) => void, run: (core: Core) => Promise<number | void>): Promise<number> {
  const core = await startCliCore({ dataDir: resolve(dataDir ?? defaultDataDir()), transport: 'cli', runJobs: false }, err);
  try {
    return (await run(core)) ?? 0;
  } catch (e) {
    if (!(e instanceof CliFailure)) throw e;
    err(`atelier: ${e.message}`);
    return 1;
  } finally {
    await core.close();
  }
}
