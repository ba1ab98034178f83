// A small builder for ONNX models in code: used by the self-test job, the test fixtures and the
// tools that convert starter models. It writes real ModelProto bytes via onnx-proto.
import { onnx } from 'onnx-proto';

export type Dim = number | string;
export type AttrValue = number | number[] | string | Float32Array;

export interface TensorInit {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array | Int32Array;
}

const ELEM = { float32: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64, int32: onnx.TensorProto.DataType.INT32 };
export type ElemType = keyof typeof ELEM;

function valueInfo(name: string, dims: Dim[], elem: ElemType): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[elem],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function tensor(t: TensorInit): onnx.ITensorProto {
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const dataType = t.data instanceof Float32Array ? ELEM.float32 : t.data instanceof BigInt64Array ? ELEM.int64 : ELEM.int32;
  return { name: t.name, dims: t.dims, dataType, rawData: bytes };
}

function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(v) };
  if (v instanceof Float32Array) return { name, type: A.FLOATS, floats: Array.from(v) };
  if (Array.isArray(v)) return { name, type: A.INTS, ints: v };
  return Number.isInteger(v) ? { name, type: A.INT, i: v } : { name, type: A.FLOAT, f: v };
}

export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private counter = 0;

  constructor(private readonly name = 'graph') {}

  input(name: string, dims: Dim[], elem: ElemType = 'float32'): string {
    this.inputs.push(valueInfo(name, dims, elem));
    return name;
  }

  output(name: string, dims: Dim[], elem: ElemType = 'float32'): string {
    this.outputs.push(valueInfo(name, dims, elem));
    return name;
  }

  init(name: string, dims: number[], data: TensorInit['data']): string {
    this.inits.push(tensor({ name, dims, data }));
    return name;
  }

  /** An int64 constant initializer: a scalar for a number, a 1-D tensor for an array. */
  int64(values: number | number[], name?: string): string {
    const list = typeof values === 'number' ? [values] : values;
    const dims = typeof values === 'number' ? [] : [list.length];
    return this.init(name ?? `const_i64_${this.counter++}`, dims, BigInt64Array.from(list, (v) => BigInt(v)));
  }

  /** A float32 constant initializer: a scalar for a number, a 1-D tensor for an array. */
  float(values: number | number[], name?: string): string {
    const list = typeof values === 'number' ? [values] : values;
    const dims = typeof values === 'number' ? [] : [list.length];
    return this.init(name ?? `const_f32_${this.counter++}`, dims, Float32Array.from(list));
  }

  /** Adds a node; returns its output names (fresh ones unless given). */
  node(op: string, inputs: string[], opts: { outputs?: string[] | number; attrs?: Record<string, AttrValue>; domain?: string } = {}): string[] {
    const outputs = Array.isArray(opts.outputs)
      ? opts.outputs
      : Array.from({ length: opts.outputs ?? 1 }, () => `${op.toLowerCase()}_${this.counter++}`);
    this.nodes.push({
      opType: op,
      domain: opts.domain ?? '',
      name: `${op}_${this.counter++}`,
      input: inputs,
      output: outputs,
      attribute: Object.entries(opts.attrs ?? {}).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  /** Shorthand for a single-output node. */
  op(op: string, inputs: string[], attrs?: Record<string, AttrValue>, output?: string): string {
    return this.node(op, inputs, { attrs, outputs: output ? [output] : 1 })[0] as string;
  }

  toBytes(opset = 17, producer = 'atelier'): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: producer,
      opsetImport: [{ domain: '', version: opset }],
      graph: { name: this.name, node: this.nodes, input: this.inputs, output: this.outputs, initializer: this.inits },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
