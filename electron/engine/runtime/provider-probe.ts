// Which execution providers really start on this machine. A provider can be part of the
// onnxruntime build and still fail here (WebGPU without an adapter, CUDA without its libraries),
// so each bundled accelerator opens a one-node graph once. Runs in the job worker: a provider that
// crashes its process takes the worker down, not the app.
import * as ort from 'onnxruntime-node';
import type { ExecutionProviderInfo } from '../../../shared/contract';
import { GraphBuilder } from './onnx-graph';
import { executionProviders } from './providers';

function probeGraph(): Uint8Array {
  const g = new GraphBuilder('probe');
  const x = g.input('x', [1, 4]);
  g.op('Relu', [x], undefined, 'y');
  g.output('y', [1, 4]);
  return g.toBytes();
}

export async function probeProviders(): Promise<ExecutionProviderInfo[]> {
  const bytes = probeGraph();
  const out: ExecutionProviderInfo[] = [];
  for (const ep of executionProviders()) {
    if (!ep.available || ep.name === 'cpu') {
      out.push(ep);
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(bytes, { executionProviders: [ep.name], logSeverityLevel: 4 });
      await session.run({ x: new ort.Tensor('float32', new Float32Array([1, -1, 2, -2]), [1, 4]) });
      await session.release();
      out.push(ep);
    } catch (err) {
      const line = (err as Error).message.split('\n')[0] ?? 'unknown error';
      // onnxruntime prefixes the failed check and its source location; the last sentence is the reason.
      const reason = (line.split('. ').filter(Boolean).at(-1) ?? line).slice(0, 240);
      out.push({ name: ep.name, available: false, reason: `bundled but does not start here: ${reason}` });
    }
  }
  return out;
}
