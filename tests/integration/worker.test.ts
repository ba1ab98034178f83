// The job worker process with a real onnxruntime session: progress, results checked against the
// JavaScript oracle, cancel, and crash isolation (a process abort fails only that job).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSelfTestModel, referenceMlp } from '../../electron/engine/jobs/self-test';
import { JobWorker, type ProgressReport } from '../../electron/engine/runtime/job-worker';

let worker: JobWorker | null = null;
afterEach(async () => {
  await worker?.dispose();
  worker = null;
});

describe('self-test model', () => {
  it('runs in onnxruntime and matches the JavaScript reference', async () => {
    const model = buildSelfTestModel(3);
    const session = await ort.InferenceSession.create(model.bytes);
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const x = Float32Array.from({ length: 2 * 16 }, (_, i) => Math.sin(i));
    const out = await session.run({ x: new ort.Tensor('float32', x, [2, 16]) });
    expect(out.y?.dims).toEqual([2, 8]);
    const want = referenceMlp(model, x, 2);
    const got = out.y?.data as Float32Array;
    want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 4));
    // The oracle is not trivially zero, so the comparison means something.
    expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(0.1);
    await session.release();
  });
});

describe('JobWorker', () => {
  it('runs a self-test job and reports progress up to completion', async () => {
    worker = new JobWorker();
    const seen: ProgressReport[] = [];
    const outcome = await worker.run({ id: 'j1', kind: 'self-test', payload: { steps: 5, stepMs: 0 } }, (p) => seen.push(p));
    expect(outcome).toMatchObject({ status: 'done', result: { steps: 5, executionProvider: 'cpu' } });
    expect((outcome as { result: { maxAbsError: number } }).result.maxAbsError).toBeLessThan(1e-4);
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(seen.at(-1)?.total).toBe(5);
  });

  it('cancels a running job between steps', async () => {
    worker = new JobWorker();
    const w = worker;
    const outcome = w.run({ id: 'j2', kind: 'self-test', payload: { steps: 1000, stepMs: 50 } }, (p) => {
      if (p.done === 2) w.cancel('j2');
    });
    await expect(outcome).resolves.toEqual({ status: 'cancelled' });
    expect(w.busy).toBe(false);
  });

  it('fails only the job whose process crashed, then restarts for the next job', async () => {
    worker = new JobWorker();
    const crashed = await worker.run({ id: 'c', kind: 'self-test', payload: { steps: 5, stepMs: 0, crashAtStep: 2 } }, () => {});
    expect(crashed.status).toBe('failed');
    expect(crashed.status === 'failed' && crashed.error.message).toMatch(/worker process was killed by SIGABRT/);
    const next = await worker.run({ id: 'n', kind: 'self-test', payload: { steps: 2, stepMs: 0 } }, () => {});
    expect(next.status).toBe('done');
    expect(worker.starts).toBe(2);
  });

  it('reports an unknown job kind as a typed failure', async () => {
    worker = new JobWorker();
    const outcome = await worker.run({ id: 'u', kind: 'nope', payload: {} }, () => {});
    expect(outcome).toEqual({ status: 'failed', error: { code: 'BAD_INPUT', message: "Unknown job kind 'nope'" } });
  });
});

describe('built worker (out/main/worker.js, what the packaged app forks)', () => {
  const built = resolve(__dirname, '../../out/main/worker.js');
  it.skipIf(!existsSync(built))('runs the self-test job from the electron-vite bundle', async () => {
    worker = new JobWorker({ entry: built });
    const outcome = await worker.run({ id: 'b', kind: 'self-test', payload: { steps: 3, stepMs: 0 } }, () => {});
    expect(outcome).toMatchObject({ status: 'done', result: { steps: 3 } });
  });
});
