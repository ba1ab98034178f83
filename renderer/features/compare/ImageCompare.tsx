// Images side by side, as a wipe slider, or as a pixel-difference heat map with its score.
import { Minus, Plus, Scan } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ImageComparison } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';
import { isTypingTarget } from '../../app/shortcuts';
import { Button, IconButton } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { LETTERS, type CompareViewProps, type Item } from './compareTypes';
import { PaneHeader } from './PaneHeader';
import { Viewport, FIT, clampZoom, type ViewState } from './Viewport';

type Mode = 'side' | 'slider' | 'heatmap';
const NO_IMAGES: Record<string, { dataUrl: string; width: number; height: number }> = {};

function useImages(ids: string[]) {
  const key = ids.join(',');
  const { data, error } = useLiveQuery(key, async (client) =>
    Object.fromEntries(await Promise.all(key.split(',').map((id) => client.call('images.get', { id, maxSide: null }).then((img) => [id, img] as const)))),
  );
  return { images: data ?? NO_IMAGES, error };
}

export function ImageCompare({ items, onOpen }: { items: Item[]; onOpen?: CompareViewProps['onOpenVersion'] }) {
  const ids = items.map((x) => x.it.id);
  const { images, error } = useImages(ids);
  const [mode, setMode] = useState<Mode>('side');
  const [against, setAgainst] = useState(1);
  const [view, setView] = useState<ViewState>(FIT);
  const [position, setPosition] = useState(50);
  const a = ids[0]!;
  const b = ids[Math.min(against, ids.length - 1)]!;
  const { data: result, error: diffError } = useLiveQuery(`${a}:${b}`, (client) => client.call('compare.images', { a, b }));

  const zoomBy = (f: number) => setView((v) => ({ ...v, zoom: clampZoom(v.zoom * f) }));

  // + / − / 0 zoom every pane (not while typing or moving the slider).
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || document.querySelector('dialog[open]')) return;
      if (e.key === '+' || e.key === '=') setView((v) => ({ ...v, zoom: clampZoom(v.zoom * 1.25) }));
      else if (e.key === '-') setView((v) => ({ ...v, zoom: clampZoom(v.zoom / 1.25) }));
      else if (e.key === '0') setView(FIT);
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="cmp-images">
      <div className="cmp-toolbar">
        <div className="cmp-modes" role="group" aria-label="View">
          <Button small variant="ghost" aria-pressed={mode === 'side'} onClick={() => setMode('side')} data-testid="compare-mode-side">
            Side by side
          </Button>
          <Button small variant="ghost" aria-pressed={mode === 'slider'} onClick={() => setMode('slider')} data-testid="compare-mode-slider">
            Slider
          </Button>
          <Button small variant="ghost" aria-pressed={mode === 'heatmap'} onClick={() => setMode('heatmap')} data-testid="compare-mode-heatmap">
            Difference
          </Button>
        </div>
        {ids.length > 2 && mode !== 'side' && (
          <label className="cmp-against small">
            A against
            <select value={against} onChange={(e) => setAgainst(Number(e.target.value))} data-testid="compare-against">
              {ids.slice(1).map((id, i) => (
                <option key={id} value={i + 1}>
                  {LETTERS[i + 1]}
                </option>
              ))}
            </select>
          </label>
        )}
        <DiffScore result={result} error={diffError} letter={LETTERS[Math.min(against, ids.length - 1)]!} />
        <div className="cmp-zoom">
          <IconButton small label="Zoom out (−)" icon={<Minus size={14} />} onClick={() => zoomBy(1 / 1.25)} data-testid="compare-zoom-out" />
          <span className="cmp-zoom-level small" data-testid="compare-zoom-level" data-zoom={view.zoom.toFixed(3)}>
            {Math.round(view.zoom * 100)}%
          </span>
          <IconButton small label="Zoom in (+)" icon={<Plus size={14} />} onClick={() => zoomBy(1.25)} data-testid="compare-zoom-in" />
          <IconButton small label="Fit (0)" icon={<Scan size={14} />} onClick={() => setView(FIT)} data-testid="compare-zoom-fit" />
        </div>
      </div>
      <InlineError message={error} testId="compare-error" />
      {mode === 'side' ? (
        <div className={`cmp-columns cmp-cols-${items.length}`}>
          {items.map((item, i) => (
            <article key={item.it.id} className="cmp-pane" data-testid="compare-pane" data-iteration-id={item.it.id} data-index={i}>
              <PaneHeader item={item} index={i} onOpen={onOpen} />
              <Viewport view={view} onView={setView}>
                {images[item.it.id] && <img src={images[item.it.id]!.dataUrl} alt={`Version ${LETTERS[i]}`} data-testid="compare-image" draggable={false} />}
              </Viewport>
            </article>
          ))}
        </div>
      ) : mode === 'slider' ? (
        <div className="cmp-single">
          <p className="muted small">
            Left of the line: A · right: {LETTERS[Math.min(against, ids.length - 1)]}. Drag the slider (or use ← →).
          </p>
          <Viewport view={view} onView={setView} testId="compare-slider-view" position={position}>
            {images[b] && <img src={images[b].dataUrl} alt="Compared version" draggable={false} />}
            {images[a] && (
              <img
                className="cmp-wipe-top"
                src={images[a].dataUrl}
                alt="Reference version A"
                draggable={false}
                style={{ clipPath: `inset(0 ${100 - position}% 0 0)` }}
              />
            )}
            <span className="cmp-wipe-line" style={{ left: `${position}%` }} aria-hidden />
          </Viewport>
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            value={position}
            aria-label="Wipe position"
            className="cmp-slider"
            data-testid="compare-slider"
            onChange={(e) => setPosition(Number(e.target.value))}
          />
        </div>
      ) : (
        <div className="cmp-columns cmp-columns-3">
          {[a, b].map((id) => {
            const idx = ids.indexOf(id);
            return (
              <article key={id} className="cmp-pane" data-testid="compare-pane" data-iteration-id={id} data-index={idx}>
                <PaneHeader item={items[idx]!} index={idx} onOpen={onOpen} />
                <Viewport view={view} onView={setView}>
                  {images[id] && <img src={images[id].dataUrl} alt={`Version ${LETTERS[idx]}`} draggable={false} />}
                </Viewport>
              </article>
            );
          })}
          <article className="cmp-pane">
            <div className="cmp-pane-head cmp-pane-head-stack">
              <span className="cmp-pane-title">Difference</span>
              <span className="muted small">black = same · red → yellow → white = more different</span>
            </div>
            <Viewport view={view} onView={setView}>
              {result && <img src={result.heatmapDataUrl} alt="Pixel difference heat map" data-testid="compare-heatmap" draggable={false} />}
            </Viewport>
          </article>
        </div>
      )}
    </div>
  );
}

function DiffScore({ result, error, letter }: { result: ImageComparison | null; error: string | null; letter: string }) {
  if (error) return <InlineError message={error} testId="compare-error" />;
  if (!result) return <span className="muted small">Measuring the difference…</span>;
  return (
    <p className="cmp-score small" aria-live="polite">
      A vs {letter}:{' '}
      {result.identical ? (
        <strong data-testid="compare-identical">identical</strong>
      ) : (
        <>
          difference{' '}
          <strong data-testid="compare-score" data-score={result.score}>
            {(result.score * 100).toFixed(2)}%
          </strong>{' '}
          · PSNR <span data-testid="compare-psnr">{result.psnr === null ? '∞' : `${result.psnr.toFixed(1)} dB`}</span> ·{' '}
          <span data-testid="compare-changed">{(result.changedFraction * 100).toFixed(1)}%</span> of pixels changed
        </>
      )}
      {result.resized && <span className="muted"> (sizes differ: B was resized to A)</span>}
    </p>
  );
}

/** A pane whose content is zoomed and panned with every other pane (the state lives above). */
