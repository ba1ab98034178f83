// `atelier trash list|project|document|version|restore|delete|empty`: the Trash page from the
// command line, through the same handlers as the app (projects.trash, documents.trash,
// history.trash for one version, *.restore, trash.summary and trash.deleteForGood), so the rules, the journal of removed files and the events a studio
// open on the same data folder hears are the app's own. Delete for good and Empty trash (everything
// in the trash, the versions trashed on their own included, as the page's button) go ahead only
// with --yes; without it the command says what would go (the confirm's figures) and exits 2.
import type { DocumentInfo, HistoryTrashSummary, Iteration, Project, PurgeResult, PurgeScopeRequest, PurgeSummary, TrashSummary, TrashedDocuments } from '../../shared/contract';
import { parseSubcommand } from './cli-args';
import { CliFailure, withCliCore } from './cli-core';
import { allProjects, findDocument, findProject, type FindErrors } from './cli-find';
import { cannotRestore, cannotTrash, findVersion, trashedVersionsOf, versionName, type LocatedVersion } from './cli-trash-version';
import { deletedLine, documentLine, projectLine, purgeLines, restoredLine, trashedLine, versionLine, versionRestoredLine, versionTrashedLine, versionsLine } from './cli-trash-words';
import type { Core } from './core';

export class TrashUsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const TRASH_USAGE = `  trash list [--json] [--data DIR]
                                 Projects and documents in the trash, with their ids, and
                                 the versions of live documents trashed on their own (each
                                 with its id)
  trash project PROJECT [--json] [--data DIR]
                                 Move a project (id or exact name) to the trash, with its
                                 documents
  trash document DOCUMENT [--json] [--data DIR]
                                 Move a document (id or exact title) to the trash
  trash version VERSION [--json] [--data DIR]
                                 Move one version of a document (its id) to the trash, as
                                 its history's Move to trash
  trash restore ID [--json] [--data DIR]
                                 Bring a project, document or version back from the trash
  trash delete ID [ID ...] --yes [--json] [--data DIR]
                                 Delete projects or documents in the trash for good, with
                                 their versions and the image files only they use; without
                                 --yes it says what would go (--json: the summary) and exits 2
  trash empty --yes [--json] [--data DIR]
                                 Empty the trash: delete for good every project and document
                                 in it and every version trashed on its own, as the Trash
                                 page's Empty trash; without --yes it says what would go
                                 (--json: the summary) and exits 2`;

const OPTIONS = { data: { type: 'string' }, json: { type: 'boolean' }, yes: { type: 'boolean' } } as const;

// --yes belongs to delete and empty alone: elsewhere it is refused by name ("trash list does not take --yes").
const ALLOWED: Record<string, (keyof typeof OPTIONS)[]> = {
  list: ['data', 'json'],
  project: ['data', 'json'],
  document: ['data', 'json'],
  version: ['data', 'json'],
  restore: ['data', 'json'],
  delete: ['data', 'json', 'yes'],
  empty: ['data', 'json', 'yes'],
};

const FIND: FindErrors = { ambiguous: (m) => new TrashUsageError(m), missing: (m) => new CliFailure(m), orInTrash: true };

async function call<T>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await core.call(method, params);
  if (reply.ok) return reply.result as T;
  throw new CliFailure(reply.error.message);
}

/** What a restore or delete ID names: a project, a document with its project, or one version. */
type Located = { kind: 'project'; project: Project } | { kind: 'document'; doc: DocumentInfo; project: Project } | ({ kind: 'version' } & LocatedVersion);

async function locate(core: Core, id: string): Promise<Located> {
  const projects = await allProjects(core);
  const project = projects.find((p) => p.id === id);
  if (project) return { kind: 'project', project };
  const reply = await core.call('documents.get', { id });
  if (reply.ok) {
    const doc = reply.result as DocumentInfo;
    return { kind: 'document', doc, project: projects.find((p) => p.id === doc.projectId)! };
  }
  const version = await findVersion(core, id);
  if (version) return { kind: 'version', ...version };
  throw new CliFailure(`No project, document or version with id '${id}' (see: atelier trash list)`);
}

/** Why `it` (a project or document) cannot be restored or deleted for good as itself, or null when it is in the trash. */
function notInTrash(it: Exclude<Located, { kind: 'version' }>, action: string): string | null {
  if (it.kind === 'project') return it.project.deletedAt === null ? `Project '${it.project.name}' is not in the trash` : null;
  if (it.doc.deletedAt !== null) return null;
  if (it.project.deletedAt === null) return `Document '${it.doc.title}' is not in the trash`;
  return `Document '${it.doc.title}' is in the trash with its project '${it.project.name}'; ${action} the project: atelier trash ${action} ${it.project.id}`;
}

async function list(core: Core, json: boolean, io: Io): Promise<void> {
  const projects = await call<Project[]>(core, 'projects.list', { trashed: true });
  const docs = await call<TrashedDocuments>(core, 'documents.listTrashed', { limit: 1000 });
  // Versions trashed on their own, as the page's third section lists them (Empty trash takes them too).
  const versions = await call<HistoryTrashSummary>(core, 'history.trashSummary', {});
  if (json) {
    // Each document's share with the versions themselves (`trashed`), whose ids `trash restore` takes.
    const withIds = [];
    for (const v of versions.documents) withIds.push({ ...v, trashed: await trashedVersionsOf(core, v.documentId) });
    io.out(JSON.stringify({ projects, documents: docs.documents, totalDocuments: docs.total, versions: withIds }, null, 2));
    return;
  }
  if (projects.length === 0 && docs.total === 0 && versions.iterations === 0) {
    io.out('The trash is empty.');
    return;
  }
  for (const p of projects) io.out(projectLine(p));
  for (const d of docs.documents) io.out(documentLine(d));
  if (docs.total > docs.documents.length) io.out(`… and ${docs.total - docs.documents.length} more documents (--json lists the same ${docs.documents.length})`);
  for (const v of versions.documents) {
    io.out(versionsLine(v));
    for (const it of await trashedVersionsOf(core, v.documentId)) io.out(versionLine(it, v));
  }
}

/** `trash version ID`: the history's Move to trash of one version, refused as its handler refuses. */
async function trashVersion(core: Core, id: string, json: boolean, io: Io): Promise<void> {
  const v = await findVersion(core, id);
  if (!v) throw new CliFailure(`No version with id '${id}' (see: atelier history search QUERY, or atelier history export DOCUMENT --format json)`);
  const problem = cannotTrash(v);
  if (problem) throw new CliFailure(problem);
  const trashed = await call<Iteration>(core, 'history.trash', { id });
  io.out(json ? JSON.stringify(trashed, null, 2) : versionTrashedLine(trashed, v.doc.title));
}

async function moveToTrash(core: Core, sub: 'project' | 'document', ref: string, json: boolean, io: Io): Promise<void> {
  if (sub === 'project') {
    const p = await findProject(core, ref, FIND);
    if (p.deletedAt !== null) throw new CliFailure(`Project '${p.name}' is already in the trash (restore: atelier trash restore ${p.id})`);
    const what = await call<TrashSummary>(core, 'projects.trashSummary', { id: p.id });
    const trashed = await call<Project>(core, 'projects.trash', { id: p.id });
    io.out(json ? JSON.stringify(trashed, null, 2) : trashedLine('project', trashed.id, what));
    return;
  }
  const d = await findDocument(core, ref, FIND);
  const located = await locate(core, d.id);
  if (d.deletedAt !== null || located.project.deletedAt !== null) {
    const project = located.project;
    const how = d.deletedAt !== null ? '' : ` with its project '${project.name}'`;
    throw new CliFailure(`Document '${d.title}' is already in the trash${how} (restore: atelier trash restore ${d.deletedAt !== null ? d.id : project.id})`);
  }
  const what = await call<TrashSummary>(core, 'documents.trashSummary', { id: d.id });
  const trashed = await call<DocumentInfo>(core, 'documents.trash', { id: d.id });
  io.out(json ? JSON.stringify(trashed, null, 2) : trashedLine('document', trashed.id, what));
}

async function restore(core: Core, id: string, json: boolean, io: Io): Promise<void> {
  const it = await locate(core, id);
  if (it.kind === 'version') {
    const problem = cannotRestore(it);
    if (problem) throw new CliFailure(problem);
    const back = await call<Iteration>(core, 'history.restore', { id });
    io.out(json ? JSON.stringify(back, null, 2) : versionRestoredLine(back, it.doc.title));
    return;
  }
  const problem = notInTrash(it, 'restore');
  if (problem) throw new CliFailure(problem);
  const back =
    it.kind === 'project' ? await call<Project>(core, 'projects.restore', { id }) : await call<DocumentInfo>(core, 'documents.restore', { id });
  io.out(json ? JSON.stringify(back, null, 2) : restoredLine(back));
}

async function deleteForGood(core: Core, ids: string[], yes: boolean, json: boolean, io: Io): Promise<number> {
  const projectIds: string[] = [];
  const documentIds: string[] = [];
  for (const id of new Set(ids)) {
    const it = await locate(core, id);
    // A single version goes for good with the rest of the trash, as on the Trash page.
    if (it.kind === 'version') throw new CliFailure(versionNotDeleted(it));
    const problem = notInTrash(it, 'delete');
    if (problem) throw new CliFailure(problem);
    (it.kind === 'project' ? projectIds : documentIds).push(id);
  }
  return purge(core, { projectIds, documentIds }, yes, json, io);
}

function versionNotDeleted(v: LocatedVersion): string {
  if (v.it.deletedAt === null) return `${versionName(v)} is not in the trash`;
  return `${versionName(v)} was trashed on its own: it goes for good with the rest of the trash (atelier trash empty --yes); to bring it back: atelier trash restore ${v.it.id}`;
}

/** Empty trash: the page's own scope (everything: the single versions it lists too). */
async function empty(core: Core, yes: boolean, json: boolean, io: Io): Promise<number> {
  return purge(core, { everything: true }, yes, json, io);
}

async function purge(core: Core, scope: Partial<PurgeScopeRequest>, yes: boolean, json: boolean, io: Io): Promise<number> {
  // The confirm's own count: exactly what goes, and what the delete then takes back.
  const summary = await call<PurgeSummary>(core, 'trash.summary', scope);
  if (summary.items.length === 0 && summary.singleVersions === 0) {
    io.out(json ? JSON.stringify(summary, null, 2) : 'The trash is empty: nothing to delete.');
    return 0;
  }
  if (!yes) {
    if (json) io.out(JSON.stringify(summary, null, 2));
    const them = summary.items.length + summary.singleVersions === 1 ? 'it' : 'them';
    throw new TrashUsageError(`${purgeLines(summary).join('\n')}\nAdd --yes to delete ${them} for good`);
  }
  const done = await call<PurgeResult>(core, 'trash.deleteForGood', {
    projectIds: summary.projectIds,
    documentIds: summary.documentIds,
    iterationIds: summary.iterationIds,
  });
  io.out(json ? JSON.stringify(done, null, 2) : deletedLine(done));
  if (done.skipped === 0) return 0;
  io.err(`atelier: ${done.skipped} of them changed since the count (restored, or given a version) and ${done.skipped === 1 ? 'was' : 'were'} kept`);
  return 1;
}

export async function trash(args: string[], io: Io): Promise<number> {
  const { sub, values, positionals } = parseSubcommand(
    'trash',
    args,
    OPTIONS,
    ALLOWED,
    'use list, project PROJECT, document DOCUMENT, version VERSION, restore ID, delete ID --yes or empty --yes',
    (m) => new TrashUsageError(m),
  );
  const wants = sub === 'list' || sub === 'empty' ? 0 : sub === 'delete' ? Infinity : 1;
  if (positionals.length > wants) throw new TrashUsageError(`Unexpected argument '${positionals[wants]}'`);
  if (positionals.length === 0 && sub !== 'list' && sub !== 'empty') {
    const what =
      sub === 'project' ? 'a PROJECT (id or name)' : sub === 'document' ? 'a DOCUMENT (id or title)' : sub === 'version' ? 'a VERSION id' : 'an ID (see: atelier trash list)';
    throw new TrashUsageError(`trash ${sub} needs ${what}`);
  }
  const json = values.json === true;
  return withCliCore(values.data, io.err, async (core) => {
    if (sub === 'list') await list(core, json, io);
    else if (sub === 'project' || sub === 'document') await moveToTrash(core, sub, positionals[0]!, json, io);
    else if (sub === 'version') await trashVersion(core, positionals[0]!, json, io);
    else if (sub === 'restore') await restore(core, positionals[0]!, json, io);
    else if (sub === 'empty') return empty(core, values.yes === true, json, io);
    else return deleteForGood(core, positionals, values.yes === true, json, io);
  });
}
