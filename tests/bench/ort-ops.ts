// Where onnxruntime's own time goes in a decode step (--ops): the model loaded a second time with
// onnxruntime's profiler on, a greedy generation at 1 and at 4 rows through generate(), and the
// profiler's kernel times of the decode steps summed by operator type. The profiler adds its own
// cost per node, so these are shares and 1→4-row growth, not the run's absolute times.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { TextSettings } from '../../shared/contract/generate';
import { openCached } from '../../electron/engine/runtime/optimized-cache';
import { setSessionOpener } from '../../electron/engine/runtime/sessions';
import { generate } from '../../electron/engine/text/generate';
import { TextModel } from '../../electron/engine/text/text-model';

export interface OpShare {
  op: string;
  /** Kernel ms per decode step at 1 and 4 rows. */
  ms1: number;
  ms4: number;
  /** Nodes of this type run per step. */
  nodes: number;
}

export interface OpProfile {
  /** onnxruntime's whole run per decode step (ms, profiled) and the kernels' sum within it. */
  run1: number;
  run4: number;
  kernels1: number;
  kernels4: number;
  ops: OpShare[];
}

interface TraceEvent {
  cat?: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

/** Per-step sums over the last `steps` runs of a profile: run time, kernel time by op type, node counts. */
function summarise(file: string, steps: number): { run: number; kernels: Map<string, number>; nodes: Map<string, number> } {
  const events = JSON.parse(readFileSync(file, 'utf8')) as TraceEvent[];
  const runs = events.filter((e) => e.name === 'model_run').slice(-steps);
  const inRun = (t: number) => runs.some((r) => t >= r.ts && t <= r.ts + r.dur);
  const kernels = new Map<string, number>();
  const nodes = new Map<string, number>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || !inRun(e.ts)) continue;
    const op = e.args?.op_name ?? '?';
    kernels.set(op, (kernels.get(op) ?? 0) + e.dur / 1000 / runs.length);
    nodes.set(op, (nodes.get(op) ?? 0) + 1 / runs.length);
  }
  return { run: runs.reduce((a, r) => a + r.dur, 0) / 1000 / runs.length, kernels, nodes };
}

async function profiled(dir: string, precision: 'fp32' | 'int8', ids: number[], rows: number, steps: number): Promise<ReturnType<typeof summarise>> {
  let session: ort.InferenceSession | null = null;
  const name = `atelier-ops-${process.pid}-${precision}-${rows}`;
  const prefix = join(tmpdir(), name);
  const previous = setSessionOpener(async (model, provider, options) => {
    session = await openCached(model, provider, { ...options, enableProfiling: true, profileFilePrefix: prefix });
    return session;
  });
  let model: TextModel;
  try {
    model = await TextModel.load(dir, { precision, provider: 'cpu' });
  } finally {
    setSessionOpener(previous);
  }
  const settings = TextSettings.parse({ maxNewTokens: steps + 1, topK: 1, repetitionPenalty: 1 });
  try {
    await generate(model, ids, { settings, seed: 1, alternatives: rows });
    (session as unknown as { endProfiling(): void }).endProfiling();
    // The binding does not return the file's name: the profiler names it after the prefix.
    const found = readdirSync(tmpdir()).find((f) => f.startsWith(`${name}_`) && f.endsWith('.json'));
    if (!found) throw new Error(`no onnxruntime profile ${prefix}_*.json`);
    const path = join(tmpdir(), found);
    try {
      return summarise(path, steps);
    } finally {
      rmSync(path, { force: true });
    }
  } finally {
    await model.dispose();
  }
}

export async function opProfile(dir: string, precision: 'fp32' | 'int8', ids: number[], steps = 32): Promise<OpProfile> {
  const one = await profiled(dir, precision, ids, 1, steps);
  const four = await profiled(dir, precision, ids, 4, steps);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const ops = [...new Set([...one.kernels.keys(), ...four.kernels.keys()])]
    .map((op) => ({ op, ms1: one.kernels.get(op) ?? 0, ms4: four.kernels.get(op) ?? 0, nodes: Math.round(one.nodes.get(op) ?? 0) }))
    .sort((a, b) => b.ms4 - a.ms4);
  return { run1: one.run, run4: four.run, kernels1: sum(one.kernels), kernels4: sum(four.kernels), ops };
}

export function opTable(precision: string, p: OpProfile): string {
  const f = (v: number) => v.toFixed(2).padStart(7);
  const lines = [`[${precision}] onnxruntime profile, ms per decode step (profiled):   1 row   4 rows   ×`];
  lines.push(`  ${'whole run'.padEnd(22)}${' '.repeat(24)}${f(p.run1)}  ${f(p.run4)}  ${(p.run4 / p.run1).toFixed(2)}`);
  lines.push(`  ${'kernels (sum)'.padEnd(22)}${' '.repeat(24)}${f(p.kernels1)}  ${f(p.kernels4)}  ${(p.kernels4 / p.kernels1).toFixed(2)}`);
  for (const o of p.ops.filter((o) => o.ms4 >= 0.1)) {
    lines.push(`  ${`${o.op} ×${o.nodes}`.padEnd(22)}${' '.repeat(24)}${f(o.ms1)}  ${f(o.ms4)}  ${o.ms1 > 0 ? (o.ms4 / o.ms1).toFixed(2) : '—'}`);
  }
  return lines.join('\n');
}
