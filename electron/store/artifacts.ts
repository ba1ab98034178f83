// Content-addressed artifacts: text inline in the row, binary files under <data>/artifacts/ab/<sha256>.
// A file is fully written and fsynced before its row exists, so a row never points at a partial file.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AtelierError } from '../../shared/errors';
import type { Db } from './connection';
import { newId } from './ids';

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

  putFile(bytes: Uint8Array, mime: string): string {
    const id = sha256(bytes);
    const path = this.pathOf(id);
    if (!existsSync(path)) {
      mkdirSync(join(this.dir, id.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${newId()}.tmp`;
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    }
    this.db
      .prepare(
        `INSERT INTO artifacts (id, storage, mime, size, text, created_at) VALUES (?, 'file', ?, ?, NULL, ?)
         ON CONFLICT(id) DO NOTHING`,
      )
      .run(id, mime, bytes.byteLength, Date.now());
    return id;
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

  pathOf(id: string): string {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new AtelierError('BAD_INPUT', 'not an artifact hash');
    return join(this.dir, id.slice(0, 2), id);
  }
}
