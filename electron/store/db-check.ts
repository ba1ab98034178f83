// Looks at a database file without changing it: is it there, is it a database at all, which schema
// version wrote it, does SQLite's quick_check pass. Start-up decides from this what to do.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

export type DbCheck =
  | { state: 'missing' }
  | { state: 'ok'; version: number }
  | { state: 'newer'; version: number }
  | { state: 'corrupt'; reason: string };

/** SQLite's answers that mean "this file is damaged", as opposed to busy, locked or unreadable. */
const CORRUPTION_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

const MAGIC = 'SQLite format 3\u0000';

export function isCorruption(err: unknown): boolean {
  return CORRUPTION_CODES.has((err as { code?: string })?.code ?? '');
}

/** The 100-byte header, read with plain file I/O (SQLite never sees the file). */
function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(100);
    const n = readSync(fd, head, 0, 100, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks `file` against the newest schema this app knows. A newer header is refused from the bytes
 * alone; otherwise a read-only connection reads the version (the WAL may hold a newer one) and runs
 * quick_check (unless `quick: false`). Errors other than corruption (permissions, locks) are thrown, never called damage.
 */
export function checkDatabase(file: string, latest: number, opts: { quick?: boolean } = {}): DbCheck {
  if (!existsSync(file)) return { state: 'missing' };
  const head = readHeader(file);
  // An empty file is what SQLite itself leaves when it was created and never written: a new database.
  if (head.length === 0) return { state: 'ok', version: 0 };
  if (head.length < 100 || head.toString('latin1', 0, 16) !== MAGIC) {
    return { state: 'corrupt', reason: 'file is not a database (no SQLite header)' };
  }
  const headerVersion = head.readUInt32BE(60);
  if (headerVersion > latest) return { state: 'newer', version: headerVersion };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) return { state: 'newer', version };
    // quick_check reads every page (seconds for a big library); without it, reading the schema
    // still catches a file whose first pages are garbage.
    if (opts.quick === false) {
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      return { state: 'ok', version };
    }
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (problems.length > 0) return { state: 'corrupt', reason: `quick_check: ${problems.slice(0, 3).join('; ').slice(0, 300)}` };
    return { state: 'ok', version };
  } catch (err) {
    if (isCorruption(err)) return { state: 'corrupt', reason: (err as Error).message };
    throw err;
  } finally {
    db?.close();
  }
}
