// Projects and documents another process changed in this data folder (`atelier trash …`, or a
// second app): trashed, restored, deleted for good, created or renamed there. Announced with the
// events the handlers send for the same change made here — documents.deleted for each document
// that went (first, so a window that has it open closes it before its project's reload finds it
// gone), then projects.changed for each project touched — so windows update as they do for their
// own trash, marked `outside` so a notice can say where the change came from. outside-writes.ts
// calls `look` when another connection has committed.
import type { DeletedDocument, Events } from '../../shared/contract';
import type { Store } from '../store';
import type { EventBus } from './events';

interface ProjectState {
  name: string;
  deletedAt: number | null;
}

interface DocumentState {
  projectId: string;
  title: string;
  deletedAt: number | null;
}

type ProjectRow = ProjectState & { id: string };
type DocumentRow = DocumentState & { id: string };

export interface TrashWatch {
  /** Compares the rows with what this process last knew and announces the differences. */
  look(): void;
  off(): void;
}

export function watchOutsideTrash(store: Store, bus: EventBus): TrashWatch {
  const allProjects = store.db.prepare('SELECT id, name, deleted_at AS deletedAt FROM projects');
  const oneProject = store.db.prepare('SELECT id, name, deleted_at AS deletedAt FROM projects WHERE id = ?');
  const allDocuments = store.db.prepare('SELECT id, project_id AS projectId, title, deleted_at AS deletedAt FROM documents');
  const documentsOf = store.db.prepare('SELECT id, project_id AS projectId, title, deleted_at AS deletedAt FROM documents WHERE project_id = ?');
  const projects = new Map<string, ProjectState>();
  const documents = new Map<string, DocumentState>();
  const keepProject = (r: ProjectRow) => projects.set(r.id, { name: r.name, deletedAt: r.deletedAt });
  const keepDocument = (r: DocumentRow) => documents.set(r.id, { projectId: r.projectId, title: r.title, deletedAt: r.deletedAt });
  for (const r of allProjects.all() as ProjectRow[]) keepProject(r);
  for (const r of allDocuments.all() as DocumentRow[]) keepDocument(r);

  // This process's own changes are announced by its handlers; what they announce is taken as known,
  // so a later look does not announce it again. A document missing from its project's rows is left
  // for `look` (another process may have deleted it): only documents.deleted says it went here.
  const off = bus.subscribe((event, data) => {
    if (event === 'documents.deleted') documents.delete((data as DeletedDocument).documentId);
    if (event !== 'projects.changed') return;
    const { id } = data as Events['projects.changed'];
    const row = oneProject.get(id) as ProjectRow | undefined;
    if (row) keepProject(row);
    else projects.delete(id);
    for (const r of documentsOf.all(id) as DocumentRow[]) keepDocument(r);
  });

  const look = () => {
    const changed = new Set<string>();
    const gone: DeletedDocument[] = [];
    const nowDocuments = allDocuments.all() as DocumentRow[];
    const present = new Set(nowDocuments.map((d) => d.id));
    for (const [id, d] of documents) {
      if (present.has(id)) continue;
      gone.push({ documentId: id, projectId: d.projectId });
      changed.add(d.projectId);
      documents.delete(id);
    }
    for (const r of nowDocuments) {
      const was = documents.get(r.id);
      if (was && was.deletedAt === r.deletedAt && was.title === r.title) continue;
      keepDocument(r);
      changed.add(r.projectId);
    }
    const nowProjects = allProjects.all() as ProjectRow[];
    const live = new Set(nowProjects.map((p) => p.id));
    for (const id of projects.keys()) {
      if (live.has(id)) continue;
      projects.delete(id);
      changed.add(id);
    }
    for (const r of nowProjects) {
      const was = projects.get(r.id);
      if (was && was.deletedAt === r.deletedAt && was.name === r.name) continue;
      keepProject(r);
      changed.add(r.id);
    }
    for (const d of gone) bus.emit('documents.deleted', { ...d, outside: true });
    for (const id of changed) bus.emit('projects.changed', { id, outside: true });
  };
  return { look, off };
}
