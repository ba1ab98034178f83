// Creates onnxruntime sessions on the providers a job's plan names, best first, falling back (with
// the reason recorded in the DeviceInfo the recipe keeps) when a provider fails to start or fails
// its first run. Sessions load through the on-disk optimised-graph cache when one is configured.
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import type { DeviceInfo } from '../../../shared/contract/generate';
import { AtelierError } from '../../../shared/errors';
import { openCached, type ModelSource } from './optimized-cache';
import { damagedModelFile } from './load-failure';
import { faultyProvider, openFaulty } from './provider-faults';

export type ProviderChoice = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';

/** What a job asked for and the providers to try for it, in order (CPU last). */
export interface ProviderPlan {
  requested: string;
  order: string[];
  /**
   * Told when a session opened on `failed` fails its first run and that run is redone on `used`
   * (the warm pool refiles the model and later loads skip `failed`).
   */
  onFirstRunFailure?: (failed: string, reason: string, used: string) => void;
}

const PLATFORM_GPU: Record<string, string> = { linux: 'cuda', win32: 'dml', darwin: 'coreml' };

/** The providers to try when no plan came with the job: best first; CPU is always last. */
export function providerOrder(choice: ProviderChoice, bundled = ort.listSupportedBackends()): string[] {
  const has = (name: string) => bundled.some((b) => b.name === name && b.bundled);
  if (choice === 'cpu') return ['cpu'];
  if (choice !== 'auto') return [choice, 'cpu'];
  const gpu = PLATFORM_GPU[process.platform];
  return gpu && has(gpu) ? [gpu, 'cpu'] : ['cpu'];
}

export function toPlan(p: ProviderChoice | ProviderPlan): ProviderPlan {
  if (typeof p !== 'string') return p.order.includes('cpu') ? p : { ...p, order: [...p.order, 'cpu'] };
  return { requested: p, order: providerOrder(p) };
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

/** How a provider's session is opened; tests swap it to make a provider fail on its first run. */
export type SessionOpener = (model: ModelSource, provider: string, options: ort.InferenceSession.SessionOptions) => Promise<ort.InferenceSession>;

let opener: SessionOpener = (model, provider, options) => (faultyProvider(provider) ? openFaulty(model, provider, options) : openCached(model, provider, options));

/** Replaces how sessions are opened (tests only); returns the previous opener. */
export function setSessionOpener(next: SessionOpener): SessionOpener {
  const prev = opener;
  opener = next;
  return prev;
}

const firstLine = (err: unknown) => (err as Error).message.split('\n')[0]?.slice(0, 300) ?? 'unknown error';

export async function createSession(
  model: ModelSource,
  choice: ProviderChoice | ProviderPlan = 'auto',
): Promise<{ session: ort.InferenceSession; device: DeviceInfo }> {
  const plan = toPlan(choice);
  const reasons: string[] = [];
  const order = [...new Set(plan.order)];
  for (let i = 0; i < order.length; i++) {
    const provider = order[i] as string;
    try {
      const session = await opener(model, provider, sessionOptions(provider));
      const device: DeviceInfo = { requested: plan.requested, used: provider, fallbackReason: reasons.length ? reasons.join('; ') : null };
      const rest = order.slice(i + 1);
      return { session: rest.length ? firstRunFallback(session, model, device, rest, plan.onFirstRunFailure) : session, device };
    } catch (err) {
      if (provider === 'cpu') {
        throw (typeof model === 'string' && damagedModelFile(model)) || new AtelierError('MODEL_INVALID', `onnxruntime could not load the model: ${firstLine(err)}`);
      }
      reasons.push(`${provider} failed to start (${firstLine(err)})`);
    }
  }
  throw new AtelierError('INTERNAL', 'No execution provider could run the model');
}

/**
 * A session whose first run, should it fail, is retried on the next provider in the plan: the
 * failed session is released, the next one opened, and `device` (the object the recipe records)
 * updated with what was used and why. Later failures are the job's own.
 */
function firstRunFallback(
  first: ort.InferenceSession,
  model: ModelSource,
  device: DeviceInfo,
  rest: string[],
  told?: ProviderPlan['onFirstRunFailure'],
): ort.InferenceSession {
  let current = first;
  let proven = false;
  const run = async (...args: unknown[]): Promise<ort.InferenceSession.ReturnType> => {
    const call = () => (current.run as (...a: unknown[]) => Promise<ort.InferenceSession.ReturnType>).apply(current, args);
    if (proven) return call();
    try {
      const out = await call();
      proven = true;
      return out;
    } catch (err) {
      const failed = device.used;
      const reasons = [`${failed} failed on its first run (${firstLine(err)})`];
      for (const provider of rest) {
        try {
          const next = await opener(model, provider, sessionOptions(provider));
          // The failed session is dropped: its device may be in a bad state after a kernel error.
          void current.release().catch(() => {});
          current = next;
          device.used = provider;
          device.fallbackReason = [device.fallbackReason, ...reasons].filter(Boolean).join('; ');
          told?.(failed, reasons[0] as string, provider);
          const out = await call();
          proven = true;
          return out;
        } catch (again) {
          reasons.push(`${provider} failed (${firstLine(again)})`);
        }
      }
      throw err;
    }
  };
  return new Proxy(first, {
    get(_target, prop) {
      if (prop === 'run') return run;
      const value = Reflect.get(current, prop, current) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });
}
