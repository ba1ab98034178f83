// Projects: create, rename, trash (restorable) and list.
import type { Project, TrashSummary } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import type { Db } from './connection';
import { newId } from './ids';

interface Row {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  document_count: number;
  trashed_document_count: number;
}

// Trashing a project leaves its documents' own deleted_at alone, so the two counts stay apart: what a
// restore brings back, and what was trashed on its own before and stays in the trash.
const SELECT = `
  SELECT p.*,
    (SELECT count(*) FROM documents d WHERE d.project_id = p.id AND d.deleted_at IS NULL) AS document_count,
    (SELECT count(*) FROM documents d WHERE d.project_id = p.id AND d.deleted_at IS NOT NULL) AS trashed_document_count
  FROM projects p`;

const toProject = (r: Row): Project => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
  documentCount: r.document_count,
  trashedDocumentCount: r.trashed_document_count,
});

export class ProjectsRepo {
  constructor(private readonly db: Db) {}

  list(trashed = false): Project[] {
    const where = trashed ? 'p.deleted_at IS NOT NULL' : 'p.deleted_at IS NULL';
    const order = trashed ? 'p.deleted_at DESC' : 'p.created_at ASC';
    return (this.db.prepare(`${SELECT} WHERE ${where} ORDER BY ${order}`).all() as Row[]).map(toProject);
  }

  get(id: string): Project {
    const row = this.db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as Row | undefined;
    if (!row) throw new AtelierError('NOT_FOUND', `No project with id ${id}`);
    return toProject(row);
  }

  create(name: string, now = Date.now()): Project {
    this.refuseTakenName(name, null);
    const id = newId();
    this.db.prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, name, now, now);
    return this.get(id);
  }

  rename(id: string, name: string): Project {
    const p = this.requireLive(id);
    // Keeping its own name is no clash, even for one of two same-named projects an older Atelier made.
    if (p.name.trim() !== name.trim()) this.refuseTakenName(name, id);
    this.db.prepare('UPDATE projects SET name = ?, updated_at = ? WHERE id = ?').run(name, Date.now(), id);
    return this.get(id);
  }

  trashSummary(id: string): TrashSummary {
    const p = this.get(id);
    const counts = this.db
      .prepare(
        `SELECT count(DISTINCT d.id) AS documents, count(i.id) AS iterations
         FROM documents d LEFT JOIN iterations i ON i.document_id = d.id
         WHERE d.project_id = ? AND d.deleted_at IS NULL`,
      )
      .get(id) as { documents: number; iterations: number };
    return { name: p.name, ...counts };
  }

  /** Moves to the trash; documents stay attached and come back with a restore. */
  trash(id: string): Project {
    this.requireLive(id);
    this.db.prepare('UPDATE projects SET deleted_at = ? WHERE id = ?').run(Date.now(), id);
    return this.get(id);
  }

  /** Brings the project back with the documents it held; documents trashed on their own stay in the trash. */
  restore(id: string): Project {
    const p = this.get(id);
    if (p.deletedAt === null) return p;
    this.db.prepare('UPDATE projects SET deleted_at = NULL, updated_at = ? WHERE id = ?').run(Date.now(), id);
    return this.get(id);
  }

  /**
   * Two live projects with one name are two identical rows in the sidebar, and the command line
   * refuses to act by that name, so a name another live project has (letter case and the spaces
   * around it aside) is refused. Projects in the trash are not compared: restoring one is never
   * refused, and older data folders that hold duplicates load as they are.
   */
  private refuseTakenName(name: string, exceptId: string | null): void {
    const key = name.trim().toLowerCase();
    const taken = this.list().find((p) => p.id !== exceptId && p.name.trim().toLowerCase() === key);
    if (taken) throw new AtelierError('BAD_INPUT', `A project named '${taken.name}' already exists; choose another name`);
  }

  requireLive(id: string): Project {
    const p = this.get(id);
    if (p.deletedAt !== null) throw new AtelierError('CONFLICT', `Project '${p.name}' is in the trash; restore it first`);
    return p;
  }
}
