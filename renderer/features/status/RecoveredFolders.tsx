// Every folder start-ups set aside in recovered/, with its path, how much it holds and its size,
// and the one way to get rid of them: an explicit delete, after a confirm that names the count and
// the size. The request repeats what the confirm showed, so if a folder changed in between the
// host refuses (CONFLICT) and the panel shows the new figures instead of deleting unseen files.
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { RecoveredFolder } from '../../../shared/contract';
import { byteSize, itemCount, recoveredAmount } from '../../../shared/recovered-words';
import { useClient } from '../../app/ClientContext';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useToast } from '../../ui/Toast';

export function RecoveredFolders({ recovered, onChanged }: { recovered: RecoveredFolder[]; onChanged?: () => Promise<void> | void }) {
  const client = useClient();
  const toast = useToast();
  // The folders as they were when the user pressed Delete: exactly what the confirm names.
  const [asking, setAsking] = useState<RecoveredFolder[] | null>(null);
  if (recovered.length === 0) return null;

  async function remove(folders: RecoveredFolder[]) {
    try {
      const done = await client.call('system.deleteRecovered', {
        folders: folders.map((f) => f.name),
        items: folders.reduce((n, f) => n + f.items, 0),
        bytes: folders.reduce((n, f) => n + f.bytes, 0),
      });
      const kept = done.failed.length ? `; ${done.failed.length} could not be deleted (${done.failed.map((f) => `${f.name}: ${f.reason}`).join(', ')})` : '';
      toast({ message: `Deleted ${itemCount(done.items)} (${byteSize(done.bytes)}) for good${kept}` });
    } finally {
      // Show what is there now, whether it went or the host refused.
      await onChanged?.();
    }
  }

  return (
    <>
      <ul className="startup-notices" data-testid="status-recovered">
        {recovered.map((r) => (
          <li key={r.path} data-testid="recovered-folder">
            <strong>
              {itemCount(r.items)} set aside{r.at === null ? '' : ` at start-up on ${new Date(r.at).toLocaleString()}`} · {byteSize(r.bytes)}
            </strong>
            <p className="small">
              Files and model folders a crash left that nothing referred to. Atelier never deletes them on its own; copy back what you need, then delete them here.
            </p>
            <p className="small mono selectable" data-testid="recovered-path">
              {r.path}
            </p>
          </li>
        ))}
      </ul>
      <Button small variant="danger" icon={<Trash2 size={14} />} onClick={() => setAsking(recovered)} data-testid="recovered-delete">
        Delete recovered files…
      </Button>
      {asking && (
        <ConfirmDialog title="Delete recovered files" confirmLabel="Delete for good" danger onConfirm={() => remove(asking)} onClose={() => setAsking(null)}>
          <p data-testid="confirm-message">Delete {recoveredAmount(asking)} under recovered/ for good?</p>
          <p className="muted">This cannot be undone. Nothing in your projects, versions or models refers to these files.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
