// Each generated token records the model's top 5 next tokens with probabilities. In JS that is a
// scan of the whole vocabulary plus a normaliser over it (about 1 ms per row and step for GPT-2's
// 50257 logits, most of the JS in a step); onnxruntime does both in vectorised kernels. So, like
// the new-K/V outputs, a decoder whose graph outputs float32 `logits` gets four nodes added at
// load: the last position's logits (Gather), their TopK(5) (ids and values), Softmax, and
// GatherElements of those five probabilities. (ReduceLogSumExp gave the same normaliser at 0.5 ms
// a row: slower than the JS table it replaced; Softmax is a vectorised kernel.) The model file is not changed. Other
// tokens' p follow from the best one's: p_i = p_best · exp(l_i − l_best). Softmax sums in float32:
// p within ~1e-5 relative of the JS normaliser's (used where the graph gives no summary), far below
// a shown percentage.
import { onnx } from 'onnx-proto';
import type * as ort from 'onnxruntime-node';
import { fields, varint } from '../runtime/protobuf-fields';
import type { Ranked } from './top-alternatives';

export const SUMMARY_TOP = 5;
export const SUMMARY_OUTPUTS = ['atelier_top_logits', 'atelier_top_ids', 'atelier_top_probs'] as const;

const MODEL_OPSET_IMPORT = 8;
const MODEL_GRAPH = 7;
const GRAPH_OUTPUT = 12;
const { FLOAT, INT64 } = onnx.TensorProto.DataType;

/** The default-domain opset of a model (0 when it declares none). */
function defaultOpset(model: Uint8Array): number {
  for (const f of fields(model, 0, model.length)) {
    if (f.no !== MODEL_OPSET_IMPORT || f.wire !== 2) continue;
    let domain = '';
    let version = 0;
    for (const g of fields(model, f.start, f.end)) {
      if (g.no === 1 && g.wire === 2) domain = new TextDecoder().decode(model.subarray(g.start, g.end));
      if (g.no === 2 && g.wire === 0) version = varint(model, g.start)[0];
    }
    if (domain === '' || domain === 'ai.onnx') return version;
  }
  return 0;
}

/** Whether the graph outputs float32 `logits` (the tensor the summary reads). */
function hasFloatLogits(model: Uint8Array): boolean {
  for (const f of fields(model, 0, model.length)) {
    if (f.no !== MODEL_GRAPH || f.wire !== 2) continue;
    for (const g of fields(model, f.start, f.end)) {
      if (g.no !== GRAPH_OUTPUT) continue;
      const info = onnx.ValueInfoProto.decode(model.subarray(g.start, g.end));
      if (info.name === 'logits') return info.type?.tensorType?.elemType === FLOAT;
    }
  }
  return false;
}

/**
 * Protobuf bytes that, appended to the model, add the summary nodes and outputs (merged into the
 * graph like the K/V delta outputs), or null for graphs it does not fit: no float32 `logits`, or an
 * opset before 11 (TopK's lower-index-first rule for ties, which the JS scan keeps too;
 * GatherElements).
 */
export function logitSummarySuffix(model: Uint8Array): Uint8Array | null {
  const opset = defaultOpset(model);
  if (opset < 11 || !hasFloatLogits(model)) return null;
  const int = (name: string, i: number): onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });
  const [values, ids, probs] = SUMMARY_OUTPUTS;
  const initializer: onnx.ITensorProto[] = [
    { name: 'atelier_top_k', dims: [1], dataType: INT64, int64Data: [SUMMARY_TOP] },
    { name: 'atelier_last_position', dims: [], dataType: INT64, int64Data: [-1] },
  ];
  // Only the last position ([batch, vocab]): a prefill's logits cover every prompt token, and a
  // softmax over all of them would be as large as the logits themselves. Softmax over the last
  // axis (before opset 13 it flattens from `axis`: the same for the last one).
  const node: onnx.INodeProto[] = [
    { opType: 'Gather', input: ['logits', 'atelier_last_position'], output: ['atelier_last_logits'], attribute: [int('axis', 1)] },
    { opType: 'TopK', input: ['atelier_last_logits', 'atelier_top_k'], output: [values, ids], attribute: [int('axis', -1), int('largest', 1), int('sorted', 1)] },
    { opType: 'Softmax', input: ['atelier_last_logits'], output: ['atelier_probs'], attribute: [int('axis', -1)] },
    { opType: 'GatherElements', input: ['atelier_probs', ids], output: [probs], attribute: [int('axis', -1)] },
  ];
  const output = [
    { name: values, type: { tensorType: { elemType: FLOAT } } },
    { name: ids, type: { tensorType: { elemType: INT64 } } },
    { name: probs, type: { tensorType: { elemType: FLOAT } } },
  ];
  return onnx.ModelProto.encode({ graph: { node, initializer, output } }).finish();
}

/** Per row of a step: its top logits, their ids and their probabilities, best first ([batch × SUMMARY_TOP] each). */
export interface LogitSummary {
  values: Float32Array;
  ids: Int32Array;
  probs: Float32Array;
}

/** The summary of each row's last position from a run's outputs ([batch, SUMMARY_TOP] each). */
export function readSummary(out: Record<string, ort.Tensor>, batch: number): LogitSummary {
  const [v, i, p] = SUMMARY_OUTPUTS.map((n) => out[n]?.data) as [Float32Array, BigInt64Array, Float32Array];
  const values = new Float32Array(batch * SUMMARY_TOP);
  const ids = new Int32Array(batch * SUMMARY_TOP);
  const probs = new Float32Array(batch * SUMMARY_TOP);
  for (let k = 0; k < batch * SUMMARY_TOP; k++) {
    values[k] = v[k] as number;
    ids[k] = Number(i[k]);
    probs[k] = p[k] as number;
  }
  return { values, ids, probs };
}

/** Row `row`'s top alternatives and the chosen token's probability, as topAlternatives() gives them. */
export function summaryAlternatives(s: LogitSummary, row: number, chosenLogit: number): { top: Ranked[]; chosenP: number } {
  const at = row * SUMMARY_TOP;
  const top: Ranked[] = [];
  for (let k = 0; k < SUMMARY_TOP; k++) top.push({ id: s.ids[at + k] as number, p: s.probs[at + k] as number });
  return { top, chosenP: (s.probs[at] as number) * Math.exp(chosenLogit - (s.values[at] as number)) };
}
