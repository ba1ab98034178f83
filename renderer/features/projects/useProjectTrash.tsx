// Moving a project to the trash: ask with the host's summary of what goes, trash it, then offer
// Undo in a toast. Returns the dialog to render and a function to start the flow.
import { useState, type ReactNode } from 'react';
import type { Project, TrashSummary } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useToast } from '../../ui/Toast';
import { trashMessage } from './trashMessage';

interface Options {
  onTrashed(project: Project): void;
  onRestored(project: Project): void;
  /** Where to say that the summary could not be fetched (the dialog is not open yet). */
  onError(message: string): void;
}

export function useProjectTrash({ onTrashed, onRestored, onError }: Options): {
  ask(project: Project): void;
  dialog: ReactNode;
} {
  const client = useClient();
  const toast = useToast();
  const [pending, setPending] = useState<{ project: Project; summary: TrashSummary } | null>(null);

  function ask(project: Project) {
    client.call('projects.trashSummary', { id: project.id }).then(
      (summary) => setPending({ project, summary }),
      (err: unknown) => onError(errorMessage(err)),
    );
  }

  async function trash(project: Project, summary: TrashSummary) {
    await client.call('projects.trash', { id: project.id });
    onTrashed(project);
    toast({
      message: `Moved '${summary.name}' to the trash.`,
      actionLabel: 'Undo',
      onAction: async () => onRestored(await client.call('projects.restore', { id: project.id })),
    });
  }

  const dialog = pending && (
    <ConfirmDialog
      title="Move to trash"
      confirmLabel="Move to trash"
      danger
      onConfirm={() => trash(pending.project, pending.summary)}
      onClose={() => setPending(null)}
    >
      <p data-testid="confirm-message">{trashMessage(pending.summary)}</p>
      <p className="muted">You can restore it from the Trash at any time.</p>
    </ConfirmDialog>
  );

  return { ask, dialog };
}
