// The Trash page's versions: every version moved to the trash in any live document (found with the
// search language's `is:trashed`), each with its document, Open and Restore; "Delete versions" deletes
// for good exactly the versions its confirm names (the host's summary: the count, each document's
// share), the ones this list shows. Trashed versions of a document or project in the trash are not
// listed and not deleted: they wait for it, and the confirm says so.
//
// Test ids: versions-trash (data-total, absent until the list has loaded) / versions-trash-item (data-iteration-id) / versions-trash-open /
//   versions-trash-restore / versions-trash-empty / versions-trash-none / versions-trash-error
import { ExternalLink, RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { HistoryTrashSummary, SearchResult } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { useActionError } from '../../app/useActionError';
import { useLiveQuery } from '../../app/useLiveQuery';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { useToast } from '../../ui/Toast';
import { useNavigation } from '../compare/navigation';
import { touchesTrash } from './trashChange';
import { emptyTrashMessage, leftInTrashNote } from './trashMessage';
import './history.css';

const SHOWN = 200;

export function AllVersionsTrash() {
  const client = useClient();
  const toast = useToast();
  const nav = useNavigation();
  const trash = useLiveQuery(
    'is:trashed',
    async (c) => {
      const [found, summary] = await Promise.all([c.call('search.query', { q: 'is:trashed', limit: SHOWN }), c.call('history.trashSummary', {})]);
      return { results: found.results, summary };
    },
    (c, reload) => {
      const offHistory = c.on('history.changed', (e) => {
        if (touchesTrash(e)) reload();
      });
      // A document or project moved to the trash or back takes its versions off this list or back.
      const offProjects = c.on('projects.changed', reload);
      return () => {
        offHistory();
        offProjects();
      };
    },
  );
  // What a Restore or Delete versions could not do; the list's own load error shows when there is none.
  const [actionError, setActionError] = useActionError();
  const [asking, setAsking] = useState<HistoryTrashSummary | null>(null);
  const list = trash.data;
  const error = actionError ?? trash.error;

  async function restore(r: SearchResult) {
    setActionError(null);
    try {
      await client.call('history.restore', { id: r.iterationId });
      toast({ message: `Restored a version of '${r.documentTitle}'` });
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  async function ask() {
    setActionError(null);
    try {
      setAsking(await client.call('history.trashSummary', {}));
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  async function empty() {
    const result = await client.call('history.emptyTrash', { iterationIds: asking?.iterationIds ?? [] });
    toast({ message: `Deleted ${plural(result.iterations, 'version')} for good` });
    await trash.reload();
  }

  const total = list?.summary.iterations ?? 0;
  return (
    <section className="versions-trash" aria-labelledby="versions-trash-title" data-testid="versions-trash" data-total={list ? total : undefined}>
      <header className="version-trash-head">
        <div>
          <h2 id="versions-trash-title" className="section-label">
            Versions{total > 0 ? ` (${total})` : ''}
          </h2>
          <p className="muted small">Single versions moved to the trash from a document&apos;s history or an image board.</p>
        </div>
        {total > 0 && (
          <Button small variant="danger" icon={<Trash2 size={14} />} onClick={() => void ask()} data-testid="versions-trash-empty">
            Delete versions
          </Button>
        )}
      </header>
      <InlineError message={error} testId="versions-trash-error" />
      {list && total === 0 && (
        <p className="muted small" data-testid="versions-trash-none">
          No versions in the trash.
        </p>
      )}
      {list && list.results.length > 0 && (
        <ul className="rows">
          {list.results.map((r) => (
            <li key={r.iterationId} className="row" data-testid="versions-trash-item" data-iteration-id={r.iterationId}>
              <div className="row-main">
                <span className="row-title">
                  {r.documentTitle} <span className="muted">· {r.projectName}</span>
                </span>
                <span className="row-meta">
                  {r.recipe.line || (r.source === 'user' ? 'written' : r.kind)} · made{' '}
                  <time title={formatFull(r.createdAt)}>{formatRelative(r.createdAt)}</time>
                </span>
              </div>
              <div className="button-row">
                {nav && (
                  <Button
                    small
                    variant="ghost"
                    icon={<ExternalLink size={14} />}
                    onClick={() => nav.openVersion({ projectId: r.projectId, documentId: r.documentId, documentTitle: r.documentTitle, iterationId: r.iterationId })}
                    data-testid="versions-trash-open"
                  >
                    Open
                  </Button>
                )}
                <Button small icon={<RotateCcw size={14} />} onClick={() => void restore(r)} data-testid="versions-trash-restore" aria-label={`Restore the version of ${r.documentTitle}`}>
                  Restore
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {list && total > list.results.length && (
        <p className="muted small">
          Showing {list.results.length} of {total}.
        </p>
      )}
      {asking && (
        <ConfirmDialog title="Delete versions for good" confirmLabel="Delete for good" danger onConfirm={empty} onClose={() => setAsking(null)}>
          <p data-testid="confirm-message">{emptyTrashMessage(asking)}</p>
          {leftInTrashNote(asking) && <p data-testid="confirm-left">{leftInTrashNote(asking)}</p>}
          <p className="muted">This cannot be undone. Versions that grew from deleted ones stay, linked to what came before.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
