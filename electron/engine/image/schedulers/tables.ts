// A scheduler's tables (ᾱ, σ, timesteps) depend only on its config and step count, yet take
// 0.2–0.8 ms to build from the 1000 training steps: more than all of a small image's per-step
// arithmetic. Every image of a board asks for the same ones, so they are built once and shared.
// The tables are read-only: number arrays are frozen, typed arrays stay inside the schedulers.
import type { SchedulerConfig } from './noise-schedule';

const KEEP = 32;

/** `build` memoised on (config values, steps); the least recently used entry goes beyond KEEP. */
export function memoTables<T>(build: (c: SchedulerConfig, steps: number) => T): (c: SchedulerConfig, steps: number) => T {
  const cache = new Map<string, T>();
  return (c, steps) => {
    const key = `${steps}|${JSON.stringify(c)}`;
    let hit = cache.get(key);
    if (hit === undefined) hit = build(c, steps);
    else cache.delete(key);
    cache.set(key, hit);
    if (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
    return hit;
  };
}
