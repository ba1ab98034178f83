// Which onnxruntime execution providers this machine's build offers, and in what order to try them.
import * as ort from 'onnxruntime-node';
import type { ExecutionProviderInfo } from '../../../shared/contract';

export const ortVersion = (): string => ort.env.versions.node ?? ort.env.versions.common ?? 'unknown';

const NOT_BUNDLED: Record<string, string> = {
  cuda: 'not installed: reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12 on Linux x64 with an NVIDIA driver',
  tensorrt: 'not installed: needs the CUDA build plus TensorRT libraries',
};

export function executionProviders(): ExecutionProviderInfo[] {
  return ort.listSupportedBackends().map((b) => ({
    name: b.name,
    available: b.bundled,
    reason: b.bundled ? null : (NOT_BUNDLED[b.name] ?? 'not part of this onnxruntime build'),
  }));
}

/** Session options tuned for few cores: one intra-op thread without spinning degrades gracefully when busy. */
export function cpuSessionOptions(): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}
