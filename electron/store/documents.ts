// Documents belong to a project; each holds a DAG of iterations and a head pointer the editor shows.
import type { BoardStarter, DocumentInfo, DocumentKind, TrashedDocuments, TrashSummary } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import type { Db } from './connection';
import { newId } from './ids';
import type { ProjectsRepo } from './projects';

interface Row {
  id: string;
  project_id: string;
  kind: DocumentKind;
  title: string;
  head_iteration_id: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  project_deleted_at: number | null;
  iteration_count: number;
  starter_json: string | null;
}

// With its project's trash state: a document of a trashed project is in the trash too, though its own deletedAt is null.
const SELECT = `
  SELECT d.*, p.deleted_at AS project_deleted_at, (SELECT count(*) FROM iterations i WHERE i.document_id = d.id) AS iteration_count
  FROM documents d JOIN projects p ON p.id = d.project_id`;

const toInfo = (r: Row): DocumentInfo => ({
  id: r.id,
  projectId: r.project_id,
  kind: r.kind,
  title: r.title,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
  projectDeletedAt: r.project_deleted_at,
  headIterationId: r.head_iteration_id,
  iterationCount: r.iteration_count,
  starter: starterOf(r.starter_json),
});

/** The stored starter, or null when there is none or it is not the expected shape (a hand-edited row). */
function starterOf(json: string | null): BoardStarter | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as Partial<Record<keyof BoardStarter, unknown>> | null;
    return typeof v?.prompt === 'string' && typeof v.model === 'string' ? { prompt: v.prompt, model: v.model } : null;
  } catch {
    return null;
  }
}

export class DocumentsRepo {
  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsRepo,
  ) {}

  list(projectId: string, trashed = false): DocumentInfo[] {
    this.projects.get(projectId);
    const where = trashed ? 'd.deleted_at IS NOT NULL' : 'd.deleted_at IS NULL';
    return (
      this.db.prepare(`${SELECT} WHERE d.project_id = ? AND ${where} ORDER BY d.created_at ASC`).all(projectId) as Row[]
    ).map(toInfo);
  }

  /** Trashed documents across projects, newest trash first, each with its project's name and state. */
  listTrashed(limit: number): TrashedDocuments {
    const rows = this.db
      .prepare(
        `SELECT d.*, p.name AS project_name, p.deleted_at AS project_deleted_at,
           (SELECT count(*) FROM iterations i WHERE i.document_id = d.id) AS iteration_count
         FROM documents d JOIN projects p ON p.id = d.project_id
         WHERE d.deleted_at IS NOT NULL ORDER BY d.deleted_at DESC, d.id LIMIT ?`,
      )
      .all(limit) as (Row & { project_name: string })[];
    const total = this.db.prepare('SELECT count(*) FROM documents WHERE deleted_at IS NOT NULL').pluck().get() as number;
    return {
      documents: rows.map((r) => ({ ...toInfo(r), projectName: r.project_name })),
      total,
    };
  }

  get(id: string): DocumentInfo {
    const row = this.db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as Row | undefined;
    if (!row) throw new AtelierError('NOT_FOUND', `No document with id ${id}`);
    return toInfo(row);
  }

  create(projectId: string, kind: DocumentKind, title: string, now = Date.now()): DocumentInfo {
    this.projects.requireLive(projectId);
    const id = newId();
    this.db
      .prepare('INSERT INTO documents (id, project_id, kind, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, projectId, kind, title, now, now);
    this.touchProject(projectId, now);
    return this.get(id);
  }

  /** Gives a board the prompt its panel opens with (the Welcome board); the user's own panel always wins. */
  setStarter(id: string, starter: BoardStarter): DocumentInfo {
    this.requireLive(id);
    this.db.prepare('UPDATE documents SET starter_json = ? WHERE id = ?').run(JSON.stringify(starter), id);
    return this.get(id);
  }

  rename(id: string, title: string): DocumentInfo {
    const d = this.requireLive(id);
    this.db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE id = ?').run(title, Date.now(), id);
    this.touchProject(d.projectId);
    return this.get(id);
  }

  setHead(id: string, iterationId: string, now = Date.now()): void {
    this.db.prepare('UPDATE documents SET head_iteration_id = ?, updated_at = ? WHERE id = ?').run(iterationId, now, id);
  }

  trashSummary(id: string): TrashSummary {
    const d = this.get(id);
    return { name: d.title, documents: 1, iterations: d.iterationCount };
  }

  trash(id: string): DocumentInfo {
    this.requireLive(id);
    this.db.prepare('UPDATE documents SET deleted_at = ? WHERE id = ?').run(Date.now(), id);
    return this.get(id);
  }

  restore(id: string): DocumentInfo {
    const d = this.get(id);
    this.projects.requireLive(d.projectId);
    this.db.prepare('UPDATE documents SET deleted_at = NULL, updated_at = ? WHERE id = ?').run(Date.now(), id);
    return this.get(id);
  }

  /** A document is writable only while it and its project are out of the trash. */
  requireLive(id: string): DocumentInfo {
    const d = this.get(id);
    if (d.deletedAt !== null) throw new AtelierError('CONFLICT', `Document '${d.title}' is in the trash; restore it first`);
    this.projects.requireLive(d.projectId);
    return d;
  }

  private touchProject(projectId: string, now = Date.now()): void {
    this.db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(now, projectId);
  }
}
