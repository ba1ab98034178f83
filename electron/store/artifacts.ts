// Content-addressed artifacts: text inline in the row, binary files under <data>/artifacts/ab/<sha256>.
// A file is fully written and fsynced before its row commits, so a row never points at a partial
// file, and a failed write (a full disk) removes its partial file; files a crash leaves without a
// row are swept aside at start-up (artifact-sweep.ts).
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AtelierError } from '../../shared/errors';
import type { Db } from './connection';
import { asDiskFull } from './disk-errors';
import { newId } from './ids';
import { crashPoint, injectedWriteFault } from './write-faults';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

export class ArtifactsRepo {
  constructor(
    private readonly db: Db,
    private readonly dir: string,
  ) {}

  putText(text: string, mime = 'text/plain'): string {
    const id = sha256(text);
    this.db
      .prepare(
        `INSERT INTO artifacts (id, storage, mime, size, text, created_at) VALUES (?, 'inline', ?, ?, ?, ?)
         ON CONFLICT(id) DO NOTHING`,
      )
      .run(id, mime, Buffer.byteLength(text), text, Date.now());
    return id;
  }

  /**
   * Stores bytes as `ab/<sha256>`. The row is inserted first, inside a transaction, so this
   * connection holds the database write lock while the file is written (temp file, fsync,
   * rename, fsync of the folder) and the row becomes visible only when the caller's transaction
   * commits, after the file is durable. Holding the lock is what lets the start-up sweep (which
   * takes it too) tell a file some live writer is about to commit from one a crash left behind.
   */
  putFile(bytes: Uint8Array, mime: string): string {
    const id = sha256(bytes);
    const path = this.pathOf(id);
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO artifacts (id, storage, mime, size, text, created_at) VALUES (?, 'file', ?, ?, NULL, ?)
           ON CONFLICT(id) DO NOTHING`,
        )
        .run(id, mime, bytes.byteLength, Date.now());
      if (!existsSync(path)) this.writeFile(path, bytes);
    })();
    return id;
  }

  /**
   * Writes to a temporary name, fsyncs, renames, fsyncs the folder (so the rename survives a power
   * loss too); on any failure the partial file is removed.
   */
  private writeFile(path: string, bytes: Uint8Array): void {
    const tmp = `${path}.${newId()}.tmp`;
    try {
      mkdirSync(join(path, '..'), { recursive: true });
      const fd = openSync(tmp, 'w');
      try {
        const fault = injectedWriteFault();
        if (fault) {
          writeSync(fd, bytes, 0, bytes.byteLength >> 1);
          throw fault;
        }
        for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      syncFolder(dirname(path));
    } catch (err) {
      rmSync(tmp, { force: true });
      throw asDiskFull(err, 'The image could not be saved');
    }
  }

  text(id: string): string | null {
    const row = this.db.prepare('SELECT storage, text FROM artifacts WHERE id = ?').get(id) as
      | { storage: string; text: string | null }
      | undefined;
    if (!row) throw new AtelierError('NOT_FOUND', `No artifact ${id}`);
    return row.text;
  }

  bytes(id: string): Buffer {
    const t = this.text(id);
    return t !== null ? Buffer.from(t) : readFileSync(this.pathOf(id));
  }

  /** Bytes of the file artifacts that only the given versions use (what emptying them frees). */
  exclusiveBytes(iterationIds: string[]): number {
    if (iterationIds.length === 0) return 0;
    const doomed = new Set(iterationIds);
    const users = this.db.prepare('SELECT id FROM iterations WHERE artifact_id = ?').pluck();
    const seen = new Set<string>();
    let bytes = 0;
    for (const id of iterationIds) {
      const row = this.db
        .prepare(`SELECT a.id, a.size FROM artifacts a JOIN iterations i ON i.artifact_id = a.id WHERE i.id = ? AND a.storage = 'file'`)
        .get(id) as { id: string; size: number } | undefined;
      if (!row || seen.has(row.id)) continue;
      seen.add(row.id);
      if ((users.all(row.id) as string[]).every((u) => doomed.has(u))) bytes += row.size;
    }
    return bytes;
  }

  /**
   * Deletes the rows of those artifacts no version uses any more. Returns the files to remove
   * once the transaction has committed (unlinkFiles), so a rollback never loses a file; they are
   * journaled in the same transaction (artifact_removals), so a crash after the commit does not
   * leave them behind for good (finishRemovals at the next start).
   */
  deleteUnused(ids: string[]): { artifacts: number; files: number; bytes: number; paths: string[] } {
    const used = this.db.prepare('SELECT 1 FROM iterations WHERE artifact_id = ? LIMIT 1');
    const row = this.db.prepare('SELECT storage, size FROM artifacts WHERE id = ?');
    const del = this.db.prepare('DELETE FROM artifacts WHERE id = ?');
    const journal = this.db.prepare('INSERT OR IGNORE INTO artifact_removals (artifact_id) VALUES (?)');
    const out = { artifacts: 0, files: 0, bytes: 0, paths: [] as string[] };
    for (const id of new Set(ids)) {
      if (used.get(id)) continue;
      const r = row.get(id) as { storage: string; size: number } | undefined;
      if (!r) continue;
      del.run(id);
      out.artifacts++;
      if (r.storage === 'file') {
        out.files++;
        out.bytes += r.size;
        out.paths.push(this.pathOf(id));
        journal.run(id);
      }
    }
    return out;
  }

  /**
   * Removes artifact files after their rows are gone (a file already missing is fine). Under the
   * write lock, and only while still unreferenced: another process may have stored the same bytes
   * again since, and its new row must not be left without its file.
   */
  unlinkFiles(paths: string[]): void {
    crashPoint('before-unlink');
    const known = this.db.prepare('SELECT 1 FROM artifacts WHERE id = ?');
    const done = this.db.prepare('DELETE FROM artifact_removals WHERE artifact_id = ?');
    this.db
      .transaction(() => {
        for (const p of paths) {
          const id = basename(p);
          if (!known.get(id)) rmSync(p, { force: true });
          done.run(id);
        }
      })
      .immediate();
  }

  /**
   * The path of a file artifact after checking its bytes still hash to its id, so a file damaged
   * on disk (truncated, overwritten, gone) is named as such instead of failing somewhere later.
   */
  verifiedPath(id: string): string {
    const path = this.pathOf(id);
    if (!existsSync(path)) throw new AtelierError('NOT_FOUND', `The image file ${path} is missing from the data folder`);
    if (sha256(readFileSync(path)) !== id) {
      throw new AtelierError('BAD_INPUT', `The image file ${path} is damaged (its bytes no longer match their checksum); choose another version`);
    }
    return path;
  }

  pathOf(id: string): string {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new AtelierError('BAD_INPUT', 'not an artifact hash');
    return join(this.dir, id.slice(0, 2), id);
  }
}

/** Makes a rename durable (power loss); folders cannot be opened this way on Windows. */
function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here; the rename is still atomic.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
