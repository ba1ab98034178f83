// Each layer's new key/value (the second input of the Concat that builds present.N.*) exposed as
// an extra graph output. A decode step then fetches a few KB per layer instead of the whole
// cache: the binding copies every fetched output into a new JS buffer (9–14 MB per row and step
// for GPT-2 small at 128–192 tokens), and that copy and its garbage cost more than the Concat.
// The model file is not changed: the extra outputs are a protobuf suffix merged in at load.
import { onnx } from 'onnx-proto';
import { fields, type Field } from '../runtime/protobuf-fields';

export interface KvDeltaNames {
  /** Per layer: the tensor holding only the new positions' keys / values, [batch, kvHeads, seq, headDim]. */
  key: string[];
  value: string[];
}

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
/** onnx.TensorProto.DataType.FLOAT */
const FLOAT = 1;

/**
 * The new-K/V tensors of a float32 decoder whose present.N.key|value are `Concat(past_key_values.N.*,
 * new, axis 2)`, or null when any layer is built differently (a fused attention op, a merged
 * decoder's subgraphs, a float16 cache): such models keep fetching the whole present.
 */
export function findKvDeltas(model: Uint8Array): KvDeltaNames | null {
  const graph = [...fields(model, 0, model.length)].filter((f) => f.no === MODEL_GRAPH && f.wire === 2);
  if (graph.length !== 1) return null;
  const g = graph[0] as Field;
  const producer = new Map<string, onnx.NodeProto>();
  const outputs = new Set<string>();
  const inputTypes = new Map<string, number>();
  for (const f of fields(model, g.start, g.end)) {
    if (f.no === GRAPH_NODE) {
      const node = onnx.NodeProto.decode(model.subarray(f.start, f.end));
      for (const o of node.output) producer.set(o, node);
    } else if (f.no === GRAPH_OUTPUT) outputs.add(onnx.ValueInfoProto.decode(model.subarray(f.start, f.end)).name);
    else if (f.no === GRAPH_INPUT) {
      const info = onnx.ValueInfoProto.decode(model.subarray(f.start, f.end));
      inputTypes.set(info.name, info.type?.tensorType?.elemType ?? 0);
    }
  }
  const deltaOf = (present: string, past: string): string | null => {
    const node = producer.get(present);
    if (!outputs.has(present) || inputTypes.get(past) !== FLOAT) return null;
    if (!node || node.opType !== 'Concat' || (node.domain ?? '') !== '' || node.input.length !== 2 || node.input[0] !== past) return null;
    const axis = node.attribute.find((a) => a.name === 'axis');
    const value = axis ? Number(String(axis.i)) : NaN;
    // The sequence axis of [batch, heads, seq, dim].
    return value === 2 || value === -2 ? (node.input[1] as string) : null;
  };
  const names: KvDeltaNames = { key: [], value: [] };
  for (let i = 0; inputTypes.has(`past_key_values.${i}.key`); i++) {
    const key = deltaOf(`present.${i}.key`, `past_key_values.${i}.key`);
    const value = deltaOf(`present.${i}.value`, `past_key_values.${i}.value`);
    if (!key || !value) return null;
    names.key.push(key);
    names.value.push(value);
  }
  return names.key.length ? names : null;
}

/**
 * Protobuf bytes that, appended to the model, add `deltas` as float32 graph outputs: a ModelProto
 * holding only those outputs, which parsers merge into the graph (repeated fields concatenate).
 */
export function kvDeltaSuffix(deltas: KvDeltaNames): Uint8Array {
  const output = [...deltas.key, ...deltas.value].map((name) => ({ name, type: { tensorType: { elemType: FLOAT } } }));
  return onnx.ModelProto.encode({ graph: { output } }).finish();
}
