// A re-run (history.reproduce) stopped before its first token adds no version, as a generation
// does (generation.ts stoppedBeforeText): nothing to compare, and its text would equal its parent's.
// The job keeps the attempt (status cancelled, result with no version and no verdict). Real host,
// real SQLite, real worker process; the worker holds the re-run (the second job it is asked to
// run, tests/support/held-host.ts) until its stop has been sent.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, Job, Reproduction, ReproduceStarted } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { useHeldHost } from '../support/held-host';

const { h, open, versionCount } = useHeldHost('jobs', {
  models: (dir) => writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2),
  env: { ATELIER_TEST_JOB_GATE_RUN: '2' },
});
const { call, finished } = h;

let doc: DocumentInfo;
beforeAll(async () => {
  doc = await h.textDocument('Re-runs', 'Ch 1', 'The old house');
});

describe('history.reproduce stopped before its first token', () => {
  it('adds no version and records no verdict; the job ends cancelled', { timeout: 120_000 }, async () => {
    // The first job runs freely: the version to re-run.
    const first = await call<Job>('generate.text', {
      documentId: doc.id,
      prompt: 'The old house',
      model: 'tiny-gpt2',
      provider: 'cpu',
      settings: { maxNewTokens: 8, seed: 5, temperature: 1, topK: 0, topP: 1, minP: 0 },
    });
    const original = ((await finished(first.id)).data.result as GenerateTextJobSummary).iterationIds[0]!;
    expect(original).toBeTruthy();
    const before = versionCount();
    const heard = h.sock.events.length;

    // The re-run is held in the worker: the stop is there before it starts.
    const started = await call<ReproduceStarted>('history.reproduce', { id: original });
    await call('jobs.cancel', { id: started.jobId });
    open();
    const end = (await finished(started.jobId)).data as Job;
    expect(end.status).toBe('cancelled');
    expect(end.result).toEqual({ iterationIds: [], reproduction: null });
    expect(versionCount()).toBe(before);
    expect(h.sock.events.slice(heard).filter((e) => e.event === 'history.changed')).toEqual([]);
    expect(await call<Reproduction[]>('history.reproductions', { id: original })).toEqual([]);
  });
});
