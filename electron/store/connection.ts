// Opens the database: WAL, foreign keys, and migrations run one version per transaction.
import Database from 'better-sqlite3';
import { AtelierError } from '../../shared/errors';
import { LATEST_VERSION, migrations, type Migration } from './migrations';

export type Db = Database.Database;

export function openDatabase(file: string, list: Migration[] = migrations): Db {
  const db = new Database(file);
  try {
    // Check the version before any pragma writes to the file: a newer schema is left untouched.
    refuseNewer(db, list);
    db.pragma('journal_mode = WAL');
    // FULL: an acknowledged write survives power loss too, not just a killed process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, list);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function refuseNewer(db: Db, list: Migration[]): void {
  const latest = list.at(-1)?.version ?? LATEST_VERSION;
  const current = schemaVersion(db);
  if (current > latest) {
    // A newer Atelier wrote this file; touching it could lose data the newer version relies on.
    throw new AtelierError(
      'CONFLICT',
      `This data folder was written by a newer Atelier (schema ${current}, this app knows ${latest}). Update Atelier to open it.`,
    );
  }
}

export function migrate(db: Db, list: Migration[] = migrations): void {
  refuseNewer(db, list);
  const current = schemaVersion(db);
  for (const m of list) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
