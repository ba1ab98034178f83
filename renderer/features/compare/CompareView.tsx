// The compare view: two to four versions side by side. Texts get a word diff against the first
// (shared prefix collapsed) and only the recipe settings that differ; images get side by side,
// a wipe slider and a pixel-difference heat map with its score, all panes zoomed and panned together.
//
// Test ids:
//   compare-view (data-kind text|image|mixed, data-count) / compare-back / compare-error / compare-loading
//   compare-pane (data-iteration-id, data-index) / compare-pane-title / compare-pane-version ("Model · alt 2") /
//     compare-open (open that version)
//   compare-recipes (data-count) / compare-recipe-row (data-path) / compare-recipes-same /
//     compare-recipes-written (which versions were written, with no recipe)
//   text: compare-text (one per pane) / compare-prefix (collapsed shared start; click expands) /
//     compare-suffix / diff-added / diff-removed / compare-stats
//   image: compare-mode-side / compare-mode-slider / compare-mode-heatmap (aria-pressed) /
//     compare-against (which version the slider and heat map set against the first) /
//     compare-image (one per pane) / compare-slider-view (data-position) / compare-slider (range input) /
//     compare-heatmap (img) / compare-score / compare-psnr / compare-changed / compare-identical /
//     compare-zoom-in / compare-zoom-out / compare-zoom-fit / compare-zoom-level (data-zoom)
import { ArrowLeft, ExternalLink, Minus, Plus, Scan } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { recipeDifferences, type RecipeDifference } from '../../../shared/compare/recipe-diff';
import { summarizeRecipe } from '../../../shared/compare/recipe-summary';
import { compareTexts, type DiffSegment, type TextDiff } from '../../../shared/compare/text-diff';
import type { DocumentInfo, ImageComparison, IterationWithContent } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';
import { isTypingTarget } from '../../app/shortcuts';
import { Button, IconButton } from '../../ui/Button';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { describe, firstAlternatives } from '../history/describe';
import './compare.css';

interface Loaded {
  /** `version` names the version as the tree does ("Model · alt 2"): panes of one document share its title. */
  items: { it: IterationWithContent; doc: DocumentInfo | null; version: string }[];
}

interface CompareViewProps {
  ids: string[];
  onBack(): void;
  onOpenVersion?(target: { projectId: string; documentId: string; documentTitle: string; iterationId: string }): void;
}

const LETTERS = ['A', 'B', 'C', 'D'];

export function CompareView({ ids, onBack, onOpenVersion }: CompareViewProps) {
  const key = ids.join(',');
  const { data: current, error } = useLiveQuery(key, async (client): Promise<Loaded> => {
    const its = await Promise.all(key.split(',').map((id) => client.call('history.get', { id })));
    const docIds = [...new Set(its.map((it) => it.documentId))];
    const docs = await Promise.all(docIds.map((id) => client.call('documents.get', { id }).catch(() => null)));
    const byId = new Map(docs.filter((d): d is DocumentInfo => d !== null).map((d) => [d.id, d]));
    const firsts = firstAlternatives(its);
    return { items: its.map((it) => ({ it, doc: byId.get(it.documentId) ?? null, version: describe(it, firsts.has(it.id)).title })) };
  });

  const kinds = new Set(current?.items.map((x) => x.it.kind));
  const kind = kinds.size === 1 ? [...kinds][0] : kinds.size > 1 ? 'mixed' : undefined;
  const recipes = useMemo(() => (current ? differencesAmongRecipes(current.items.map((x) => x.it.recipe)) : []), [current]);

  return (
    <section className="page cmp" aria-labelledby="compare-title" data-testid="compare-view" data-kind={kind ?? ''} data-count={ids.length}>
      <header className="cmp-header">
        <Button small variant="ghost" icon={<ArrowLeft size={14} />} onClick={onBack} data-testid="compare-back">
          Back
        </Button>
        <h1 id="compare-title" className="cmp-title">
          Compare {ids.length} {kind === 'image' ? 'images' : kind === 'text' ? 'texts' : 'versions'}
        </h1>
      </header>
      <InlineError message={error} testId="compare-error" />
      {ids.length < 2 || ids.length > 4 ? (
        <InlineError message="Pick two to four versions to compare." testId="compare-error" />
      ) : !current ? (
        !error && (
          <p className="muted" data-testid="compare-loading">
            Loading versions…
          </p>
        )
      ) : (
        <>
          <RecipeTable items={current.items} diffs={recipes} />
          {kind === 'text' ? (
            <TextCompare items={current.items} onOpen={onOpenVersion} />
          ) : kind === 'image' ? (
            <ImageCompare items={current.items} onOpen={onOpenVersion} />
          ) : (
            <InlineError message="These versions mix texts and images; pick only texts or only images to see their differences." testId="compare-error" />
          )}
        </>
      )}
    </section>
  );
}

type Item = Loaded['items'][number];

function PaneHeader({ item, index, onOpen }: { item: Item; index: number; onOpen?: CompareViewProps['onOpenVersion'] }) {
  const summary = summarizeRecipe(item.it.recipe);
  return (
    <div className="cmp-pane-head">
      <span className="cmp-letter" aria-hidden>
        {LETTERS[index]}
      </span>
      <div className="cmp-pane-meta">
        <span className="cmp-pane-title" data-testid="compare-pane-title">
          {item.doc?.title ?? 'Version'}
          <span className="cmp-pane-version" data-testid="compare-pane-version">
            {item.version}
          </span>
          {index === 0 && <span className="cmp-tag">reference</span>}
        </span>
        <span className="muted small cmp-pane-sub" title={`${summary.line} · ${formatFull(item.it.createdAt)}`}>
          {summary.line} · {formatRelative(item.it.createdAt)}
        </span>
      </div>
      {onOpen && item.doc && (
        <IconButton
          small
          label="Open this version"
          icon={<ExternalLink size={14} />}
          data-testid="compare-open"
          onClick={() =>
            onOpen({ projectId: item.doc!.projectId, documentId: item.doc!.id, documentTitle: item.doc!.title, iterationId: item.it.id })
          }
        />
      )}
    </div>
  );
}

function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'none';
  if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 80)}…` : v;
  if (typeof v === 'number') return String(Math.round(v * 1e4) / 1e4);
  return JSON.stringify(v);
}

/**
 * The settings that differ among the versions that have a recipe (one value per version, undefined
 * for those without). A version the writer wrote has none: beside it every setting of a generated
 * one would "differ", and the table would bury the texts.
 */
function differencesAmongRecipes(recipes: unknown[]): RecipeDifference[] {
  const made = recipes.flatMap((r, i) => (r == null ? [] : [i]));
  if (made.length < 2) return [];
  return recipeDifferences(made.map((i) => recipes[i])).map((d) => ({ ...d, values: recipes.map((_, i) => (made.includes(i) ? d.values[made.indexOf(i)] : undefined)) }));
}

/** "A", "A and B", "A, B and C". */
function letterList(indices: number[]): string {
  const names = indices.map((i) => LETTERS[i] ?? '?');
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function RecipeTable({ items, diffs }: { items: Item[]; diffs: RecipeDifference[] }) {
  const written = items.flatMap((x, i) => (x.it.recipe == null ? [i] : []));
  const made = items.length - written.length;
  const writtenNote =
    written.length > 0 ? `${letterList(written)} ${written.length === 1 ? 'was' : 'were'} written, not generated: no recipe to compare.` : null;
  if (diffs.length === 0) {
    let same: string | null = 'Made with the same recipe settings.';
    if (made < 2) same = null;
    else if (written.length > 0) same = `${letterList(items.flatMap((x, i) => (x.it.recipe == null ? [] : [i])))} were made with the same recipe settings.`;
    return (
      <p className="cmp-recipes-same muted small" data-testid="compare-recipes-same">
        {[same, writtenNote].filter(Boolean).join(' ')}
      </p>
    );
  }
  // Each value is measured against the first version that has a recipe.
  const ref = items.findIndex((x) => x.it.recipe != null);
  return (
    <div className="cmp-recipes" data-testid="compare-recipes" data-count={diffs.length}>
      {writtenNote && (
        <p className="muted small" data-testid="compare-recipes-written">
          {writtenNote}
        </p>
      )}
      <table>
        <caption className="section-label">Settings that differ</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            {items.map((_, i) => (
              <th scope="col" key={i}>
                {LETTERS[i]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {diffs.map((d) => (
            <tr key={d.path} data-testid="compare-recipe-row" data-path={d.path}>
              <th scope="row">{d.label}</th>
              {d.values.map((v, i) => (
                <td
                  key={i}
                  className={i !== ref && !written.includes(i) && JSON.stringify(v) !== JSON.stringify(d.values[ref]) ? 'cmp-differs' : undefined}
                >
                  {formatValue(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- Texts ----------------------------------------------------------------------------------

function TextCompare({ items, onOpen }: { items: Item[]; onOpen?: CompareViewProps['onOpenVersion'] }) {
  const diffs = useMemo(() => compareTexts(items.map((x) => x.it.text ?? '')), [items]);
  const [expanded, setExpanded] = useState(false);
  return (
    <div className={`cmp-columns cmp-cols-${items.length}`}>
      {items.map((item, i) => {
        // The reference shows what the first other version removed; the others show their diff against it.
        const diff = i === 0 ? diffs[0] : diffs[i - 1];
        return (
          <article key={item.it.id} className="cmp-pane" data-testid="compare-pane" data-iteration-id={item.it.id} data-index={i}>
            <PaneHeader item={item} index={i} onOpen={onOpen} />
            {diff && (
              <>
                <div className="cmp-text" data-testid="compare-text">
                  {diff.prefix.chars > 0 &&
                    (expanded ? (
                      <span className="diff-same">{diff.prefix.text}</span>
                    ) : (
                      <button type="button" className="cmp-collapsed" data-testid="compare-prefix" onClick={() => setExpanded(true)}>
                        … {diff.prefix.chars.toLocaleString()} shared characters
                      </button>
                    ))}
                  {diff.segments.map((s, j) => (
                    <Segment key={j} segment={s} side={i === 0 ? (items.length === 2 ? 'a' : 'plain') : 'b'} />
                  ))}
                  {diff.suffix.chars > 0 &&
                    (expanded ? (
                      <span className="diff-same">{diff.suffix.text}</span>
                    ) : (
                      <button type="button" className="cmp-collapsed" data-testid="compare-suffix" onClick={() => setExpanded(true)}>
                        {diff.suffix.chars.toLocaleString()} shared characters …
                      </button>
                    ))}
                </div>
                {i > 0 && <DiffStats diff={diff} />}
              </>
            )}
          </article>
        );
      })}
    </div>
  );
}

/** `a`: the reference beside one other text (its words the other lacks marked); `plain`: the
 *  reference beside several (each other pane marks its own differences); `b`: a compared text. */
function Segment({ segment, side }: { segment: DiffSegment; side: 'a' | 'b' | 'plain' }) {
  if (segment.type === 'same') return <span className="diff-same">{segment.text}</span>;
  if (side !== 'b') {
    if (segment.type === 'added') return null;
    if (side === 'plain') return <span className="diff-same">{segment.text}</span>;
    return (
      <mark className="diff-removed diff-only-a" data-testid="diff-removed" title="Only in A">
        {segment.text}
      </mark>
    );
  }
  if (segment.type === 'removed') {
    return (
      <del className="diff-removed" data-testid="diff-removed">
        {segment.text}
      </del>
    );
  }
  return (
    <ins className="diff-added" data-testid="diff-added">
      {segment.text}
    </ins>
  );
}

function DiffStats({ diff }: { diff: TextDiff }) {
  return (
    <p className="cmp-stats muted small" data-testid="compare-stats">
      {diff.identical ? (
        'Identical to A'
      ) : (
        <>
          vs A: <span className="cmp-stat-added">+{diff.stats.added}</span> <span className="cmp-stat-removed">−{diff.stats.removed}</span> words,{' '}
          {diff.stats.same} the same{diff.coarse ? ' (too different to diff word by word)' : ''}
        </>
      )}
    </p>
  );
}

// ---- Images ---------------------------------------------------------------------------------

type Mode = 'side' | 'slider' | 'heatmap';
interface ViewState {
  zoom: number;
  x: number;
  y: number;
}
const NO_IMAGES: Record<string, { dataUrl: string; width: number; height: number }> = {};
const FIT: ViewState = { zoom: 1, x: 0, y: 0 };
const clampZoom = (z: number) => Math.min(16, Math.max(0.25, z));

function useImages(ids: string[]) {
  const key = ids.join(',');
  const { data, error } = useLiveQuery(key, async (client) =>
    Object.fromEntries(await Promise.all(key.split(',').map((id) => client.call('images.get', { id, maxSide: null }).then((img) => [id, img] as const)))),
  );
  return { images: data ?? NO_IMAGES, error };
}

function ImageCompare({ items, onOpen }: { items: Item[]; onOpen?: CompareViewProps['onOpenVersion'] }) {
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
function Viewport({
  view,
  onView,
  children,
  testId,
  position,
}: {
  view: ViewState;
  onView(update: (v: ViewState) => ViewState): void;
  children: ReactNode;
  testId?: string;
  position?: number;
}) {
  const drag = useRef<{ x: number; y: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const onViewRef = useRef(onView);
  useEffect(() => {
    onViewRef.current = onView;
  });
  // A native, non-passive listener: the wheel zooms the panes instead of scrolling the page.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    function onWheel(e: WheelEvent) {
      e.preventDefault();
      const rect = el!.getBoundingClientRect();
      const cx = e.clientX - rect.left - rect.width / 2;
      const cy = e.clientY - rect.top - rect.height / 2;
      const f = e.deltaY < 0 ? 1.15 : 1 / 1.15;
      onViewRef.current((v) => {
        const zoom = clampZoom(v.zoom * f);
        const k = zoom / v.zoom;
        // Keep the point under the cursor where it is.
        return { zoom, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k };
      });
    }
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);
  function onPointerDown(e: ReactPointerEvent<HTMLDivElement>) {
    if ((e.target as HTMLElement).closest('input')) return;
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  }
  function onPointerMove(e: ReactPointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    drag.current = { x: e.clientX, y: e.clientY };
    onView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  }
  return (
    <div
      ref={ref}
      className="cmp-viewport"
      data-testid={testId}
      data-position={position}
      data-zoom={view.zoom.toFixed(3)}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onDoubleClick={() => onView(() => FIT)}
    >
      <div className="cmp-stage" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})` }}>
        {children}
      </div>
    </div>
  );
}
