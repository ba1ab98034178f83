// The VAE decoder's picture as 8-bit interleaved RGB, made inside the decoder's own session.run.
// onnxruntime-node copies every fetched output into a new JS buffer, so fetching the float
// [1, 3, H, W] output and converting it in JS pays for a 12-byte-per-pixel copy and a JS loop.
// Instead, nodes appended to the graph at load time do (x + 1) · 127.5 → Clip(0, 255) → Round
// (half to even, as Uint8ClampedArray does) → Cast(uint8) → Transpose(NHWC), and the pipeline
// fetches only that: 3 bytes per pixel. The arithmetic is in float64, the same operations JS does
// on the float32 values, so the bytes equal the JS conversion's exactly (in float32 a few pixels
// per image land on the other side of a rounding tie). This moves the conversion into the session (native
// kernels), it does not make it free. The file on disk is not changed: the nodes are a protobuf
// suffix merged into the graph when the bytes are parsed (repeated fields concatenate).
import { onnx } from 'onnx-proto';
import { fields, varint, type Field } from '../runtime/protobuf-fields';

/** The name of the appended uint8 output, [batch, height, width, 3]. */
export const RGB8_OUTPUT = 'atelier_rgb8';

const MODEL_GRAPH = 7;
const MODEL_OPSET = 8;
const OPSET_DOMAIN = 1;
const OPSET_VERSION = 2;
const GRAPH_NODE = 1;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const UINT8 = onnx.TensorProto.DataType.UINT8;
const DOUBLE = onnx.TensorProto.DataType.DOUBLE;
/** Clip with min/max as inputs and Round both arrived in opset 11. */
const MIN_OPSET = 11;

function defaultOpset(model: Uint8Array): number {
  let version = 0;
  for (const f of fields(model, 0, model.length)) {
    if (f.no !== MODEL_OPSET) continue;
    let domain = '';
    let v = 0;
    for (const g of fields(model, f.start, f.end)) {
      if (g.no === OPSET_DOMAIN && g.wire === 2) domain = Buffer.from(model.subarray(g.start, g.end)).toString('utf8');
      else if (g.no === OPSET_VERSION && g.wire === 0) v = varint(model, g.start)[0];
    }
    if (domain === '' || domain === 'ai.onnx') version = v;
  }
  return version;
}

/**
 * The float32 image output an RGB tail can hang from: `sample` (diffusers' name) or the only
 * output, rank 4 with 3 channels where the shape says so. Null for anything else (a float16 VAE,
 * several outputs, a name already taken), which then keeps the JS conversion.
 */
export function findImageOutput(model: Uint8Array): string | null {
  if (defaultOpset(model) < MIN_OPSET) return null;
  const graph = [...fields(model, 0, model.length)].filter((f) => f.no === MODEL_GRAPH && f.wire === 2);
  if (graph.length !== 1) return null;
  const g = graph[0] as Field;
  const outputs: onnx.ValueInfoProto[] = [];
  const names = new Set<string>();
  for (const f of fields(model, g.start, g.end)) {
    if (f.no === GRAPH_OUTPUT) outputs.push(onnx.ValueInfoProto.decode(model.subarray(f.start, f.end)));
    else if (f.no === GRAPH_INPUT) names.add(onnx.ValueInfoProto.decode(model.subarray(f.start, f.end)).name);
    else if (f.no === GRAPH_NODE) for (const o of onnx.NodeProto.decode(model.subarray(f.start, f.end)).output) names.add(o);
  }
  const out = outputs.find((o) => o.name === 'sample') ?? (outputs.length === 1 ? outputs[0] : undefined);
  if (!out || out.type?.tensorType?.elemType !== FLOAT) return null;
  const dims = out.type.tensorType.shape?.dim;
  if (dims && dims.length !== 4) return null;
  const channels = dims?.[1]?.dimValue;
  if (channels !== undefined && channels !== null && Number(channels) !== 3) return null;
  if ([...names].some((n) => n.startsWith(RGB8_OUTPUT))) return null;
  return out.name;
}

/** Protobuf bytes that, appended to the model, add the RGB tail from `image` and its output. */
export function rgb8Suffix(image: string): Uint8Array {
  const n = (s: string) => `${RGB8_OUTPUT}/${s}`;
  const scalar = (name: string, value: number) => ({ name: n(name), dataType: DOUBLE, dims: [], doubleData: [value] });
  const node = (opType: string, input: string[], output: string, attribute: onnx.IAttributeProto[] = []) => ({ name: output, opType, input, output: [output], attribute });
  const AttributeType = onnx.AttributeProto.AttributeType;
  return onnx.ModelProto.encode({
    graph: {
      initializer: [scalar('one', 1), scalar('half_range', 127.5), scalar('zero', 0), scalar('max', 255)],
      node: [
        node('Cast', [image], n('wide'), [{ name: 'to', type: AttributeType.INT, i: DOUBLE }]),
        node('Add', [n('wide'), n('one')], n('shifted')),
        node('Mul', [n('shifted'), n('half_range')], n('scaled')),
        node('Clip', [n('scaled'), n('zero'), n('max')], n('clipped')),
        node('Round', [n('clipped')], n('rounded')),
        node('Cast', [n('rounded')], n('bytes'), [{ name: 'to', type: AttributeType.INT, i: UINT8 }]),
        node('Transpose', [n('bytes')], RGB8_OUTPUT, [{ name: 'perm', type: AttributeType.INTS, ints: [0, 2, 3, 1] }]),
      ],
      output: [{ name: RGB8_OUTPUT, type: { tensorType: { elemType: UINT8 } } }],
    },
  }).finish();
}

/**
 * The decoder's bytes with the RGB tail appended, and the output to fetch; the bytes unchanged
 * and null when the graph is not one the tail fits (the caller then converts in JS).
 */
export function withRgb8Output(model: Uint8Array): { bytes: Uint8Array; output: string | null } {
  let image: string | null = null;
  try {
    image = findImageOutput(model);
  } catch {
    // Not a graph this scan understands: load it as it is (onnxruntime reports real damage).
  }
  if (!image) return { bytes: model, output: null };
  const suffix = rgb8Suffix(image);
  const bytes = new Uint8Array(model.length + suffix.length);
  bytes.set(model, 0);
  bytes.set(suffix, model.length);
  return { bytes, output: RGB8_OUTPUT };
}
