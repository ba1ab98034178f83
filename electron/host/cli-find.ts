// What a CLI argument names: a document or project by id, or by its exact (case-insensitive) title
// or name among the live ones, read through the same handlers as the app. Each command brings its
// own errors: `ambiguous` is a usage problem (exit 2), `missing` a failure (exit 1).
import type { DocumentInfo, Project, TrashedDocuments } from '../../shared/contract';
import type { Core } from './core';

export interface FindErrors {
  ambiguous: (message: string) => Error;
  missing: (message: string) => Error;
  /** With no live match, a title or name in the trash names that one (to say it is there already). */
  orInTrash?: boolean;
}

async function list<T>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await core.call(method, params);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result as T;
}

/** Every project, live ones first, then those in the trash. */
export async function allProjects(core: Core): Promise<Project[]> {
  return [...(await list<Project[]>(core, 'projects.list', { trashed: false })), ...(await list<Project[]>(core, 'projects.list', { trashed: true }))];
}

function one<T extends { id: string }>(matches: T[], ref: string, what: string, errors: FindErrors): T {
  if (matches.length === 1) return matches[0]!;
  const by = what === 'project' ? 'name' : 'title';
  if (matches.length > 1) throw errors.ambiguous(`${matches.length} ${what}s are ${by}d '${ref}'; use an id: ${matches.map((m) => m.id).join(', ')}`);
  throw errors.missing(`No ${what} with id or ${by} '${ref}'`);
}

/** A document by id (also one in the trash), or by exact title across the live projects (or, `orInTrash`, in the trash). */
export async function findDocument(core: Core, ref: string, errors: FindErrors): Promise<DocumentInfo> {
  const byId = await core.call('documents.get', { id: ref });
  if (byId.ok) return byId.result as DocumentInfo;
  const matches: DocumentInfo[] = [];
  for (const p of await list<Project[]>(core, 'projects.list', {})) {
    for (const d of await list<DocumentInfo[]>(core, 'documents.list', { projectId: p.id })) {
      if (d.title.toLowerCase() === ref.toLowerCase()) matches.push(d);
    }
  }
  if (matches.length === 0 && errors.orInTrash) {
    const trashed = await list<TrashedDocuments>(core, 'documents.listTrashed', { limit: 1000 });
    matches.push(...trashed.documents.filter((d) => d.title.toLowerCase() === ref.toLowerCase()));
  }
  return one(matches, ref, 'document', errors);
}

/** A project by id (also one in the trash), or by exact name among the live ones (or, `orInTrash`, the trashed ones). */
export async function findProject(core: Core, ref: string, errors: FindErrors): Promise<Project> {
  const all = await allProjects(core);
  const byId = all.find((p) => p.id === ref);
  if (byId) return byId;
  const named = all.filter((p) => p.name.toLowerCase() === ref.toLowerCase());
  const live = named.filter((p) => p.deletedAt === null);
  return one(live.length || !errors.orInTrash ? live : named, ref, 'project', errors);
}
