// The board's results: running batches first (live step previews, a progress bar, cancel), then
// every version, newest first. Only the rows in view are in the DOM, so a board with thousands of
// images scrolls as lightly as one with ten; arrow keys move between tiles.
import { ArchiveRestore, ImageOff, LoaderCircle, Star, X } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { loadStageFraction, loadStageLine } from '../../../shared/load-words';
import { IconButton } from '../../ui/Button';
import { ProgressBar } from '../../ui/ProgressBar';
import { THUMB_SIDE, useImage } from './imageCache';
import { tileProgress, type BoardVersion, type PendingBatch } from './useBoard';

export type GridItem =
  | { type: 'pending'; batch: PendingBatch; index: number }
  | { type: 'version'; version: BoardVersion }
  | { type: 'trashed'; version: BoardVersion };

const GAP = 12;
const MIN_TILE = 136;
const OVERSCAN_ROWS = 2;

interface ResultsGridProps {
  items: GridItem[];
  stars: ReadonlySet<string>;
  onOpen(id: string): void;
  onCancel(jobId: string): void;
  /** Delete on a focused image: move it to the trash (the caller offers Undo). */
  onTrash(id: string): void;
  onRestore(id: string): void;
  /** The element that scrolls (the board: prompt panel and results scroll together). */
  scroller: HTMLElement | null;
  /** Scroll position to come back to (after the canvas), and where to keep it. */
  scrollRef: React.RefObject<number>;
  /** A version to bring into view and focus once (coming back from the canvas). */
  focusId: string | null;
  cancelError: { jobId: string; message: string } | null;
  /** Height of the sticky header over the grid, kept clear when a tile scrolls into view. */
  stickyTop?: number;
  /** While picking images to compare: the picked ones (marked; a click picks instead of opening). */
  picked?: ReadonlySet<string>;
}

function itemKey(item: GridItem): string {
  return item.type === 'pending' ? `p:${item.batch.job.id}:${item.index}` : `${item.type}:${item.version.it.id}`;
}

interface Frame {
  width: number;
  /** The viewport: the scroller's height and scroll position, and where the grid starts in it. */
  height: number;
  scrollTop: number;
  gridTop: number;
}

export function ResultsGrid({ items, stars, onOpen, onCancel, onTrash, onRestore, scroller, scrollRef, focusId, cancelError, stickyTop = 0, picked }: ResultsGridProps) {
  const gridRef = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState<Frame>({ width: 0, height: 0, scrollTop: 0, gridTop: 0 });
  const pendingFocus = useRef<number | null>(null);
  const [, setTick] = useState(0);

  const measure = useCallback(() => {
    const el = scroller;
    const grid = gridRef.current;
    if (!el || !grid) return;
    const gridTop = grid.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop;
    const next = { width: grid.clientWidth, height: el.clientHeight, scrollTop: el.scrollTop, gridTop };
    setFrame((f) => (f.width === next.width && f.height === next.height && f.scrollTop === next.scrollTop && f.gridTop === next.gridTop ? f : next));
  }, [scroller]);

  useLayoutEffect(() => {
    const el = scroller;
    const grid = gridRef.current;
    if (!el || !grid) return;
    measure();
    const onScroll = () => {
      scrollRef.current = el.scrollTop;
      measure();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    // The panel above can change height (a note, an error), which moves the grid.
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    ro.observe(grid);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
    };
  }, [scroller, scrollRef, measure]);

  const cols = Math.max(1, Math.floor((frame.width + GAP) / (MIN_TILE + GAP)));
  const tile = frame.width > 0 ? (frame.width - GAP * (cols - 1)) / cols : MIN_TILE;
  const rowHeight = tile + GAP;
  const rows = Math.ceil(items.length / cols);
  const viewTop = frame.scrollTop - frame.gridTop;
  const firstRow = Math.max(0, Math.floor(viewTop / rowHeight) - OVERSCAN_ROWS);
  const lastRow = Math.min(rows - 1, Math.ceil((viewTop + Math.max(frame.height, rowHeight)) / rowHeight) + OVERSCAN_ROWS);
  const visible = items.slice(firstRow * cols, (lastRow + 1) * cols);

  /** Scrolls the board so that row `row` is in view, below the sticky header. */
  const reveal = useCallback(
    (row: number, center: boolean) => {
      const el = scroller;
      if (!el) return;
      const top = frame.gridTop + row * rowHeight;
      const visibleTop = el.scrollTop + stickyTop;
      const visibleBottom = el.scrollTop + el.clientHeight;
      if (top >= visibleTop && top + tile <= visibleBottom) return;
      el.scrollTop = center ? Math.max(0, top - (el.clientHeight - tile) / 2) : top < visibleTop ? top - stickyTop : top + tile - el.clientHeight;
      measure();
    },
    [scroller, frame.gridTop, rowHeight, tile, stickyTop, measure],
  );

  // Coming back from the canvas: the old scroll position, and the image that was open in view and focused.
  const restored = useRef(false);
  useLayoutEffect(() => {
    const el = scroller;
    if (!el || restored.current || frame.width === 0) return;
    restored.current = true;
    el.scrollTop = scrollRef.current ?? 0;
    const at = focusId ? items.findIndex((i) => i.type === 'version' && i.version.it.id === focusId) : -1;
    if (at >= 0) {
      reveal(Math.floor(at / cols), true);
      pendingFocus.current = at;
    }
    measure();
  }, [frame.width, cols, focusId, items, scroller, scrollRef, reveal, measure]);

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  function focusIndex(to: number) {
    reveal(Math.floor(to / cols), false);
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-index="${to}"]`);
    if (el) {
      el.focus({ preventScroll: true });
    } else {
      // Not rendered yet (it was outside the window): focus it after the next render.
      pendingFocus.current = to;
      setTick((n) => n + 1);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const from = Number((e.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset.index ?? NaN);
    if (!Number.isFinite(from)) return;
    if (e.key === 'Delete') {
      const item = items[from];
      if (item?.type !== 'version') return;
      // Handled here, so the app's "Delete = trash the project" never sees it.
      e.preventDefault();
      const next = from + 1 < items.length ? from + 1 : from - 1;
      if (next >= 0) focusIndex(next);
      onTrash(item.version.it.id);
      return;
    }
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols, Home: -from, End: items.length - 1 - from };
    const delta = step[e.key];
    if (delta === undefined) return;
    const to = Math.max(0, Math.min(items.length - 1, from + delta));
    e.preventDefault();
    if (to !== from) focusIndex(to);
  }

  return (
    <div className="img-grid-wrap" data-testid="image-grid" data-count={items.length} onKeyDown={onKeyDown}>
      <div ref={gridRef} className="img-grid" role="list" aria-label="Images on this board" style={{ height: Math.max(0, rows * rowHeight - GAP) }}>
        {visible.map((item, i) => {
          const index = firstRow * cols + i;
          const style = {
            width: tile,
            height: tile,
            transform: `translate(${(index % cols) * (tile + GAP)}px, ${Math.floor(index / cols) * rowHeight}px)`,
          };
          return (
            <div key={itemKey(item)} className="img-cell" style={style} role="listitem">
              {item.type === 'pending' ? (
                <PendingTile
                  batch={item.batch}
                  index={item.index}
                  dataIndex={index}
                  onCancel={(jobId) => {
                    // The batch's tiles go (those not finished): the keyboard moves on to what follows them.
                    const next = items.findIndex((it, at) => at > index && !(it.type === 'pending' && it.batch.job.id === jobId));
                    if (next >= 0) focusIndex(next);
                    onCancel(jobId);
                  }}
                  cancelError={cancelError?.jobId === item.batch.job.id && item.index === 0 ? cancelError.message : null}
                />
              ) : item.type === 'trashed' ? (
                <TrashedTile
                  version={item.version}
                  dataIndex={index}
                  onRestore={(id) => {
                    // The restored tile leaves this view: the keyboard moves on to its neighbour.
                    const next = index + 1 < items.length ? index + 1 : index - 1;
                    if (next >= 0) focusIndex(next);
                    onRestore(id);
                  }}
                />
              ) : (
                <VersionTile version={item.version} starred={stars.has(item.version.it.id)} picked={picked?.has(item.version.it.id)} dataIndex={index} onOpen={onOpen} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function VersionTile({
  version,
  starred,
  picked,
  dataIndex,
  onOpen,
}: {
  version: BoardVersion;
  starred: boolean;
  picked?: boolean;
  dataIndex: number;
  onOpen(id: string): void;
}) {
  const { image, error } = useImage(version.it.id, THUMB_SIDE);
  const r = version.recipe;
  const upscale = r?.upscale;
  const label = [
    `Image #${version.number}`,
    r ? `${r.width}×${r.height}` : null,
    r ? `seed ${r.seed}` : null,
    upscale ? `enhanced ×${upscale.scale}` : null,
    starred ? 'starred' : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <button
      type="button"
      className={picked ? 'img-tile img-tile-picked' : 'img-tile'}
      data-testid="image-tile"
      data-iteration-id={version.it.id}
      data-picked={picked || undefined}
      aria-pressed={picked === undefined ? undefined : picked}
      data-index={dataIndex}
      data-starred={starred || undefined}
      aria-label={label}
      title={r?.settings.prompt ? `#${version.number} · ${r.settings.prompt}` : `#${version.number}`}
      onClick={() => onOpen(version.it.id)}
    >
      {image ? (
        <img src={image.dataUrl} alt="" draggable={false} className={image.width < 128 ? 'img-pixelated' : undefined} />
      ) : error ? (
        <span className="img-tile-missing" title={error}>
          <ImageOff size={20} aria-hidden />
        </span>
      ) : null}
      <span className="img-tile-badges" aria-hidden>
        {upscale && <span className="img-badge">×{upscale.scale}</span>}
        {starred && (
          <span className="img-badge img-badge-star">
            <Star size={12} fill="currentColor" />
          </span>
        )}
      </span>
      <span className="img-tile-caption" aria-hidden>
        #{version.number}
        {r ? ` · ${r.width}×${r.height}` : ''}
      </span>
    </button>
  );
}

function TrashedTile({ version, dataIndex, onRestore }: { version: BoardVersion; dataIndex: number; onRestore(id: string): void }) {
  const { image } = useImage(version.it.id, THUMB_SIDE);
  return (
    <div className="img-tile img-tile-trashed" data-testid="image-trashed-tile" data-iteration-id={version.it.id}>
      {image && <img src={image.dataUrl} alt="" draggable={false} className={image.width < 128 ? 'img-pixelated' : undefined} />}
      <span className="img-tile-caption img-tile-caption-on" aria-hidden>
        #{version.number}
      </span>
      <button
        type="button"
        className="btn btn-small img-restore"
        data-index={dataIndex}
        data-testid="image-restore-version"
        aria-label={`Restore image #${version.number} from the trash`}
        onClick={() => onRestore(version.it.id)}
      >
        <ArchiveRestore size={14} aria-hidden />
        <span>Restore</span>
      </button>
    </div>
  );
}

/** A placeholder for an image being made (the board's grid and its History view). */
export function PendingTile({
  batch,
  index,
  dataIndex,
  onCancel,
  cancelError,
}: {
  batch: PendingBatch;
  index: number;
  dataIndex: number;
  onCancel(jobId: string): void;
  cancelError: string | null;
}) {
  const { job } = batch;
  const preview = batch.previews[index];
  const fraction = tileProgress(batch, index);
  const percent = fraction === null ? null : Math.round(fraction * 100);
  // Images of a batch run one after another: later ones wait for their turn.
  const p = job.progress;
  const waiting = job.status === 'running' && !preview && (percent === null || percent === 0) && p !== null && p.total > 0 && p.done < (index * p.total) / batch.count;
  // A model being loaded (not warm) says so, with how far where that is knowable.
  const loading = job.status === 'running' && p?.stage ? p.stage : null;
  const loadingFraction = loading ? loadStageFraction(loading) : null;
  const status =
    job.status === 'queued'
      ? 'Queued'
      : loading
        ? `Loading model${loadingFraction === null ? '…' : ` ${Math.round(loadingFraction * 100)}%`}`
        : job.status === 'done'
        ? 'Saving…'
        : waiting
          ? 'Waiting'
          : percent === null || (percent === 0 && !preview)
            ? batch.kind === 'enhance'
              ? 'Enhancing…'
              : 'Starting…'
            : `${percent}%`;
  const what = batch.kind === 'enhance' ? `Enhancing ×${batch.scale ?? ''}` : `Image ${index + 1} of ${batch.count}`;
  return (
    <div
      className="img-tile img-tile-pending"
      data-testid="image-pending"
      data-job-id={job.id}
      data-status={job.status}
      data-step={preview?.step}
      data-index={dataIndex}
      tabIndex={-1}
      aria-label={`${what}: ${status}`}
    >
      {preview && <img src={preview.dataUrl} alt="" className="img-preview" data-testid="image-preview" draggable={false} />}
      <span className="img-pending-status">
        {job.status === 'running' && !waiting && percent !== 100 && <LoaderCircle size={14} className="spin" aria-hidden />}
        <span data-testid="image-pending-status" title={loading ? loadStageLine(loading) : undefined}>
          {status}
        </span>
      </span>
      <span className="img-pending-what">{what}</span>
      {index === 0 && (job.status === 'queued' || job.status === 'running') && (
        <IconButton
          small
          className="img-pending-cancel"
          label={batch.count > 1 ? `Cancel this batch of ${batch.count} (finished images are kept)` : 'Cancel'}
          icon={<X size={14} />}
          data-testid="image-cancel"
          onClick={() => onCancel(job.id)}
        />
      )}
      <div className="img-pending-bar">
        <ProgressBar value={job.status === 'queued' ? 0 : fraction} label={`${what} progress`} />
      </div>
      {cancelError && <span className="img-pending-error">{cancelError}</span>}
    </div>
  );
}
