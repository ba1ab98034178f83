// One grid as a labelled table: X values as column headers, Y values as row headers; each cell
// fills in as its job finishes (grids.changed). A cell opens its version in the document, or is
// starred; the cells still queued can be cancelled; the grid exports as PNG (images) or Markdown.
import { CircleStop, Download, ExternalLink, GitBranch, LoaderCircle, Star, TriangleExclamationPoint } from 'lucide-react';
import { useState, type CSSProperties } from 'react';
import type { GridCell } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button, IconButton } from '../../ui/Button';
import { download, downloadUrl } from '../../ui/download';
import { InlineError } from '../../ui/InlineError';
import { useImage } from '../image/imageCache';
import { fieldName } from './GridEditor';
import { useGrid, useIteration } from './useGrid';

const THUMB = 256;

export function GridView({
  id,
  onOpenIteration,
  onBranchIteration,
}: {
  id: string;
  onOpenIteration(iterationId: string): void;
  onBranchIteration?(iterationId: string): void;
}) {
  const client = useClient();
  const { grid, error, setGrid } = useGrid(id);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!grid) {
    return (
      <div className="grid-view" data-testid="grid-view" data-state="loading">
        {error ? <InlineError message={error} testId="grid-view-error" /> : <p className="muted">Loading the grid…</p>}
      </div>
    );
  }

  const { x, y } = grid.axes;
  const rows = y ? y.labels : [''];
  const byPos = new Map(grid.cells.map((c) => [`${c.x}:${c.y}`, c]));
  const c = grid.counts;

  async function cancel() {
    setActionError(null);
    setBusy(true);
    try {
      setGrid(await client.call('grids.cancel', { id }));
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function exportAs(format: 'png' | 'md') {
    setActionError(null);
    setBusy(true);
    try {
      const out = await client.call('grids.export', { id, format, cellSize: THUMB });
      if (out.dataUrl) downloadUrl(out.fileName, out.dataUrl);
      else if (out.text !== null) download(out.fileName, out.text, `${out.mime};charset=utf-8`);
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const state = c.pending > 0 ? 'running' : 'finished';
  return (
    <div className="grid-view" data-testid="grid-view" data-grid-id={grid.id} data-state={state}>
      <div className="grid-view-head">
        <div>
          <h3 className="grid-view-title" data-testid="grid-title">
            {grid.name}
          </h3>
          <p className="muted small" data-testid="grid-progress" data-done={c.done} data-total={c.total} data-pending={c.pending}>
            {c.done} of {c.total} done
            {c.pending > 0 ? ` · ${c.pending} to go` : ''}
            {c.stopped > 0 ? ` · ${c.stopped} stopped` : ''}
            {c.failed > 0 ? ` · ${c.failed} failed` : ''}
          </p>
        </div>
        <div className="grid-view-actions">
          {c.pending > 0 && (
            <Button small icon={<CircleStop size={14} />} onClick={() => void cancel()} disabled={busy} data-testid="grid-cancel">
              Cancel remaining
            </Button>
          )}
          {grid.kind === 'image' && (
            <Button small icon={<Download size={14} />} onClick={() => void exportAs('png')} disabled={busy} data-testid="grid-export-png">
              PNG
            </Button>
          )}
          <Button small icon={<Download size={14} />} onClick={() => void exportAs('md')} disabled={busy} data-testid="grid-export-md">
            Markdown
          </Button>
        </div>
      </div>
      <InlineError message={actionError} testId="grid-action-error" />
      <div className="grid-table-scroll">
        <table
          className={`grid-table grid-table-${grid.kind}`}
          style={{ '--cols': x.labels.length } as CSSProperties}
          data-testid="grid-table"
          data-cols={x.labels.length}
          data-rows={rows.length}
        >
          <thead>
            <tr>
              <th scope="col" className="grid-corner">
                {/* One line per axis, each arrow kept with its name (a narrow corner wrapped "↓" onto the other axis); the arrow sits beside its name however the name wraps. */}
                {y && (
                  <span className="grid-corner-axis muted small" data-testid="grid-axis-name">
                    <span>{fieldName(y.field)}</span>
                    <span aria-hidden="true">↓</span>
                  </span>
                )}
                <span className="grid-corner-axis muted small" data-testid="grid-axis-name">
                  <span>{fieldName(x.field)}</span>
                  <span aria-hidden="true">→</span>
                </span>
              </th>
              {x.labels.map((label, i) => (
                <th key={i} scope="col" data-testid="grid-col-label">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((rowLabel, yi) => (
              <tr key={yi}>
                <th scope="row" data-testid="grid-row-label">
                  {rowLabel || <span className="muted">—</span>}
                </th>
                {x.labels.map((colLabel, xi) => {
                  const cell = byPos.get(`${xi}:${yi}`);
                  return (
                    <td key={xi}>
                      {cell && <CellView
                          cell={cell}
                          kind={grid.kind}
                          label={[colLabel, rowLabel].filter(Boolean).join(', ')}
                          onOpen={onOpenIteration}
                          onBranch={onBranchIteration}
                        />}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function CellView({
  cell,
  kind,
  label,
  onOpen,
  onBranch,
}: {
  cell: GridCell;
  kind: 'text' | 'image';
  label: string;
  onOpen(id: string): void;
  onBranch?(id: string): void;
}) {
  const client = useClient();
  const done = cell.status === 'done' || (cell.status === 'cancelled' && cell.iterationId !== null);
  const iterationId = done ? cell.iterationId : null;
  const { iteration, error, setStarred } = useIteration(kind === 'text' || iterationId ? iterationId : null);
  const [starError, setStarError] = useState<string | null>(null);
  const starred = iteration?.starred === true;

  async function toggleStar() {
    if (!iterationId) return;
    setStarError(null);
    try {
      const it = await client.call('history.annotate', { id: iterationId, starred: !starred });
      setStarred(it.starred === true);
    } catch (err) {
      setStarError(errorMessage(err));
    }
  }

  let body;
  if (iterationId) {
    body = kind === 'image' ? <CellImage id={iterationId} label={label} /> : <CellText text={generatedText(iteration)} loading={!iteration && !error} />;
  } else if (cell.status === 'queued' || cell.status === 'running') {
    body = (
      <p className="grid-cell-wait muted small">
        <LoaderCircle size={14} className={cell.status === 'running' ? 'spin' : ''} aria-hidden />
        {cell.status === 'running' ? 'Running…' : 'Queued'}
      </p>
    );
  } else {
    body = (
      <p className="grid-cell-wait muted small" title={cell.error ?? undefined}>
        <TriangleExclamationPoint size={14} aria-hidden />
        {cell.status === 'cancelled' ? 'Cancelled' : cell.status === 'missing' ? 'Version deleted' : (cell.error ?? 'Failed')}
      </p>
    );
  }

  return (
    <div
      className="grid-cell"
      data-testid="grid-cell"
      data-x={cell.x}
      data-y={cell.y}
      data-status={cell.status}
      data-iteration-id={iterationId ?? undefined}
      data-starred={starred}
      aria-label={label}
    >
      {body}
      <InlineError message={error ?? starError} testId="grid-cell-error" />
      {iterationId && (
        <div className="grid-cell-actions">
          {onBranch && (
            <IconButton
              small
              variant="ghost"
              label={kind === 'text' ? `Continue writing from ${label}` : `Start new images from ${label}`}
              icon={<GitBranch size={14} />}
              onClick={() => onBranch(iterationId)}
              data-testid="grid-cell-branch"
            />
          )}
          <IconButton small variant="ghost" label={`Open ${label} in the document`} icon={<ExternalLink size={14} />} onClick={() => onOpen(iterationId)} data-testid="grid-cell-open" />
          <IconButton
            small
            variant="ghost"
            label={starred ? `Unstar ${label}` : `Star ${label}`}
            icon={<Star size={14} fill={starred ? 'currentColor' : 'none'} />}
            aria-pressed={starred}
            className={starred ? 'grid-starred' : ''}
            onClick={() => void toggleStar()}
            data-testid="grid-cell-star"
          />
        </div>
      )}
    </div>
  );
}

/** The text a cell generated: after the prompt it continued (recipe.promptChars), else all of it. */
function generatedText(it: { text: string | null; recipe?: unknown } | null): string {
  if (!it?.text) return '';
  const r = it.recipe as { kind?: string; promptChars?: number } | null | undefined;
  if (r?.kind === 'text' && typeof r.promptChars === 'number' && r.promptChars > 0 && r.promptChars < it.text.length) return it.text.slice(r.promptChars);
  return it.text;
}

function CellText({ text, loading }: { text: string; loading: boolean }) {
  // A continuation starts with the space or line break that joins it to the prompt; at the top of a
  // cell that reads as a stray indent, so it is not shown (the version keeps it).
  const shown = text.replace(/^\s+/, '');
  return (
    <div className="grid-cell-text" data-testid="grid-cell-text" data-loaded={!loading} tabIndex={0}>
      {loading ? <span className="muted">…</span> : shown || <span className="muted">(no text)</span>}
    </div>
  );
}

function CellImage({ id, label }: { id: string; label: string }) {
  const { image, error } = useImage(id, THUMB);
  if (error) return <InlineError message={error} />;
  return image ? (
    <img className="grid-cell-img" src={image.dataUrl} alt={label} width={image.width} height={image.height} data-testid="grid-cell-img" />
  ) : (
    <div className="grid-cell-img grid-cell-img-loading" aria-busy />
  );
}
