// "Grid…": the entry point from a text document or an image board. Opens a large dialog with the
// document's saved grids on the left, and a new grid's editor or one grid's table on the right.
//
// Test ids:
//   grid-open (the button) / grid-dialog / grid-close / grid-new / grid-list / grid-list-item
//   (data-grid-id, aria-current) / grid-list-empty
//   editor: grid-editor / grid-x-field / grid-x-values / grid-y-field / grid-y-values / grid-name /
//   grid-count (data-count) / grid-plan-error / grid-base-error / grid-start / grid-start-error
//   view: grid-view (data-grid-id, data-state running|finished) / grid-title / grid-progress
//   (data-done, data-total, data-pending) / grid-cancel / grid-export-png / grid-export-md /
//   grid-action-error / grid-table (data-cols, data-rows) / grid-col-label / grid-row-label /
//   grid-cell (data-x, data-y, data-status, data-iteration-id, data-starred) / grid-cell-text (data-loaded) /
//   grid-cell-img / grid-cell-open / grid-cell-star (aria-pressed) / grid-cell-branch (continue the text
//   from the cell's version, or use the cell's image as the board's start image) / grid-cell-error
import { Grid3x3, Plus } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { formatRelative } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { GridEditor } from './GridEditor';
import { GridView } from './GridView';
import { useGridList } from './useGrid';
import './grid.css';

/**
 * The document's current settings as a generation request, or why there is none yet. modelKind
 * (an image board's model) narrows the axes to the settings that model reads.
 */
export type GridBase = { ok: true; request: Record<string, unknown>; modelKind?: string | null } | { ok: false; message: string };

interface Props {
  documentId: string;
  kind: 'text' | 'image';
  /** Read when the dialog opens: the current document's settings. */
  getBase(): GridBase;
  /** Shows a cell's version in its document (the dialog closes first). */
  onOpenIteration(iterationId: string): void;
  /** Branches from a cell's version: continue the text from it, or start images from it. */
  onBranchIteration?(iterationId: string): void;
}

export function GridButton({ documentId, kind, getBase, onOpenIteration, onBranchIteration }: Props) {
  const [open, setOpen] = useState<{ base: GridBase } | null>(null);
  return (
    <>
      <Button small icon={<Grid3x3 size={14} />} onClick={() => setOpen({ base: getBase() })} data-testid="grid-open" title="Sweep one or two settings into a grid">
        Grid…
      </Button>
      {open && (
        <GridDialog
          documentId={documentId}
          kind={kind}
          base={open.base}
          onClose={() => setOpen(null)}
          onOpenIteration={(id) => {
            setOpen(null);
            onOpenIteration(id);
          }}
          onBranchIteration={
            onBranchIteration &&
            ((id) => {
              setOpen(null);
              onBranchIteration(id);
            })
          }
        />
      )}
    </>
  );
}

type Screen = { kind: 'new' } | { kind: 'grid'; id: string };

function GridDialog({
  documentId,
  kind,
  base,
  onClose,
  onOpenIteration,
  onBranchIteration,
}: {
  documentId: string;
  kind: 'text' | 'image';
  base: GridBase;
  onClose(): void;
  onOpenIteration(id: string): void;
  onBranchIteration?(id: string): void;
}) {
  const { grids, error } = useGridList(documentId);
  const [screen, setScreen] = useState<Screen | null>(null);
  // First view: the newest saved grid when there is one, else a new grid.
  const shown: Screen | null = screen ?? (grids ? (grids[0] ? { kind: 'grid', id: grids[0].id } : { kind: 'new' }) : null);

  return (
    <Dialog
      title={kind === 'text' ? 'Text grid' : 'Image grid'}
      onClose={onClose}
      className="grid-dialog"
      testId="grid-dialog"
      closeLabel="Close the grid"
      closeTestId="grid-close"
      flush
    >
      <div className="grid-dialog-body">
        <nav className="grid-list" aria-label="Saved grids" data-testid="grid-list">
          <Button small variant={shown?.kind === 'new' ? 'primary' : 'quiet'} icon={<Plus size={14} />} onClick={() => setScreen({ kind: 'new' })} data-testid="grid-new">
            New grid
          </Button>
          <InlineError message={error} testId="grid-list-error" />
          {grids && grids.length === 0 && (
            <p className="muted small" data-testid="grid-list-empty">
              No grids on this document yet.
            </p>
          )}
          <ul>
            {grids?.map((g) => {
              const current = shown?.kind === 'grid' && shown.id === g.id;
              return (
                <li key={g.id}>
                  <button
                    type="button"
                    className="grid-list-item"
                    aria-current={current || undefined}
                    onClick={() => setScreen({ kind: 'grid', id: g.id })}
                    data-testid="grid-list-item"
                    data-grid-id={g.id}
                  >
                    <span className="grid-list-name">{g.name}</span>
                    <span className="muted small">
                      {g.done}/{g.count} · {formatRelative(g.createdAt)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="grid-main">
          {shown?.kind === 'new' && <GridEditor kind={kind} base={base} onStarted={(g) => setScreen({ kind: 'grid', id: g.id })} />}
          {shown?.kind === 'grid' && <GridView key={shown.id} id={shown.id} onOpenIteration={onOpenIteration} onBranchIteration={onBranchIteration} />}
        </div>
      </div>
    </Dialog>
  );
}
