// generate.streamed through the real host: mid-run it answers exactly the text the tokens events
// before its answer carried (so a window that reloads adds only what comes after), by row, and
// nothing once the job has ended.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, GenerateTextStreamed, Job, TokensEvent } from '../../shared/contract';
import { writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { useTestHost } from '../support/test-host';

/** Wide enough that hundreds of tokens take seconds. */
const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };

const h = useTestHost({ models: (dir) => writeDecoderFolder(join(dir, 'slow-gpt2'), SLOW_GPT2) });
let doc: DocumentInfo;

beforeAll(async () => {
  doc = await h.textDocument('Novel', 'Ch 1', 'The night train');
});

/** The text the tokens events heard (the first `upTo` events, else all so far) carried for one job and row. */
const heard = (jobId: string, row: number, upTo?: number) =>
  h.sock.events
    .slice(0, upTo)
    .filter((e) => e.event === 'generate.tokens' && (e.data as TokensEvent).jobId === jobId && (e.data as TokensEvent).row === row)
    .flatMap((e) => (e.data as TokensEvent).tokens);

describe('generate.streamed', () => {
  it('answers what was streamed before its answer, row by row, and null once the job ended', async () => {
    const job = await h.call<Job>('generate.text', {
      documentId: doc.id,
      prompt: 'The night train',
      model: 'slow-gpt2',
      alternatives: 2,
      settings: { maxNewTokens: 600, seed: 3 },
    });
    await expect.poll(() => heard(job.id, 0).length + heard(job.id, 1).length, { timeout: 60_000, interval: 50 }).toBeGreaterThan(6);
    const { reply, eventsBefore } = await h.sock.callCounted('generate.streamed', { jobId: job.id });
    if (!reply.ok) throw new Error(reply.error.message);
    const sofar = reply.result as GenerateTextStreamed | null;
    // The events that arrived before the answer (later ones may already be in h.sock.events).
    const rows = [0, 1].map((row) => heard(job.id, row, eventsBefore));
    expect(sofar).not.toBeNull();
    expect(sofar!.rows.map((r) => r.text)).toEqual(rows.map((toks) => toks.map((t) => t.text).join('')).slice(0, sofar!.rows.length));
    expect(sofar!.rows.map((r) => r.tokens)).toEqual(rows.map((toks) => toks.length).slice(0, sofar!.rows.length));

    await h.call('jobs.cancel', { id: job.id });
    const end = (await h.finished(job.id)).data as Job;
    expect(end.status).toBe('cancelled');
    const result = end.result as GenerateTextJobSummary;
    // Nothing lost: the answer and what followed it make the saved text of each row.
    for (const [row, r] of sofar!.rows.entries()) expect(result.rows[row]!.text.startsWith(r.text)).toBe(true);
    expect(await h.call('generate.streamed', { jobId: job.id })).toBeNull();
    expect(await h.call('generate.streamed', { jobId: 'no-such-job' })).toBeNull();
  });
});
