// Model loading shows progress: through the real host (WebSocket → queue → worker process), a cold
// text job streams its loading stages in order before its first token, a warm one streams none,
// and each finished job's saved progress records how its model was made ready.
import { cpSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Job, JobProgress, LoadStage } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { useTestHost } from '../support/test-host';

// The same files twice: models are held once per device they run on, so a second load of the
// same bytes comes from a second folder (the optimised-graph cache is keyed by the file's content).
const h = useTestHost({
  models: (dir) => {
    writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2);
    cpSync(join(dir, 'tiny-gpt2'), join(dir, 'tiny-gpt2-copy'), { recursive: true });
  },
});
const modelDir = join(h.modelsDir, 'tiny-gpt2');
let doc: DocumentInfo;

beforeAll(async () => {
  doc = await h.textDocument('Loading', 'Ch 1', 'The old house');
});

async function runText(provider: 'auto' | 'cpu', model = 'tiny-gpt2'): Promise<{ job: Job; events: { event: string; data: any }[] }> {
  const { id } = await h.call<Job>('generate.text', {
    documentId: doc.id,
    prompt: 'The old house',
    model,
    provider,
    settings: { maxNewTokens: 4, seed: 1, temperature: 1, topK: 0, topP: 1, minP: 0 },
  });
  const end = await h.finished(id);
  expect((end.data as Job).status).toBe('done');
  const events = h.sock.events.filter((e) => {
    const d = e.data as { id?: string; jobId?: string };
    return (e.event === 'jobs.progress' && d.id === id) || (e.event === 'generate.tokens' && d.jobId === id);
  });
  return { job: end.data as Job, events };
}

const stagesOf = (events: { event: string; data: any }[]) =>
  events.filter((e) => e.event === 'jobs.progress' && (e.data.progress as JobProgress).stage).map((e) => (e.data.progress as JobProgress).stage as LoadStage);

describe('model loading progress', () => {
  it('a cold job streams checking → optimising before its first token; a warm one streams none', async () => {
    const cold = await runText('auto');
    const stages = stagesOf(cold.events);
    // Stage kinds in order, repeats (bytes ticking) collapsed.
    const kinds = stages.map((s) => s.stage).filter((k, i, a) => k !== a[i - 1]);
    expect(kinds).toEqual(['checking', 'optimising']);
    const size = statSync(join(modelDir, 'onnx', 'model.onnx')).size;
    const checking = stages.filter((s) => s.stage === 'checking');
    expect(checking.at(-1)).toMatchObject({ model: 'tiny-gpt2', file: 'model.onnx', bytesDone: size, bytesTotal: size, provider: null });
    const bytes = checking.map((s) => s.bytesDone as number);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
    expect(stages.find((s) => s.stage === 'optimising')).toMatchObject({ model: 'tiny-gpt2', provider: 'cpu', bytesDone: null, bytesTotal: null });
    // Every stage event comes before the first token, and the stage is cleared before it too.
    const firstToken = cold.events.findIndex((e) => e.event === 'generate.tokens');
    const lastStage = cold.events.findLastIndex((e) => e.event === 'jobs.progress' && e.data.progress.stage);
    expect(firstToken).toBeGreaterThan(lastStage);
    const cleared = cold.events.findIndex((e, i) => i > lastStage && e.event === 'jobs.progress' && e.data.progress.stage === null);
    expect(cleared).toBeGreaterThan(lastStage);
    expect(cleared).toBeLessThan(firstToken);
    // The finished job's record says how long loading took and that the graph was optimised now.
    const saved = (await h.sock.call('jobs.list', {})) as { result: Job[] };
    const coldRow = saved.result.find((j) => j.id === cold.job.id)!;
    expect(coldRow.progress?.stage).toBeNull();
    expect(coldRow.progress?.load?.models).toEqual([{ model: 'tiny-gpt2', served: 'optimised', ms: coldRow.progress!.load!.ms, provider: 'cpu' }]);
    expect(coldRow.progress!.load!.ms).toBeGreaterThan(0);

    const warm = await runText('auto');
    expect(stagesOf(warm.events)).toEqual([]);
    expect(warm.events.some((e) => e.event === 'generate.tokens')).toBe(true);
    const warmRow = ((await h.sock.call('jobs.list', {})) as { result: Job[] }).result.find((j) => j.id === warm.job.id)!;
    expect(warmRow.progress?.load).toEqual({ ms: 0, models: [{ model: 'tiny-gpt2', served: 'warm', ms: 0, provider: 'cpu' }] });
  });

  it('the same model files in another folder load from the optimised-graph cache the first load wrote', async () => {
    // Asking for CPU by name shares the Auto load above (both run on the CPU): nothing loads.
    const same = await runText('cpu');
    expect(stagesOf(same.events)).toEqual([]);
    const r = await runText('cpu', 'tiny-gpt2-copy');
    const kinds = stagesOf(r.events)
      .map((s) => s.stage)
      .filter((k, i, a) => k !== a[i - 1]);
    expect(kinds).toEqual(['checking', 'cached']);
    const row = ((await h.sock.call('jobs.list', {})) as { result: Job[] }).result.find((j) => j.id === r.job.id)!;
    expect(row.progress?.load?.models).toMatchObject([{ model: 'tiny-gpt2-copy', served: 'cache', provider: 'cpu' }]);
  });

  it('the status panel reports how the last text job loaded its model', async () => {
    const s = (await h.sock.call('system.status', {})) as { result: { lastDevices: { kind: string; load?: unknown }[] } };
    expect(s.result.lastDevices.find((d) => d.kind === 'text')?.load).toMatchObject({ models: [{ model: 'tiny-gpt2-copy', served: 'cache' }] });
  });
});
