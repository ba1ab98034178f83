// X/Y grids: sweep one or two recipe settings; each cell is a normal generation job whose version
// lands in the grid. grids.plan counts and lists the cells without starting anything.
import { z } from 'zod';
import { GenerateTextRequest } from './generate';
import { GenerateImageRequest } from './image';
import type { JobStatus } from './entities';
import { Id, Name } from './schemas';

export const MAX_AXIS_VALUES = 32;
export const MAX_GRID_CELLS = 100;

export const GridAxisInput = z.strictObject({
  /** A recipe setting: seed, temperature, topP, minP, topK, maxNewTokens, steps, cfg, scheduler, strength, model, prompt… */
  field: z.string().min(1).max(40),
  /**
   * Values as text — `0.2-1.0 (+0.2)`, `1-4`, `1,5,9`, `0-1 [5]`, `euler, ddim`, `S/R: cat, dog` —
   * or as a list.
   */
  values: z.union([
    z.string().min(1, 'give at least one value').max(4000),
    z.array(z.union([z.string().max(2000), z.number()])).min(1, 'give at least one value').max(MAX_AXIS_VALUES),
  ]),
});
export type GridAxisInput = z.output<typeof GridAxisInput>;

export const GridSpec = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('text'),
    name: Name.optional(),
    base: GenerateTextRequest,
    x: GridAxisInput,
    y: GridAxisInput.nullable().default(null),
  }),
  z.strictObject({
    kind: z.literal('image'),
    name: Name.optional(),
    base: GenerateImageRequest,
    x: GridAxisInput,
    y: GridAxisInput.nullable().default(null),
  }),
]);
export type GridSpec = z.output<typeof GridSpec>;
export type GridSpecInput = z.input<typeof GridSpec>;

export type AxisValue = number | string;

export interface GridAxis {
  /** The canonical field name (`topP`, `cfg`, `model`, `prompt`). */
  field: string;
  values: AxisValue[];
  /** What the grid shows for each value (`cfg 7.5`, `dog`). */
  labels: string[];
  /** Prompt S/R: the text each value replaces (the first value). */
  search: string | null;
}

export interface GridCellPlan {
  x: number;
  y: number;
  model: string;
}

export interface GridPlan {
  kind: 'text' | 'image';
  count: number;
  axes: { x: GridAxis; y: GridAxis | null };
  /** Row-major (y, then x). */
  cells: GridCellPlan[];
  /** Indexes into `cells` in the order the jobs run: grouped by model so each loads once. */
  runOrder: number[];
  /** Models in run order. */
  models: string[];
}

export type GridCellStatus = JobStatus | 'missing';

export interface GridCell {
  x: number;
  y: number;
  jobId: string | null;
  iterationId: string | null;
  status: GridCellStatus;
  error: string | null;
}

export interface Grid {
  id: string;
  documentId: string;
  kind: 'text' | 'image';
  name: string;
  createdAt: number;
  axes: { x: GridAxis; y: GridAxis | null };
  cells: GridCell[];
  /** done: finished with a version; stopped: cancelled (a stopped text keeps its partial version); failed: failed or its version deleted; pending: queued or running. */
  counts: { total: number; done: number; stopped: number; failed: number; pending: number };
}

export interface GridSummary {
  id: string;
  documentId: string;
  kind: 'text' | 'image';
  name: string;
  createdAt: number;
  count: number;
  done: number;
}

export const GridIdRequest = z.strictObject({ id: Id });
export const GridListRequest = z.strictObject({ documentId: Id.optional() });
export const GridExportRequest = z.strictObject({
  id: Id,
  format: z.enum(['png', 'md']),
  /** Image grids: the longest side of each cell in pixels. */
  cellSize: z.number().int().min(32).max(1024).default(256),
});

export interface GridExport {
  format: 'png' | 'md';
  mime: string;
  fileName: string;
  /** PNG grids. */
  dataUrl: string | null;
  /** Markdown grids. */
  text: string | null;
}
