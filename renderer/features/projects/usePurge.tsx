// Delete for good from the Trash page, one flow for a project row, a document row and Empty trash:
// ask the host what goes (trash.summary), show it in a confirm, then hand back exactly the ids it
// named (trash.deleteForGood), so anything restored meanwhile stays. Nothing to delete is a notice. The lists follow through the
// projects.changed / history.changed events the delete announces.
//
// Test ids: confirm-message / confirm-stays (inside the confirm-dialog)
import { useState, type ReactNode } from 'react';
import type { PurgeScopeRequest, PurgeSummary } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { plural } from '../../ui/formatTime';
import { useToast } from '../../ui/Toast';
import { nothingToPurge, purgeMessage, purgeStaysNote } from './purgeMessage';

export function usePurge(): { ask(scope: Partial<PurgeScopeRequest>, title: string): Promise<void>; dialog: ReactNode } {
  const client = useClient();
  const toast = useToast();
  const [asking, setAsking] = useState<{ summary: PurgeSummary; title: string } | null>(null);

  async function ask(scope: Partial<PurgeScopeRequest>, title: string) {
    const summary = await client.call('trash.summary', scope);
    // A confirm with a red "Delete for good" and "cannot be undone" over nothing at all alarms
    // for no reason: a notice says there is nothing to delete.
    if (nothingToPurge(summary)) return toast({ message: purgeMessage(summary) });
    setAsking({ summary, title });
  }

  async function purge(s: PurgeSummary) {
    const r = await client.call('trash.deleteForGood', { projectIds: s.projectIds, documentIds: s.documentIds, iterationIds: s.iterationIds });
    const what = [r.projects && plural(r.projects, 'project'), r.documents && plural(r.documents, 'document'), plural(r.iterations, 'version')].filter(Boolean);
    const left = r.skipped ? ` ${plural(r.skipped, 'item')} left the trash meanwhile and stayed.` : '';
    toast({ message: `Deleted ${what.join(', ')} for good.${left}` });
  }

  const stays = asking && purgeStaysNote(asking.summary);
  const dialog = asking && (
    <ConfirmDialog title={asking.title} confirmLabel="Delete for good" danger onConfirm={() => purge(asking.summary)} onClose={() => setAsking(null)}>
      <p data-testid="confirm-message">{purgeMessage(asking.summary)}</p>
      {stays && <p data-testid="confirm-stays">{stays}</p>}
      <p className="muted">This cannot be undone.</p>
    </ConfirmDialog>
  );
  return { ask, dialog };
}
