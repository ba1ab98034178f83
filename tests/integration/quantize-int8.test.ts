// The fixtures' int8 quantizer in both layouts real exports use (tests/fixtures/quantize-int8.ts):
// the operators it writes, what the weights cost, and logits close to the fp32 graph's when run by
// onnxruntime on the tiny GPT-2 and Llama decoders.
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { quantizeDecoderInt8, type Int8Options } from '../fixtures/quantize-int8';
import { TINY_GPT2, TINY_LLAMA, buildDecoderOnnx, type DecoderSpec } from '../fixtures/tiny-decoders';
import { correlation } from '../support/logit-stats';

async function logits(bytes: Uint8Array, spec: DecoderSpec, ids: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  try {
    const n = ids.length;
    const kvHeads = spec.kvHeads ?? spec.heads;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(i)), [1, n]),
    };
    for (let i = 0; i < spec.layers; i++) {
      for (const kind of ['key', 'value']) feeds[`past_key_values.${i}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [1, kvHeads, 0, spec.hidden / spec.heads]);
    }
    return (await session.run(feeds, ['logits'])).logits!.data as Float32Array;
  } finally {
    await session.release();
  }
}


const LAYOUTS: [string, Int8Options, string[]][] = [
  ['nbits', { blockSize: 32 }, ['MatMulNBits']],
  ['matmul-integer per-channel', { layout: 'matmul-integer' }, ['DynamicQuantizeLinear', 'MatMulInteger']],
  ['matmul-integer per-tensor', { layout: 'matmul-integer', perChannel: false }, ['DynamicQuantizeLinear', 'MatMulInteger']],
];

describe.each([
  ['gpt2', TINY_GPT2],
  ['llama', TINY_LLAMA],
] as const)('%s', (_, spec) => {
  it.each(LAYOUTS)('%s: every weight MatMul quantized, a quarter of the bytes, logits within correlation 0.999 of fp32', async (_name, opts, ops) => {
    const fp32 = buildDecoderOnnx(spec);
    const { bytes, report } = quantizeDecoderInt8(fp32, opts);
    const graph = onnx.ModelProto.decode(bytes).graph as onnx.GraphProto;
    const types = new Set(graph.node.map((n) => n.opType));
    for (const op of ops) expect(types).toContain(op);
    // Left as float MatMuls: attention's two per layer only (q·kᵀ and p·v).
    expect(graph.node.filter((n) => n.opType === 'MatMul')).toHaveLength(2 * spec.layers);
    // gpt2: qkv, proj, fc, proj per layer + the tied head; llama: q, k, v, o, gate, up, down + lm_head.
    expect(report.quantized).toBe(spec.layers * (spec.arch === 'gpt2' ? 4 : 7) + 1);
    expect(report.int8Bytes).toBeLessThan(report.fp32Bytes * 0.3);
    if (opts.layout === 'matmul-integer') {
      // One DynamicQuantizeLinear per activation tensor, shared by the MatMuls that read it (llama's q/k/v, gate/up).
      const dql = graph.node.filter((n) => n.opType === 'DynamicQuantizeLinear').length;
      expect(dql).toBe(spec.layers * 4 + 1);
      const weight = graph.initializer.find((t) => (t.name ?? '').endsWith('_int8.q'))!;
      expect(weight.dataType).toBe(onnx.TensorProto.DataType.INT8);
    }
    const ids = [5, 17, 300, 2, 41, 9, 1000, 12];
    const [a, b] = [await logits(fp32, spec, ids), await logits(bytes, spec, ids)];
    expect(correlation(a, b)).toBeGreaterThan(0.999);
  });
});
