// Memory bandwidth, measured in the benchmark's own run (the machine is shared: a figure from an
// earlier, quieter moment would make the roofline fraction meaningless).
//
// Method: what a decode step does — stream a weight matrix once through onnxruntime's GEMV kernels
// on the session's intra-op threads — on matrices 1000× larger than any cache: sessions created
// with the engine's own session options multiply a vector by a 512 MB fp32 [8192, 16384] weight
// (MatMul, the fp32 model's kernel) and by a 512 MB int8 [8192, 65536] weight (MatMulNBits, bits 8,
// the int8 model's kernel; its scales count as bytes read).
// Two more probes run alongside: an onnxruntime ReduceSum over 512 MB (read-only) and a JS
// TypedArray copy of 256 MB (memmove; 256 MB read + 256 MB written counted, write-allocate
// traffic not). Each is a lower bound on what the memory system delivers, so the bandwidth used
// for the roofline is the highest of the four in the same round: the roofline fraction is never
// flattered by a weak probe. (On a busy machine the single-threaded copy often wins: the
// two-thread kernels lose more to a descheduled thread than to memory.)
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { sessionOptions } from '../../electron/engine/runtime/sessions';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const UINT8 = onnx.TensorProto.DataType.UINT8;
const K = 8192;
const N = 16384;
/** The int8 probe: same K, 4× the columns (one byte per weight), blocks of 32 along K. */
const N8 = 65536;
const BLOCK = 32;

const valueInfo = (name: string, dims: number[]): onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});

const intAttr = (name: string, i: number): onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });

function int8GemvBytes(): Uint8Array {
  const q = new Uint8Array(N8 * K);
  for (let i = 0; i < q.length; i += 61) q[i] = (i * 7) & 255;
  const scales = new Float32Array((N8 * K) / BLOCK).fill(1e-3);
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [
        { domain: '', version: 17 },
        { domain: 'com.microsoft', version: 1 },
      ],
      graph: {
        name: 'bandwidth_int8',
        input: [valueInfo('x', [1, K])],
        output: [valueInfo('y', [1, N8])],
        initializer: [
          { name: 'q', dims: [N8, K / BLOCK, BLOCK], dataType: UINT8, rawData: q },
          { name: 's', dims: [scales.length], dataType: FLOAT, rawData: new Uint8Array(scales.buffer) },
        ],
        node: [
          {
            opType: 'MatMulNBits',
            domain: 'com.microsoft',
            input: ['x', 'q', 's'],
            output: ['y'],
            attribute: [intAttr('K', K), intAttr('N', N8), intAttr('bits', 8), intAttr('block_size', BLOCK), intAttr('accuracy_level', 4)],
          },
        ],
      },
    }),
  ).finish();
}

function graphBytes(op: 'MatMul' | 'ReduceSum'): Uint8Array {
  const weight = new Float32Array(K * N);
  // Non-constant content (so nothing is special-cased), cheap to generate.
  for (let i = 0; i < weight.length; i += 97) weight[i] = (i % 13) * 1e-3;
  const node: onnx.INodeProto =
    op === 'MatMul'
      ? { opType: 'MatMul', input: ['x', 'w'], output: ['y'] }
      : { opType: 'ReduceSum', input: ['w'], output: ['y'], attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] };
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: `bandwidth_${op}`,
        input: op === 'MatMul' ? [valueInfo('x', [1, K])] : [],
        output: [valueInfo('y', op === 'MatMul' ? [1, N] : [])],
        initializer: [{ name: 'w', dims: [K, N], dataType: FLOAT, rawData: new Uint8Array(weight.buffer) }],
        node: [node],
      },
    }),
  ).finish();
}

export interface BandwidthSample {
  /** GB/s (1e9 bytes per second) of each method; `best` = the highest. */
  best: number;
  gemvFp32: number;
  gemvInt8: number;
  reduceSum: number;
  jsCopy: number;
}

export class BandwidthProbe {
  private constructor(
    private readonly gemv: ort.InferenceSession,
    private readonly gemv8: ort.InferenceSession,
    private readonly reduce: ort.InferenceSession,
    private readonly x: ort.Tensor,
  ) {}

  static async create(): Promise<BandwidthProbe> {
    // The engine's options (threads, spinning, prepacking, graph optimisation 'all'); the reduction
    // runs unoptimised so constant folding cannot precompute it.
    const gemv = await ort.InferenceSession.create(graphBytes('MatMul'), sessionOptions('cpu'));
    const gemv8 = await ort.InferenceSession.create(int8GemvBytes(), sessionOptions('cpu'));
    const reduce = await ort.InferenceSession.create(graphBytes('ReduceSum'), { ...sessionOptions('cpu'), graphOptimizationLevel: 'disabled' });
    const x = new ort.Tensor('float32', new Float32Array(K).fill(0.5), [1, K]);
    const probe = new BandwidthProbe(gemv, gemv8, reduce, x);
    await probe.measure(1);
    return probe;
  }

  readonly bytes = K * N * 4;
  readonly bytes8 = N8 * K + ((N8 * K) / BLOCK) * 4;
  // Allocated (and touched) once, so no measured copy pays for page faults.
  private readonly copyFrom = new Float64Array(this.bytes / 16).fill(1);
  private readonly copyTo = new Float64Array(this.bytes / 16).fill(2);

  /** Best of `runs` for each method. */
  async measure(runs = 4): Promise<BandwidthSample> {
    const best = async (fn: () => Promise<unknown> | unknown, bytes: number) => {
      let top = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await fn();
        top = Math.max(top, bytes / ((performance.now() - t0) * 1e6));
      }
      return top;
    };
    const gemvFp32 = await best(() => this.gemv.run({ x: this.x }), this.bytes);
    const gemvInt8 = await best(() => this.gemv8.run({ x: this.x }), this.bytes8);
    const reduceSum = await best(() => this.reduce.run({}), this.bytes);
    // A copy of 256 MB reads 256 MB and writes 256 MB.
    const jsCopy = await best(() => this.copyTo.set(this.copyFrom), this.bytes);
    return { best: Math.max(gemvFp32, gemvInt8, reduceSum, jsCopy), gemvFp32, gemvInt8, reduceSum, jsCopy };
  }

  async dispose(): Promise<void> {
    await this.gemv.release();
    await this.gemv8.release();
    await this.reduce.release();
  }
}
