// The two buttons at the end of a Trash page row: Restore and Delete for good. One place for their
// icons, order and busy state, so the projects and documents sections cannot drift apart.
import { RotateCcw, Trash2 } from 'lucide-react';
import { Button } from './Button';

interface TrashRowActionsProps {
  /** What the row is called in the buttons' labels ("Chapter 1"). */
  name: string;
  /** Appended to "Restore <name>" for screen readers: " to Novel". */
  restoreTo?: string;
  /** A call for this row is under way: both buttons wait. */
  busy: boolean;
  /** Restore cannot happen yet (the row's project is in the trash too). */
  restoreBlocked?: boolean;
  onRestore(): void;
  onDelete(): void;
  testIds: { restore: string; delete: string };
}

export function TrashRowActions({ name, restoreTo = '', busy, restoreBlocked = false, onRestore, onDelete, testIds }: TrashRowActionsProps) {
  return (
    <>
      <Button small icon={<RotateCcw size={14} />} onClick={onRestore} disabled={busy || restoreBlocked} data-testid={testIds.restore} aria-label={`Restore ${name}${restoreTo}`}>
        Restore
      </Button>
      <Button small variant="danger" icon={<Trash2 size={14} />} onClick={onDelete} disabled={busy} data-testid={testIds.delete} aria-label={`Delete ${name} for good`}>
        Delete for good
      </Button>
    </>
  );
}
