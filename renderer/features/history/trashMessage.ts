// The "Empty trash" question names the count the host reports, and the disk space it frees.
import type { HistoryTrashSummary } from '../../../shared/contract';
import { plural } from '../../ui/formatTime';

/** The confirm question: the count, and the disk space when files go too. */
export function emptyTrashMessage(summary: HistoryTrashSummary): string {
  const what = `Permanently delete ${plural(summary.iterations, 'version')}?`;
  if (summary.bytes <= 0) return what;
  const mb = summary.bytes / (1024 * 1024);
  const size = mb >= 1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(summary.bytes / 1024))} KB`;
  return `${what} This frees ${size}.`;
}
