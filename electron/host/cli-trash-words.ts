// The lines `atelier trash` prints for a person (--json prints the handlers' own results instead):
// rows of the trash with the ids to act on, and what a trash, restore or delete for good moved.
import type { DocumentInfo, Iteration, Project, PurgeItem, PurgeResult, PurgeSummary, TrashSummary, TrashedDocument, TrashedVersionsOf } from '../../shared/contract';
import { byteSize } from '../../shared/recovered-words';

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const files = (n: number, bytes: number) => (n === 0 ? 'no image files' : `${plural(n, 'image file')} (${byteSize(bytes)})`);

export function projectLine(p: Project): string {
  const own = p.trashedDocumentCount ? `, ${p.trashedDocumentCount} trashed on their own` : '';
  return `${p.id}  project   '${p.name}'  ${plural(p.documentCount, 'document')}${own}  trashed ${when(p.deletedAt ?? 0)}`;
}

export function documentLine(d: TrashedDocument): string {
  const withProject = d.projectDeletedAt === null ? '' : ' (its project is in the trash too)';
  return `${d.id}  document  '${d.title}' in '${d.projectName}'  ${plural(d.iterationCount, 'version')}  trashed ${when(d.deletedAt ?? 0)}${withProject}`;
}

/** A live document's versions trashed on their own (restored one by one in its history; `trash empty` deletes them). */
export function versionsLine(v: TrashedVersionsOf): string {
  return `${v.documentId}  versions  ${plural(v.iterations, 'version')} of '${v.title}' in '${v.projectName}' trashed on ${v.iterations === 1 ? 'its' : 'their'} own`;
}

/** One of those versions, with the id `trash restore` takes. */
export function versionLine(it: Iteration, v: TrashedVersionsOf): string {
  const by = it.source === 'user' ? 'written' : it.source === 'model' ? 'generated' : 'edited';
  return `${it.id}  version   ${it.kind} of '${v.title}' in '${v.projectName}', ${by} ${when(it.createdAt)}  trashed ${when(it.deletedAt ?? 0)}`;
}

/** A version moved to the trash; `current`: it is the one the document shows. */
export function versionTrashedLine(it: Iteration, title: string): string {
  return `Moved version ${it.id} of '${title}' to the trash; to bring it back: atelier trash restore ${it.id}`;
}

export function versionRestoredLine(it: Iteration, title: string): string {
  return `Restored version ${it.id} of '${title}'`;
}

export function trashedLine(kind: 'project' | 'document', id: string, s: TrashSummary): string {
  const what = kind === 'project' ? `project '${s.name}' to the trash, with ${plural(s.documents, 'document')} and ${plural(s.iterations, 'version')}` : `'${s.name}' to the trash, with ${plural(s.iterations, 'version')}`;
  return `Moved ${what}; to bring it back: atelier trash restore ${id}`;
}

export function restoredLine(back: Project | DocumentInfo): string {
  if ('name' in back) return `Restored project '${back.name}' with ${plural(back.documentCount, 'document')}`;
  return `Restored '${back.title}' with ${plural(back.iterationCount, 'version')}`;
}

function itemLine(i: PurgeItem): string {
  const name = i.kind === 'project' ? `project '${i.name}': ${plural(i.documents, 'document')}, ` : `document '${i.name}' in '${i.projectName}': `;
  return `  ${name}${plural(i.versions, 'version')}, ${files(i.files, i.bytes)}`;
}

/**
 * What the confirm names: each item, the versions trashed on their own (Empty trash), the whole,
 * and the image files that stay because a kept version uses them.
 */
export function purgeLines(s: PurgeSummary): string[] {
  const lines = ['This deletes for good:', ...s.items.map(itemLine)];
  if (s.singleVersions) lines.push(`  ${plural(s.singleVersions, 'version')} trashed on ${s.singleVersions === 1 ? 'its' : 'their'} own`);
  if (s.items.length > 1 || s.singleVersions) lines.push(`In all: ${plural(s.documents, 'document')}, ${plural(s.versions, 'version')}, ${files(s.files, s.bytes)}`);
  if (s.sharedFiles) lines.push(`${plural(s.sharedFiles, 'image file')} of theirs ${s.sharedFiles === 1 ? 'stays' : 'stay'}: a version kept elsewhere uses ${s.sharedFiles === 1 ? 'it' : 'them'}`);
  return lines;
}

export function deletedLine(r: PurgeResult): string {
  const projects = r.projects ? `${plural(r.projects, 'project')}, ` : '';
  return `Deleted for good: ${projects}${plural(r.documents, 'document')}, ${plural(r.iterations, 'version')}, ${files(r.files, r.bytes)}`;
}
