// The image studio for one board: the prompt panel over the results grid, or one image on the
// canvas. Drop a PNG anywhere on the board to restore its recipe into the panel.
//
// Test ids (besides document-back, kept from the read-only view):
//   image-board (data-document-id) / image-count / image-drop-overlay / image-empty / image-filter-starred /
//   image-filter-history (the board's history panel: image-history, then renderer/features/history's ids)
//   image-panel and its fields: image-prompt, image-negative, image-model, image-model-kind, image-provider,
//     image-steps, image-cfg, image-scheduler, image-width, image-height, image-seed-lock (aria-pressed),
//     image-seed, image-seed-dice, image-batch, image-generate, image-device, image-device-fallback,
//     image-gan-note, image-restore-open / image-restore-file; a field's problem is <field>-error
//     (image-prompt-error, image-width-error, …); a failed run: image-generate-error
//   image-init (data-iteration-id) / image-strength / image-init-clear / image-init-blocked
//   image-restore-notes (restored with notes) / image-drop-message (a file with no recipe, or unreadable)
//   image-compare-start (pick images to compare) / image-compare (data-count; opens the compare view) /
//     image-compare-cancel; tiles carry data-picked while picking
//   image-interpolate-start (pick two images for in-betweens) / image-interpolate-picked / image-interpolate-count /
//     image-interpolate (data-count: images picked) / image-interpolate-cancel / image-interpolate-error
//   image-grid (data-count) / image-tile (data-iteration-id, data-starred) / image-pending (data-job-id,
//     data-status, data-step) / image-preview / image-pending-status / image-cancel
//   image-history (the History view) / image-history-pending (data-count: images being made, shown as
//     image-pending tiles above the tree)
//   image-canvas-view (data-iteration-id) / image-canvas (data-zoom, data-fit) / image-canvas-img (data-full)
//     image-zoom-in / image-zoom-out / image-zoom-fit / image-zoom-actual / image-zoom-level
//     image-canvas-close / image-prev / image-next / image-star (aria-pressed)
//     image-vary / image-vary-strength / image-vary-reason / image-seed-variations / image-variation-strength
//     image-enhance-2 / image-enhance-4 / image-use-init / image-action-status (data-state) / image-action-error
//     image-recipe / image-recipe-prompt / image-recipe-seed / image-recipe-size / image-recipe-device
//     image-copy-a1111 / image-copy-json / image-lineage / image-parent / image-child
import { ArrowLeft, GitCompareArrows, History, ImagePlus, Images, Star, Trash, Waypoints } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { imageFormat } from '../../../shared/exif/containers';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { useLiveQuery } from '../../app/useLiveQuery';
import { MIN_COMPARE, togglePick, useNavigation } from '../compare/navigation';
import { useJobs } from '../queue/useJobs';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { plural } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { useToast } from '../../ui/Toast';
import { GridButton, type GridBase } from '../grid/GridButton';
import { HistoryPanel } from '../history/HistoryPanel';
import { useHistoryGraph } from '../history/useHistoryGraph';
import { betweenText, CanvasView } from './CanvasView';
import { InterpolateBar, togglePair } from './InterpolateBar';
import { MOD } from '../../ui/platformKeys';
import { PromptPanel, type RestoreNotice } from './PromptPanel';
import { PendingTile, ResultsGrid, type GridItem } from './ResultsGrid';
import {
  DEFAULT_FORM,
  buildSettings,
  effectiveModel,
  isImageModel,
  issuesFromDetails,
  loadForm,
  saveForm,
  sentence,
  sliderValue,
  type BoardForm,
  type ImageModelKind,
  type Issues,
} from './settings';
import { useStars } from './stars';
import { useBoardGraph, usePendingBatches, type PendingBatch } from './useBoard';
import { dropParts } from './dropParts';
import { loadBoardTab, saveBoardTab, type BoardView } from './boardTab';
import './image.css';

/** Only the recipe-carrying parts go to the host (dropParts); this bounds what the browser reads. */
const MAX_IMAGE_BYTES = 256 * 1024 * 1024;
const RECIPES_TRAVEL =
  'Recipes travel inside PNG files (Atelier’s own, or AUTOMATIC1111’s “parameters” text) and in the EXIF of the JPEG and WebP files AUTOMATIC1111 saves.';

export function ImageBoard({ doc, initialSelected, onBack }: { doc: DocumentInfo; initialSelected?: string; onBack(): void }) {
  const documentId = doc.id;
  const client = useClient();
  const toast = useToast();
  const board = useBoardGraph(documentId);
  const { jobs } = useJobs();
  const [ownJobs, setOwnJobs] = useState<ReadonlySet<string>>(() => new Set());
  const pending = usePendingBatches(documentId, jobs, board, ownJobs);
  const [stars, toggleStar] = useStars(board.versions);
  const [tab] = useState(() => loadBoardTab(documentId));
  const [view, setView] = useState<BoardView>(tab.view);
  const [gridError, setGridError] = useState<string | null>(null);

  const [form, setForm] = useState<BoardForm>(() => loadForm(documentId, doc.starter));
  useEffect(() => saveForm(documentId, form), [documentId, form]);
  // The panel as it is now, for a restore that awaits the host before it replaces the panel.
  const formRef = useRef(form);
  useEffect(() => {
    formRef.current = form;
  }, [form]);
  const [issues, setIssues] = useState<Issues>({});
  const [busy, setBusy] = useState(false);
  const [panelJobs, setPanelJobs] = useState<string[]>([]);
  const [notice, setBoardNotice] = useState<RestoreNotice | null>(null);
  const [cancelError, setCancelError] = useState<{ jobId: string; message: string } | null>(null);

  const { data: models, error: modelsError } = useLiveQuery('models', (c) => c.call('models.list', {}));

  const [selected, setSelected] = useState<string | null>(initialSelected ?? tab.selected);
  // A reload of this tab comes back to the same image and filter.
  useEffect(() => saveBoardTab(documentId, { selected, view }), [documentId, selected, view]);
  // Picking images on the board: two to four to compare, or two to make in-betweens of.
  const [picking, setPicking] = useState<string[] | null>(null);
  const [pickMode, setPickMode] = useState<'compare' | 'interpolate'>('compare');
  const nav = useNavigation();
  const pickedSet = useMemo(() => new Set(picking ?? []), [picking]);
  const [returnTo, setReturnTo] = useState<string | null>(initialSelected ?? tab.selected);
  const gridScroll = useRef(0);
  // State, not a ref: the grid needs the element once it exists to follow its scrolling.
  const [boardScroller, setBoardScroller] = useState<HTMLDivElement | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  // A control to focus once it is back on screen (a pick bar closing brings back its start button).
  const [refocus, setRefocus] = useState<string | null>(null);
  const boardRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!refocus) return;
    boardRef.current?.querySelector<HTMLElement>(`[data-testid="${refocus}"]`)?.focus();
    setRefocus(null);
  }, [refocus]);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);

  const boardModel = board.versions.find((v) => v.recipe?.model.kind === 'diffusion' || v.recipe?.model.kind === 'gan')?.recipe?.model.id ?? null;
  const modelId = effectiveModel(form, models, boardModel);
  const modelInfo = models?.find((m) => m.id === modelId);
  const kind: ImageModelKind | null = modelInfo && isImageModel(modelInfo) ? modelInfo.kind : null;
  const lastRecipe = useMemo(() => board.versions.find((v) => v.recipe?.model.id === modelId)?.recipe ?? null, [board.versions, modelId]);
  const init = form.initIterationId ? (board.byId.get(form.initIterationId) ?? null) : null;

  const patchForm = useCallback((patch: Partial<BoardForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    // A failed run's message (the GAN's unknown words) goes once the prompt or model it was about changes.
    if ('prompt' in patch || 'model' in patch) setPanelJobs([]);
    setIssues((old) => {
      const next = { ...old };
      for (const k of Object.keys(patch)) delete next[k as keyof Issues];
      if ('seedLocked' in patch) delete next.seed;
      if ('initIterationId' in patch) delete next.strength;
      delete next.general;
      return next;
    });
  }, []);

  const markOwn = useCallback((ids: string[]) => setOwnJobs((s) => new Set([...s, ...ids])), []);

  // A run that failed after it was queued (the GAN's unknown words, a model that would not load).
  const failedRun = jobs.find((j) => panelJobs.includes(j.id) && j.status === 'failed');
  const runIssue = failedRun?.error ? sentence(failedRun.error.message) : null;
  const runOnPrompt = failedRun?.error?.code === 'BAD_INPUT' && kind === 'gan' && !init;
  const shownIssues: Issues = runOnPrompt && runIssue ? { ...issues, prompt: issues.prompt ?? runIssue } : issues;

  async function generate() {
    if (busy) return;
    // The panel already says why (under the init image); Ctrl+Enter must not get around it.
    if (kind === 'gan' && init) return;
    const built = buildSettings(form, kind);
    setPanelJobs([]);
    if (!built.ok) {
      setIssues(built.issues);
      return;
    }
    setIssues({});
    setBusy(true);
    try {
      const job = await client.call('generate.image', {
        documentId,
        model: modelId,
        provider: form.provider,
        batch: built.value.batch,
        initIterationId: init ? init.it.id : null,
        settings: built.value.settings,
      });
      markOwn([job.id]);
      setPanelJobs([job.id]);
    } catch (err) {
      const fromHost = err instanceof AtelierError ? issuesFromDetails(err.details) : null;
      if (fromHost) setIssues(fromHost);
      else if (err instanceof AtelierError && (err.code === 'MODEL_INVALID' || /model/i.test(err.message))) setIssues({ model: sentence(err.message) });
      else setIssues({ general: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  async function cancel(jobId: string) {
    setCancelError(null);
    try {
      await client.call('jobs.cancel', { id: jobId });
    } catch (err) {
      setCancelError({ jobId, message: errorMessage(err) });
    }
  }

  /** Moves a version to the trash; the notice offers Undo. Errors go to the caller's place. */
  async function trash(id: string): Promise<void> {
    const v = board.byId.get(id);
    await client.call('history.trash', { id });
    toast({
      message: `Moved image #${v?.number ?? ''} to the trash`,
      actionLabel: 'Undo',
      onAction: async () => {
        await client.call('history.restore', { id });
      },
    });
  }

  async function restoreVersion(id: string) {
    setGridError(null);
    const v = board.trashed.find((t) => t.it.id === id);
    try {
      await client.call('history.restore', { id });
      toast({ message: `Restored image #${v?.number ?? ''}` });
    } catch (err) {
      setGridError(errorMessage(err));
    }
  }

  /** `count`: how many files were dropped at once; only the first is read, and the notice says so. */
  async function restoreFrom(file: File, count = 1) {
    // Whatever the file holds, the answer shows in the prompt panel, so the board comes back.
    setBoardNotice(null);
    setSelected(null);
    const name = file.name || 'The dropped file';
    const firstOf = count > 1 ? `Used the first of ${count} files (${name}).` : null;
    const say = (n: RestoreNotice) => setBoardNotice(firstOf ? { ...n, lines: [firstOf, ...n.lines] } : n);
    // The first bytes say what the file is; its name and MIME type can lie.
    const format = imageFormat(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
    if (!format) {
      say({
        kind: 'no-recipe',
        title: `“${name}” is not a PNG, JPEG or WebP image, so it carries no recipe.`,
        lines: [RECIPES_TRAVEL],
      });
      return;
    }
    if (file.size > MAX_IMAGE_BYTES) {
      say({ kind: 'no-recipe', title: `“${name}” is too large to read (over 256 MB).`, lines: [] });
      return;
    }
    try {
      const imageBase64 = await readBase64(new Blob([dropParts(new Uint8Array(await file.arrayBuffer()))]));
      const restored = await client.call('images.readRecipe', { imageBase64 });
      if (!restored) {
        say({
          kind: 'no-recipe',
          title: `“${name}” carries no recipe to restore.`,
          lines: [
            format === 'png'
              ? 'It has neither an Atelier recipe nor AUTOMATIC1111 “parameters” text — perhaps it was saved by an app that strips them. The panel is unchanged.'
              : `Its EXIF holds no AUTOMATIC1111 “parameters” text (A1111 keeps it in the UserComment of the ${format === 'jpeg' ? 'JPEGs' : 'WebPs'} it saves) — perhaps an app re-saved it without its metadata. The panel is unchanged.`,
          ],
        });
        return;
      }
      const s = restored.settings;
      const notes = [...restored.notes];
      const patch: Partial<BoardForm> = {
        prompt: s.prompt,
        negativePrompt: s.negativePrompt,
        steps: String(s.steps),
        cfg: String(s.cfg),
        scheduler: s.scheduler,
        width: String(s.width),
        height: String(s.height),
        strength: String(s.strength),
        seedLocked: s.seed !== null,
        seed: s.seed !== null ? String(s.seed) : '',
      };
      if (restored.model) {
        // A file dropped before the model list has loaded asks for it, rather than calling an installed model missing.
        const installed = models ?? (await client.call('models.list', {}));
        const known = installed.find((m) => m.id === restored.model && isImageModel(m));
        if (known) patch.model = known.id;
        else notes.push(`The model “${restored.model}” is not installed here; the panel keeps ${modelId}.`);
      }
      if (s.variationSeed !== null && s.variationStrength > 0) {
        notes.push(
          `It was a seed variation (variation seed ${s.variationSeed}, amount ${s.variationStrength}). The panel restores its main seed; open a result and use Seed variations to explore around it.`,
        );
      }
      if (s.interpolateTo) {
        notes.push(
          `It was an in-between (${betweenText(s.interpolateTo)}). The panel restores its main seed; pick two images and use In-betweens to make more.`,
        );
      }
      // What the restore replaces (a prompt being written, say) comes back with Undo.
      const before = formRef.current;
      const undo = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof BoardForm]])) as Partial<BoardForm>;
      patchForm(patch);
      setIssues({});
      setPanelJobs([]);
      if (notes.length > 0) say({ kind: 'notes', title: 'Recipe restored, with notes:', lines: notes });
      else if (firstOf) say({ kind: 'notes', title: 'Recipe restored.', lines: [] });
      toast({
        message: `Recipe restored from ${name} (${restored.source === 'atelier' ? 'Atelier recipe' : 'AUTOMATIC1111 parameters'})`,
        actionLabel: 'Undo',
        onAction: () => {
          patchForm(undo);
          setBoardNotice(null);
          promptRef.current?.focus();
        },
      });
      requestAnimationFrame(() => promptRef.current?.focus());
    } catch (err) {
      say({ kind: 'error', title: `Could not read “${name}”.`, lines: [errorMessage(err)] });
    }
  }

  // Ctrl/⌘+Enter generates from anywhere on the board (also while typing the prompt).
  const generateRef = useRef(generate);
  useEffect(() => {
    generateRef.current = generate;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.defaultPrevented) return;
      if (selected !== null || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      void generateRef.current();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selected]);

  const starred = useMemo(() => board.versions.filter((v) => stars.has(v.it.id)), [board.versions, stars]);
  const shownVersions = view === 'starred' ? starred : view === 'trash' || view === 'history' ? [] : board.versions;
  const items = useMemo<GridItem[]>(() => {
    if (view === 'trash') return board.trashed.map((version) => ({ type: 'trashed' as const, version }));
    return [
      ...(view === 'all' ? pending.flatMap((batch) => Array.from({ length: batch.count }, (_, index) => ({ type: 'pending' as const, batch, index }))) : []),
      ...shownVersions.map((version) => ({ type: 'version' as const, version })),
    ];
  }, [pending, shownVersions, view, board.trashed]);
  const order = useMemo(() => shownVersions.map((v) => v.it.id), [shownVersions]);
  const generated = shownVersions.filter((v) => (v.recipe?.model.kind === 'gan' || v.recipe?.model.kind === 'diffusion') && !v.recipe.upscale).length;
  const current = selected ? board.byId.get(selected) : undefined;

  // A version that left the board (trashed elsewhere) closes the canvas.
  useEffect(() => {
    if (selected && board.loaded && !board.byId.has(selected)) setSelected(null);
  }, [selected, board.loaded, board.byId]);

  function open(id: string) {
    setSelected(id);
    setReturnTo(id);
  }

  function close() {
    setSelected(null);
  }

  /** The grid's base request: the prompt panel as it is now. */
  function gridBase(): GridBase {
    const built = buildSettings(form, kind);
    if (!built.ok) {
      setIssues(built.issues);
      return { ok: false, message: `Fix the prompt panel first (${Object.values(built.issues).filter(Boolean).join(' ')})` };
    }
    return {
      ok: true,
      request: {
        documentId,
        model: modelId,
        provider: form.provider,
        initIterationId: init ? init.it.id : null,
        settings: built.value.settings as Record<string, unknown>,
      },
      modelKind: kind,
    };
  }

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  const running = pending.filter((b) => b.job.status === 'running').length;
  const queued = pending.filter((b) => b.job.status === 'queued').length;
  const activity = [running > 0 ? `${running} running` : null, queued > 0 ? `${queued} queued` : null].filter(Boolean).join(', ');

  return (
    <section
      ref={boardRef}
      className="img-board"
      aria-labelledby="document-title"
      data-testid="image-board"
      data-document-id={documentId}
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        dragDepth.current += 1;
        setDragging(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!hasFiles(e)) return;
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDrop={(e) => {
        const files = e.dataTransfer?.files;
        const file = files?.[0];
        dragDepth.current = 0;
        setDragging(false);
        if (!file) return;
        e.preventDefault();
        void restoreFrom(file, files.length);
      }}
    >
      <header className="img-header">
        <Button small variant="ghost" icon={<ArrowLeft size={14} />} onClick={onBack} data-testid="document-back">
          All documents
        </Button>
        <h1 id="document-title" className="img-title">
          <Images size={18} aria-hidden />
          <span>{doc.title}</span>
        </h1>
        <span className="img-count muted" data-testid="image-count">
          {board.loaded ? boardCount(board.versions.length, board.trashed.length) : ''}
          {activity ? ` · ${activity}` : ''}
        </span>
        <GridButton
          documentId={documentId}
          kind="image"
          getBase={gridBase}
          onOpenIteration={open}
          onBranchIteration={(id) => {
            patchForm({ initIterationId: id });
            setSelected(null);
            requestAnimationFrame(() => promptRef.current?.focus());
          }}
        />
      </header>
      <InlineError message={board.error} testId="image-board-error" />

      {current ? (
        <CanvasView
          documentId={documentId}
          version={current}
          order={order}
          board={board}
          jobs={jobs}
          models={models}
          provider={form.provider}
          batch={Number(form.batch)}
          varyStrength={sliderValue(form.varyStrength, DEFAULT_FORM.varyStrength)}
          variationStrength={sliderValue(form.variationAmount, DEFAULT_FORM.variationAmount)}
          onSliders={({ varyStrength, variationStrength }) =>
            setForm((f) => ({
              ...f,
              ...(varyStrength !== undefined ? { varyStrength: String(varyStrength) } : {}),
              ...(variationStrength !== undefined ? { variationAmount: String(variationStrength) } : {}),
            }))
          }
          starred={stars.has(current.it.id)}
          onToggleStar={toggleStar}
          onSelect={open}
          onClose={close}
          onTrash={trash}
          onUseAsInit={(id) => {
            patchForm({ initIterationId: id });
            setSelected(null);
            requestAnimationFrame(() => promptRef.current?.focus());
          }}
          onQueued={markOwn}
        />
      ) : (
        <div className="img-workspace" ref={setBoardScroller}>
          <PromptPanel
            form={form}
            onChange={patchForm}
            models={models}
            modelsError={modelsError}
            model={modelId}
            kind={kind}
            issues={shownIssues}
            runError={runOnPrompt ? null : runIssue}
            busy={busy}
            lastRecipe={lastRecipe}
            init={init}
            restoreNotice={notice}
            onDismissNotice={() => setBoardNotice(null)}
            onPickFile={(file) => void restoreFrom(file)}
            onGenerate={() => void generate()}
            promptRef={promptRef}
          />
          <div className="img-results-head">
            <h2 className="section-label">Results</h2>
            <div className="img-views" role="group" aria-label="Show">
              <Button small variant="ghost" aria-pressed={view === 'all'} onClick={() => setView('all')} data-testid="image-filter-all">
                All
              </Button>
              <Button
                small
                variant="ghost"
                icon={<Star size={14} fill={view === 'starred' ? 'currentColor' : 'none'} />}
                aria-pressed={view === 'starred'}
                onClick={() => setView('starred')}
                data-testid="image-filter-starred"
              >
                Starred{starred.length > 0 ? ` (${starred.length})` : ''}
              </Button>
              <Button
                small
                variant="ghost"
                icon={<Trash size={14} />}
                aria-pressed={view === 'trash'}
                onClick={() => setView('trash')}
                data-testid="image-filter-trash"
              >
                Trash{board.trashed.length > 0 ? ` (${board.trashed.length})` : ''}
              </Button>
              <Button
                small
                variant="ghost"
                icon={<History size={14} />}
                aria-pressed={view === 'history'}
                onClick={() => setView('history')}
                data-testid="image-filter-history"
                title="Every image on this board as a tree: star, tag, note, reproduce"
              >
                History
              </Button>
            </div>
            <div className="img-pickbar">
              {view !== 'trash' && view !== 'history' && picking && pickMode === 'interpolate' && (
                <InterpolateBar
                  picked={picking}
                  board={board}
                  provider={form.provider}
                  onCancel={() => {
                    setPicking(null);
                    setRefocus('image-interpolate-start');
                  }}
                  onQueued={(job, label) => {
                    markOwn([job.id]);
                    setPicking(null);
                    setRefocus('image-interpolate-start');
                    toast({ message: `Queued ${label}` });
                  }}
                />
              )}
              {view !== 'trash' && view !== 'history' && !picking && generated >= 2 && (
                <Button
                  small
                  variant="ghost"
                  icon={<Waypoints size={14} />}
                  onClick={() => {
                    setPickMode('interpolate');
                    setPicking([]);
                  }}
                  data-testid="image-interpolate-start"
                  title="Pick two images and make images between them"
                >
                  In-betweens…
                </Button>
              )}
              {nav && view !== 'trash' && view !== 'history' && shownVersions.length >= 2 && (pickMode === 'compare' || !picking) && (
                <div className="img-compare" role="group" aria-label="Compare images">
                  {picking ? (
                    <>
                      <span className="small muted">{picking.length === 0 ? 'Pick 2–4 images' : `${picking.length} picked`}</span>
                      <Button
                        small
                        variant="primary"
                        disabled={picking.length < MIN_COMPARE}
                        onClick={() => nav.openCompare(picking)}
                        data-testid="image-compare"
                        data-count={picking.length}
                      >
                        Compare
                      </Button>
                      <Button
                        small
                        variant="ghost"
                        onClick={() => {
                          setPicking(null);
                          setRefocus('image-compare-start');
                        }}
                        data-testid="image-compare-cancel"
                      >
                        Cancel
                      </Button>
                    </>
                  ) : (
                    <Button
                      small
                      variant="ghost"
                      icon={<GitCompareArrows size={14} />}
                      onClick={() => {
                        setPickMode('compare');
                        setPicking([]);
                      }}
                      data-testid="image-compare-start"
                    >
                      Compare…
                    </Button>
                  )}
                </div>
              )}
            </div>
          </div>
          {gridError && (
            <div className="img-grid-error">
              <InlineError message={gridError} testId="image-grid-error" />
            </div>
          )}
          {view === 'history' ? (
            <BoardHistory documentId={documentId} onOpen={open} pending={pending} onCancel={(id) => void cancel(id)} cancelError={cancelError} />
          ) : board.loaded && items.length === 0 ? (
            <div className="img-empty" data-testid="image-empty">
              {view === 'starred' ? (
                <EmptyState icon={<Star size={22} />} title="No starred images">
                  Open an image and press the star (or S) to keep it here.
                </EmptyState>
              ) : view === 'trash' ? (
                <EmptyState icon={<Trash size={22} />} title="The trash is empty">
                  Images you move to the trash (Delete) wait here, and can be restored at any time.
                </EmptyState>
              ) : (
                <EmptyState icon={<ImagePlus size={22} />} title="No images on this board yet">
                  <BoardSteps promptReady={form.prompt.trim() !== ''} />
                </EmptyState>
              )}
            </div>
          ) : (
            <ResultsGrid
              items={items}
              stars={stars}
              onOpen={picking ? (id) => setPicking(pickMode === 'interpolate' ? togglePair(picking, id) : togglePick(picking, id)) : open}
              picked={picking ? pickedSet : undefined}
              onCancel={(id) => void cancel(id)}
              onTrash={(id) => {
                setGridError(null);
                trash(id).catch((err: unknown) => setGridError(errorMessage(err)));
              }}
              onRestore={(id) => void restoreVersion(id)}
              scroller={boardScroller}
              scrollRef={gridScroll}
              stickyTop={40}
              focusId={returnTo}
              cancelError={cancelError}
            />
          )}
        </div>
      )}

      {dragging && (
        <div className="img-drop-overlay" data-testid="image-drop-overlay" aria-hidden>
          <div>
            <ImagePlus size={28} />
            <p>Drop a PNG, JPEG or WebP to restore its recipe</p>
            <p className="muted small">Atelier recipes and AUTOMATIC1111 “parameters” are read; the image is not added.</p>
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * The board's versions as one tree (the same history panel as text documents), with the images
 * still queued or being made above it: their placeholders go as their versions join the tree.
 */
function BoardHistory({
  documentId,
  onOpen,
  pending,
  onCancel,
  cancelError,
}: {
  documentId: string;
  onOpen(id: string): void;
  pending: PendingBatch[];
  onCancel(jobId: string): void;
  cancelError: { jobId: string; message: string } | null;
}) {
  const { graph, doc, error } = useHistoryGraph(documentId);
  const count = pending.reduce((n, b) => n + b.count, 0);
  return (
    <div className="img-history" data-testid="image-history">
      <InlineError message={error} testId="image-history-error" />
      {count > 0 && (
        <section className="img-history-pending" aria-label="Images being made" data-testid="image-history-pending" data-count={count}>
          <p className="muted small">
            {count === 1 ? '1 image' : `${count} images`} being made: each joins the tree below as a version when it is done.
          </p>
          <div className="img-history-pending-tiles">
            {pending.flatMap((batch) =>
              Array.from({ length: batch.count }, (_, index) => (
                <div className="img-history-pending-tile" key={`${batch.job.id}:${index}`}>
                  <PendingTile
                    batch={batch}
                    index={index}
                    dataIndex={-1}
                    onCancel={onCancel}
                    cancelError={cancelError?.jobId === batch.job.id && index === 0 ? cancelError.message : null}
                  />
                </div>
              )),
            )}
          </div>
        </section>
      )}
      <HistoryPanel documentId={documentId} kind="image" graph={graph} headId={doc?.headIterationId ?? null} onOpen={onOpen} />
    </div>
  );
}

/** An empty board's lesson: what to press to fill it, and what its images then do. */
function BoardSteps({ promptReady }: { promptReady: boolean }) {
  return (
    <ul className="img-empty-steps" data-testid="image-empty-steps">
      <li>
        {promptReady ? 'Press ' : 'Describe an image above, then press '}
        <strong>Generate</strong> (<kbd>{MOD}</kbd>+<kbd>Enter</kbd>){promptReady ? ' to make images from the prompt above.' : '.'}
      </li>
      <li>Drop a PNG made by Atelier or AUTOMATIC1111 (or an AUTOMATIC1111 JPEG or WebP) anywhere on the board to restore its recipe into the panel.</li>
      <li>Click an image to open it on the canvas: zoom in, vary it, enhance it ×2 or ×4.</li>
    </ul>
  );
}

function readBase64(file: Blob): Promise<string> {
  return new Promise((done, fail) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      done(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => fail(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** "12 images · 2 in trash": the board's count and the History view's agree (both keep the trashed apart). */
function boardCount(live: number, trashed: number): string {
  return `${plural(live, 'image')}${trashed > 0 ? ` · ${trashed} in trash` : ''}`;
}
