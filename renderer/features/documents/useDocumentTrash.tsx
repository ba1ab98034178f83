// Moving one document to the trash: ask with the host's count of its versions, trash it, then
// offer Undo in a toast. The project page lists what is in the trash, with Restore.
import { useState, type ReactNode } from 'react';
import type { DocumentInfo, TrashSummary } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { plural } from '../../ui/formatTime';
import { useToast } from '../../ui/Toast';

/** The confirm question: exactly what goes. */
export const documentTrashMessage = ({ name, iterations }: TrashSummary) => `Move '${name}' and its ${plural(iterations, 'version')} to the trash?`;

export function useDocumentTrash({ onChanged, onError }: { onChanged(): void; onError(message: string): void }): {
  ask(doc: DocumentInfo): void;
  dialog: ReactNode;
} {
  const client = useClient();
  const toast = useToast();
  const [pending, setPending] = useState<{ doc: DocumentInfo; summary: TrashSummary } | null>(null);

  function ask(doc: DocumentInfo) {
    client.call('documents.trashSummary', { id: doc.id }).then(
      (summary) => setPending({ doc, summary }),
      (err: unknown) => onError(errorMessage(err)),
    );
  }

  async function trash(doc: DocumentInfo, summary: TrashSummary) {
    await client.call('documents.trash', { id: doc.id });
    onChanged();
    toast({
      message: `Moved '${summary.name}' to the trash.`,
      actionLabel: 'Undo',
      onAction: async () => {
        await client.call('documents.restore', { id: doc.id });
        onChanged();
      },
    });
  }

  const dialog = pending && (
    <ConfirmDialog
      title="Move to trash"
      confirmLabel="Move to trash"
      danger
      onConfirm={() => trash(pending.doc, pending.summary)}
      onClose={() => setPending(null)}
    >
      <p data-testid="confirm-message">{documentTrashMessage(pending.summary)}</p>
      <p className="muted">It stays in this project’s trash, below its documents, until you restore it.</p>
    </ConfirmDialog>
  );

  return { ask, dialog };
}
