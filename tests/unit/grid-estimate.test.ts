// The grid editor's time estimate (renderer/features/grid/estimate.ts). Before the fix it said
// "20 steps each · about 43 s on this machine" for a grid of starter-GAN cells (one pass each, the
// steps unused), ignored a swept size or step count, and claimed a measurement it never made.
import { describe, expect, it } from 'vitest';
import type { GridAxis, GridPlan } from '../../shared/contract';
import { estimateGrid } from '../../renderer/features/grid/estimate';

const axis = (field: string, values: (number | string)[]): GridAxis => ({ field, values, labels: values.map(String), search: null });

function plan(kind: 'text' | 'image', x: GridAxis, y: GridAxis | null, model: (x: number, y: number) => string): GridPlan {
  const cells = [];
  for (let j = 0; j < (y?.values.length ?? 1); j++) for (let i = 0; i < x.values.length; i++) cells.push({ x: i, y: j, model: model(i, j) });
  return { kind, count: cells.length, axes: { x, y }, cells, runOrder: cells.map((_, i) => i), models: [...new Set(cells.map((c) => c.model))] };
}

const kinds = (m: string) => (m === 'starter-gan' ? 'gan' : m === 'tiny-sd' ? 'diffusion' : undefined) as 'gan' | 'diffusion' | undefined;

describe('grid time estimate', () => {
  it('calls GAN cells one pass, whatever the steps field says', () => {
    const p = plan('image', axis('seed', [1, 2, 3]), axis('variationStrength', [0, 0.5]), () => 'starter-gan');
    expect(estimateGrid(p, { settings: { steps: 20, width: 512, height: 512 } }, kinds)).toBe('one pass each · about 9 s');
  });

  it('follows a swept step count and size, cell by cell', () => {
    const p = plan('image', axis('steps', [10, 20]), axis('width', [256, 512]), () => 'tiny-sd');
    // (2 + 10·0.6·½) + (2 + 20·0.6·½) + (2 + 10·0.6) + (2 + 20·0.6) + 3 for the one model = 38
    expect(estimateGrid(p, { settings: { steps: 4, width: 64, height: 512 } }, kinds)).toBe('10–20 steps each · about 38 s');
  });

  it('names both kinds when a model axis mixes them, and counts tokens for texts', () => {
    const mixed = plan('image', axis('model', ['tiny-sd', 'starter-gan']), null, (i) => (i === 0 ? 'tiny-sd' : 'starter-gan'));
    expect(estimateGrid(mixed, { settings: { steps: 4, width: 64, height: 64 } }, kinds)).toBe('4 steps (diffusion), one pass (GAN) · about 9 s');
    const text = plan('text', axis('seed', [1, 2]), axis('maxNewTokens', [16, 32]), () => 'starter-text');
    expect(estimateGrid(text, { settings: { maxNewTokens: 64 } }, () => 'text')).toBe('16–32 tokens each · about 12 s');
  });
});
