// Whether WebGPU is offered for an int8 model is decided by the operators in its graph, not by its
// file name: a dynamic-int8 graph (MatMulInteger, DynamicQuantizeLinear: no WebGPU kernels) is kept
// off WebGPU whatever it is called, and a weight-only int8 one (MatMulNBits) or an fp32 graph
// named like an int8 file is offered. Real fixture files, read from disk; the dynamic-int8 fixture
// also runs in onnxruntime, so it is a graph a real export could be.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { modelOps } from '../../../electron/models/model-ops';
import { readOnnxOperators } from '../../../electron/models/onnx-operators';
import { OnnxHeaderError } from '../../../electron/models/onnx-header';
import { providerFits } from '../../../shared/providers';
import { buildDynamicInt8Linear } from '../../fixtures/dynamic-int8';
import { TINY_GPT2, buildDecoderOnnx, buildDecoderOnnxInt8 } from '../../fixtures/tiny-decoders';
import { tempDir } from '../../support/tmp';

const t = tempDir('atelier-webgpu-int8-');
afterAll(() => t.cleanup());

const OFFERED = ['cpu', 'webgpu', 'coreml'];

function textFolder(name: string, file: string, bytes: Uint8Array): string {
  const dir = join(t.dir, name);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', file), bytes);
  return dir;
}

const webgpu = (dir: string, kind: 'text' | 'gan', files: string[]) => providerFits(kind, modelOps(dir, kind, files.map((path) => ({ path }))), OFFERED).find((f) => f.provider === 'webgpu');

describe('WebGPU and int8, decided from the graph', () => {
  it('reads the operators of the fixture graphs, subgraphs included', () => {
    const fp32 = textFolder('fp32', 'model.onnx', buildDecoderOnnx(TINY_GPT2));
    const ops = readOnnxOperators(join(fp32, 'onnx/model.onnx'));
    expect(ops).toContain('MatMul');
    expect(ops).toContain('Gather');
    expect(ops.some((o) => o.includes(':'))).toBe(false);

    const nbits = textFolder('nbits', 'model_quantized.onnx', buildDecoderOnnxInt8(TINY_GPT2));
    const q = readOnnxOperators(join(nbits, 'onnx/model_quantized.onnx'));
    expect(q).toContain('com.microsoft:MatMulNBits');
    expect(q).not.toContain('MatMulInteger');

    const file = join(t.dir, 'if.onnx');
    writeFileSync(file, buildDynamicInt8Linear({ inIf: true }).bytes);
    expect(readOnnxOperators(file)).toEqual(['Cast', 'DynamicQuantizeLinear', 'If', 'MatMul', 'MatMulInteger', 'Mul']);
  });

  it('keeps a dynamic-int8 graph off WebGPU even when its name says fp32, and says which operators', async () => {
    const { bytes, weights, k, n } = buildDynamicInt8Linear();
    const dir = join(t.dir, 'dyn-gan');
    mkdirSync(dir);
    writeFileSync(join(dir, 'generator.onnx'), bytes);
    // A real graph: onnxruntime runs it, and y is x·W up to the activations' 8-bit rounding.
    const session = await ort.InferenceSession.create(join(dir, 'generator.onnx'));
    const x = Float32Array.from({ length: k }, (_, i) => (i - 3) / 4);
    const y = (await session.run({ x: new ort.Tensor('float32', x, [1, k]) })).y!.data as Float32Array;
    for (let j = 0; j < n; j++) {
      let want = 0;
      for (let i = 0; i < k; i++) want += (x[i] as number) * (weights[i * n + j] as number);
      expect(Math.abs((y[j] as number) - want)).toBeLessThan(0.05);
    }
    await session.release();

    expect(webgpu(dir, 'gan', ['generator.onnx'])).toEqual({
      provider: 'webgpu',
      ok: false,
      reason: 'WebGPU has no kernels for int8 matrix multiplication (its graph uses DynamicQuantizeLinear, MatMulInteger)',
    });
    // The same graph inside an If branch, in a text model's fp32 file name.
    const hidden = textFolder('dyn-text', 'model.onnx', buildDynamicInt8Linear({ inIf: true }).bytes);
    expect(webgpu(hidden, 'text', ['onnx/model.onnx'])?.ok).toBe(false);
  });

  it('offers WebGPU for weight-only int8 (MatMulNBits) and for an fp32 graph named like an int8 file', () => {
    const nbits = textFolder('nbits-only', 'model_quantized.onnx', buildDecoderOnnxInt8(TINY_GPT2));
    const fits = providerFits('text', modelOps(nbits, 'text', [{ path: 'onnx/model_quantized.onnx' }]), OFFERED);
    expect(modelOps(nbits, 'text', [{ path: 'onnx/model_quantized.onnx' }]).quantisation).toBe('int8');
    expect(fits).toEqual([
      { provider: 'coreml', ok: false, reason: 'its graph uses com.microsoft operators that coreml does not implement' },
      { provider: 'webgpu', ok: true, reason: null },
      { provider: 'cpu', ok: true, reason: null },
    ]);
    const misnamed = textFolder('fp32-named-int8', 'model_int8.onnx', buildDecoderOnnx(TINY_GPT2));
    expect(webgpu(misnamed, 'text', ['onnx/model_int8.onnx'])).toEqual({ provider: 'webgpu', ok: true, reason: null });
  });

  it('a damaged file names no operators (the preflight reports it) and the reader says why', () => {
    const good = buildDecoderOnnx(TINY_GPT2);
    const cut = join(t.dir, 'cut.onnx');
    writeFileSync(cut, good.subarray(0, Math.floor(good.length / 2)));
    expect(() => readOnnxOperators(cut)).toThrow(OnnxHeaderError);
    const dir = textFolder('cut', 'model.onnx', good.subarray(0, Math.floor(good.length / 2)));
    expect(modelOps(dir, 'text', [{ path: 'onnx/model.onnx' }]).operators).toEqual([]);
  });
});
