// X/Y grids on the host: plan (validated against the document and the installed models), start
// (save the grid, queue one normal generation job per cell grouped by model so each model loads
// once), follow the cells' jobs (fill the grid, emit grids.changed) and export (PNG via sharp with
// axis labels, or Markdown).
import { randomInt } from 'node:crypto';
import type { GenerateImageRequest, GenerateTextRequest, Grid, GridExport, GridPlan, GridSpec, Job } from '../../shared/contract';
import { summarizeRecipe } from '../../shared/compare/recipe-summary';
import { AtelierError } from '../../shared/errors';
import { axisName, imageAxesReadBy } from '../../shared/grids/axes';
import { planGrid, type PlannedGrid } from '../../shared/grids/plan';
import { readsSetting } from '../../shared/image-setting-use';
import { wordList } from '../../shared/word-list';
import { composeGridSheet } from '../engine/image/grid-sheet';
import type { ModelRegistry } from '../models/registry';
import type { Store } from '../store';
import type { EventBus } from './events';
import { enqueueTextGeneration } from './generation';
import { enqueueImageGeneration } from './image-generation';
import type { JobQueue } from './job-queue';
import type { RuntimeControl } from './runtime-control';

/** "Seed", "CFG" as a sentence names a choice among them ("seed", "CFG"). */
const inSentence = (name: string) => (name === name.toUpperCase() ? name : name[0]!.toLowerCase() + name.slice(1));

/** An axis the model ignores would make every cell along it alike (the grid editor does not offer it either). */
function refuseIgnoredAxes(model: string, modelKind: string, planned: PlannedGrid): void {
  for (const axis of [planned.plan.axes.x, planned.plan.axes.y]) {
    if (!axis || readsSetting(modelKind, axis.field)) continue;
    const choices = wordList(imageAxesReadBy(modelKind).map((f) => inSentence(f.name)), 'or');
    throw new AtelierError('BAD_INPUT', `${model} does not use ${axisName(axis.field)}: pick ${choices}`);
  }
}

/** Checks the document, its versions and the models before anything is saved or queued. */
function validate(store: Store, models: ModelRegistry, spec: GridSpec, planned: PlannedGrid): void {
  const doc = store.documents.requireLive(spec.base.documentId);
  if (doc.kind !== spec.kind) {
    throw new AtelierError('BAD_INPUT', `'${doc.title}' is ${doc.kind === 'text' ? 'a text document' : 'an image board'}; a ${spec.kind} grid needs ${spec.kind === 'text' ? 'a text document' : 'an image board'}`);
  }
  const check = (id: string | null, what: string) => {
    if (!id) return;
    const it = store.history.get(id);
    if (it.documentId !== doc.id) throw new AtelierError('BAD_INPUT', `The ${what} belongs to another document`);
  };
  check(spec.base.parentId, 'version to continue');
  if (spec.kind === 'image') check(spec.base.initIterationId, 'init image');
  const kinds = spec.kind === 'text' ? (['text'] as const) : (['diffusion', 'gan'] as const);
  for (const m of planned.plan.models) {
    const entry = models.resolve(m, [...kinds]);
    if (spec.kind === 'image' && entry.kind === 'gan' && spec.base.initIterationId) {
      throw new AtelierError('BAD_INPUT', `'${m}' is a GAN and cannot start from an image`);
    }
    if (spec.kind === 'image') refuseIgnoredAxes(m, entry.kind, planned);
  }
}

export function planFor(store: Store, models: ModelRegistry, spec: GridSpec): GridPlan {
  const planned = planGrid(spec);
  validate(store, models, spec, planned);
  return planned.plan;
}

function defaultName(p: GridPlan): string {
  return p.axes.y ? `${p.axes.x.field} × ${p.axes.y.field}` : `${p.axes.x.field} sweep`;
}

export function startGrid(
  store: Store,
  queue: JobQueue,
  bus: EventBus,
  models: ModelRegistry,
  input: GridSpec,
  modelsDir?: string,
  runtime?: Pick<RuntimeControl, 'plan'>,
): Grid {
  // One seed for every cell (unless the seed is an axis), so the cells differ only by the axes.
  const spec = structuredClone(input);
  if (spec.base.settings.seed === null) spec.base.settings.seed = randomInt(0, 2 ** 32);
  if (spec.kind === 'text' && spec.base.parentId === null) {
    spec.base.parentId = store.documents.get(spec.base.documentId).headIterationId;
  }
  const planned = planGrid(spec);
  validate(store, models, spec, planned);
  const { plan, requests } = planned;
  const id = store.grids.create({
    documentId: spec.base.documentId,
    kind: spec.kind,
    name: spec.name ?? defaultName(plan),
    spec,
    axes: plan.axes,
    cells: plan.cells.map((c) => ({ x: c.x, y: c.y })),
  });
  for (const i of plan.runOrder) {
    const cell = plan.cells[i]!;
    const request = requests[i]!;
    const job: Job =
      spec.kind === 'text'
        ? enqueueTextGeneration(store, queue, models, request as GenerateTextRequest, runtime)
        : enqueueImageGeneration(store, queue, models, request as GenerateImageRequest, modelsDir, runtime);
    store.grids.setCellJob(id, cell.x, cell.y, job.id);
  }
  bus.emit('grids.changed', { id, documentId: spec.base.documentId });
  return store.grids.get(id);
}

/** Fills a grid's cells as their jobs run and end; one grids.changed per change. */
export function followGrids(store: Store, bus: EventBus): () => void {
  return bus.subscribe((event, data) => {
    if (event !== 'jobs.changed') return;
    const job = data as Job;
    if (job.status === 'queued') return;
    const grid = store.grids.gridOfJob(job.id);
    if (!grid) return;
    if (job.status === 'done' || job.status === 'cancelled') {
      const made = (job.result as { iterationIds?: (string | null)[] } | null)?.iterationIds?.[0] ?? null;
      store.grids.setCellIteration(job.id, made);
    }
    bus.emit('grids.changed', grid);
  });
}

export function cancelGrid(store: Store, queue: JobQueue, id: string): Grid {
  for (const c of store.grids.get(id).cells) {
    if (c.jobId && (c.status === 'queued' || c.status === 'running')) queue.cancel(c.jobId);
  }
  return store.grids.get(id);
}

/** The text a text cell generated (without the prompt and suffix around it). */
function generatedText(store: Store, iterationId: string): string {
  const it = store.history.get(iterationId);
  const tokens = store.history.tokens(iterationId);
  const text = it.text ?? '';
  if (!tokens) return text;
  return text.slice(tokens.start, tokens.start + tokens.tokens.map((t) => t.text).join('').length);
}

const cellWord = (status: string) => (status === 'done' || status === 'missing' ? 'deleted' : status);
const mdCell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').trim();
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._ -]+/g, '_').trim().slice(0, 80) || 'grid';

export function gridMarkdown(store: Store, grid: Grid): string {
  const { x, y } = grid.axes;
  const content = (xi: number, yi: number): string => {
    const c = grid.cells.find((k) => k.x === xi && k.y === yi);
    if (!c?.iterationId) return `*${cellWord(c?.status ?? 'missing')}*`;
    if (grid.kind === 'text') return mdCell(generatedText(store, c.iterationId));
    const it = store.history.get(c.iterationId);
    return mdCell(`version ${c.iterationId} (${summarizeRecipe(it.recipe).line})`);
  };
  const lines = [`# ${grid.name}`, ''];
  const base = store.grids.spec(grid.id) as GridSpec;
  const prompt = base.kind === 'text' ? base.base.prompt : base.base.settings.prompt;
  lines.push(`- Kind: ${grid.kind}`, `- Model: ${base.base.model}`, `- Seed: ${String(base.base.settings.seed)}`, `- X: ${x.field}${y ? `\n- Y: ${y.field}` : ''}`);
  lines.push(`- Prompt: ${mdCell(prompt.length > 300 ? `…${prompt.slice(-300)}` : prompt)}`, '');
  if (!y) {
    lines.push(`| ${mdCell(x.field)} | output |`, '| --- | --- |');
    x.labels.forEach((l, i) => lines.push(`| ${mdCell(l)} | ${content(i, 0)} |`));
  } else {
    lines.push(`| ${mdCell(`${y.field} \\ ${x.field}`)} | ${x.labels.map(mdCell).join(' | ')} |`, `| --- |${' --- |'.repeat(x.labels.length)}`);
    y.labels.forEach((yl, j) => lines.push(`| ${mdCell(yl)} | ${x.labels.map((_, i) => content(i, j)).join(' | ')} |`));
  }
  return `${lines.join('\n')}\n`;
}

export async function exportGrid(store: Store, id: string, format: 'png' | 'md', cellSize: number): Promise<GridExport> {
  const grid = store.grids.get(id);
  const name = fileSafe(grid.name);
  if (format === 'md') {
    return { format, mime: 'text/markdown', fileName: `${name}.md`, dataUrl: null, text: gridMarkdown(store, grid) };
  }
  if (grid.kind !== 'image') throw new AtelierError('BAD_INPUT', 'A text grid exports as Markdown (format md); PNG is for image grids');
  const { x, y } = grid.axes;
  const rows = y?.labels.length ?? 1;
  const cells: (Uint8Array | string)[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < x.labels.length; i++) {
      const c = grid.cells.find((k) => k.x === i && k.y === j);
      cells.push(c?.iterationId ? store.artifacts.bytes(store.history.get(c.iterationId).artifactId) : cellWord(c?.status ?? 'missing'));
    }
  }
  const title = `${grid.name} — X: ${x.field}${y ? `, Y: ${y.field}` : ''}`;
  const png = await composeGridSheet({ title, xLabels: x.labels, yLabels: y?.labels ?? [''], cells, cellSize });
  return { format, mime: 'image/png', fileName: `${name}.png`, dataUrl: `data:image/png;base64,${png.toString('base64')}`, text: null };
}
