// A model is held once per device it actually runs on. The warm pool is keyed by that device,
// not by what was asked: a CUDA request that fell back to CPU shares the CPU copy an Auto request
// loaded (and the other way round), instead of loading a second one beside it. Providers that
// failed to start for a model's files, or started and failed their first run (the model then moved
// to the next device mid-job), are remembered with their reason until the worker restarts or the
// user asks to retry, so a later request skips them and still records in its recipe why it did not
// run where it asked.
import type { DeviceInfo } from '../../../shared/contract/generate';
import { toPlan, type ProviderChoice, type ProviderPlan } from './sessions';
import { warmPool, type Disposable } from './warm-pool';

interface OnDevice extends Disposable {
  device: DeviceInfo;
  /** A pipeline's models by name, each with its own device (a part can fall back alone). */
  parts?: Partial<Record<string, DeviceInfo>>;
}

/** Per model files (base + stamp): provider → why it did not start. */
const failures = new Map<string, Map<string, string>>();

/**
 * Forgets the provider failures of the model in folder `dir` (the user asks to try its
 * accelerators again), or of every model when no folder is named; returns how many.
 */
export function forgetDeviceFailures(dir?: string): number {
  let n = 0;
  for (const [at, known] of failures) {
    // `at` is kind, folder and stamp joined by NUL (see loadOnDevice's callers).
    if (dir !== undefined && at.split('\u0000')[1] !== dir) continue;
    n += known.size;
    failures.delete(at);
  }
  return n;
}

/** Splits a fallback reason ("cuda failed to start (…); dml failed …") by provider. */
function noteFailures(at: string, device: DeviceInfo, tried: string[]): void {
  if (!device.fallbackReason) return;
  const known = failures.get(at) ?? new Map<string, string>();
  for (const part of device.fallbackReason.split('; ')) {
    const provider = tried.find((p) => part.startsWith(`${p} `));
    if (provider && provider !== device.used) known.set(provider, part);
  }
  failures.set(at, known);
}

/** One view per loaded model and requested provider: the same request gets the same object. */
const views = new WeakMap<object, Map<string, unknown>>();

/** The same loaded model, with the device this request asked for and why it (or a part of it) runs elsewhere. */
function asRequested<T extends OnDevice>(value: T, request: string, deviceOf: (d: DeviceInfo) => DeviceInfo): T {
  const mine = views.get(value) ?? new Map<string, unknown>();
  views.set(value, mine);
  const known = mine.get(request);
  if (known) return known as T;
  const view = new Proxy(value, {
    get(target, prop) {
      if (prop === 'device') return deviceOf(value.device);
      if (prop === 'parts' && value.parts) {
        return Object.fromEntries(Object.entries(value.parts).map(([name, d]) => [name, d && deviceOf(d)]));
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  mine.set(request, view);
  return view;
}

/**
 * The loaded model at `base` (kind and folder) for this provider choice, loading it when no copy
 * runs on the device the choice lands on. `load` gets the plan minus providers known to fail.
 */
export async function loadOnDevice<T extends OnDevice>(
  base: string,
  stamp: string,
  choice: ProviderChoice | ProviderPlan,
  meta: { label: string; kind: string },
  load: (plan: ProviderPlan) => Promise<T>,
  bytes: (value: T) => number,
): Promise<T> {
  const plan = toPlan(choice);
  const at = `${base}\u0000${stamp}`;
  const order = [...new Set(plan.order)];
  const known = failures.get(at);
  const skipped = order.filter((p) => p !== 'cpu' && known?.has(p));
  const remaining = order.filter((p) => !skipped.includes(p));
  const expected = remaining[0] ?? 'cpu';
  const keyOf = (device: string) => `${base}\u0000${device}`;
  // What this request records for a model (or one part of it): the device used, and why each
  // provider before it was passed over.
  const deviceOf = (device: DeviceInfo): DeviceInfo => {
    const used = device.used;
    const own = (p: string) => device.fallbackReason?.split('; ').filter((part) => part.startsWith(`${p} `)).join('; ');
    const why = order.slice(0, Math.max(0, order.indexOf(used))).map((p) => failures.get(at)?.get(p) ?? (own(p) || `${p} was not used`));
    return { requested: plan.requested, used, fallbackReason: why.length ? why.join('; ') : null };
  };
  const describe = (value: T) => ({ provider: value.device.used, bytes: bytes(value) });
  const view = `${plan.requested}>${order.join(',')}`;

  // A session that fails its first run has moved on to `used` by the time this hears it: remember
  // why, and file the model under the device it now runs on (or, when a copy already runs there,
  // let this one go once the job ends), so later loads go straight there.
  const onFirstRunFailure = (failed: string, reason: string, used: string) => {
    const noted = failures.get(at) ?? new Map<string, string>();
    noted.set(failed, reason);
    failures.set(at, noted);
    if (!warmPool.rekey(keyOf(failed), keyOf(used), used)) warmPool.retire(keyOf(failed), used);
  };
  const loading = !warmPool.holds(keyOf(expected), stamp);
  const value = await warmPool.get(keyOf(expected), stamp, meta, () => load({ requested: plan.requested, order: remaining, onFirstRunFailure }), describe);
  if (!loading || value.device.used === expected) return asRequested(value, view, deviceOf);

  // It fell back while loading: remember why, and file it under the device it runs on.
  noteFailures(at, value.device, remaining);
  const used = value.device.used;
  if (warmPool.rekey(keyOf(expected), keyOf(used))) return asRequested(value, view, deviceOf);
  // A copy already runs there: use that one and unload this duplicate.
  await warmPool.discard(keyOf(expected));
  const shared = await warmPool.get(keyOf(used), stamp, meta, () => load({ requested: plan.requested, order: [used] }), describe);
  return asRequested(shared, view, deviceOf);
}
