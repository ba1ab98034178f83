// What the queue shows under a job's kind, read from payloads as the host stores them: the
// document of a writing or image job, an image's prompt, an enhance's source prompt; nothing for
// a payload without them (a self-test, a download, a payload of an older shape).
import { describe, expect, it } from 'vitest';
import type { Job } from '../../shared/contract';
import { jobDocumentId, jobSubject } from '../../renderer/features/queue/jobSubject';

const job = (kind: string, payload: unknown): Job => ({
  id: 'j', kind, status: 'queued', position: 0, payload, progress: null, result: null, error: null, note: null, attempts: 0, createdAt: 0, startedAt: null, finishedAt: null,
});

describe('jobSubject', () => {
  it('names the document of a writing job, and the board and prompt of an image job', () => {
    const text = job('generate-text', { request: { documentId: 'd1', prompt: 'And the sea' }, seed: 1 });
    expect(jobDocumentId(text)).toBe('d1');
    expect(jobSubject(text, 'Tide tables')).toBe('Tide tables');
    const image = job('generate-image', { request: { documentId: 'd2', settings: { prompt: '  a red dress ' } } });
    expect(jobSubject(image, 'Harbour studies')).toBe('Harbour studies · “a red dress”');
    // Its document not (yet) known: the prompt alone.
    expect(jobSubject(image, null)).toBe('“a red dress”');
  });

  it('gives an enhance the prompt of the image it starts from', () => {
    const enhance = job('enhance-image', { iterationId: 'i', scale: 2, recipe: { kind: 'image', settings: { prompt: 'boats at night' } } });
    expect(jobDocumentId(enhance)).toBeNull();
    expect(jobSubject(enhance, null)).toBe('“boats at night”');
  });

  it('names nothing for a payload without a document or prompt', () => {
    for (const payload of [{ steps: 20, stepMs: 100 }, null, 'text', { request: { documentId: 7, settings: { prompt: '' } } }]) {
      const j = job('generate-image', payload);
      expect([jobDocumentId(j), jobSubject(j, null)]).toEqual([null, null]);
    }
    expect(jobSubject(job('self-test', { steps: 20 }), null)).toBeNull();
  });
});
