// The axes a new grid offers and starts with. On an image board only the settings its model reads
// are offered (shared/image-setting-use: a GAN ignores steps, CFG, scheduler and size), and the
// default rows change the output: CFG for a diffusion model, variation strength for a GAN.
import { AXIS_FIELDS, imageAxesReadBy } from '../../../shared/grids/axes';
import { readsSetting } from '../../../shared/image-setting-use';

export interface AxisDraft {
  field: string;
  values: string;
}

/** The settings a grid of this kind can sweep on a model of this kind (null: not known). */
export function offeredAxes(kind: 'text' | 'image', modelKind: string | null | undefined): string[] {
  const fields = kind === 'text' ? AXIS_FIELDS.filter((f) => f.kinds.includes('text')) : imageAxesReadBy(modelKind);
  return fields.map((f) => f.field);
}

/** The axes a new grid starts with: seeds across, and down a setting the model reads. */
export function defaultAxes(kind: 'text' | 'image', modelKind: string | null | undefined): { x: AxisDraft; y: AxisDraft } {
  const x = { field: 'seed', values: '1,2,3' };
  if (kind === 'text') return { x, y: { field: 'temperature', values: '0.5, 1.0' } };
  if (readsSetting(modelKind, 'cfg')) return { x, y: { field: 'cfg', values: '1, 4' } };
  return { x, y: { field: 'variationStrength', values: '0, 0.25, 0.5' } };
}
