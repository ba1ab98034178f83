// Execution providers with real onnxruntime sessions on this CPU-only machine: a provider that
// fails to start (WebGPU without an adapter, CUDA without its libraries) falls back to CPU with
// onnxruntime's reason; a provider whose first run fails is replaced by the next one for that run
// and the device record says so; the probe reports what really starts here.
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSelfTestModel, referenceMlp } from '../../electron/engine/jobs/self-test';
import { GraphBuilder } from '../../electron/engine/runtime/onnx-graph';
import { openCached } from '../../electron/engine/runtime/optimized-cache';
import { probeProviders } from '../../electron/engine/runtime/provider-probe';
import { createSession, setSessionOpener, type SessionOpener } from '../../electron/engine/runtime/sessions';

const model = buildSelfTestModel();
const x = Float32Array.from({ length: 16 }, (_, i) => Math.sin(i));
const feeds = () => ({ x: new ort.Tensor('float32', x, [1, 16]) });
const want = referenceMlp(model, x, 1);

let restore: SessionOpener | null = null;
afterEach(() => {
  if (restore) setSessionOpener(restore);
  restore = null;
});

const close = (a: Float32Array, b: Float32Array) => a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-4);

describe('provider fallback', () => {
  it.each(['webgpu', 'cuda'])('asking for %s falls back to CPU at session creation, with the reason', async (provider) => {
    const { session, device } = await createSession(model.bytes, { requested: provider, order: [provider, 'cpu'] });
    try {
      expect(device.requested).toBe(provider);
      expect(device.used).toBe('cpu');
      expect(device.fallbackReason).toMatch(new RegExp(`^${provider} failed to start \\(.+\\)$`));
      const y = (await session.run(feeds())).y?.data as Float32Array;
      expect(close(y, want)).toBe(true);
    } finally {
      await session.release();
    }
  });

  it('a provider that fails on its first run is replaced by CPU for that run, recorded in the device', async () => {
    // The stand-in accelerator is a real session of a graph fixed to batch 2: it opens, then its
    // first run (batch 1) fails inside onnxruntime.
    const g = new GraphBuilder('fixed_batch');
    g.op('Relu', [g.input('x', [2, 16])], undefined, 'y');
    g.output('y', [2, 16]);
    const fixed = g.toBytes();
    restore = setSessionOpener((m, provider, options) =>
      provider === 'webgpu' ? openCached(fixed, 'cpu', { ...options, executionProviders: ['cpu'] }) : openCached(m, provider, options),
    );
    const { session, device } = await createSession(model.bytes, { requested: 'webgpu', order: ['webgpu', 'cpu'] });
    expect(device).toEqual({ requested: 'webgpu', used: 'webgpu', fallbackReason: null });
    const y = (await session.run(feeds())).y?.data as Float32Array;
    expect(close(y, want)).toBe(true);
    expect(device.used).toBe('cpu');
    expect(device.fallbackReason).toMatch(/^webgpu failed on its first run \(.+\)$/);
    // Later runs stay on CPU and the names still answer.
    expect(session.inputNames).toEqual(['x']);
    const again = (await session.run(feeds())).y?.data as Float32Array;
    expect(close(again, want)).toBe(true);
    await session.release();
  });

  it('a model CPU cannot load is MODEL_INVALID naming onnxruntime’s reason', async () => {
    await expect(createSession(new Uint8Array([1, 2, 3, 4]), 'cpu')).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringMatching(/^onnxruntime could not load the model: /) });
  });
});

describe('probeProviders', () => {
  it('says CPU starts and gives a reason for every provider that does not', async () => {
    const probed = await probeProviders();
    expect(probed.find((p) => p.name === 'cpu')).toEqual({ name: 'cpu', available: true, reason: null });
    expect(probed.map((p) => p.name)).toEqual(ort.listSupportedBackends().map((b) => b.name));
    for (const p of probed) if (!p.available) expect(p.reason).toMatch(/\S/);
    // WebGPU is part of this build; whether it starts is what the probe found out by opening it.
    const webgpu = probed.find((p) => p.name === 'webgpu');
    if (webgpu) {
      const starts = await ort.InferenceSession.create(model.bytes, { executionProviders: ['webgpu'], logSeverityLevel: 4 }).then(
        (s) => s.release().then(() => true),
        () => false,
      );
      expect(webgpu.available).toBe(starts);
    }
  });
});
