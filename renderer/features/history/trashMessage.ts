// The "Empty trash" question names exactly what goes, as the host reports it: the count, each
// document's share when it spans several, and the disk space it frees; and, apart, the trashed
// versions it leaves because their document or project is in the trash itself.
import type { HistoryTrashSummary } from '../../../shared/contract';
import { plural } from '../../ui/formatTime';

/** Documents named one by one; past this the rest are summed, so the question stays readable. */
const NAMED = 5;

const share = (d: HistoryTrashSummary['documents'][number]) => `${d.iterations} of '${d.title}' (${d.projectName})`;

/** The confirm question. */
export function emptyTrashMessage(summary: Pick<HistoryTrashSummary, 'iterations' | 'bytes' | 'documents'>): string {
  const { iterations, documents } = summary;
  let what: string;
  if (documents.length === 1) what = `Delete ${plural(iterations, 'version')} of '${documents[0]!.title}' for good?`;
  else {
    const named = documents.slice(0, NAMED).map(share);
    const rest = documents.slice(NAMED);
    if (rest.length > 0) {
      const more = rest.reduce((n, d) => n + d.iterations, 0);
      named.push(`${plural(more, 'version')} of ${plural(rest.length, 'other document')}`);
    }
    what = `Delete ${plural(iterations, 'version')} for good?${named.length ? ` ${named.join(', ')}.` : ''}`;
  }
  if (summary.bytes <= 0) return what;
  const mb = summary.bytes / (1024 * 1024);
  const size = mb >= 1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(summary.bytes / 1024))} KB`;
  return `${what} This frees ${size}.`;
}

/**
 * A document's own trash (in its versions panel) is emptied by a button named for that, so it is
 * never taken for the Trash page's Empty trash, which empties every document's.
 */
export const EMPTY_DOCUMENT_TRASH = "Empty this document's trash";

/** Its confirm button says how many go ("Delete 3 versions for good"). */
export function emptyDocumentTrashConfirm(summary: Pick<HistoryTrashSummary, 'iterations'>): string {
  return `Delete ${plural(summary.iterations, 'version')} for good`;
}

/** What emptying leaves: trashed versions of documents or projects in the trash, or null when there are none. */
export function leftInTrashNote(summary: Pick<HistoryTrashSummary, 'inTrashedDocuments'>): string | null {
  const n = summary.inTrashedDocuments;
  if (n === 0) return null;
  return n === 1
    ? '1 trashed version stays: its document or project is in the trash.'
    : `${n} trashed versions stay: their documents or projects are in the trash.`;
}
