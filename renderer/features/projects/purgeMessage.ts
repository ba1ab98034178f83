// What the Delete for good / Empty trash confirm says, from the host's count (trash.summary):
// exactly what goes (documents, versions, image files and the space freed) and, apart, what stays
// (image files another version still uses).
import type { PurgeSummary } from '../../../shared/contract';
import { plural } from '../../ui/formatTime';

/** Names listed one by one; past this the rest are counted. */
const NAMED = 5;

export function sizeText(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const withFiles = (s: Pick<PurgeSummary, 'files' | 'bytes'>) => (s.files === 0 ? '' : `, with ${plural(s.files, 'image file')} (${sizeText(s.bytes)})`);

function names(items: PurgeSummary['items']): string {
  const shown = items.slice(0, NAMED).map((i) => `'${i.name}'`);
  if (items.length > NAMED) shown.push(`${items.length - NAMED} more`);
  return shown.join(', ');
}

const go = (n: number) => (n === 1 ? 'goes' : 'go');

/** Nothing to delete: the trash is empty (or what a row named left it meanwhile). */
export const nothingToPurge = (s: Pick<PurgeSummary, 'items' | 'singleVersions'>): boolean => s.items.length === 0 && s.singleVersions === 0;

/** The confirm question. */
export function purgeMessage(s: PurgeSummary): string {
  const [only] = s.items;
  if (s.items.length === 1 && only && s.singleVersions === 0) {
    if (only.kind === 'document') return `Delete '${only.name}' (${only.projectName}) for good? Its ${plural(only.versions, 'version')} ${go(only.versions)}${withFiles(s)}.`;
    return `Delete project '${only.name}' for good? Its ${plural(only.documents, 'document')} and ${plural(only.versions, 'version')} go${withFiles(s)}.`;
  }
  const projects = s.items.filter((i) => i.kind === 'project');
  const documents = s.items.filter((i) => i.kind === 'document');
  const parts: string[] = [];
  if (projects.length) {
    const inside = projects.reduce((n, p) => n + p.documents, 0);
    parts.push(`${plural(projects.length, 'project')} (${names(projects)}; ${plural(inside, 'document')})`);
  }
  if (documents.length) parts.push(`${plural(documents.length, 'document')} (${names(documents)})`);
  if (s.singleVersions) parts.push(plural(s.singleVersions, 'single version'));
  if (nothingToPurge(s)) return 'The trash is empty: nothing to delete.';
  return `Delete ${parts.join(', ')} for good? ${plural(s.versions, 'version')} in all ${go(s.versions)}${withFiles(s)}.`;
}

/** What stays although it belongs to what goes, or null. */
export function purgeStaysNote(s: Pick<PurgeSummary, 'sharedFiles'>): string | null {
  if (s.sharedFiles === 0) return null;
  return s.sharedFiles === 1 ? '1 image file stays: a version kept elsewhere uses it too.' : `${s.sharedFiles} image files stay: versions kept elsewhere use them too.`;
}
