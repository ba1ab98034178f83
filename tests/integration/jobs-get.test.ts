// jobs.get through the real host: one job by its id, exactly as the queue lists it, so a window
// catching up with its own generation (after a reload or a reconnect) asks for that job alone
// instead of a list that carries every job's prompt; an unknown id is NOT_FOUND, a malformed one BAD_INPUT.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Job } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { useTestHost } from '../support/test-host';

const h = useTestHost({ models: (dir) => writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2) });
let doc: DocumentInfo;

beforeAll(async () => {
  doc = await h.textDocument('Novel', 'Ch 1', 'The harbour');
});

const generate = (prompt: string) =>
  h.call<Job>('generate.text', { documentId: doc.id, prompt, model: 'tiny-gpt2', settings: { maxNewTokens: 3, seed: 5 } });

describe('jobs.get', () => {
  it('answers the one job asked for, as jobs.list has it, and nothing of the others', async () => {
    // Each job keeps its prompt: a list of them carries every one.
    const long = 'The harbour was quiet. '.repeat(4000);
    const jobs = [await generate(long + 'a'), await generate('The harbour b'), await generate(long + 'c')];
    for (const job of jobs) await h.finished(job.id);
    const listed = await h.call<Job[]>('jobs.list', { limit: 1000 });
    const middle = jobs[1] as Job;
    const got = await h.call<Job>('jobs.get', { id: middle.id });
    expect(got).toEqual(listed.find((j) => j.id === middle.id));
    expect(got.status).toBe('done');
    expect((got.payload as { request: { prompt: string } }).request.prompt).toBe('The harbour b');
    const answer = JSON.stringify(got).length;
    // The list's answer holds both long prompts; the one job's answer neither.
    expect(answer).toBeLessThan(long.length);
    expect(JSON.stringify(listed).length).toBeGreaterThan(2 * long.length);
  });

  it('refuses an unknown id (NOT_FOUND) and a malformed one (BAD_INPUT)', async () => {
    await expect(h.call('jobs.get', { id: 'no-such-job' })).rejects.toThrow('NOT_FOUND: No job with id no-such-job');
    await expect(h.call('jobs.get', { id: 'not an id' })).rejects.toThrow(/^BAD_INPUT: /);
    await expect(h.call('jobs.get', {})).rejects.toThrow(/^BAD_INPUT: /);
  });
});
