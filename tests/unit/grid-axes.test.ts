// Grid axes: value ranges and lists (valid and invalid → BAD_INPUT), prompt search/replace, cell
// requests, and the run order that groups cells by model.
import { describe, expect, it } from 'vitest';
import { GridSpec, type GridSpecInput } from '../../shared/contract/grids';
import { AtelierError } from '../../shared/errors';
import { AXIS_FIELDS, axisName, parseAxis } from '../../shared/grids/axes';
import { planGrid, runOrderByModel } from '../../shared/grids/plan';

const values = (field: string, spec: string | (string | number)[], kind: 'text' | 'image' = 'image') => parseAxis({ field, values: spec }, kind).values;
const badInput = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AtelierError);
    expect((err as AtelierError).code).toBe('BAD_INPUT');
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('parseAxis', () => {
  it('expands ranges with steps, counts and lists', () => {
    expect(values('temperature', '0.2-1.0 (+0.2)', 'text')).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(values('steps', '1-4')).toEqual([1, 2, 3, 4]);
    expect(values('seed', '1,5,9')).toEqual([1, 5, 9]);
    expect(values('steps', '10-1 (-3)')).toEqual([10, 7, 4, 1]);
    expect(values('steps', '1-10 (+4)')).toEqual([1, 5, 9]);
    expect(values('cfg', '0-1 [5]')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(values('cfg', '1-3, 7.5 , 0.1-0.3 (0.1)')).toEqual([1, 2, 3, 7.5, 0.1, 0.2, 0.3]);
    expect(values('cfg', '-1-1')).toEqual([-1, 0, 1]);
    expect(values('cfg', [3, '4-5'])).toEqual([3, 4, 5]);
    expect(parseAxis({ field: 'cfg', values: '5, 7.5' }, 'image').labels).toEqual(['cfg 5', 'cfg 7.5']);
  });

  it('reads words for schedulers and models, and prompt search/replace', () => {
    expect(values('scheduler', 'euler, ddim , dpmpp-2m-karras')).toEqual(['euler', 'ddim', 'dpmpp-2m-karras']);
    expect(values('sampler', 'lcm')).toEqual(['lcm']);
    expect(values('model', 'tiny-sd, other-sd')).toEqual(['tiny-sd', 'other-sd']);
    const sr = parseAxis({ field: 'prompt', values: 'S/R: cat, dog, "fox, red"' }, 'image');
    expect(sr).toEqual({ field: 'prompt', values: ['cat', 'dog', 'fox, red'], labels: ['cat', 'dog', 'fox, red'], search: 'cat' });
    expect(parseAxis({ field: 'prompt', values: 'cat,dog' }, 'text').search).toBe('cat');
  });

  it('answers bad syntax with BAD_INPUT naming the axis', () => {
    expect(badInput(() => values('cfg', '1-'))).toMatch(/^CFG axis: '1-' is not a number or a range/);
    expect(badInput(() => values('cfg', 'abc'))).toMatch(/not a number or a range/);
    expect(badInput(() => values('cfg', '1-5 (+0)'))).toMatch(/step of 0/);
    expect(badInput(() => values('cfg', '1-5 (-1)'))).toMatch(/never reaches 5/);
    expect(badInput(() => values('cfg', '1,,2'))).toMatch(/empty value/);
    expect(badInput(() => values('cfg', '0-100 (+1)'))).toMatch(/at most 32 per axis/);
    expect(badInput(() => values('cfg', '0-1 [50]'))).toMatch(/at most 32/);
    expect(badInput(() => values('steps', '1.5, 2'))).toBe('Steps axis: whole numbers only (got 1.5)');
    expect(badInput(() => values('scheduler', 'euler, heun'))).toMatch(/'heun' is not a scheduler/);
    expect(badInput(() => values('temperature', '1'))).toMatch(/temperature is not an image setting/);
    expect(badInput(() => values('colour', '1'))).toMatch(/'colour' is not a setting a grid can sweep/);
    expect(badInput(() => values('prompt', 'S/R: cat'))).toMatch(/at least one replacement/);
    expect(badInput(() => values('scheduler', 'euler, "ddim'))).toMatch(/quote is not closed/);
  });

  it('names every axis in errors the way the grid editor labels it (one spelling, capitalised)', () => {
    expect(badInput(() => values('seed', '1-'))).toMatch(/^Seed axis: /);
    expect(badInput(() => values('repetitionPenalty', '1-', 'text'))).toMatch(/^Repetition penalty axis: /);
    expect(badInput(() => values('topP', '1,,2', 'text'))).toBe('Top-p axis: an empty value (two commas in a row?)');
    expect(badInput(() => values('prompt', 'S/R: cat'))).toMatch(/^Prompt search\/replace axis: /);
    for (const f of AXIS_FIELDS) expect(axisName(f.field)).toMatch(/^[A-Z]/);
  });
});

const imageSpec = (over: Partial<GridSpecInput> = {}) =>
  GridSpec.parse({
    kind: 'image',
    base: { documentId: 'board', model: 'sd-a', settings: { prompt: 'a cat on a mat', steps: 3, seed: 1 } },
    x: { field: 'cfg', values: '3, 5, 7' },
    y: { field: 'model', values: 'sd-a, sd-b' },
    ...over,
  });

describe('planGrid', () => {
  it('builds one validated request per cell, row-major, grouped by model to run', () => {
    const { plan, requests } = planGrid(imageSpec({ y: { field: 'model', values: 'sd-b, sd-a, sd-b' } }));
    expect(plan.count).toBe(9);
    expect(plan.cells.map((c) => [c.x, c.y, c.model])).toEqual([
      [0, 0, 'sd-b'], [1, 0, 'sd-b'], [2, 0, 'sd-b'],
      [0, 1, 'sd-a'], [1, 1, 'sd-a'], [2, 1, 'sd-a'],
      [0, 2, 'sd-b'], [1, 2, 'sd-b'], [2, 2, 'sd-b'],
    ]);
    // Both sd-b rows run before sd-a, so sd-b loads once.
    expect(plan.runOrder).toEqual([0, 1, 2, 6, 7, 8, 3, 4, 5]);
    expect(plan.models).toEqual(['sd-b', 'sd-a']);
    expect(requests[4]).toMatchObject({ model: 'sd-a', batch: 1, settings: { cfg: 5, steps: 3, seed: 1, prompt: 'a cat on a mat' } });
  });

  it('groups interleaved models on the X axis too', () => {
    expect(runOrderByModel(['a', 'b', 'a', 'b', 'c', 'a'])).toEqual([0, 2, 5, 1, 3, 4]);
    const { plan } = planGrid(imageSpec({ x: { field: 'model', values: 'sd-a, sd-b' }, y: { field: 'steps', values: '1-3' } }));
    expect(plan.runOrder.map((i) => plan.cells[i]!.model)).toEqual(['sd-a', 'sd-a', 'sd-a', 'sd-b', 'sd-b', 'sd-b']);
  });

  it('replaces the prompt text per cell and checks that it occurs', () => {
    const { requests } = planGrid(imageSpec({ x: { field: 'prompt', values: 'S/R: cat, dog, fox' }, y: null }));
    expect(requests.map((r) => (r as { settings: { prompt: string } }).settings.prompt)).toEqual(['a cat on a mat', 'a dog on a mat', 'a fox on a mat']);
    expect(badInput(() => planGrid(imageSpec({ x: { field: 'prompt', values: 'S/R: horse, dog' }, y: null })))).toMatch(/^Prompt search\/replace axis: 'horse' does not occur/);
  });

  it('validates every cell and the grid size', () => {
    // The setting by name and its limit, not the request path and zod's wording.
    expect(badInput(() => planGrid(imageSpec({ x: { field: 'cfg', values: '10-40 (+10)' } })))).toBe('Cell cfg 40, sd-a: cfg must be at most 30');
    expect(badInput(() => planGrid(imageSpec({ x: { field: 'seed', values: '-5, 7' }, y: null })))).toBe('Cell seed -5: seed must be at least 0');
    expect(badInput(() => planGrid(imageSpec({ x: { field: 'width', values: '64, 100' }, y: null })))).toMatch(/multiple of 8/);
    expect(badInput(() => planGrid(imageSpec({ x: { field: 'seed', values: '1-20' }, y: { field: 'steps', values: '1-6' } })))).toMatch(/120 cells; a grid has at most 100/);
    expect(badInput(() => planGrid(imageSpec({ y: { field: 'cfg', values: '1' } })))).toBe('Both axes sweep CFG; pick another setting for Y');
  });

  it('plans text grids with one alternative per cell', () => {
    const spec = GridSpec.parse({
      kind: 'text',
      base: { documentId: 'doc', prompt: 'Once', model: 'tiny', alternatives: 3, settings: { seed: 4 } },
      x: { field: 'temperature', values: '0.5-1.5 (+0.5)' },
      y: { field: 'topP', values: [0.9, 1] },
    });
    const { plan, requests } = planGrid(spec);
    expect(plan.count).toBe(6);
    expect(requests.every((r) => (r as { alternatives: number }).alternatives === 1)).toBe(true);
    expect(requests[5]).toMatchObject({ settings: { temperature: 1.5, topP: 1, seed: 4 } });
    expect(plan.axes.x.labels).toEqual(['temp 0.5', 'temp 1', 'temp 1.5']);
  });
});
