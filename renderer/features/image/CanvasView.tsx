// One image on the canvas (zoom/pan) with its recipe and what can be done from it: vary
// (image to image), seed variations, enhance ×2/×4, use as init image, copy the recipe, star,
// and its lineage (what it came from, what came from it). Each action reports back right here.
import {
  ArrowLeft,
  Blend,
  Braces,
  ChevronLeft,
  ChevronRight,
  Copy,
  ImageUp,
  ImageUpscale,
  LoaderCircle,
  Shuffle,
  Star,
  Trash,
} from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ImageRecipe, InterpolationTarget, Job, ModelInfo, ProviderChoice } from '../../../shared/contract';
import { enhanceSize, largeEnhanceSentence } from '../../../shared/enhance-size';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { isTypingTarget } from '../../app/shortcuts';
import { Button, IconButton } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { copyText } from '../../ui/copyText';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { ProgressBar } from '../../ui/ProgressBar';
import { useToast } from '../../ui/Toast';
import { canvasMaxSide } from './canvasSize';
import { THUMB_SIDE, useImage } from './imageCache';
import { a1111Text, deviceLabel, recipeJson } from './recipe';
import { partsElsewhere } from './recipeParts';
import { enlargedFact } from './enlargedWords';
import { KIND_LABELS, SCHEDULER_LABELS, randomSeed } from './settings';
import type { Board, BoardVersion } from './useBoard';
import { ZoomPan, type ZoomPanHandle } from './ZoomPan';

type Action = 'vary' | 'seed-variations' | 'enhance';

interface Run {
  action: Action;
  label: string;
  jobIds: string[];
  error: string | null;
}

interface CanvasViewProps {
  documentId: string;
  version: BoardVersion;
  /** The versions in grid order, for previous / next. */
  order: string[];
  board: Board;
  jobs: Job[];
  models: ModelInfo[] | null;
  provider: ProviderChoice;
  batch: number;
  /** The Vary strength and Seed variations amount (kept with the board's prompt panel). */
  varyStrength: number;
  variationStrength: number;
  onSliders(change: { varyStrength?: number; variationStrength?: number }): void;
  starred: boolean;
  onToggleStar(id: string): void;
  onSelect(id: string): void;
  onClose(): void;
  onUseAsInit(id: string): void;
  onQueued(jobIds: string[]): void;
  /** Moves the version to the trash (the board offers Undo); rejects with the reason it could not. */
  onTrash(id: string): Promise<void>;
}

export function CanvasView(props: CanvasViewProps) {
  const { version, board, order } = props;
  const client = useClient();
  const toast = useToast();
  const zoom = useRef<ZoomPanHandle>(null);
  const id = version.it.id;
  const r = version.recipe;
  // Above 4096 px a side the canvas shows a fitted copy, at the image's real size on screen.
  const capSide = canvasMaxSide(r?.width ?? 0, r?.height ?? 0);
  const full = useImage(id, capSide);
  const thumb = useImage(id, THUMB_SIDE);
  const [runs, setRuns] = useState<Record<string, Run>>({});
  const [busy, setBusy] = useState<Action | null>(null);
  const queuing = useRef(false);
  const { varyStrength, variationStrength } = props;
  const [copyError, setCopyError] = useState<string | null>(null);
  const [trashError, setTrashError] = useState<string | null>(null);
  /** A large Enhance waiting for the user's yes (see shared/enhance-size.ts for the line). */
  const [askEnhance, setAskEnhance] = useState<2 | 4 | null>(null);
  const position = order.indexOf(id);
  const prevId = position > 0 ? order[position - 1] : undefined;
  const nextId = position >= 0 && position < order.length - 1 ? order[position + 1] : undefined;
  const width = (capSide ? r?.width : undefined) ?? full.image?.width ?? r?.width ?? thumb.image?.width ?? 0;
  const height = (capSide ? r?.height : undefined) ?? full.image?.height ?? r?.height ?? thumb.image?.height ?? 0;

  // Keys while the canvas is open: Esc back, ←/→ previous/next, +/−/0/1 zoom, Shift+arrows pan, S star.
  const keys = useRef(props);
  useEffect(() => {
    keys.current = props;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!isBoardKey(e)) return;
      const p = keys.current;
      const at = p.order.indexOf(p.version.it.id);
      const z = zoom.current;
      if (e.shiftKey && e.key.startsWith('Arrow')) {
        const d = 48;
        const dx = e.key === 'ArrowLeft' ? d : e.key === 'ArrowRight' ? -d : 0;
        const dy = e.key === 'ArrowUp' ? d : e.key === 'ArrowDown' ? -d : 0;
        z?.panBy(dx, dy);
      } else if (e.key === 'Escape') p.onClose();
      else if (e.key === 'ArrowLeft' && at > 0) p.onSelect(p.order[at - 1] as string);
      else if (e.key === 'ArrowRight' && at >= 0 && at < p.order.length - 1) p.onSelect(p.order[at + 1] as string);
      else if (e.key === '+' || e.key === '=') z?.zoomBy(1.25);
      else if (e.key === '-' || e.key === '_') z?.zoomBy(1 / 1.25);
      else if (e.key === '0') z?.fit();
      else if (e.key === '1') z?.actual();
      else if (e.key === 's' || e.key === 'S') p.onToggleStar(p.version.it.id);
      else if (e.key === 'Delete') void trashRef.current();
      else return;
      e.preventDefault();
    }
    // Capture phase: the canvas's Delete (this image) comes before the app's (the project).
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);

  // Opening an image, or moving on to another, puts the keyboard on the canvas unless it is
  // already on a control here (the canvas is remade per image, so its focus would be lost).
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) zoom.current?.focus();
  }, [id]);

  const installed = new Set((props.models ?? []).map((m) => m.id));
  const generator = r && (r.model.kind === 'diffusion' || r.model.kind === 'gan') ? r.model : null;
  const noGenerator = !r
    ? 'This version has no recipe to start from.'
    : !generator
      ? 'This image was not made by a generator here, so there is no recipe to vary.'
      : props.models && !installed.has(generator.id)
        ? `The model '${generator.id}' is not installed, so this recipe cannot run.`
        : null;
  const varyBlocked = noGenerator ?? (generator?.kind === 'gan' ? 'A GAN cannot start from an image; use Seed variations instead.' : null);
  const batch = Math.max(1, Math.min(8, Math.round(props.batch) || 1));

  async function start(action: Action, label: string, queue: () => Promise<Job[]>) {
    // Not a disabled button while queuing: disabling the one just pressed would drop the keyboard's focus.
    if (queuing.current) return;
    queuing.current = true;
    setBusy(action);
    setRuns((m) => ({ ...m, [id]: { action, label, jobIds: [], error: null } }));
    try {
      const jobs = await queue();
      props.onQueued(jobs.map((j) => j.id));
      setRuns((m) => ({ ...m, [id]: { action, label, jobIds: jobs.map((j) => j.id), error: null } }));
    } catch (err) {
      setRuns((m) => ({ ...m, [id]: { action, label, jobIds: [], error: errorMessage(err) } }));
    } finally {
      queuing.current = false;
      setBusy(null);
    }
  }

  function vary(recipe: ImageRecipe) {
    // Image to image keeps the size of the image on screen (an enhanced one stays large), within the model's limits.
    const fit = (v: number) => Math.max(64, Math.min(2048, Math.round(v / 8) * 8));
    void start('vary', batch > 1 ? `Varying ×${batch}` : 'Varying', async () => [
      await client.call('generate.image', {
        documentId: props.documentId,
        model: recipe.model.id,
        provider: props.provider,
        batch,
        initIterationId: id,
        settings: {
          ...recipe.settings,
          width: fit(recipe.width),
          height: fit(recipe.height),
          seed: null,
          variationSeed: null,
          variationStrength: 0,
          strength: varyStrength,
        },
      }),
    ]);
  }

  function seedVariations(recipe: ImageRecipe) {
    // One job per variation: a batch would step the seed (seed, seed+1, …) instead of keeping it.
    void start('seed-variations', `${batch} seed variation${batch === 1 ? '' : 's'}`, async () => {
      const jobs: Job[] = [];
      for (let i = 0; i < batch; i++) {
        jobs.push(
          await client.call('generate.image', {
            documentId: props.documentId,
            parentId: id,
            model: recipe.model.id,
            provider: props.provider,
            batch: 1,
            initIterationId: recipe.initIterationId && board.byId.has(recipe.initIterationId) ? recipe.initIterationId : null,
            settings: { ...recipe.settings, seed: recipe.seed, variationSeed: randomSeed(), variationStrength },
          }),
        );
      }
      return jobs;
    });
  }

  function enhance(scale: 2 | 4, confirmed = false) {
    if (!confirmed && enhanceSize(width, height, scale).large) {
      setAskEnhance(scale);
      return;
    }
    void start('enhance', `Enhancing ×${scale}`, async () => [await client.call('images.enhance', { iterationId: id, scale })]);
  }

  async function trash() {
    setTrashError(null);
    // The neighbour in the board's order takes the canvas; with none left, back to the board.
    const next = nextId ?? prevId;
    try {
      await props.onTrash(id);
      if (next) props.onSelect(next);
      else props.onClose();
    } catch (err) {
      setTrashError(errorMessage(err));
    }
  }
  const trashRef = useRef(trash);
  useEffect(() => {
    trashRef.current = trash;
  });

  async function copy(kind: 'a1111' | 'json') {
    if (!r) return;
    setCopyError(null);
    try {
      await copyText(kind === 'a1111' ? a1111Text(r) : recipeJson(r), 'the recipe text');
      toast({ message: kind === 'a1111' ? 'Recipe copied as AUTOMATIC1111 text' : 'Recipe copied as JSON' });
    } catch (err) {
      setCopyError(errorMessage(err));
    }
  }

  const run = runs[id];
  const parentIds = board.parents.get(id) ?? [];
  const childIds = [...(board.children.get(id) ?? [])].reverse();
  const derived = derivation(r, board);

  return (
    <section className="img-canvas" aria-label={`Image #${version.number}`} data-testid="image-canvas-view" data-iteration-id={id}>
      <div className="img-canvas-main">
        <div className="img-canvas-bar">
          <Button small variant="ghost" icon={<ArrowLeft size={14} />} onClick={props.onClose} data-testid="image-canvas-close" title="Back to the board (Esc)">
            Board
          </Button>
          <span className="img-canvas-title">
            <strong>#{version.number}</strong>
            {position >= 0 && (
              <span className="muted">
                {' '}
                · {position + 1} of {order.length}
              </span>
            )}
          </span>
          <IconButton small label="Previous image (←)" icon={<ChevronLeft size={16} />} disabled={!prevId} onClick={() => prevId && props.onSelect(prevId)} data-testid="image-prev" />
          <IconButton small label="Next image (→)" icon={<ChevronRight size={16} />} disabled={!nextId} onClick={() => nextId && props.onSelect(nextId)} data-testid="image-next" />
          <span className="img-spacer" />
          <IconButton
            small
            className={props.starred ? 'img-star-on' : undefined}
            label={props.starred ? 'Remove the star (S)' : 'Star this image (S)'}
            aria-pressed={props.starred}
            icon={<Star size={16} fill={props.starred ? 'currentColor' : 'none'} />}
            onClick={() => props.onToggleStar(id)}
            data-testid="image-star"
          />
          <IconButton small label="Move to the trash (Delete)" icon={<Trash size={16} />} onClick={() => void trash()} data-testid="image-trash" />
        </div>
        <InlineError message={trashError} testId="image-trash-error" />
        <ZoomPan
          key={id}
          ref={zoom}
          src={full.image?.dataUrl ?? null}
          placeholder={thumb.image?.dataUrl ?? null}
          width={width}
          height={height}
          alt={r?.settings.prompt ? `#${version.number}: ${r.settings.prompt}` : `Image #${version.number}`}
          label={`Image #${version.number}, ${width} by ${height} pixels`}
        />
        {capSide && (
          <p className="muted small img-canvas-note" data-testid="image-canvas-copy">
            Shown from a {capSide} px copy; the file itself is {width} × {height} px.
          </p>
        )}
        <InlineError message={full.error ? `Could not load the image: ${full.error}` : null} testId="image-canvas-error" />
      </div>

      <aside className="img-inspector" aria-label="Recipe and actions" data-testid="image-inspector">
        <section className="img-section" aria-labelledby={`${id}-actions`}>
          <h3 id={`${id}-actions`} className="section-label">
            Actions
          </h3>
          <div className="img-actions">
            <Button small icon={<Shuffle size={14} />} disabled={Boolean(varyBlocked)} aria-busy={busy === 'vary' || undefined} onClick={() => r && vary(r)} data-testid="image-vary" title="Image to image: new images that start from this one">
              Vary{batch > 1 ? ` ×${batch}` : ''}
            </Button>
            <Slider label="Strength" value={varyStrength} min={0.05} max={1} step={0.05} onChange={(v) => props.onSliders({ varyStrength: v })} disabled={Boolean(varyBlocked)} testId="image-vary-strength" />
            {varyBlocked && (
              <p className="img-reason img-actions-full" data-testid="image-vary-reason">
                {varyBlocked}
              </p>
            )}
            <Button
              small
              icon={<Blend size={14} />}
              disabled={Boolean(noGenerator)}
              aria-busy={busy === 'seed-variations' || undefined}
              onClick={() => r && seedVariations(r)}
              data-testid="image-seed-variations"
              title="Same seed and prompt, nudged toward another seed's noise"
            >
              Seed variations{batch > 1 ? ` ×${batch}` : ''}
            </Button>
            <Slider label="Amount" value={variationStrength} min={0.05} max={1} step={0.05} onChange={(v) => props.onSliders({ variationStrength: v })} disabled={Boolean(noGenerator)} testId="image-variation-strength" />
            {noGenerator && !varyBlocked && <p className="img-reason img-actions-full">{noGenerator}</p>}
            <Button small icon={<ImageUpscale size={14} />} aria-busy={busy === 'enhance' || undefined} onClick={() => enhance(2)} data-testid="image-enhance-2" title={`Enhance ×2 → ${width * 2} × ${height * 2} px`}>
              Enhance ×2
            </Button>
            <Button small className="img-actions-start" aria-busy={busy === 'enhance' || undefined} onClick={() => enhance(4)} data-testid="image-enhance-4" title={`Enhance ×4 → ${width * 4} × ${height * 4} px`}>
              ×4
            </Button>
            <Button
              small
              icon={<ImageUp size={14} />}
              title="Start the next generation in the prompt panel from this image (image to image)"
              onClick={() => props.onUseAsInit(id)}
              data-testid="image-use-init"
            >
              Use as init image
            </Button>
          </div>
          {run && <RunStatus run={run} jobs={props.jobs} />}
        </section>

        <section className="img-section" aria-labelledby={`${id}-recipe`} data-testid="image-recipe">
          <div className="img-section-head">
            <h3 id={`${id}-recipe`} className="section-label">
              Recipe
            </h3>
            <div className="img-inline">
              <Button small variant="ghost" icon={<Copy size={14} />} disabled={!r} onClick={() => void copy('a1111')} data-testid="image-copy-a1111" title="Copy as AUTOMATIC1111 parameters text">
                A1111
              </Button>
              <Button small variant="ghost" icon={<Braces size={14} />} disabled={!r} onClick={() => void copy('json')} data-testid="image-copy-json" title="Copy Atelier's full recipe as JSON">
                JSON
              </Button>
            </div>
          </div>
          <InlineError message={copyError} testId="image-copy-error" />
          {r ? <RecipeFacts recipe={r} /> : <p className="muted">This version carries no recipe.</p>}
          <p className="muted small">
            {derived} · made <time title={formatFull(version.it.createdAt)}>{formatRelative(version.it.createdAt)}</time>
          </p>
        </section>

        <section className="img-section" aria-label="Lineage" data-testid="image-lineage">
          <h3 className="section-label">Lineage</h3>
          <LineageRow label="Made from" ids={parentIds} board={board} onSelect={props.onSelect} empty="Nothing: a fresh generation." testId="image-parent" />
          <LineageRow
            label={`Made from this (${childIds.length})`}
            ids={childIds}
            board={board}
            onSelect={props.onSelect}
            empty="Nothing yet: vary, make seed variations or enhance it."
            testId="image-child"
          />
        </section>
      </aside>
      {askEnhance && (
        <ConfirmDialog
          title={`Enhance ×${askEnhance}?`}
          confirmLabel={`Enhance ×${askEnhance}`}
          onConfirm={async () => enhance(askEnhance, true)}
          onClose={() => setAskEnhance(null)}
        >
          <p data-testid="confirm-message">{largeEnhanceSentence(enhanceSize(width, height, askEnhance), askEnhance)}</p>
          {askEnhance === 4 && <p className="muted">Enhance ×2 makes a {width * 2} × {height * 2} px image instead.</p>}
        </ConfirmDialog>
      )}
    </section>
  );
}

/** A plain key (no Ctrl/⌘/Alt) that belongs to the canvas: not typing, no dialog open. */
function isBoardKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return false;
  if (isTypingTarget(e.target)) return false;
  return !document.querySelector('dialog[open]');
}

function derivation(r: ImageRecipe | null, board: Board): string {
  const name = (id: string) => {
    const v = board.byId.get(id);
    return v ? `#${v.number}` : 'an earlier image';
  };
  if (!r) return 'No recipe';
  if (r.upscale) return `Enhanced ×${r.upscale.scale} from ${name(r.upscale.from)}`;
  if (r.initIterationId) return `Image to image from ${name(r.initIterationId)} at strength ${r.settings.strength}`;
  if (r.settings.interpolateTo) return `In-between, ${betweenText(r.settings.interpolateTo)}`;
  if (r.settings.variationSeed !== null && r.settings.variationStrength > 0) return `Seed variation (amount ${r.settings.variationStrength})`;
  return 'Text to image';
}

/** "25% of the way to seed 8" (naming the other image's variation when it was one). */
export function betweenText(to: InterpolationTarget): string {
  const variation = to.variationSeed !== null && to.variationStrength > 0 ? ` (variation ${to.variationSeed} · ${to.variationStrength})` : '';
  return `${Math.round(to.t * 100)}% of the way to seed ${to.seed}${variation}`;
}

function RecipeFacts({ recipe: r }: { recipe: ImageRecipe }) {
  const s = r.settings;
  const diffusion = r.model.kind === 'diffusion';
  const rows: [string, ReactNode, string?][] = [
    ['Prompt', s.prompt || <span className="muted">(empty)</span>, 'image-recipe-prompt'],
  ];
  if (s.negativePrompt) rows.push(['Negative', s.negativePrompt]);
  rows.push(
    ['Model', `${r.model.name} · ${KIND_LABELS[r.model.kind] ?? r.model.kind}`],
    ['Seed', String(r.seed), 'image-recipe-seed'],
    ['Size', `${r.width} × ${r.height} px`, 'image-recipe-size'],
  );
  if (diffusion) rows.push(['Sampling', `${s.steps} steps · CFG ${s.cfg} · ${SCHEDULER_LABELS[s.scheduler]}`]);
  if (s.variationSeed !== null && s.variationStrength > 0) rows.push(['Variation', `seed ${s.variationSeed} · amount ${s.variationStrength}`]);
  if (s.interpolateTo) rows.push(['In-between', betweenText(s.interpolateTo), 'image-recipe-interpolation']);
  if (r.initIterationId) rows.push(['Strength', String(s.strength)]);
  if (r.upscale) {
    const from = r.upscale.source ? ` from ${r.upscale.source.width} × ${r.upscale.source.height} px` : '';
    rows.push(['Enhanced', `×${r.upscale.scale} (ESRGAN)${from}`, 'image-recipe-enhanced']);
  }
  rows.push(['Device', deviceLabel(r.device), 'image-recipe-device']);
  const elsewhere = partsElsewhere(r);
  for (const p of elsewhere) rows.push([`${p.label} on`, deviceLabel(p.device), `image-recipe-part-${p.part}`]);
  const enlarged = enlargedFact(r);
  if (enlarged) rows.push(['Enlarged', enlarged, 'image-recipe-upscaler-device']);
  return (
    <>
      <dl className="img-facts">
        {rows.map(([k, v, testId]) => (
          <div key={k} className="img-fact">
            <dt>{k}</dt>
            <dd data-testid={testId} className={k === 'Prompt' || k === 'Negative' ? 'img-fact-text' : undefined}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      {r.device.fallbackReason && (
        <p className="img-warning" data-testid="image-recipe-fallback">
          {r.device.fallbackReason}
        </p>
      )}
      {elsewhere
        .filter((p) => p.device.fallbackReason)
        .map((p) => (
          <p key={p.part} className="img-warning" data-testid="image-recipe-part-fallback" data-part={p.part}>
            {p.label}: {p.device.fallbackReason}
          </p>
        ))}
    </>
  );
}

function RunStatus({ run, jobs }: { run: Run; jobs: Job[] }) {
  const mine = jobs.filter((j) => run.jobIds.includes(j.id));
  if (run.error) return <InlineError message={run.error} testId="image-action-error" />;
  if (run.jobIds.length === 0 || mine.length === 0) {
    return (
      <p className="img-run" data-testid="image-action-status" data-state="starting">
        <LoaderCircle size={14} className="spin" aria-hidden /> {run.label}…
      </p>
    );
  }
  const failed = mine.find((j) => j.status === 'failed');
  const active = mine.filter((j) => j.status === 'queued' || j.status === 'running');
  const stopped = mine.some((j) => j.status === 'cancelled');
  // A cancelled job keeps the images it finished first: they count too.
  const ended = mine.filter((j) => j.status === 'done' || j.status === 'cancelled');
  const made = ended.reduce((n, j) => n + ((j.result as { iterationIds?: string[] } | null)?.iterationIds?.length ?? 0), 0);
  let total = 0;
  let progressed = 0;
  for (const j of mine) {
    const unit = j.progress && j.progress.total > 0 ? j.progress : null;
    total += 1;
    progressed += j.status === 'done' ? 1 : unit ? unit.done / unit.total : 0;
  }
  const state = failed ? 'failed' : active.length > 0 ? 'running' : stopped ? 'cancelled' : 'done';
  const versions = `${made} new version${made === 1 ? '' : 's'}`;
  return (
    <div className="img-run" data-testid="image-action-status" data-state={state} role="status">
      {state === 'running' && (
        <>
          <p>
            <LoaderCircle size={14} className="spin" aria-hidden /> {run.label} — {Math.round((progressed / Math.max(1, total)) * 100)}%
          </p>
          <ProgressBar value={progressed / Math.max(1, total)} label={`${run.label} progress`} />
        </>
      )}
      {(state === 'done' || state === 'cancelled') && (
        <p>
          {made === 0
            ? 'Stopped before any image was finished.'
            : state === 'cancelled'
              ? `Stopped. The ${versions} finished before that ${made === 1 ? 'is' : 'are'} kept — below under “Made from this” and on the board.`
              : `Added ${versions} — below under “Made from this” and on the board.`}
        </p>
      )}
      {failed && <InlineError message={failed.error?.message ?? 'The job failed.'} testId="image-action-error" />}
    </div>
  );
}

function Slider(props: { label: string; value: number; min: number; max: number; step: number; onChange(v: number): void; disabled?: boolean; testId: string }) {
  const id = useId();
  return (
    <div className="img-slider">
      <div className="img-slider-head">
        <label htmlFor={id} className="img-label">
          {props.label}
        </label>
        <output htmlFor={id} className="img-range-value">
          {props.value.toFixed(2)}
        </output>
      </div>
      <input
        id={id}
        type="range"
        className="img-range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </div>
  );
}

function LineageRow(props: { label: string; ids: string[]; board: Board; onSelect(id: string): void; empty: string; testId: string }) {
  return (
    <div className="img-lineage">
      <p className="img-lineage-label">{props.label}</p>
      {props.ids.length === 0 ? (
        <p className="muted small">{props.empty}</p>
      ) : (
        <ul className="img-lineage-list">
          {props.ids.map((cid) => {
            const v = props.board.byId.get(cid);
            return v ? (
              <li key={cid}>
                <LineageThumb version={v} onSelect={props.onSelect} testId={props.testId} />
              </li>
            ) : null;
          })}
        </ul>
      )}
    </div>
  );
}

function LineageThumb({ version, onSelect, testId }: { version: BoardVersion; onSelect(id: string): void; testId: string }) {
  const { image } = useImage(version.it.id, THUMB_SIDE);
  const up = version.recipe?.upscale;
  return (
    <button type="button" className="img-lineage-thumb" onClick={() => onSelect(version.it.id)} data-testid={testId} data-iteration-id={version.it.id} title={`Open #${version.number}`}>
      {image && <img src={image.dataUrl} alt="" draggable={false} className={image.width < 128 ? 'img-pixelated' : undefined} />}
      <span>
        #{version.number}
        {up ? ` ×${up.scale}` : ''}
      </span>
    </button>
  );
}
