// Watches a running host's data folder from outside: a digest of every table's rows (read through
// a second, read-only SQLite connection) and of the files beside the database. PRAGMA
// data_version tells cheaply whether another connection committed since the last look, so the
// full digest is only recomputed when something may have changed.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const DB_FILES = new Set(['atelier.db', 'atelier.db-wal', 'atelier.db-shm', 'atelier.db-journal']);

export class StoreWatch {
  private readonly db: Database.Database;

  constructor(private readonly dataDir: string) {
    this.db = new Database(join(dataDir, 'atelier.db'), { readonly: true, fileMustExist: true });
  }

  /** Changes whenever another connection has committed. */
  version(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** sha256 over every table (rows in a stable order), read in one snapshot. */
  tablesDigest(): string {
    const hash = createHash('sha256');
    this.db.transaction(() => {
      const tables = this.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
      for (const table of tables) {
        const rows = this.db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).raw().all();
        hash.update(`\u0000${table}\u0000${rows.length}`);
        for (const line of rows.map((r) => JSON.stringify(r)).sort()) hash.update(line);
      }
    })();
    return hash.digest('hex');
  }

  /** Every file and folder under the data folder except the database itself: path, size, mtime. */
  filesDigest(): string {
    const hash = createHash('sha256');
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const p = join(dir, e.name);
        const rel = relative(this.dataDir, p);
        if (DB_FILES.has(rel)) continue;
        if (e.isDirectory()) {
          hash.update(`d ${rel}\n`);
          walk(p);
        } else {
          const st = statSync(p, { throwIfNoEntry: false });
          hash.update(`f ${rel} ${st?.size ?? -1} ${st?.mtimeMs ?? -1}\n`);
        }
      }
    };
    walk(this.dataDir);
    return hash.digest('hex');
  }

  close(): void {
    this.db.close();
  }
}
