// Creates onnxruntime sessions on the best execution provider this machine offers, falling back
// (with the reason recorded) when a provider fails to start. Tuned for few cores.
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import type { DeviceInfo } from '../../../shared/contract/generate';
import { AtelierError } from '../../../shared/errors';

export type ProviderChoice = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';

const PLATFORM_GPU: Record<string, string> = { linux: 'cuda', win32: 'dml', darwin: 'coreml' };

/** The providers to try, best first; CPU is always last. */
export function providerOrder(choice: ProviderChoice, bundled = ort.listSupportedBackends()): string[] {
  const has = (name: string) => bundled.some((b) => b.name === name && b.bundled);
  if (choice === 'cpu') return ['cpu'];
  if (choice !== 'auto') return [choice, 'cpu'];
  const gpu = PLATFORM_GPU[process.platform];
  return gpu && has(gpu) ? [gpu, 'cpu'] : ['cpu'];
}

export function sessionOptions(provider: string): ort.InferenceSession.SessionOptions {
  // Decode is bandwidth-bound: a couple of threads help, spinning hurts when the machine is busy.
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    enableCpuMemArena: true,
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

export async function createSession(
  model: string | Uint8Array,
  choice: ProviderChoice = 'auto',
): Promise<{ session: ort.InferenceSession; device: DeviceInfo }> {
  const reasons: string[] = [];
  for (const provider of providerOrder(choice)) {
    try {
      const session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, sessionOptions(provider))
          : await ort.InferenceSession.create(model, sessionOptions(provider));
      return { session, device: { requested: choice, used: provider, fallbackReason: reasons.length ? reasons.join('; ') : null } };
    } catch (err) {
      const message = (err as Error).message.split('\n')[0]?.slice(0, 300) ?? 'unknown error';
      if (provider === 'cpu') throw new AtelierError('MODEL_INVALID', `onnxruntime could not load the model: ${message}`);
      reasons.push(`${provider} failed to start (${message})`);
    }
  }
  throw new AtelierError('INTERNAL', 'No execution provider could run the model');
}
