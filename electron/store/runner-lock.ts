// One process at a time runs a data folder's job queue. Two that did (the desktop app and
// `atelier serve`, or two `serve`s on one folder) each took queued jobs, and the second one's
// start-up "recovered" the first one's running job as interrupted: it ran twice and its versions
// were saved twice. The lock is SQLite's own file lock on `runner.lock` (an open EXCLUSIVE
// transaction), so the operating system releases it when the process ends, even by SIGKILL, and
// a reused process id can never hold it by mistake. `runner.json` says who holds it, for the message.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AtelierError } from '../../shared/errors';

export interface RunnerLock {
  release(): void;
}

interface Holder {
  pid: number;
  transport: string;
  since: number;
}

function holderWords(dataDir: string): string {
  try {
    const h = JSON.parse(readFileSync(join(dataDir, 'runner.json'), 'utf8')) as Holder;
    const what = h.transport === 'electron' ? 'the Atelier app' : h.transport === 'browser-host' ? 'atelier serve' : 'Atelier';
    return `${what} (process ${h.pid}, since ${new Date(h.since).toLocaleString()})`;
  } catch {
    return 'another Atelier';
  }
}

/** Takes the queue lock of `dataDir`, or refuses with CONFLICT naming the process that holds it. */
export function takeRunnerLock(dataDir: string, transport: string): RunnerLock {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'runner.lock'), { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    throw new AtelierError(
      'CONFLICT',
      `${holderWords(dataDir)} is already running jobs on the data folder ${dataDir}. Use that one, or close it first, or give this one another data folder (--data DIR).`,
    );
  }
  writeFileSync(join(dataDir, 'runner.json'), JSON.stringify({ pid: process.pid, transport, since: Date.now() } satisfies Holder));
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      db.close();
    },
  };
}
