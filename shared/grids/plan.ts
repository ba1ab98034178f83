// Grid planning (pure): the cells of an X/Y grid, each one's full generation request, and the
// order to run them in — grouped by model, so a sweep across models loads each model once.
import { AtelierError } from '../errors';
import { GenerateTextRequest } from '../contract/generate';
import { GenerateImageRequest } from '../contract/image';
import type { AxisValue, GridAxis, GridCellPlan, GridPlan, GridSpec } from '../contract/grids';
import { MAX_GRID_CELLS } from '../contract/grids';
import { axisName, parseAxis } from './axes';
import type { z } from 'zod';
import { issueField, issueSentence } from '../issue-sentence';

export type CellRequest = GenerateTextRequest | GenerateImageRequest;

export interface PlannedGrid {
  plan: GridPlan;
  /** One request per cell, in `plan.cells` order. */
  requests: CellRequest[];
}

type Mutable = Record<string, unknown> & { settings: Record<string, unknown> };

function apply(kind: 'text' | 'image', req: Mutable, axis: GridAxis, value: AxisValue): void {
  switch (axis.field) {
    case 'model':
      req.model = value;
      return;
    case 'prompt': {
      const holder = kind === 'text' ? req : req.settings;
      holder.prompt = String(holder.prompt).split(axis.search ?? '').join(String(value));
      return;
    }
    default:
      req.settings[axis.field] = value;
  }
}

/** Groups cell indexes by model in order of first appearance (stable within a model). */
export function runOrderByModel(models: string[]): number[] {
  const groups = new Map<string, number[]>();
  models.forEach((m, i) => groups.set(m, [...(groups.get(m) ?? []), i]));
  return [...groups.values()].flat();
}

/** The cell's first problem, about the setting by name ("seed must be at least 0"), not zod's wording. */
function issueText(err: z.ZodError): string {
  const i = err.issues[0];
  if (!i) return 'invalid';
  const field = issueField(i);
  return field ? issueSentence(i, field) : i.message;
}

export function planGrid(spec: GridSpec): PlannedGrid {
  const x = parseAxis(spec.x, spec.kind);
  const y = spec.y ? parseAxis(spec.y, spec.kind) : null;
  if (y && y.field === x.field) throw new AtelierError('BAD_INPUT', `Both axes sweep ${axisName(x.field)}; pick another setting for Y`);
  const count = x.values.length * (y?.values.length ?? 1);
  if (count > MAX_GRID_CELLS) {
    throw new AtelierError('BAD_INPUT', `${x.values.length} × ${y?.values.length ?? 1} = ${count} cells; a grid has at most ${MAX_GRID_CELLS}`);
  }
  const basePrompt = spec.kind === 'text' ? spec.base.prompt : spec.base.settings.prompt;
  for (const a of [x, y]) {
    if (a?.search != null && !basePrompt.includes(a.search)) {
      throw new AtelierError('BAD_INPUT', `${axisName('prompt')} axis: '${a.search}' does not occur in the prompt, so there is nothing to replace`);
    }
  }
  const cells: GridCellPlan[] = [];
  const requests: CellRequest[] = [];
  const rows = y?.values.length ?? 1;
  for (let yi = 0; yi < rows; yi++) {
    for (let xi = 0; xi < x.values.length; xi++) {
      const req = structuredClone(spec.base) as unknown as Mutable;
      if (spec.kind === 'text') req.alternatives = 1;
      else req.batch = 1;
      apply(spec.kind, req, x, x.values[xi]!);
      if (y) apply(spec.kind, req, y, y.values[yi]!);
      const parsed = (spec.kind === 'text' ? GenerateTextRequest : GenerateImageRequest).safeParse(req);
      if (!parsed.success) {
        const where = [x.labels[xi], y?.labels[yi]].filter(Boolean).join(', ');
        throw new AtelierError('BAD_INPUT', `Cell ${where}: ${issueText(parsed.error)}`);
      }
      cells.push({ x: xi, y: yi, model: parsed.data.model });
      requests.push(parsed.data);
    }
  }
  const runOrder = runOrderByModel(cells.map((c) => c.model));
  const models = [...new Set(runOrder.map((i) => cells[i]!.model))];
  return { plan: { kind: spec.kind, count, axes: { x, y }, cells, runOrder, models }, requests };
}
