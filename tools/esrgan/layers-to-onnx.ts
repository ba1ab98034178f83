// Converts a TensorFlow.js "layers-model" (Keras functional topology + weightsManifest + .bin
// shards) of the kind @upscalerjs/esrgan-slim ships into an ONNX model.
//
// Layer types handled (everything esrgan-slim's RDN models use, nothing more): InputLayer,
// Conv2D (stride 1, no dilation/groups, 'same'/'valid', linear or relu), Activation (relu,
// linear), Add, Concatenate (channel axis) and UpSampling2D (nearest). Anything else throws, so
// a different model fails loudly instead of converting wrongly.
//
// Layout: the ONNX model takes and returns NHWC tensors like tfjs ([N, H, W, 3], float32, the
// same 0–255 range, no clipping); inside, it transposes once to NCHW for Conv.
//
// UpSampling2D(nearest, s) followed by a k×k Conv2D is rewritten exactly as a Conv2D on the
// low-resolution grid with s²·C outputs and a DepthToSpace: output pixel (s·p+i, s·q+j) reads
// upsampled pixels whose low-resolution source is p + floor((i+d)/s), so each sub-pixel phase
// (i, j) is an ordinary convolution whose taps are sums of the original taps. Same result
// (zero padding falls on the same pixels), but the wide high-resolution feature map (48
// channels at 4×) is never materialised.
import { GraphBuilder } from '../../electron/engine/runtime/onnx-graph';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

export interface LayersModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: {
    keras_version?: string;
    model_config: {
      class_name: string;
      config: {
        name?: string;
        layers: KerasLayer[];
        input_layers: [string, number, number][];
        output_layers: [string, number, number][];
      };
    };
  };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

interface KerasLayer {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, Record<string, unknown>][][];
}

export interface ConvertOptions {
  /** Rewrite UpSampling2D + Conv2D as a low-resolution Conv2D + DepthToSpace (default true). */
  foldUpsample?: boolean;
  inputName?: string;
  outputName?: string;
  opset?: number;
}

export interface ConvertResult {
  onnx: Uint8Array;
  /** Layer class names found in the topology, with counts. */
  layerTypes: Record<string, number>;
  /** Total upscaling factor (product of the UpSampling2D sizes). */
  scale: number;
  /** Output pixels depend on input pixels at most this far away (in input pixels, per axis). */
  receptiveRadius: number;
  parameters: number;
  /** ONNX op types emitted, with counts. */
  onnxOps: Record<string, number>;
}

/** Reads the weights listed in the manifest from the concatenated shard bytes of each group. */
export function readWeights(model: LayersModelJson, shards: (path: string) => Uint8Array): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const group of model.weightsManifest) {
    const parts = group.paths.map(shards);
    const total = parts.reduce((n, p) => n + p.byteLength, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.byteLength;
    }
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32' || w.quantization) throw new Error(`Weight ${w.name}: only unquantised float32 is supported`);
      const count = w.shape.reduce((a, b) => a * b, 1);
      if (offset + count * 4 > bytes.byteLength) throw new Error(`Weight ${w.name} runs past the end of its shards`);
      // Copy: the shard offset need not be 4-byte aligned, and the copy is little-endian as stored.
      const data = new Float32Array(bytes.slice(offset, offset + count * 4).buffer);
      out.set(w.name, { shape: w.shape, data });
      offset += count * 4;
    }
    if (offset !== bytes.byteLength) throw new Error(`Shard group ${group.paths.join(',')}: ${bytes.byteLength - offset} bytes left over`);
  }
  return out;
}

/** A Keras kernel [kh, kw, cin, cout] as an ONNX Conv weight [cout, cin, kh, kw]. */
function toOihw(kernel: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const w = new Float32Array(kernel.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let ci = 0; ci < cin!; ci++)
        for (let co = 0; co < cout!; co++) w[((co * cin! + ci) * kh! + y) * kw! + x] = kernel[((y * kw! + x) * cin! + ci) * cout! + co]!;
  return w;
}

/**
 * Nearest upsampling by `s` followed by a k×k 'same' conv, as one conv on the low-resolution grid
 * with cout·s² outputs in DepthToSpace DCR order (channel = (i·s + j)·cout + co). Returns the new
 * Keras-layout kernel [K, K, cin, cout·s²] (K = 2R+1) and the repeated bias.
 */
export function foldUpsampleConv(kernel: Float32Array, [kh, kw, cin, cout]: number[], bias: Float32Array, s: number) {
  if (kh !== kw || kh! % 2 !== 1) throw new Error('Upsample folding needs an odd square kernel');
  const r = (kh! - 1) / 2;
  // Low-resolution offsets reached: floor((i + d) / s) for i in [0, s), d in [-r, r].
  const R = Math.max(Math.ceil(r / s), Math.floor((s - 1 + r) / s));
  const K = 2 * R + 1;
  const outC = cout! * s * s;
  const w = new Float32Array(K * K * cin! * outC);
  for (let i = 0; i < s; i++)
    for (let j = 0; j < s; j++)
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const ey = Math.floor((i + dy) / s) + R;
          const ex = Math.floor((j + dx) / s) + R;
          for (let ci = 0; ci < cin!; ci++)
            for (let co = 0; co < cout!; co++) {
              const src = (((dy + r) * kw! + (dx + r)) * cin! + ci) * cout! + co;
              const dst = ((ey * K + ex) * cin! + ci) * outC + (i * s + j) * cout! + co;
              w[dst]! += kernel[src]!;
            }
        }
  const b = new Float32Array(outC);
  for (let p = 0; p < s * s; p++) b.set(bias, p * cout!);
  return { kernel: w, shape: [K, K, cin!, outC], bias: b };
}

function samePads(k: number): [number, number] {
  // TensorFlow 'same' with stride 1: total k-1, the extra one (even k) at the end.
  const begin = Math.floor((k - 1) / 2);
  return [begin, k - 1 - begin];
}

export function convertLayersModel(model: LayersModelJson, shards: (path: string) => Uint8Array, opts: ConvertOptions = {}): ConvertResult {
  const foldUpsample = opts.foldUpsample ?? true;
  const cfg = model.modelTopology.model_config;
  if (cfg.class_name !== 'Functional' && cfg.class_name !== 'Model') throw new Error(`Unsupported model class ${cfg.class_name}`);
  const { layers, input_layers, output_layers } = cfg.config;
  if (input_layers.length !== 1 || output_layers.length !== 1) throw new Error('Only single-input, single-output models are supported');
  const weights = readWeights(model, shards);
  const used = new Set<string>();
  const weight = (layer: string, kind: 'kernel' | 'bias') => {
    const w = weights.get(`${layer}/${kind}`);
    if (!w) throw new Error(`Missing weight ${layer}/${kind}`);
    used.add(`${layer}/${kind}`);
    return w;
  };

  const g = new GraphBuilder(cfg.config.name ?? 'esrgan');
  const inputName = opts.inputName ?? 'image';
  const outputName = opts.outputName ?? 'upscaled';
  const layerTypes: Record<string, number> = {};
  const onnxOps: Record<string, number> = {};
  const emit = (op: string, inputs: string[], attrs?: Parameters<GraphBuilder['op']>[2], output?: string) => {
    onnxOps[op] = (onnxOps[op] ?? 0) + 1;
    return g.op(op, inputs, attrs, output);
  };

  // Per Keras tensor: its ONNX value (NCHW), channels, resolution factor and receptive radius.
  interface Value {
    name: string;
    channels: number;
    factor: number;
    radius: number;
  }
  const values = new Map<string, Value>();
  const consumers = new Map<string, string[]>();
  for (const l of layers) for (const n of l.inbound_nodes.flat()) consumers.set(n[0], [...(consumers.get(n[0]) ?? []), l.name]);
  const byName = new Map(layers.map((l) => [l.name, l]));
  const folded = new Map<string, Value>(); // conv layer name → the pre-upsample value it reads

  const inputsOf = (l: KerasLayer): Value[] => {
    if (l.inbound_nodes.length !== 1) throw new Error(`Layer ${l.name}: shared layers (called ${l.inbound_nodes.length} times) are not supported`);
    return l.inbound_nodes[0]!.map(([name, nodeIndex, tensorIndex]) => {
      if (nodeIndex !== 0 || tensorIndex !== 0) throw new Error(`Layer ${l.name}: multi-output inputs are not supported`);
      const v = values.get(name);
      if (!v) throw new Error(`Layer ${l.name}: input ${name} is not defined yet (topology not in order)`);
      return v;
    });
  };
  const expectConfig = (l: KerasLayer, key: string, ok: unknown[]) => {
    const v = l.config[key];
    if (v !== undefined && !ok.some((o) => JSON.stringify(o) === JSON.stringify(v))) {
      throw new Error(`Layer ${l.name} (${l.class_name}): unsupported ${key}=${JSON.stringify(v)}`);
    }
  };
  const activation = (l: KerasLayer, x: string, key = 'activation'): string => {
    const a = l.config[key];
    if (a === undefined || a === 'linear') return x;
    if (a === 'relu') return emit('Relu', [x]);
    throw new Error(`Layer ${l.name}: unsupported activation ${JSON.stringify(a)}`);
  };

  let parameters = 0;
  for (const l of layers) {
    layerTypes[l.class_name] = (layerTypes[l.class_name] ?? 0) + 1;
    if (l.class_name === 'InputLayer') {
      const shape = l.config.batch_input_shape as (number | null)[];
      if (!Array.isArray(shape) || shape.length !== 4 || shape[3] == null) throw new Error(`Input ${l.name}: expected [N, H, W, C] with known C`);
      g.input(inputName, ['batch', 'height', 'width', shape[3]]);
      const x = emit('Transpose', [inputName], { perm: [0, 3, 1, 2] });
      values.set(l.name, { name: x, channels: shape[3], factor: 1, radius: 0 });
      continue;
    }
    const ins = inputsOf(l);
    const first = ins[0]!;
    switch (l.class_name) {
      case 'Conv2D': {
        for (const [k, ok] of Object.entries({ strides: [[1, 1]], dilation_rate: [[1, 1]], groups: [1], data_format: ['channels_last'] })) expectConfig(l, k, ok);
        const k = weight(l.name, 'kernel');
        const b = l.config.use_bias === false ? null : weight(l.name, 'bias');
        const [kh, kw, cin, cout] = k.shape as [number, number, number, number];
        if (cin !== first.channels) throw new Error(`Layer ${l.name}: kernel expects ${cin} channels, input has ${first.channels}`);
        parameters += k.data.length + (b?.data.length ?? 0);
        const bias = b?.data ?? new Float32Array(cout);
        const padding = l.config.padding as string;
        if (padding !== 'same' && padding !== 'valid') throw new Error(`Layer ${l.name}: padding ${padding}`);
        if (padding === 'valid' && (kh !== 1 || kw !== 1)) throw new Error(`Layer ${l.name}: 'valid' padding shrinks the image; only 1×1 is supported`);
        const src = folded.get(l.name);
        let out: Value;
        if (src) {
          const s = first.factor / src.factor;
          const f = foldUpsampleConv(k.data, k.shape, bias, s);
          const R = (f.shape[0]! - 1) / 2;
          const w = g.init(`${l.name}/kernel_folded`, [f.shape[3]!, f.shape[2]!, f.shape[0]!, f.shape[1]!], toOihw(f.kernel, f.shape));
          const bb = g.init(`${l.name}/bias_folded`, [f.shape[3]!], f.bias);
          const y = emit('Conv', [src.name, w, bb], { kernel_shape: [f.shape[0]!, f.shape[1]!], pads: [R, R, R, R] });
          const d = emit('DepthToSpace', [y], { blocksize: s, mode: 'DCR' });
          out = { name: d, channels: cout, factor: first.factor, radius: src.radius + R };
        } else {
          const w = g.init(`${l.name}/kernel`, [cout, cin, kh, kw], toOihw(k.data, k.shape));
          const bb = g.init(`${l.name}/bias`, [cout], bias);
          const [t, bo] = padding === 'same' ? samePads(kh) : [0, 0];
          const [le, ri] = padding === 'same' ? samePads(kw) : [0, 0];
          const y = emit('Conv', [first.name, w, bb], { kernel_shape: [kh, kw], pads: [t, le, bo, ri] });
          const r = Math.max(t, bo, le, ri);
          out = { name: y, channels: cout, factor: first.factor, radius: first.radius + Math.ceil(r / first.factor) };
        }
        values.set(l.name, { ...out, name: activation(l, out.name) });
        break;
      }
      case 'Activation':
        values.set(l.name, { ...first, name: activation(l, first.name) });
        break;
      case 'Add': {
        if (ins.some((v) => v.channels !== first.channels || v.factor !== first.factor)) throw new Error(`Layer ${l.name}: Add of mismatched tensors`);
        const y = ins.length === 2 ? emit('Add', [first.name, ins[1]!.name]) : emit('Sum', ins.map((v) => v.name));
        values.set(l.name, { name: y, channels: first.channels, factor: first.factor, radius: Math.max(...ins.map((v) => v.radius)) });
        break;
      }
      case 'Concatenate': {
        expectConfig(l, 'axis', [3, -1]);
        if (ins.some((v) => v.factor !== first.factor)) throw new Error(`Layer ${l.name}: Concatenate of different resolutions`);
        const y = emit('Concat', ins.map((v) => v.name), { axis: 1 });
        const channels = ins.reduce((n, v) => n + v.channels, 0);
        values.set(l.name, { name: y, channels, factor: first.factor, radius: Math.max(...ins.map((v) => v.radius)) });
        break;
      }
      case 'UpSampling2D': {
        expectConfig(l, 'interpolation', ['nearest']);
        expectConfig(l, 'data_format', ['channels_last']);
        const size = l.config.size as [number, number];
        if (!Array.isArray(size) || size[0] !== size[1] || !(size[0] >= 1)) throw new Error(`Layer ${l.name}: only square integer sizes`);
        const s = size[0];
        const next = consumers.get(l.name) ?? [];
        const conv = next.length === 1 ? byName.get(next[0]!) : undefined;
        const kernel = conv?.class_name === 'Conv2D' ? weights.get(`${conv.name}/kernel`) : undefined;
        const foldable =
          foldUpsample && s > 1 && conv?.config.padding === 'same' && kernel !== undefined && kernel.shape[0] === kernel.shape[1] && kernel.shape[0]! % 2 === 1;
        if (foldable) {
          folded.set(conv!.name, first);
          // A placeholder: only the folded conv reads it, and it reads `first` instead.
          values.set(l.name, { name: `${l.name}:folded`, channels: first.channels, factor: first.factor * s, radius: first.radius });
        } else {
          const scales = g.float([1, 1, s, s]);
          const y = emit('Resize', [first.name, '', scales], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
          values.set(l.name, { name: y, channels: first.channels, factor: first.factor * s, radius: first.radius });
        }
        break;
      }
      default:
        throw new Error(`Layer ${l.name}: unsupported layer type ${l.class_name}`);
    }
  }

  const unused = [...weights.keys()].filter((k) => !used.has(k));
  if (unused.length) throw new Error(`Weights not used by any layer: ${unused.join(', ')}`);
  const last = values.get(output_layers[0]![0]);
  if (!last) throw new Error('Output layer not found');
  if (last.name.endsWith(':folded')) throw new Error('The model ends in an UpSampling2D');
  emit('Transpose', [last.name], { perm: [0, 2, 3, 1] }, outputName);
  g.output(outputName, ['batch', 'out_height', 'out_width', last.channels]);
  return { onnx: g.toBytes(opts.opset ?? 17, 'atelier tools/esrgan'), layerTypes, scale: last.factor, receptiveRadius: last.radius, parameters, onnxOps };
}
