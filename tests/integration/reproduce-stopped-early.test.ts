// A re-run (history.reproduce) stopped before its first token adds no version, as a generation
// does (generation.ts stoppedBeforeText): nothing to compare, and its text would equal its parent's.
// The job keeps the attempt (status cancelled, result with no version and no verdict). Real host,
// real SQLite, real worker process; the worker holds the re-run (the second job it is asked to
// run, tests/support/hold-jobs.mjs) until its stop has been sent.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, Job, Reproduction, ReproduceStarted } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { ROOT } from '../support/host-process';
import { useTestHost } from '../support/test-host';
import { tempDir } from '../support/tmp';

const HOLD_JOBS = join(ROOT, 'tests/support/hold-jobs.mjs');
const gates = tempDir();
const GATE = join(gates.dir, 'go');

const h = useTestHost({
  models: (dir) => writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2),
  worker: {
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${HOLD_JOBS}`.trim(), ATELIER_TEST_JOB_GATE: GATE, ATELIER_TEST_JOB_GATE_RUN: '2' },
    cancelGraceMs: 120_000,
  },
});
const { call, finished } = h;
// Hooks after run last-registered first: the worker is let go before the host stops.
afterAll(() => {
  writeFileSync(GATE, '');
  gates.cleanup();
});

const versionCount = () => h.core.store.db.prepare('SELECT count(*) FROM iterations').pluck().get() as number;

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
    writeFileSync(GATE, '');
    const end = (await finished(started.jobId)).data as Job;
    expect(end.status).toBe('cancelled');
    expect(end.result).toEqual({ iterationIds: [], reproduction: null });
    expect(versionCount()).toBe(before);
    expect(h.sock.events.slice(heard).filter((e) => e.event === 'history.changed')).toEqual([]);
    expect(await call<Reproduction[]>('history.reproductions', { id: original })).toEqual([]);
  });
});
