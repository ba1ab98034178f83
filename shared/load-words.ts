// Words for model loading: the stage under way (queue, write view, image board) and, for a
// finished job, how its models were made ready (queue, status panel). Shared so every view says
// the same thing.
import type { JobLoad, LoadStage } from './contract/entities';

const PROVIDER_NAMES: Record<string, string> = { cpu: 'CPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU' };

export const providerName = (p: string | null): string => (p ? (PROVIDER_NAMES[p] ?? p) : 'CPU');

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** What the stage is doing, e.g. "Optimising graph for CPU (first load, cached afterwards)". */
export function loadStageLabel(s: LoadStage): string {
  switch (s.stage) {
    case 'checking':
      return 'Checking model files';
    case 'optimising':
      return `Optimising graph for ${providerName(s.provider)} (first load, cached afterwards)`;
    case 'cached':
      return `Loading cached graph on ${providerName(s.provider)}`;
    case 'session':
      return `Creating session on ${providerName(s.provider)}`;
  }
}

/** 0..1 where the stage knows its bytes, else null (a single native call: show elapsed time). */
export function loadStageFraction(s: LoadStage): number | null {
  return s.bytesDone !== null && s.bytesTotal ? Math.min(1, s.bytesDone / s.bytesTotal) : null;
}

/** "12 s" / "850 ms": elapsed time on an indeterminate stage. */
export function formatLoadMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** One line for the stage: "Loading starter-text: Checking model files · 4.0 of 13.9 MiB". */
export function loadStageLine(s: LoadStage, elapsedMs = s.elapsedMs): string {
  const head = `Loading ${s.model}: ${loadStageLabel(s)}`;
  if (s.bytesDone !== null && s.bytesTotal) return `${head} · ${mib(s.bytesDone)} of ${mib(s.bytesTotal)}`;
  return `${head} · ${formatLoadMs(elapsedMs)}`;
}

const SERVED: Record<string, string> = {
  warm: 'already loaded',
  cache: 'from the optimised-graph cache',
  optimised: 'graph optimised and cached',
  direct: 'without the graph cache',
};

/** "Model loaded in 1.4 s (from the optimised-graph cache)" or "Model already loaded (warm)". */
export function loadSummary(load: JobLoad): string | null {
  if (load.models.length === 0) return null;
  if (load.models.every((m) => m.served === 'warm')) return load.models.length === 1 ? 'Model already loaded (warm)' : 'Models already loaded (warm)';
  const how = [...new Set(load.models.filter((m) => m.served !== 'warm').map((m) => SERVED[m.served] ?? m.served))].join('; ');
  return `${load.models.length === 1 ? 'Model' : 'Models'} loaded in ${formatLoadMs(load.ms)} (${how})`;
}
