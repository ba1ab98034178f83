// One version of a document from the command line, as its history's trash: `atelier trash version
// ID` moves it to the trash and `atelier trash restore ID` brings it back, through the app's own
// history.trash and history.restore handlers (their rules and their history.changed, which a studio
// open on the same data folder hears through its watcher of outside writes). What is checked here
// only words the failure: whatever the handler refuses is refused as it says.
import type { DocumentInfo, HistoryGraph, Iteration, IterationWithContent, Project } from '../../shared/contract';
import { allProjects } from './cli-find';
import type { Core } from './core';

/** A version with the document and project it belongs to. */
export interface LocatedVersion {
  it: Iteration;
  doc: DocumentInfo;
  project: Project;
}

/** The version with this id, or null when there is none. */
export async function findVersion(core: Core, id: string): Promise<LocatedVersion | null> {
  const reply = await core.call('history.get', { id });
  if (!reply.ok) return null;
  const { text: _text, ...it } = reply.result as IterationWithContent;
  const doc = await core.call('documents.get', { id: it.documentId });
  if (!doc.ok) return null;
  const info = doc.result as DocumentInfo;
  const project = (await allProjects(core)).find((p) => p.id === info.projectId);
  return project ? { it, doc: info, project } : null;
}

export const versionName = (v: LocatedVersion) => `Version ${v.it.id} of '${v.doc.title}'`;

/** Why the version cannot be trashed or restored on its own now: its document or project is in the trash. */
export function versionHeldBy(v: LocatedVersion): string | null {
  if (v.project.deletedAt !== null) return `its project '${v.project.name}' is in the trash; restore it first: atelier trash restore ${v.project.id}`;
  if (v.doc.deletedAt !== null) return `its document is in the trash; restore it first: atelier trash restore ${v.doc.id}`;
  return null;
}

/** Why `trash version` cannot move it (already in the trash, or held by its document), or null. */
export function cannotTrash(v: LocatedVersion): string | null {
  const held = versionHeldBy(v);
  if (held) return `${versionName(v)} stays as it is: ${held}`;
  if (v.it.deletedAt !== null) return `${versionName(v)} is already in the trash (restore: atelier trash restore ${v.it.id})`;
  // As the app's history panel: the text a document opens with is never in the trash.
  if (v.doc.kind === 'text' && v.doc.headIterationId === v.it.id) {
    return `${versionName(v)} is its current version and stays out of the trash, as in the app; make another one current first: atelier history checkout ${v.doc.id} VERSION`;
  }
  return null;
}

/** Why `trash restore` cannot bring it back (not in the trash, or held by its document), or null. */
export function cannotRestore(v: LocatedVersion): string | null {
  if (v.it.deletedAt === null) return `${versionName(v)} is not in the trash`;
  const held = versionHeldBy(v);
  return held ? `${versionName(v)} stays in the trash: ${held}` : null;
}

/**
 * Every version trashed on its own, per document the Trash page lists (live documents in live
 * projects): read from each one's history graph, oldest first, as the document's trash lists them.
 */
export async function trashedVersionsOf(core: Core, documentId: string): Promise<Iteration[]> {
  const reply = await core.call('history.graph', { documentId, recipes: false });
  if (!reply.ok) return [];
  return (reply.result as HistoryGraph).iterations.filter((i) => i.deletedAt !== null);
}
