// Attention that reads the past K/V in place. An exported decoder builds each layer's present
// key/value as Concat(past, new) and attends over that: the Concat copies the whole cache every
// step (per row: 9.4 MB at 128 tokens for GPT-2 small; 1.6 ms of a 15 ms int8 step at one row,
// 4.9 ms at four). The decode loop keeps its own cache and fetches only the new K/V
// (kv-delta-outputs.ts), so the graph needs neither the Concat nor the present outputs.
//
// The rewrite moves each Concat down through the nodes that read it, which act on every position
// alike (Transpose, Unsqueeze, Tile, Expand, Reshape keeping the sequence axis, Cast, Identity, a
// scalar Mul or Div), applying each to the past and the new part separately, until a MatMul:
//   scores  q·[Kp | Kn]ᵀ  = Concat(q·Kpᵀ, q·Knᵀ) along the key axis (the small score tensor),
//   context P·[Vp ; Vn]   = P[…, :Tp]·Vp + P[…, Tp:]·Vn, Tp the past's length.
// A Shape of a part whose readers take only other dimensions reads the past part instead.
// Grouped K/V heads (kv-head-repeat.ts) are not repeated on the parts: the K/V keep their kvHeads
// and the query's heads are grouped instead, [B, H, S, ·] read as [B, kvH, rep·S, ·] (query head
// h = g·rep + r is row r·S + s of group g), so each MatMul reads every K/V head once for all the
// query heads that share it, and its result is read back as [B, H, S, ·].
// Anything else (a fused attention op, a subgraph, the length read from the present, an unknown op)
// leaves the model as it is, with the reason. The file is not changed: the replaced nodes and the
// present outputs get their field key changed in the loaded bytes to a field number GraphProto
// does not use (parsers skip it), and the new nodes come as a protobuf suffix, as the delta
// outputs do.
import { onnx } from 'onnx-proto';
import { fields, varint } from '../runtime/protobuf-fields';
import type { KvDeltaNames } from './kv-delta-outputs';
import { findHeadRepeat } from './kv-head-repeat';

type Dim = number | string;

/** Where a present K/V tensor went: Concat(past, fresh) along `axis`, of this shape. */
interface Split {
  past: string;
  fresh: string;
  axis: number;
  dims: Dim[];
  /** The graph input whose dimension `inputAxis` is the past length. */
  source: { input: string; axis: number };
  /** The axis of the K/V heads, -1 when not known. */
  heads: number;
  /**
   * Set when `dims` are the K/V repeated to rep·kvHeads heads (on axis `heads`) but the parts
   * still hold kvHeads: the repeat was skipped.
   */
  group?: { kvHeads: number; rep: number };
}

export interface KvInPlace {
  /** Offsets of one-byte field keys (graph nodes, outputs, value_info) to turn into an unused field. */
  blank: number[];
  /** A ModelProto holding the new nodes and their constants, merged into the graph when appended. */
  suffix: Uint8Array;
  /** The present outputs the graph no longer has. */
  removedOutputs: string[];
  /** Why grouped K/V heads are still repeated on the past every step (null when they are not). */
  headsRepeated: string | null;
}

export interface KvInPlaceOptions {
  /** false: repeat grouped K/V heads on each part as the graph does (for A/B measurements). */
  groupHeads?: boolean;
}

const MODEL_IR_VERSION = 1;
const MODEL_OPSET_IMPORT = 8;
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const GRAPH_VALUE_INFO = 13;
/** A GraphProto field number reserved by onnx.proto (unused): key 3 << 3 | 2. */
export const BLANK_KEY = 0x1a;
const { INT64 } = onnx.TensorProto.DataType;
const A = onnx.AttributeProto.AttributeType;
/** Constants larger than this are weights, not shapes or axes: never decoded. */
const SMALL_CONSTANT = 4096;
const INT64_MAX = 9223372036854775807n;

class Unsupported extends Error {}
const fail = (why: string): never => {
  throw new Unsupported(why);
};

const int = (v: unknown): number => Number(String(v));

/** The default-domain opset (0 when the model declares none) and the IR version. */
function header(model: Uint8Array): { opset: number; ir: number } {
  let opset = 0;
  let ir = 0;
  for (const f of fields(model, 0, model.length)) {
    if (f.no === MODEL_IR_VERSION && f.wire === 0) ir = varint(model, f.start)[0];
    if (f.no !== MODEL_OPSET_IMPORT || f.wire !== 2) continue;
    const op = onnx.OperatorSetIdProto.decode(model.subarray(f.start, f.end));
    if ((op.domain ?? '') === '' || op.domain === 'ai.onnx') opset = int(op.version);
  }
  return { opset, ir };
}

function tensorInts(t: onnx.ITensorProto): number[] | null {
  if (t.dataType !== INT64) return null;
  if (t.rawData && t.rawData.length) {
    const copy = new Uint8Array(t.rawData);
    return Array.from(new BigInt64Array(copy.buffer, 0, copy.length / 8), Number);
  }
  return (t.int64Data ?? []).map(int);
}

const scalarTensor = (t: onnx.ITensorProto): boolean => (t.dims ?? []).reduce((n: number, d) => n * int(d), 1) === 1;

/** A product of dimensions: a number times named symbols (sorted), to compare shapes symbolically. */
function product(dims: Dim[]): string {
  let n = 1;
  const syms: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') n *= d;
    else syms.push(d);
  }
  return `${n}*${syms.sort().join('*')}`;
}

/**
 * The rewrite for a decoder whose every layer's present.N.key|value is the Concat `deltas` was
 * found from, or the reason it cannot be done.
 */
export function planKvInPlace(model: Uint8Array, deltas: KvDeltaNames, opts: KvInPlaceOptions = {}): KvInPlace | { reason: string } {
  const attempt = (groupHeads: boolean): KvInPlace | { reason: string } => {
    try {
      return plan(model, deltas, groupHeads);
    } catch (err) {
      if (err instanceof Unsupported) return { reason: err.message };
      return { reason: `the graph could not be read for the rewrite (${(err as Error).message})` };
    }
  };
  if (opts.groupHeads === false) return attempt(false);
  const grouped = attempt(true);
  if (!('reason' in grouped)) return grouped;
  // Grouped heads read by something the grouping does not handle: repeat them on the parts.
  const repeated = attempt(false);
  return 'reason' in repeated ? grouped : { ...repeated, headsRepeated: grouped.reason };
}

interface GraphNode {
  node: onnx.NodeProto;
  at: number;
}

function plan(model: Uint8Array, deltas: KvDeltaNames, groupHeads: boolean): KvInPlace {
  const { opset, ir } = header(model);
  if (opset < 13) fail(`opset ${opset} (the rewrite needs 13 or later)`);
  if (ir < 4) fail(`IR version ${ir} (initializers must be graph inputs before 4)`);
  const graph = [...fields(model, 0, model.length)].filter((f) => f.no === MODEL_GRAPH && f.wire === 2);
  if (graph.length !== 1) fail('not one graph');
  const g = graph[0] as { start: number; end: number };
  const nodes: GraphNode[] = [];
  const outputs = new Map<string, number>();
  const valueInfo = new Map<string, number[]>();
  const inputs = new Map<string, onnx.ValueInfoProto>();
  const constants = new Map<string, onnx.ITensorProto>();
  /** Where each small initializer's field starts. */
  const initializerAt = new Map<string, number>();
  for (const f of fields(model, g.start, g.end)) {
    if (f.wire !== 2) continue;
    const bytes = model.subarray(f.start, f.end);
    if (f.no === GRAPH_NODE) {
      const node = onnx.NodeProto.decode(bytes);
      if (node.attribute.some((a) => a.type === A.GRAPH || a.type === A.GRAPHS)) fail(`a ${node.opType} node with a subgraph`);
      nodes.push({ node, at: f.at });
      const value = node.opType === 'Constant' ? node.attribute.find((a) => a.name === 'value')?.t : undefined;
      if (value && node.output[0]) constants.set(node.output[0], value);
    } else if (f.no === GRAPH_OUTPUT) outputs.set(onnx.ValueInfoProto.decode(bytes).name, f.at);
    else if (f.no === GRAPH_VALUE_INFO) {
      const name = onnx.ValueInfoProto.decode(bytes).name;
      valueInfo.set(name, [...(valueInfo.get(name) ?? []), f.at]);
    } else if (f.no === GRAPH_INPUT) {
      const info = onnx.ValueInfoProto.decode(bytes);
      inputs.set(info.name, info);
    } else if (f.no === GRAPH_INITIALIZER && f.end - f.start <= SMALL_CONSTANT) {
      const t = onnx.TensorProto.decode(bytes);
      constants.set(t.name, t);
      initializerAt.set(t.name, f.at);
    }
  }
  const consumers = new Map<string, GraphNode[]>();
  const producer = new Map<string, GraphNode>();
  for (const n of nodes) {
    for (const i of n.node.input) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
    for (const o of n.node.output) producer.set(o, n);
  }
  const ints = (name: string | undefined): number[] => {
    const t = name ? constants.get(name) : undefined;
    return (t && tensorInts(t)) ?? fail(`${name ?? 'an input'} is not a constant int64 tensor`);
  };
  const attr = (n: onnx.NodeProto, name: string) => n.attribute.find((a) => a.name === name);

  const added: onnx.INodeProto[] = [];
  const inits: onnx.ITensorProto[] = [];
  const replaced = new Set<GraphNode>();
  /** Nodes gone with a skipped K/V head repeat (its chain and the sizes only it read). */
  const withRepeat = new Set<GraphNode>();
  const removedNames = new Set<string>();
  /** The first node that copies the past on every step (a repeat not skipped), for the report. */
  let copies: string | null = null;
  let counter = 0;
  const fresh = (base: string) => `${base}__atelier_kv${counter++}`;
  const emit = (opType: string, input: string[], output: string[], attribute: onnx.IAttributeProto[] = []) =>
    added.push({ opType, input, output, attribute, name: `atelier_kv_${opType}_${counter++}`, domain: '' });
  const i64 = (name: string, values: bigint[]) => {
    if (!inits.some((t) => t.name === name)) inits.push({ name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from(values).buffer) });
    return name;
  };
  // The past length, [1] int64, once per (graph input, axis): a Shape of the input itself.
  const pastLengths = new Map<string, string>();
  const pastLength = (s: Split) => {
    const key = `${s.source.input}\u0000${s.source.axis}`;
    let name = pastLengths.get(key);
    if (!name) {
      name = fresh('past_length');
      const shape = fresh('past_shape');
      emit('Shape', [s.source.input], [shape]);
      emit('Slice', [shape, i64(`atelier_kv_axis${s.source.axis}`, [BigInt(s.source.axis)]), i64(`atelier_kv_axis${s.source.axis}_end`, [BigInt(s.source.axis + 1)])], [name]);
      pastLengths.set(key, name);
    }
    return name;
  };

  /** Replaces every reader of `name` (a Concat's output, now `split`) with nodes on the two parts. */
  const push = (name: string, split: Split, present: string | null): void => {
    if (outputs.has(name) && name !== present) fail(`${name} is a graph output`);
    removedNames.add(name);
    // Shapes last: a K/V head repeat sized from the tensor's shape takes those Shapes with it.
    const readers = [...(consumers.get(name) ?? [])].sort((a, b) => Number(a.node.opType === 'Shape') - Number(b.node.opType === 'Shape'));
    for (const reader of readers) {
      if (withRepeat.has(reader)) continue;
      const n = reader.node;
      if (replaced.has(reader)) fail(`${n.opType} node ${n.name} reads two cache tensors`);
      if (n.domain && n.domain !== 'ai.onnx') fail(`${n.name} is a ${n.domain} ${n.opType}`);
      const slot = n.input.indexOf(name);
      if (n.input.lastIndexOf(name) !== slot) fail(`${n.name} reads ${name} twice`);
      replaced.add(reader);
      const out = n.output[0] as string;
      const rank = split.dims.length;
      // The same node on each part; its output becomes a split tensor in turn.
      const parts = (inputsFor: (x: string) => string[], dims: Dim[], axis: number, heads = split.heads) => {
        if (n.output.length !== 1) fail(`${n.opType} ${n.name} has ${n.output.length} outputs`);
        const past = fresh(`${out}_past`);
        const now = fresh(`${out}_new`);
        emit(n.opType, inputsFor(split.past), [past], n.attribute);
        emit(n.opType, inputsFor(split.fresh), [now], n.attribute);
        push(out, { ...split, past, fresh: now, axis, dims, heads }, null);
      };
      const withInput = (x: string) => n.input.map((v, i) => (i === slot ? x : v));
      // Skipped repeated heads go through ops that treat every head alike, up to the MatMuls.
      if (split.group && !['Transpose', 'Cast', 'Identity', 'Mul', 'Div', 'MatMul'].includes(n.opType)) fail(`the repeated K/V heads feed a ${n.opType} (${n.name})`);
      switch (n.opType) {
        case 'Transpose': {
          const given = attr(n, 'perm')?.ints;
          const perm = given?.length ? given.map(int) : split.dims.map((_, i) => rank - 1 - i);
          parts(withInput, perm.map((p) => split.dims[p] as Dim), perm.indexOf(split.axis), perm.indexOf(split.heads));
          break;
        }
        case 'Unsqueeze': {
          const repeat = groupHeads
            ? findHeadRepeat(reader, split.dims, split.heads, {
                consumers: (x) => consumers.get(x) ?? [],
                isOutput: (x) => outputs.has(x),
                producer: (x) => producer.get(x),
                constant: (x) => {
                  const t = constants.get(x);
                  const values = t ? tensorInts(t) : null;
                  return t && values ? { values, scalar: (t.dims ?? []).length === 0 } : null;
                },
                rank: (x) => (x === name ? rank : null),
              })
            : null;
          if (repeat && 'reason' in repeat) fail(repeat.reason);
          if (repeat && !('reason' in repeat)) {
            // The parts go on as they are; the MatMuls they reach group the query's heads.
            for (const r of repeat.nodes) {
              replaced.add(r);
              withRepeat.add(r);
              for (const o of r.node.output) removedNames.add(o);
            }
            const kvHeads = split.dims[split.heads] as number;
            const dims = split.dims.map((d, i) => (i === split.heads ? kvHeads * repeat.rep : d));
            push(repeat.output, { ...split, dims, group: { kvHeads, rep: repeat.rep } }, null);
            break;
          }
          const outRank = rank + ints(n.input[1]).length;
          const axes = new Set(ints(n.input[1]).map((a) => (a < 0 ? a + outRank : a)));
          const dims: Dim[] = [];
          let axis = -1;
          let heads = -1;
          for (let i = 0, j = 0; i < outRank; i++) {
            if (axes.has(i)) dims.push(1);
            else {
              if (j === split.axis) axis = i;
              if (j === split.heads) heads = i;
              dims.push(split.dims[j++] as Dim);
            }
          }
          parts(withInput, dims, axis, heads);
          break;
        }
        case 'Tile': {
          const reps = ints(n.input[1]);
          if (reps[split.axis] !== 1) fail(`${n.name} tiles the sequence axis`);
          copies ??= `${n.name} tiles the past every step`;
          parts(
            withInput,
            split.dims.map((d, i) => (reps[i] === 1 ? d : typeof d === 'number' ? d * (reps[i] as number) : `${d}*${reps[i]}`)),
            split.axis,
          );
          break;
        }
        case 'Expand': {
          const shape = ints(n.input[1]);
          const outRank = Math.max(rank, shape.length);
          const lead = outRank - rank;
          const dims: Dim[] = [];
          for (let i = 0; i < outRank; i++) {
            const d = i >= lead ? (split.dims[i - lead] as Dim) : 1;
            const s = shape[i - (outRank - shape.length)] ?? 1;
            if (i - lead === split.axis && s !== 1) fail(`${n.name} expands the sequence axis`);
            dims.push(s === 1 ? d : d === 1 ? s : d);
          }
          if (dims.some((d, i) => d !== (i >= lead ? split.dims[i - lead] : 1))) copies ??= `${n.name} expands the past every step`;
          parts(withInput, dims, split.axis + lead, split.heads < 0 ? -1 : split.heads + lead);
          break;
        }
        case 'Reshape': {
          if (slot !== 0) fail(`${n.name} takes its shape from the cache`);
          if (int(attr(n, 'allowzero')?.i ?? 0) !== 0) fail(`${n.name} has allowzero`);
          const shape = ints(n.input[1]);
          const dims: Dim[] = shape.map((s, i) => (s === 0 ? (split.dims[i] as Dim) : s));
          const axis = shape.indexOf(-1) >= 0 ? shape.indexOf(-1) : dims.indexOf('T');
          if (axis < 0 || shape.filter((s) => s === -1).length > 1) fail(`${n.name} fixes the sequence length`);
          dims[axis] = 'T';
          // Which axis holds the heads after a reshape is not followed.
          // Positions stay whole when what comes before and after the sequence axis multiplies out the same.
          if (product(dims.slice(0, axis)) !== product(split.dims.slice(0, split.axis)) || product(dims.slice(axis + 1)) !== product(split.dims.slice(split.axis + 1))) {
            fail(`${n.name} mixes positions`);
          }
          parts(withInput, dims, axis, -1);
          break;
        }
        case 'Cast':
        case 'Identity':
          parts(withInput, split.dims, split.axis);
          break;
        case 'Shape': {
          // The past part has the same shape but for the sequence axis: fine for readers of the others
          // (HF GPT-2 divides the scores by √ of the value's last dimension, read this way).
          const clamp = (v: number) => Math.max(0, Math.min(rank, v < 0 ? v + rank : v));
          const from = clamp(int(attr(n, 'start')?.i ?? 0));
          const to = clamp(attr(n, 'end') ? int(attr(n, 'end')?.i) : rank);
          if (from <= split.axis && split.axis < to) {
            const length = split.axis - from;
            for (const user of consumers.get(out) ?? []) {
              if (withRepeat.has(user)) continue;
              const u = user.node;
              if (u.opType !== 'Gather' || u.input[0] !== out || int(attr(u, 'axis')?.i ?? 0) !== 0) fail(`the cache's shape (${n.name}) feeds a ${u.opType}`);
              if (ints(u.input[1]).some((i) => (i < 0 ? i + to - from : i) === length)) fail(`${u.name} reads the cache's length`);
            }
          }
          emit('Shape', [split.past], [out], n.attribute);
          break;
        }
        case 'Mul':
        case 'Div': {
          const other = n.input[1 - slot] as string;
          const t = constants.get(other);
          if (!t || !scalarTensor(t) || (n.opType === 'Div' && slot !== 0)) fail(`${n.name} is a ${n.opType} by a non-constant`);
          parts(withInput, split.dims, split.axis);
          break;
        }
        case 'MatMul': {
          if (slot !== 1) fail(`${n.name} multiplies the cache from the left`);
          if (n.output.length !== 1) fail(`${n.name} has several outputs`);
          let left = n.input[0] as string;
          let result = out;
          const g = split.group;
          // [.., heads, rows, cols] for a Reshape: the leading axes and the columns kept.
          const shape = (heads: number) => i64(`atelier_kv_heads_${rank}_${heads}`, [...new Array<bigint>(rank - 3).fill(0n), BigInt(heads), -1n, 0n]);
          if (g) {
            // [.., H, S, X] read as [.., kvH, rep·S, X] (the left has the cache's rank, as attention's
            // [B, H, S, D] does), multiplied per K/V head, and the result read back as [.., H, S, N].
            if (split.heads !== rank - 3) fail(`${n.name} multiplies repeated heads that are not the axis before the rows`);
            const grouped = fresh(`${left}_grouped`);
            emit('Reshape', [left, shape(g.kvHeads)], [grouped]);
            left = grouped;
            result = fresh(`${out}_grouped`);
          }
          const [yp, yn] = [fresh(`${out}_past`), fresh(`${out}_new`)];
          if (split.axis === rank - 1) {
            // Scores: one column per key position, past then new.
            emit('MatMul', [left, split.past], [yp]);
            emit('MatMul', [left, split.fresh], [yn]);
            emit('Concat', [yp, yn], [result], [{ name: 'axis', type: A.INT, i: -1 }]);
          } else if (split.axis === rank - 2) {
            // Context: the weights over the past read the past values, those over the new ones the new.
            const tp = pastLength(split);
            const last = i64('atelier_kv_last_axis', [-1n]);
            const [lp, ln] = [fresh(`${left}_past`), fresh(`${left}_new`)];
            emit('Slice', [left, i64('atelier_kv_zero', [0n]), tp, last], [lp]);
            emit('Slice', [left, tp, i64('atelier_kv_int64_max', [INT64_MAX]), last], [ln]);
            emit('MatMul', [lp, split.past], [yp]);
            emit('MatMul', [ln, split.fresh], [yn]);
            emit('Add', [yp, yn], [result]);
          } else fail(`${n.name} reduces over a non-sequence axis of the cache`);
          if (g) emit('Reshape', [result, shape(g.kvHeads * g.rep)], [out]);
          break;
        }
        default:
          fail(`the cache feeds a ${n.opType} (${n.name})`);
      }
    }
  };

  for (let i = 0; i < deltas.key.length; i++) {
    for (const kind of ['key', 'value'] as const) {
      const present = `present.${i}.${kind}`;
      const concat = producer.get(present) ?? fail(`no node makes ${present}`);
      const [past, now] = concat.node.input as [string, string];
      const info = inputs.get(past) ?? fail(`${past} is not a graph input`);
      const shape = info.type?.tensorType?.shape?.dim ?? [];
      if (shape.length !== 4) fail(`${past} is not rank 4`);
      const axisAttr = int(attr(concat.node, 'axis')?.i ?? 0);
      const axis = axisAttr < 0 ? axisAttr + 4 : axisAttr;
      const dims: Dim[] = shape.map((d, j) => (j === axis ? 'T' : d.dimParam ? d.dimParam : d.dimValue != null && int(d.dimValue) > 0 ? int(d.dimValue) : `d${j}`));
      replaced.add(concat);
      // Hugging Face's cache layout, [batch, kv heads, sequence, head dim]: the heads are axis 1.
      push(present, { past, fresh: now, axis, dims, source: { input: past, axis }, heads: axis === 2 ? 1 : -1 }, present);
    }
  }
  // Names still read by a node that stays must still be made.
  const produced = new Set(added.flatMap((n) => n.output ?? []));
  for (const n of nodes) {
    if (replaced.has(n)) continue;
    for (const i of n.node.input) if (removedNames.has(i) && !produced.has(i)) fail(`${n.node.name} reads ${i}`);
  }
  const removedOutputs = deltas.key.flatMap((_, i) => [`present.${i}.key`, `present.${i}.value`]);
  const blank = [...replaced].map((n) => n.at);
  for (const name of removedOutputs) blank.push(outputs.get(name) ?? fail(`${name} is not a graph output`));
  for (const [name, at] of valueInfo) if (removedNames.has(name) && !produced.has(name)) blank.push(...at);
  // Constants only the replaced nodes read (a skipped repeat's sizes and shape) go too: onnxruntime
  // warns about every unused initializer.
  const read = new Set(added.flatMap((n) => n.input ?? []));
  for (const n of nodes) if (!replaced.has(n)) for (const i of n.node.input) read.add(i);
  for (const [name, at] of initializerAt) if (!read.has(name) && !inputs.has(name) && (consumers.get(name) ?? []).length > 0) blank.push(at);
  // Nodes, initializers, outputs and value_info have one-byte keys (fields 1, 5, 12, 13, wire type 2).
  for (const at of blank) if (![0x0a, 0x2a, 0x62, 0x6a].includes(model[at] as number)) fail('an unexpected field key');
  const suffix = onnx.ModelProto.encode({ graph: { node: added, initializer: inits } }).finish();
  return { blank, suffix, removedOutputs, headsRepeated: copies };
}

/** Applies the blanking in place; returns a function that undoes it. */
export function blankFields(model: Uint8Array, blank: readonly number[]): () => void {
  const before = blank.map((at) => model[at] as number);
  for (const at of blank) model[at] = BLANK_KEY;
  return () => blank.forEach((at, i) => (model[at] = before[i] as number));
}
