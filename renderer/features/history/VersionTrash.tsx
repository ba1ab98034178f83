// A document's trashed versions, newest first, each with Restore; "Empty this document's trash"
// (not the Trash page's Empty trash, which empties every document's) deletes them for good after a
// confirm that names the count the host reports, in its question and on its button.
//
// Test ids: version-trash (data-count) / version-trash-item (data-iteration-id) / version-trash-restore /
//   version-trash-empty / version-trash-none; the confirm is confirm-dialog / confirm-message / confirm-ok
import { RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { HistoryTrashSummary, Iteration } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { useToast } from '../../ui/Toast';
import { describe } from './describe';
import { EMPTY_DOCUMENT_TRASH, emptyDocumentTrashConfirm, emptyTrashMessage } from './trashMessage';

export function VersionTrash({ documentId, trashed, onRestore }: { documentId: string; trashed: Iteration[]; onRestore(id: string): Promise<void> }) {
  const client = useClient();
  const toast = useToast();
  const [asking, setAsking] = useState<HistoryTrashSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sorted = [...trashed].sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0));

  async function ask() {
    setError(null);
    try {
      setAsking(await client.call('history.trashSummary', { documentId }));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function empty() {
    // Exactly the versions the confirm named: one trashed since is not deleted unasked.
    const result = await client.call('history.emptyTrash', { documentId, iterationIds: asking?.iterationIds ?? [] });
    toast({ message: `Deleted ${plural(result.iterations, 'version')} for good` });
  }

  return (
    <section className="version-trash" aria-label="This document's trash" data-testid="version-trash" data-count={sorted.length}>
      <header className="version-trash-head">
        <h3 className="section-label">Trash{sorted.length > 0 ? ` (${sorted.length})` : ''}</h3>
        {sorted.length > 0 && (
          <Button small variant="ghost" icon={<Trash2 size={14} />} onClick={() => void ask()} data-testid="version-trash-empty">
            {EMPTY_DOCUMENT_TRASH}
          </Button>
        )}
      </header>
      <InlineError message={error} testId="version-trash-error" />
      {sorted.length === 0 ? (
        <p className="muted small" data-testid="version-trash-none">
          Versions you move to the trash wait here until you restore them or empty the trash.
        </p>
      ) : (
        <ul className="version-trash-list">
          {sorted.map((it) => {
            const { title, detail } = describe(it);
            return (
              <li key={it.id} className="version-trash-item" data-testid="version-trash-item" data-iteration-id={it.id}>
                <span className="version-trash-name">
                  <span>{title}</span>
                  <span className="muted small">
                    {detail ? `${detail} · ` : ''}
                    trashed{' '}
                    {it.deletedAt !== null && <time title={formatFull(it.deletedAt)}>{formatRelative(it.deletedAt)}</time>}
                  </span>
                </span>
                <Button
                  small
                  icon={<RotateCcw size={14} />}
                  onClick={() => onRestore(it.id).catch((err: unknown) => setError(errorMessage(err)))}
                  aria-label={`Restore ${title}`}
                  data-testid="version-trash-restore"
                >
                  Restore
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {asking && (
        <ConfirmDialog title={EMPTY_DOCUMENT_TRASH} confirmLabel={emptyDocumentTrashConfirm(asking)} danger onConfirm={empty} onClose={() => setAsking(null)}>
          <p data-testid="confirm-message">{emptyTrashMessage(asking)}</p>
          <p className="muted">This cannot be undone. Versions that grew from them stay, linked to what came before.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
