// A test hook for a failure this CPU-only machine cannot cause for real: an accelerator whose
// session opens but whose first run fails (CUDA and DirectML report driver and kernel errors then).
// When ATELIER_PROVIDER_FAULT names a file whose first line is `<provider> first-run` (an
// accelerator, never cpu), sessions for that provider open on the CPU and every run of them fails
// the way onnxruntime reports a kernel error; each such opening appends a line to `<file>.opened`,
// so a test can count how often that provider was tried. A third word, `<provider> first-run
// <part>`, narrows the failure to model files whose path contains <part> (text_encoder, unet…):
// the provider's other sessions run, on the CPU standing in for a working accelerator, so one
// part of a pipeline can fail while the rest stays. Unset (always, outside tests) it costs one
// environment lookup per session.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type * as ort from 'onnxruntime-node';
import { openCached, type ModelSource } from './optimized-cache';

interface Fault {
  provider: string;
  /** Only model paths containing this fail; null: every session of the provider. */
  part: string | null;
}

/** What the fault file asks for, or null. */
function faulted(env: NodeJS.ProcessEnv = process.env): Fault | null {
  const file = env.ATELIER_PROVIDER_FAULT;
  if (!file || !existsSync(file)) return null;
  const [provider, when, part] = (readFileSync(file, 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  return provider && provider !== 'cpu' && when === 'first-run' ? { provider, part: part || null } : null;
}

export function faultyProvider(provider: string): boolean {
  return faulted()?.provider === provider;
}

/** A real CPU session of `model` standing in for `provider`, whose runs fail (unless the fault names another part). */
export async function openFaulty(model: ModelSource, provider: string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  const part = faulted()?.part ?? null;
  appendFileSync(`${process.env.ATELIER_PROVIDER_FAULT as string}.opened`, `${provider}\n`);
  const session = await openCached(model, 'cpu', { ...options, executionProviders: ['cpu'] });
  if (part !== null && !(typeof model === 'string' && model.includes(part))) return session;
  const run = () => Promise.reject(new Error(`[ONNXRuntimeError] : 1 : FAIL : ${provider} kernel failed: an illegal memory access was encountered (injected by ATELIER_PROVIDER_FAULT)`));
  return new Proxy(session, {
    get(target, prop) {
      if (prop === 'run') return run;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
