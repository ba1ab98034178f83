// Deleting trashed projects and documents for good (the Trash page's Delete for good and Empty
// trash). The summary names exactly what goes; the delete takes back the ids it named and deletes
// those still in the trash, all in one transaction (versions through HistoryRepo.deleteVersions, so
// lineage, heads and artifacts follow the same rules as emptying versions). Image files are
// removed only after the commit, and only those no remaining version uses; the same transaction
// journals them (artifact_removals), so a crash between the commit and the removal is finished at
// the next start (artifact-sweep.ts finishRemovals) instead of leaving them as unexplained files.
import type { DeletedDocument, PurgeItem, PurgeRequest, PurgeResult, PurgeScopeRequest, PurgeSummary } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import type { ArtifactsRepo } from './artifacts';
import type { Db } from './connection';
import type { HistoryRepo } from './history';

interface Named {
  id: string;
  name: string;
  project_name: string;
}

export class PurgeRepo {
  constructor(
    private readonly db: Db,
    private readonly history: HistoryRepo,
    private readonly artifacts: ArtifactsRepo,
  ) {}

  summary(scope: PurgeScopeRequest): PurgeSummary {
    if (!scope.everything && scope.projectIds.length === 0 && scope.documentIds.length === 0) {
      throw new AtelierError('BAD_INPUT', 'Name at least one project or document, or ask for everything');
    }
    return this.db.transaction(() => {
      const projects = this.namedProjects(scope.projectIds, scope.everything);
      const inProject = new Set(projects.map((p) => p.id));
      const documents = this.namedDocuments(scope.documentIds, scope.everything).filter((d) => !inProject.has(this.projectOf(d.id)));
      const single = scope.everything ? this.history.trashSummary().iterationIds : [];
      const of = new Map<string, string[]>();
      for (const p of projects) of.set(p.id, this.versionsOfProject(p.id));
      for (const d of documents) of.set(d.id, this.versionsOfDocument(d.id));
      const all = [...[...of.values()].flat(), ...single];
      const doomed = new Set(all);
      const files = this.files(all, doomed);
      const item = (kind: PurgeItem['kind'], n: Named, docs: number): PurgeItem => {
        const own = this.files(of.get(n.id)!, doomed);
        return { kind, id: n.id, name: n.name, projectName: n.project_name, documents: docs, versions: of.get(n.id)!.length, files: own.files, bytes: own.bytes };
      };
      const items = [
        ...projects.map((p) => item('project', p, this.db.prepare('SELECT count(*) FROM documents WHERE project_id = ?').pluck().get(p.id) as number)),
        ...documents.map((d) => item('document', d, 1)),
      ];
      return {
        items,
        projects: projects.length,
        documents: items.reduce((n, i) => n + i.documents, 0),
        versions: all.length,
        singleVersions: single.length,
        ...files,
        projectIds: projects.map((p) => p.id),
        documentIds: documents.map((d) => d.id),
        iterationIds: all,
      };
    })();
  }

  /** Deletes what the confirm named; `deleted` lists each document that went, for the windows that have it open. */
  deleteForGood(req: PurgeRequest): PurgeResult & { deleted: DeletedDocument[] } {
    const named = new Set(req.iterationIds);
    const allNamed = (ids: string[]) => ids.every((id) => named.has(id));
    const result = this.db.transaction(() => {
      let skipped = 0;
      const projects = req.projectIds.filter((id) => {
        const ok = this.isTrashedProject(id) && allNamed(this.versionsOfProject(id));
        if (!ok) skipped++;
        return ok;
      });
      const goingProjects = new Set(projects);
      const documents = req.documentIds.filter((id) => {
        const trashed = this.db.prepare('SELECT project_id FROM documents WHERE id = ? AND deleted_at IS NOT NULL').pluck().get(id) as string | undefined;
        if (trashed !== undefined && goingProjects.has(trashed)) return false;
        const ok = trashed !== undefined && allNamed(this.versionsOfDocument(id));
        if (!ok) skipped++;
        return ok;
      });
      const docIds = [...projects.flatMap((p) => this.documentsOf(p)), ...documents];
      const wholeDocs = new Set(docIds);
      // Single versions: those the Trash page lists (trashed, in a live document of a live project).
      const listed = new Set(this.history.trashSummary().iterationIds);
      const single = req.iterationIds.filter((id) => listed.has(id));
      const versions = [...docIds.flatMap((d) => this.versionsOfDocument(d)), ...single];
      const freed = this.history.deleteVersions(versions);
      const projectIds = new Set(projects);
      const deleted: DeletedDocument[] = [];
      for (const d of docIds) {
        const projectId = this.projectOf(d);
        projectIds.add(projectId);
        deleted.push({ documentId: d, projectId });
        this.db.prepare('DELETE FROM grid_cells WHERE grid_id IN (SELECT id FROM grids WHERE document_id = ?)').run(d);
        this.db.prepare('DELETE FROM grids WHERE document_id = ?').run(d);
        this.db.prepare('DELETE FROM documents WHERE id = ?').run(d);
      }
      for (const p of projects) this.db.prepare('DELETE FROM projects WHERE id = ?').run(p);
      return {
        projects: projects.length,
        documents: docIds.length,
        iterations: freed.iterations,
        artifacts: freed.artifacts,
        files: freed.files,
        bytes: freed.bytes,
        skipped,
        projectIds: [...projectIds],
        documentIds: freed.documentIds.filter((d) => !wholeDocs.has(d)),
        paths: freed.paths,
        deleted,
      };
    })();
    const { paths, ...counts } = result;
    this.artifacts.unlinkFiles(paths);
    return counts;
  }

  /** Files of these versions no version outside `doomed` uses (freed), and those another version keeps (shared). */
  private files(ids: string[], doomed: Set<string>): { files: number; bytes: number; sharedFiles: number } {
    const artifact = this.db.prepare(`SELECT a.id, a.size FROM artifacts a JOIN iterations i ON i.artifact_id = a.id WHERE i.id = ? AND a.storage = 'file'`);
    const users = this.db.prepare('SELECT id FROM iterations WHERE artifact_id = ?').pluck();
    const seen = new Set<string>();
    const out = { files: 0, bytes: 0, sharedFiles: 0 };
    for (const id of ids) {
      const a = artifact.get(id) as { id: string; size: number } | undefined;
      if (!a || seen.has(a.id)) continue;
      seen.add(a.id);
      if ((users.all(a.id) as string[]).every((u) => doomed.has(u))) {
        out.files++;
        out.bytes += a.size;
      } else out.sharedFiles++;
    }
    return out;
  }

  private namedProjects(ids: string[], everything: boolean): Named[] {
    return this.named('Project', 'SELECT id, name, name AS project_name, deleted_at FROM projects', 'deleted_at', 'id', ids, everything);
  }

  private namedDocuments(ids: string[], everything: boolean): Named[] {
    const select = 'SELECT d.id, d.title AS name, p.name AS project_name, d.deleted_at FROM documents d JOIN projects p ON p.id = d.project_id';
    return this.named('Document', select, 'd.deleted_at', 'd.id', ids, everything);
  }

  /** The rows `ids` name (each must exist and be in the trash), then, with `everything`, the rest of the trash. */
  private named(kind: 'Project' | 'Document', select: string, deletedAt: string, id: string, ids: string[], everything: boolean): Named[] {
    const row = this.db.prepare(`${select} WHERE ${id} = ?`);
    const out: Named[] = ids.map((one) => {
      const r = row.get(one) as (Named & { deleted_at: number | null }) | undefined;
      if (!r) throw new AtelierError('NOT_FOUND', `No ${kind.toLowerCase()} with id ${one}`);
      if (r.deleted_at === null) throw new AtelierError('CONFLICT', `${kind} '${r.name}' is not in the trash`);
      return r;
    });
    if (everything) {
      const all = this.db.prepare(`${select} WHERE ${deletedAt} IS NOT NULL ORDER BY ${deletedAt} DESC, ${id}`).all() as Named[];
      for (const r of all) if (!out.some((o) => o.id === r.id)) out.push(r);
    }
    return out;
  }

  private isTrashedProject(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM projects WHERE id = ? AND deleted_at IS NOT NULL').get(id) !== undefined;
  }

  private projectOf(documentId: string): string {
    return this.db.prepare('SELECT project_id FROM documents WHERE id = ?').pluck().get(documentId) as string;
  }

  private documentsOf(projectId: string): string[] {
    return this.db.prepare('SELECT id FROM documents WHERE project_id = ? ORDER BY created_at, id').pluck().all(projectId) as string[];
  }

  private versionsOfDocument(documentId: string): string[] {
    return this.db.prepare('SELECT id FROM iterations WHERE document_id = ? ORDER BY created_at, rowid').pluck().all(documentId) as string[];
  }

  private versionsOfProject(projectId: string): string[] {
    return this.documentsOf(projectId).flatMap((d) => this.versionsOfDocument(d));
  }
}
