// Imported models: rows of the library (schema v4). The files themselves live in <data>/models/<id>
// (copied) or where the user keeps them (referenced); this file only reads and writes rows.
import type { ImportMode, ModelFile, ModelKind, ModelUsage, PreflightResult } from '../../shared/contract/models';
import { AtelierError } from '../../shared/errors';
import type { Db } from './connection';

export interface ModelRecord {
  id: string;
  name: string;
  kind: ModelKind;
  dir: string;
  mode: ImportMode;
  sourcePath: string;
  files: ModelFile[];
  sizeBytes: number;
  createdAt: number;
  deletedAt: number | null;
  preflight: PreflightResult | null;
  preflightAt: number | null;
}

interface Row {
  id: string;
  name: string;
  kind: ModelKind;
  dir: string;
  mode: ImportMode;
  source_path: string;
  files_json: string;
  size_bytes: number;
  created_at: number;
  deleted_at: number | null;
  preflight_json: string | null;
  preflight_at: number | null;
}

const toRecord = (r: Row): ModelRecord => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  dir: r.dir,
  mode: r.mode,
  sourcePath: r.source_path,
  files: JSON.parse(r.files_json) as ModelFile[],
  sizeBytes: r.size_bytes,
  createdAt: r.created_at,
  deletedAt: r.deleted_at,
  preflight: r.preflight_json === null ? null : (JSON.parse(r.preflight_json) as PreflightResult),
  preflightAt: r.preflight_at,
});

export type NewModel = Omit<ModelRecord, 'createdAt' | 'deletedAt' | 'preflightAt'>;

export class ModelsRepo {
  constructor(private readonly db: Db) {}

  /** Live models in import order, or the trashed ones (most recently trashed first). */
  list(trashed = false): ModelRecord[] {
    const sql = trashed
      ? 'SELECT * FROM models WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC'
      : 'SELECT * FROM models WHERE deleted_at IS NULL ORDER BY created_at, id';
    return (this.db.prepare(sql).all() as Row[]).map(toRecord);
  }

  /** Any row, trashed or not; null when there is none. */
  find(id: string): ModelRecord | null {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  get(id: string): ModelRecord {
    const found = this.find(id);
    if (!found) throw new AtelierError('NOT_FOUND', `No imported model '${id}'`);
    return found;
  }

  /**
   * Versions whose recipe names this model (`model.id`), and their documents: found through the
   * search index's model labels (lower-cased there), then matched exactly.
   */
  usage(id: string): ModelUsage {
    const row = this.db
      .prepare(
        `SELECT count(*) AS versions, count(DISTINCT i.document_id) AS documents
         FROM search_labels l JOIN search_rows r ON r.n = l.n JOIN iterations i ON i.id = r.iteration_id
         WHERE l.key = 'model' AND l.value = lower(?) AND json_extract(i.recipe_json, '$.model.id') = ?`,
      )
      .get(id, id) as { versions: number; documents: number };
    return { id, ...row };
  }

  /** Every id taken by a row (trashed ones too: a restore must not collide). */
  ids(): Set<string> {
    return new Set((this.db.prepare('SELECT id FROM models').all() as { id: string }[]).map((r) => r.id));
  }

  insert(m: NewModel): ModelRecord {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO models (id, name, kind, dir, mode, source_path, files_json, size_bytes, created_at, deleted_at, preflight_json, preflight_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      )
      .run(
        m.id,
        m.name,
        m.kind,
        m.dir,
        m.mode,
        m.sourcePath,
        JSON.stringify(m.files),
        m.sizeBytes,
        now,
        m.preflight === null ? null : JSON.stringify(m.preflight),
        m.preflight === null ? null : now,
      );
    return this.get(m.id);
  }

  /**
   * Inserts the row and moves the model's folder into place in one write transaction: the move
   * happens while this connection holds the database write lock, so the start-up sweep (which
   * takes the lock) never sees the folder without its row unless a crash came in between.
   */
  insertWith(m: NewModel, place: () => void): ModelRecord {
    return this.db.transaction(() => {
      const rec = this.insert(m);
      place();
      return rec;
    }).immediate();
  }

  /** The same for a deletion: the row goes and the folder is renamed aside under one lock. */
  deleteWith(id: string, move: () => void): void {
    this.db.transaction(() => {
      this.delete(id);
      move();
    }).immediate();
  }

  setPreflight(id: string, result: PreflightResult): ModelRecord {
    this.get(id);
    this.db.prepare('UPDATE models SET preflight_json = ?, preflight_at = ? WHERE id = ?').run(JSON.stringify(result), result.checkedAt, id);
    return this.get(id);
  }

  /**
   * The last preflight of a model that is not a library row (a starter, a --models folder), kept
   * in the meta table with a fingerprint of its files so an updated starter is not shown as checked.
   */
  check(id: string, fingerprint: string): PreflightResult | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(`model-check:${id}`) as { value: string } | undefined;
    if (!row) return null;
    const saved = JSON.parse(row.value) as { fingerprint: string; result: PreflightResult };
    return saved.fingerprint === fingerprint ? saved.result : null;
  }

  setCheck(id: string, fingerprint: string, result: PreflightResult): void {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(`model-check:${id}`, JSON.stringify({ fingerprint, result }));
  }

  setTrashed(id: string, trashed: boolean): ModelRecord {
    this.get(id);
    this.db.prepare('UPDATE models SET deleted_at = ? WHERE id = ?').run(trashed ? Date.now() : null, id);
    return this.get(id);
  }

  /** Forgets a row for good (the library decides what happens to its files first). */
  delete(id: string): void {
    this.get(id);
    this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
  }
}
