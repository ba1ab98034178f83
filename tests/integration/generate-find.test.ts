// generate.find through the real host: the job a generate.text started, found by the id the window
// made for the request (as after a reload before the answer came); the same id sent twice starts one
// job; an id asked about before any request brought it is closed, and a late request with it is refused.
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

const request = (ref: string | undefined) => ({
  documentId: doc.id,
  prompt: 'The harbour',
  model: 'tiny-gpt2',
  settings: { maxNewTokens: 3, seed: 5 },
  ...(ref === undefined ? {} : { ref }),
});

const textJobs = async () => (await h.call<Job[]>('jobs.list', { limit: 1000 })).filter((j) => j.kind === 'generate-text').length;

describe('generate.find', () => {
  it('finds the job a request with that id started, as the queue has it now; the id sent again starts no second job', async () => {
    const before = await textJobs();
    const started = await h.call<Job>('generate.text', request('window-made-ref-0001'));
    const again = await h.call<Job>('generate.text', request('window-made-ref-0001'));
    expect(again.id).toBe(started.id);
    expect(await textJobs()).toBe(before + 1);
    const end = await h.finished(started.id);
    expect((end.data as Job).status).toBe('done');
    const found = await h.call<Job | null>('generate.find', { ref: 'window-made-ref-0001' });
    expect(found?.id).toBe(started.id);
    expect(found?.status).toBe('done');
    // The id is the window's, not part of the request the job keeps (or a re-run copies).
    expect(Object.keys((found?.payload as { request: object }).request)).not.toContain('ref');
  });

  it('answers null for an id no request brought, and refuses a request that comes with it later', async () => {
    const before = await textJobs();
    expect(await h.call('generate.find', { ref: 'window-made-ref-0002' })).toBeNull();
    await expect(h.call('generate.text', request('window-made-ref-0002'))).rejects.toThrow(
      'CONFLICT: This generation was given up: the window that asked for it reloaded before the request arrived',
    );
    expect(await textJobs()).toBe(before);
    // Still closed when asked again; other ids and requests without one are untouched.
    expect(await h.call('generate.find', { ref: 'window-made-ref-0002' })).toBeNull();
    const plain = await h.call<Job>('generate.text', request(undefined));
    await h.finished(plain.id);
    expect(await textJobs()).toBe(before + 1);
  });

  it('refuses an id that is not one a window makes', async () => {
    await expect(h.call('generate.find', { ref: 'short' })).rejects.toThrow(/^BAD_INPUT: .*not a valid request id/);
    await expect(h.call('generate.text', request('has spaces in it, too many'))).rejects.toThrow(/^BAD_INPUT: .*not a valid request id/);
  });
});
