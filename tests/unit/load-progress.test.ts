// Load tracking with plain objects: a job's tracker hears each stage of a load the warm pool
// starts (bytes throttled, first and last always), none for a warm hit, a summary of how each
// model was served, and nothing at all outside a job. Plus the words every view uses for them.
import { describe, expect, it } from 'vitest';
import type { JobLoad, LoadStage } from '../../shared/contract';
import { loadStageLine, loadSummary } from '../../shared/load-words';
import { LoadTracker, reportLoadStage, reportServed } from '../../electron/engine/runtime/load-progress';
import { WarmPool } from '../../electron/engine/runtime/warm-pool';

function tracked() {
  const sent: { stage: LoadStage | null; load: JobLoad }[] = [];
  return { sent, tracker: new LoadTracker((stage, load) => sent.push({ stage, load })) };
}

const model = (served: ('cache' | 'optimised' | 'direct')[], bytes = 0) => async () => {
  for (let b = 0; b <= bytes; b += 1000) reportLoadStage('checking', { file: 'model.onnx', bytesDone: b, bytesTotal: bytes });
  for (const how of served) {
    reportLoadStage(how === 'cache' ? 'cached' : how === 'optimised' ? 'optimising' : 'session', { file: 'model.onnx', provider: 'cpu' });
    reportServed(how);
  }
  return { dispose: async () => {} };
};
const describeIt = () => ({ provider: 'cpu', bytes: 1 });

describe('load progress', () => {
  it('reports a cold load stage by stage, a warm hit with no stage, and sums what loading took', async () => {
    const pool = new WarmPool(10_000);
    const { sent, tracker } = tracked();
    await tracker.run(() => pool.get('k', 's', { label: 'tiny', kind: 'text' }, model(['optimised'], 50_000), describeIt));
    const stages = sent.map((s) => s.stage);
    // 51 byte ticks in a tight loop: the first and the last go out (the rest are throttled), then
    // the optimising stage, then the clear.
    const checking = stages.filter((s) => s?.stage === 'checking').map((s) => s!.bytesDone);
    expect(checking[0]).toBe(0);
    expect(checking.at(-1)).toBe(50_000);
    expect(checking.length).toBeLessThan(51);
    expect(stages.slice(checking.length).map((s) => s && [s.stage, s.bytesDone])).toEqual([['optimising', null], null]);
    expect(stages[2]).toMatchObject({ model: 'tiny', file: 'model.onnx', provider: 'cpu', bytesTotal: null });
    expect(sent.at(-1)!.load.models).toEqual([{ model: 'tiny', served: 'optimised', ms: expect.any(Number), provider: 'cpu' }]);

    const warm = tracked();
    await warm.tracker.run(() => pool.get('k', 's', { label: 'tiny', kind: 'text' }, model(['optimised']), describeIt));
    expect(warm.sent).toEqual([{ stage: null, load: { ms: 0, models: [{ model: 'tiny', served: 'warm', ms: 0, provider: 'cpu' }] } }]);
  });

  it('a model of several sessions counts as optimised if any graph was; a failed load still clears its stage', async () => {
    const pool = new WarmPool(10_000);
    const { sent, tracker } = tracked();
    await tracker.run(() => pool.get('sd', 's', { label: 'sd', kind: 'diffusion' }, model(['cache', 'optimised', 'cache']), describeIt));
    expect(sent.at(-1)!.load.models[0]!.served).toBe('optimised');
    await tracker.run(() => pool.get('up', 's', { label: 'up', kind: 'upscaler' }, model(['cache']), describeIt));
    expect(sent.at(-1)!.load.models.map((m) => [m.model, m.served])).toEqual([['sd', 'optimised'], ['up', 'cache']]);

    const failing = tracked();
    const broken = async () => {
      reportLoadStage('session', { provider: 'cpu' });
      throw new Error('bad graph');
    };
    await expect(failing.tracker.run(() => pool.get('bad', 's', { label: 'bad', kind: 'text' }, broken, describeIt))).rejects.toThrow('bad graph');
    expect(failing.sent.at(-1)!.stage).toBeNull();
    expect(failing.sent.at(-1)!.load.models).toEqual([{ model: 'bad', served: 'direct', ms: expect.any(Number), provider: 'cpu' }]);
  });

  it('outside a job, loads report to no one', async () => {
    const pool = new WarmPool(10_000);
    await expect(pool.get('k', 's', { label: 'x', kind: 'text' }, model(['optimised'], 3000), describeIt)).resolves.toBeDefined();
  });

  it('says the stage and the outcome in words', () => {
    const base = { model: 'starter-text', file: 'model.onnx', provider: null, bytesDone: null, bytesTotal: null, elapsedMs: 0 };
    expect(loadStageLine({ ...base, stage: 'checking', bytesDone: 2 ** 20, bytesTotal: 4 * 2 ** 20 })).toBe('Loading starter-text: Checking model files · 1.0 MiB of 4.0 MiB');
    expect(loadStageLine({ ...base, stage: 'optimising', provider: 'webgpu' }, 12_345)).toBe('Loading starter-text: Optimising graph for WebGPU (first load, cached afterwards) · 12 s');
    expect(loadStageLine({ ...base, stage: 'cached', provider: 'cpu' }, 850)).toBe('Loading starter-text: Loading cached graph on CPU · 850 ms');
    expect(loadStageLine({ ...base, stage: 'session', provider: 'cuda' }, 1500)).toBe('Loading starter-text: Creating session on CUDA · 1.5 s');
    expect(loadSummary({ ms: 0, models: [{ model: 'a', served: 'warm', ms: 0, provider: 'cpu' }] })).toBe('Model already loaded (warm)');
    expect(loadSummary({ ms: 1400, models: [{ model: 'a', served: 'cache', ms: 1400, provider: 'cpu' }] })).toBe('Model loaded in 1.4 s (from the optimised-graph cache)');
    expect(
      loadSummary({ ms: 2000, models: [{ model: 'gan', served: 'warm', ms: 0, provider: 'cpu' }, { model: 'esrgan-x4', served: 'optimised', ms: 2000, provider: 'cpu' }] }),
    ).toBe('Models loaded in 2.0 s (graph optimised and cached)');
    expect(loadSummary({ ms: 0, models: [] })).toBeNull();
  });
});
