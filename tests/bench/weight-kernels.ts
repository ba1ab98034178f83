// The model's weight products alone, at 1 and at 4 rows: how much of "4 alternatives ÷ 1" the
// weight kernels take before attention, the per-row K/V or our JS add anything.
//
// Every MatMul whose right-hand side is a constant (an initializer, or the Transpose of one: GPT-2's
// tied head) and every MatMulNBits of the benchmark model is copied, with its own weights, into a
// graph of its own in which each reads a graph input x<K> of shape [M, K] (one per distinct K) and
// writes an output. One run of that graph streams every weight of a decode step once, through the
// same kernels, in a session with the engine's options. Runs at M = 1 and M = 4 alternate, so each
// pair shares the machine's moment.
import { readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { sessionOptions } from '../../electron/engine/runtime/sessions';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

export interface WeightKernelTimes {
  /** ms per run (median), wall and CPU time of all threads, at 1 and 4 rows. */
  wall1: number;
  wall4: number;
  cpu1: number;
  cpu4: number;
}

const matrix = (name: string, rows: string | number, cols: number): onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: [typeof rows === 'string' ? { dimParam: rows } : { dimValue: rows }, { dimValue: cols }] } } },
});

const intAttribute = (node: onnx.INodeProto, name: string): number => Number(node.attribute?.find((a) => a.name === name)?.i ?? NaN);

/** The weight products of `model` as a graph of their own (see the file comment); null when it has none. */
export function weightKernelGraph(model: Uint8Array): { bytes: Uint8Array; kernels: number; widths: number[] } | null {
  const decoded = onnx.ModelProto.decode(model);
  const graph = decoded.graph as onnx.GraphProto;
  const inits = new Map(graph.initializer.map((t) => [t.name as string, t]));
  const producers = new Map<string, onnx.INodeProto>();
  for (const n of graph.node) for (const o of n.output ?? []) producers.set(o, n);
  const nodes: onnx.INodeProto[] = [];
  const used = new Map<string, onnx.ITensorProto>();
  const widths = new Set<number>();
  const outputs: onnx.IValueInfoProto[] = [];
  for (const n of graph.node) {
    const b = n.input?.[1] ?? '';
    let k: number;
    let cols: number;
    const extra: onnx.INodeProto[] = [];
    if (n.opType === 'MatMulNBits' && n.domain === 'com.microsoft') {
      if (!(n.input ?? []).slice(1).every((i) => i === '' || inits.has(i))) continue;
      k = intAttribute(n, 'K');
      cols = intAttribute(n, 'N');
    } else if (n.opType === 'MatMul' && (n.domain ?? '') === '') {
      const w = inits.get(b);
      const t = producers.get(b);
      if (w) [k, cols] = (w.dims ?? []).map(Number) as [number, number];
      else if (t?.opType === 'Transpose' && inits.has(t.input?.[0] ?? '')) {
        const [rows, c] = (inits.get(t.input?.[0] as string)?.dims ?? []).map(Number) as [number, number];
        [k, cols] = [c, rows];
        extra.push(t);
      } else continue;
    } else continue;
    widths.add(k);
    for (const e of [...extra, n]) for (const i of e.input ?? []) if (inits.has(i)) used.set(i, inits.get(i) as onnx.ITensorProto);
    const out = `w${nodes.length}`;
    nodes.push(...extra, { ...n, input: [`x${k}`, ...(n.input ?? []).slice(1)], output: [out] });
    outputs.push(matrix(out, 'M', cols));
  }
  if (outputs.length === 0) return null;
  const bytes = onnx.ModelProto.encode({
    irVersion: decoded.irVersion,
    opsetImport: decoded.opsetImport,
    graph: { name: 'weight_kernels', node: nodes, initializer: [...used.values()], input: [...widths].map((k) => matrix(`x${k}`, 'M', k)), output: outputs },
  }).finish();
  return { bytes, kernels: outputs.length, widths: [...widths] };
}

export class WeightKernels {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly widths: number[],
    readonly kernels: number,
  ) {}

  static async load(onnxPath: string): Promise<WeightKernels> {
    const graph = weightKernelGraph(readFileSync(onnxPath));
    if (!graph) throw new Error(`${onnxPath} has no weight products`);
    return new WeightKernels(await ort.InferenceSession.create(graph.bytes, sessionOptions('cpu')), graph.widths, graph.kernels);
  }

  private feeds(rows: number): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const k of this.widths) feeds[`x${k}`] = new ort.Tensor('float32', Float32Array.from({ length: rows * k }, (_, i) => Math.sin(i) * 0.5), [rows, k]);
    return feeds;
  }

  /** `reps` runs at each row count, alternating 1 and 4 rows; medians. */
  async measure(reps: number): Promise<WeightKernelTimes> {
    const one = this.feeds(1);
    const four = this.feeds(4);
    await this.session.run(one);
    await this.session.run(four);
    const times = { wall1: [] as number[], wall4: [] as number[], cpu1: [] as number[], cpu4: [] as number[] };
    for (let i = 0; i < reps; i++) {
      for (const [feeds, wall, cpu] of [
        [one, times.wall1, times.cpu1],
        [four, times.wall4, times.cpu4],
      ] as const) {
        const c0 = cpuUsage();
        const t0 = performance.now();
        await this.session.run(feeds);
        wall.push(performance.now() - t0);
        const c = cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] as number;
    return { wall1: median(times.wall1), wall4: median(times.wall4), cpu1: median(times.cpu1), cpu4: median(times.cpu4) };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
