// The K/V head repeat sized at run time (kv-head-repeat.ts, shape-elements.ts): the tiny Llama's
// repeat_kv as torch.onnx exports it is recognised, and each way its sizes can fail to describe
// exactly the repeat makes the rewrite fall back with a reason naming what is wrong.
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { findKvDeltas } from '../../electron/engine/text/kv-delta-outputs';
import { planKvInPlace } from '../../electron/engine/text/kv-in-place';
import { TINY_LLAMA, buildDecoderOnnx } from '../fixtures/tiny-decoders';

const { INT64 } = onnx.TensorProto.DataType;

interface Repeat {
  graph: onnx.GraphProto;
  /** The node that makes `name`. */
  made(name: string): onnx.NodeProto;
  expand: onnx.NodeProto;
  reshape: onnx.NodeProto;
  /** The Concat that lists Expand's sizes (before Reshape [-1] and Where), and the Reshape's. */
  expandList: onnx.NodeProto;
  reshapeList: onnx.NodeProto;
  /** A new node computing `output` (added to the graph). */
  add(opType: string, input: string[], output: string, attribute?: onnx.IAttributeProto[]): string;
  int64(name: string, values: number[], scalar?: boolean): string;
}

/** The tiny torch-style Llama with layer 0's key repeat edited by `edit`, and the plan's reason. */
function planWith(edit: (r: Repeat) => void): { reason: string; r: Repeat } | { planned: true } {
  const model = onnx.ModelProto.decode(buildDecoderOnnx({ ...TINY_LLAMA, headRepeat: 'torch' }));
  const graph = model.graph as onnx.GraphProto;
  const nodes = graph.node as onnx.NodeProto[];
  const made = (name: string) => nodes.find((n) => n.output[0] === name) as onnx.NodeProto;
  const expand = nodes.find((n) => n.opType === 'Expand') as onnx.NodeProto;
  const reshape = nodes.find((n) => n.opType === 'Reshape' && n.input[0] === expand.output[0]) as onnx.NodeProto;
  const where = made(expand.input[1] as string);
  const r: Repeat = {
    graph,
    made,
    expand,
    reshape,
    expandList: made(made(where.input[2] as string).input[0] as string),
    reshapeList: made(reshape.input[1] as string),
    add: (opType, input, output, attribute = []) => (graph.node.push(onnx.NodeProto.create({ opType, name: `test_${output}`, input, output: [output], attribute })), output),
    int64: (name, values, scalar = false) => (graph.initializer.push(onnx.TensorProto.create({ name, dims: scalar ? [] : [values.length], dataType: INT64, int64Data: values })), name),
  };
  edit(r);
  const bytes = onnx.ModelProto.encode(model).finish();
  const plan = planKvInPlace(bytes, findKvDeltas(bytes)!);
  return 'reason' in plan ? { reason: plan.reason, r } : { planned: true };
}

/** A [1] int64 tensor: dimension `axis` of `of`, as torch writes it (Shape → Gather → Unsqueeze). */
function dimOf(r: Repeat, of: string, axis: number, tag: string): string {
  const shape = r.add('Shape', [of], `${tag}_shape`);
  const dim = r.add('Gather', [shape, r.int64(`${tag}_index`, [axis], true)], `${tag}_dim`, [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]);
  return r.add('Unsqueeze', [dim, r.int64(`${tag}_axes`, [0])], `${tag}_list`);
}

describe('a K/V head repeat sized at run time', () => {
  it('exactly the repeat: planned', () => {
    expect(planWith(() => {})).toEqual({ planned: true });
  });

  it('a size that is another tensor’s dimension (the batch read from the past input): falls back, naming it', () => {
    const got = planWith((r) => (r.expandList.input[0] = dimOf(r, 'past_key_values.0.key', 0, 'other')));
    expect('reason' in got && got.reason).toBe(`the K/V head repeat ${'r' in got && got.r.expand.name} → ${'r' in got && got.r.reshape.name} expands axis 0 to dimension 0 of past_key_values.0.key`);
  });

  it('the sequence size read from the wrong dimension of the repeated tensor (its head size): falls back', () => {
    const got = planWith((r) => (r.reshapeList.input[2] = dimOf(r, 'present.0.key', 3, 'wrong')));
    expect('reason' in got && got.reason).toMatch(/^the K\/V head repeat \S+ → \S+ reshapes axis 2 to dimension 3 of present\.0\.key$/);
  });

  it('a Reshape that does not merge kvHeads·rep heads (3 heads from 2·2): falls back', () => {
    const got = planWith((r) => (r.reshapeList.input[1] = r.int64('three_heads', [3])));
    expect('reason' in got && got.reason).toMatch(/reshapes axis 1 to 3, not 2·2 heads$/);
  });

  it('a rep that does not divide into the heads (Expand copies 3, the Reshape asks for 4 heads): falls back', () => {
    const got = planWith((r) => (r.expandList.input[2] = r.int64('rep_three', [3])));
    expect('reason' in got && got.reason).toMatch(/reshapes axis 1 to 4, not 2·3 heads$/);
  });

  it('a rep read at run time (the heads dimension, 2 here, as the number of copies): falls back', () => {
    const got = planWith((r) => (r.expandList.input[2] = dimOf(r, 'present.0.key', 1, 'rep')));
    expect('reason' in got && got.reason).toMatch(/copies the heads dimension 1 of present\.0\.key times, not a constant of 2 or more$/);
  });

  it('a size computed by an op it does not read (Add): falls back', () => {
    const got = planWith((r) => (r.reshapeList.input[0] = r.add('Add', [r.reshapeList.input[0] as string, r.int64('zero', [0])], 'added')));
    expect('reason' in got && got.reason).toMatch(/has sizes computed by something other than shapes and constants$/);
  });

  it('the Shape read by something else as well keeps reading the past part; one reading the length still falls back', () => {
    // A second reader of the batch Gather's Shape: the Shape stays (on the past part), the repeat goes.
    const kept = planWith((r) => {
      const gather = r.made(r.made(r.expandList.input[0] as string).input[0] as string);
      r.add('Gather', [gather.input[0] as string, r.int64('head_dim_index', [3], true)], 'head_dim_elsewhere');
    });
    expect(kept).toEqual({ planned: true });
    const length = planWith((r) => {
      const gather = r.made(r.made(r.expandList.input[3] as string).input[0] as string);
      r.add('Identity', [gather.output[0] as string], 'length_elsewhere');
    });
    expect('reason' in length && length.reason).toMatch(/reads the cache's length$/);
  });
});
