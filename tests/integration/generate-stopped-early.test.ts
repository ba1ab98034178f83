// A text generation stopped before its first token adds no version (its text would equal its
// parent's): the versions table is unchanged, no history.changed is sent, and the job row keeps
// the attempt (status cancelled, the request and seed, a summary row with iterationId null). One
// stopped after some tokens keeps exactly what streamed as a 'stopped' version, and alternatives
// keep only the rows that wrote text. Real host, real SQLite, real worker process; the first job's
// worker is held (tests/support/held-host.ts) until its stop has been sent, however fast the
// machine is.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, GenerateTextPayload, IterationTokens, IterationWithContent, Job, TokensEvent } from '../../shared/contract';
import { GPT2_EOS, writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { useHeldHost } from '../support/held-host';

const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };
const { h, open, versionCount } = useHeldHost('worker', {
  models: (dir) => {
    writeDecoderFolder(join(dir, 'slow-gpt2'), SLOW_GPT2);
    // The same weights; its end-of-text token is set by the alternatives test once it knows one row's first token.
    writeDecoderFolder(join(dir, 'eos-gpt2'), SLOW_GPT2);
  },
});
const { call, finished } = h;

const eventsFrom = (from: number, event: string) => h.sock.events.slice(from).filter((e) => e.event === event);
const streamed = (jobId: string, row: number) =>
  h.sock.events
    .filter((e) => e.event === 'generate.tokens' && (e.data as TokensEvent).jobId === jobId && (e.data as TokensEvent).row === row)
    .flatMap((e) => (e.data as TokensEvent).tokens);

let doc: DocumentInfo;
beforeAll(async () => {
  doc = await h.textDocument('Stops', 'Ch 1', 'The quay at dusk');
});

describe('a text generation stopped', () => {
  it('before its first token adds no version and no history.changed; the job keeps its request, seed and status', { timeout: 120_000 }, async () => {
    const before = versionCount();
    const heard = h.sock.events.length;
    const job = await call<Job>('generate.text', {
      documentId: doc.id,
      prompt: 'The quay at dusk',
      model: 'slow-gpt2',
      alternatives: 2,
      settings: { maxNewTokens: 200, seed: 3 },
    });
    expect(job.status).toBe('running');
    // The worker has not run a line yet: the stop is there before the job starts.
    await call('jobs.cancel', { id: job.id });
    open();
    const end = (await finished(job.id)).data as Job;
    expect(end.status).toBe('cancelled');
    const result = end.result as GenerateTextJobSummary;
    // One entry per row, neither with a version.
    expect(result.iterationIds).toEqual([null, null]);
    expect(result.rows.map((r) => [r.text, r.tokenCount, r.stopReason])).toEqual([
      ['', 0, 'cancelled'],
      ['', 0, 'cancelled'],
    ]);
    expect(result.rows.map((r) => [r.recipe.seed, r.recipe.alternative, r.recipe.model.id])).toEqual([
      [3, 0, 'slow-gpt2'],
      [3, 1, 'slow-gpt2'],
    ]);
    expect(versionCount()).toBe(before);
    expect(eventsFrom(heard, 'history.changed')).toEqual([]);
    // The job row, read back from the database, is the record of the attempt.
    const stored = await call<Job>('jobs.get', { id: job.id });
    expect(stored.status).toBe('cancelled');
    expect(stored.result).toEqual(result);
    const payload = stored.payload as GenerateTextPayload;
    expect(payload.seed).toBe(3);
    expect(payload.request).toMatchObject({ documentId: doc.id, parentId: doc.headIterationId, prompt: 'The quay at dusk', model: 'slow-gpt2', alternatives: 2 });
    expect(payload.request.settings).toMatchObject({ maxNewTokens: 200, seed: 3 });
    expect((await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId).toBe(doc.headIterationId);
  });

  it('after some tokens keeps exactly what streamed as a stopped version', { timeout: 120_000 }, async () => {
    const before = versionCount();
    const heard = h.sock.events.length;
    const prompt = 'The quay at dusk';
    const job = await call<Job>('generate.text', { documentId: doc.id, prompt, suffix: ' END', model: 'slow-gpt2', settings: { maxNewTokens: 900, seed: 4 } });
    await h.sock.waitForEvent((e) => e.event === 'generate.tokens' && e.data.jobId === job.id, 60_000);
    await call('jobs.cancel', { id: job.id });
    const end = (await finished(job.id)).data as Job;
    expect(end.status).toBe('cancelled');
    const result = end.result as GenerateTextJobSummary;
    const [id] = result.iterationIds;
    expect(result.iterationIds).toHaveLength(1);
    expect(typeof id).toBe('string');
    const tokens = streamed(job.id, 0);
    const text = tokens.map((t) => t.text).join('');
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.length).toBeLessThan(900);
    expect(result.rows[0]).toMatchObject({ stopReason: 'cancelled', tokenCount: tokens.length });
    // Exactly the streamed text: a character the stop cut in two is in neither.
    expect(result.rows[0]!.text).toBe(text);
    const version = await call<IterationWithContent>('history.get', { id });
    expect(version).toMatchObject({ status: 'stopped', source: 'model', parentIds: [doc.headIterationId], text: prompt + result.rows[0]!.text + ' END' });
    const kept = await call<IterationTokens>('history.tokens', { id });
    expect(kept.start).toBe(prompt.length);
    expect(kept.tokens.map((t) => t.text).join('')).toBe(text);
    expect(versionCount()).toBe(before + 1);
    expect(eventsFrom(heard, 'history.changed').map((e) => e.data)).toEqual([{ documentId: doc.id, iterationIds: [id], change: 'added' }]);
  });

  it('keeps only the alternatives that wrote text; one that ended by itself with none is kept when nothing was stopped', { timeout: 240_000 }, async () => {
    const alt = await h.textDocument('Stops', 'Ch 2', 'Lanterns');
    // Sampled, not greedy: each row goes its own way.
    const request = { documentId: alt.id, prompt: 'Lanterns', alternatives: 3 };
    const settings = { seed: 1, temperature: 1, topK: 0, topP: 1, minP: 0, maxNewTokens: 900 };
    // What each row writes with this seed; a row whose first token no other row ever writes is the one to end.
    const probe = await call<Job>('generate.text', { ...request, model: 'slow-gpt2', settings });
    const probed = ((await finished(probe.id)).data as Job).result as GenerateTextJobSummary;
    const rows = await Promise.all(probed.iterationIds.map(async (id) => (await call<IterationTokens>('history.tokens', { id })).tokens.map((t) => t.id)));
    const ends = rows.findIndex((ids, r) => rows.every((other, o) => o === r || !other.includes(ids[0]!)));
    expect(ends, `first tokens ${JSON.stringify(rows.map((ids) => ids[0]))}`).toBeGreaterThanOrEqual(0);
    // A model (the same weights) that takes that token for the end of the text: that row ends before
    // writing anything, the others write on until stopped.
    writeFileSync(join(h.modelsDir, 'eos-gpt2', 'generation_config.json'), JSON.stringify({ bos_token_id: GPT2_EOS, eos_token_id: [rows[ends]![0], GPT2_EOS] }));

    const before = versionCount();
    const heard = h.sock.events.length;
    const job = await call<Job>('generate.text', { ...request, model: 'eos-gpt2', settings });
    await h.sock.waitForEvent((e) => e.event === 'generate.tokens' && e.data.jobId === job.id, 60_000);
    await call('jobs.cancel', { id: job.id });
    const end = (await finished(job.id)).data as Job;
    expect(end.status).toBe('cancelled');
    const result = end.result as GenerateTextJobSummary;
    expect(result.rows.map((r) => r.stopReason)).toEqual(rows.map((_, r) => (r === ends ? 'eos' : 'cancelled')));
    expect(result.rows[ends]).toMatchObject({ text: '', tokenCount: 0 });
    expect(result.iterationIds[ends]).toBeNull();
    const saved = result.iterationIds.filter((id, r) => r !== ends) as string[];
    expect(saved.every((id) => typeof id === 'string')).toBe(true);
    for (const [r, row] of result.rows.entries()) {
      if (r === ends) continue;
      expect(row.tokenCount).toBeGreaterThan(0);
      expect(await call<IterationWithContent>('history.get', { id: result.iterationIds[r] })).toMatchObject({ status: 'stopped', text: 'Lanterns' + row.text });
    }
    expect(versionCount()).toBe(before + 2);
    expect(eventsFrom(heard, 'history.changed').map((e) => e.data)).toEqual([{ documentId: alt.id, iterationIds: saved, change: 'added' }]);

    // Not stopped: the row that ended with no token is a result like any other, saved as the parent's text.
    const done = await call<Job>('generate.text', { ...request, model: 'eos-gpt2', settings: { ...settings, maxNewTokens: 2 } });
    const ran = (await finished(done.id)).data as Job;
    expect(ran.status).toBe('done');
    const all = (ran.result as GenerateTextJobSummary).iterationIds;
    expect(all.every((id) => typeof id === 'string')).toBe(true);
    expect(await call<IterationWithContent>('history.get', { id: all[ends] })).toMatchObject({ status: 'ok', text: 'Lanterns' });
    expect((ran.result as GenerateTextJobSummary).rows[ends]).toMatchObject({ stopReason: 'eos', tokenCount: 0 });
    expect(versionCount()).toBe(before + 5);
  });
});
