// The benchmark's weight-kernels graph (tests/bench/weight-kernels.ts) holds exactly the decoder's
// weight products, with their own weights: checked on the tiny GPT-2 fixture in fp32 and int8
// against the same products computed here from the model's initializers.
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { weightKernelGraph } from '../bench/weight-kernels';
import { buildDecoderOnnx, buildDecoderOnnxInt8, TINY_GPT2 } from '../fixtures/tiny-decoders';
import { initializerFloats } from '../fixtures/quantize-int8';

const { hidden, layers } = TINY_GPT2;
// Per layer: qkv, attention output, MLP up and down; then the tied output head.
const KERNELS = 4 * layers + 1;

async function run(bytes: Uint8Array, rows: number): Promise<{ x: Record<string, Float32Array>; out: Record<string, ort.Tensor> }> {
  const session = await ort.InferenceSession.create(bytes);
  const x: Record<string, Float32Array> = {};
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const k = Number(name.slice(1));
    x[name] = Float32Array.from({ length: rows * k }, (_, i) => Math.cos(i * 0.37));
    feeds[name] = new ort.Tensor('float32', x[name] as Float32Array, [rows, k]);
  }
  const out = await session.run(feeds);
  await session.release();
  return { x, out };
}

describe('weight kernels graph (bench)', () => {
  it('copies every fp32 weight MatMul, and each output is x·W of the model own weight', async () => {
    const model = buildDecoderOnnx(TINY_GPT2);
    const graph = weightKernelGraph(model);
    expect(graph?.kernels).toBe(KERNELS);
    expect(graph?.widths.sort((a, b) => a - b)).toEqual([hidden, 4 * hidden]);
    const { x, out } = await run(graph?.bytes as Uint8Array, 4);
    expect(Object.keys(out)).toHaveLength(KERNELS);
    // The first layer's MLP down projection: [4·hidden, hidden], the first weight read from x<4·hidden>.
    const decoded = onnx.ModelProto.decode(model).graph as onnx.GraphProto;
    const inits = new Map(decoded.initializer.map((t) => [t.name as string, t]));
    const kernels = onnx.ModelProto.decode(graph?.bytes as Uint8Array).graph?.node?.filter((n) => n.opType === 'MatMul') ?? [];
    const down = kernels.findIndex((n) => n.input?.[0] === `x${4 * hidden}`);
    const node = kernels[down] as onnx.INodeProto;
    const w = initializerFloats(inits.get(node.input?.[1] as string) as onnx.ITensorProto);
    const cols = w.length / (4 * hidden);
    const input = x[`x${4 * hidden}`] as Float32Array;
    const got = out[node.output?.[0] as string]?.data as Float32Array;
    for (const [row, col] of [[0, 0], [3, cols - 1], [2, 5]] as const) {
      let sum = 0;
      for (let k = 0; k < 4 * hidden; k++) sum += (input[row * 4 * hidden + k] as number) * (w[k * cols + col] as number);
      expect(got[row * cols + col]).toBeCloseTo(sum, 4);
    }
  });

  it('copies every MatMulNBits of the int8 build, and runs them at 1 and 4 rows', async () => {
    const graph = weightKernelGraph(buildDecoderOnnxInt8(TINY_GPT2, { blockSize: 16 }));
    expect(graph?.kernels).toBe(KERNELS);
    const ops = onnx.ModelProto.decode(graph?.bytes as Uint8Array).graph?.node?.map((n) => n.opType);
    expect(new Set(ops)).toEqual(new Set(['MatMulNBits']));
    for (const rows of [1, 4]) {
      const { out } = await run(graph?.bytes as Uint8Array, rows);
      for (const t of Object.values(out)) expect(t.dims[0]).toBe(rows);
    }
  });

  it('finds nothing in a graph without weight products', () => {
    const model = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: { name: 'g', node: [{ opType: 'Relu', input: ['a'], output: ['b'] }], input: [{ name: 'a' }], output: [{ name: 'b' }] },
    }).finish();
    expect(weightKernelGraph(model)).toBeNull();
  });
});
