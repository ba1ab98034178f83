// Text generation through the real host: WebSocket → queue → worker process → versions in the
// store, with streamed tokens, Stop keeping the partial text, and clear errors for bad input.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, HistoryGraph, IterationTokens, Job } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { useTestHost } from '../support/test-host';

const h = useTestHost({
  models: (dir) => {
    writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2);
    writeDecoderFolder(join(dir, 'no-tokenizer'), TINY_GPT2);
    rmSync(join(dir, 'no-tokenizer', 'tokenizer.json'));
  },
});
const { call, finished } = h;
let doc: DocumentInfo;

beforeAll(async () => {
  doc = await h.textDocument('Novel', 'Ch 1', 'The old house');
});

describe('generate.text', () => {
  it('streams tokens and saves each alternative as a version under the head', async () => {
    const job = await call<Job>('generate.text', {
      documentId: doc.id,
      prompt: 'The old house',
      suffix: ' THE END',
      model: 'tiny-gpt2',
      alternatives: 2,
      settings: { maxNewTokens: 8, seed: 5, temperature: 1, topK: 0, topP: 1, minP: 0 },
    });
    const end = (await finished(job.id)).data as Job;
    expect(end.status).toBe('done');
    const result = end.result as GenerateTextJobSummary;
    expect(result.iterationIds).toHaveLength(2);
    const streamed = h.sock.events.filter((e) => e.event === 'generate.tokens' && (e.data as { jobId: string }).jobId === job.id);
    for (const row of [0, 1]) {
      const text = streamed
        .filter((e) => (e.data as { row: number }).row === row)
        .flatMap((e) => (e.data as { tokens: { text: string }[] }).tokens.map((x) => x.text))
        .join('');
      expect(text).toBe(result.rows[row]!.text);
    }
    const graph = await call<HistoryGraph>('history.graph', { documentId: doc.id });
    const [root, ...children] = graph.iterations;
    expect(children.map((c) => c.id)).toEqual(result.iterationIds);
    for (const c of children) {
      expect(c).toMatchObject({ source: 'model', status: 'ok', parentIds: [root!.id] });
      expect(c.recipe).toMatchObject({ kind: 'text', seed: 5, model: { id: 'tiny-gpt2' }, device: { used: 'cpu' }, settings: { maxNewTokens: 8 } });
      const full = await call<{ text: string }>('history.get', { id: c.id });
      const tokens = await call<IterationTokens>('history.tokens', { id: c.id });
      expect(full.text.startsWith('The old house')).toBe(true);
      expect(full.text.endsWith(' THE END')).toBe(true);
      expect(tokens.start).toBe('The old house'.length);
      expect(full.text.slice(tokens.start, full.text.length - ' THE END'.length)).toBe(tokens.tokens.map((x) => x.text).join(''));
    }
    // Generated candidates do not move the head; accepting one does.
    expect((await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId).toBe(root!.id);
    const accepted = await call<DocumentInfo>('history.checkout', { documentId: doc.id, iterationId: result.iterationIds[1] });
    expect(accepted.headIterationId).toBe(result.iterationIds[1]);
  });

  it('reproduces the same text from the same seed', async () => {
    const run = async () => {
      const job = await call<Job>('generate.text', {
        documentId: doc.id,
        prompt: 'Once',
        model: 'tiny-gpt2',
        settings: { maxNewTokens: 6, seed: 11, temperature: 1, topK: 0, topP: 1, minP: 0 },
      });
      return ((await finished(job.id)).data.result as GenerateTextJobSummary).rows[0]!.text;
    };
    expect(await run()).toBe(await run());
  });

  it('Stop keeps the partial text as a stopped version', async () => {
    const job = await call<Job>('generate.text', {
      documentId: doc.id,
      prompt: 'The old house',
      model: 'tiny-gpt2',
      settings: { maxNewTokens: 4000, seed: 1, temperature: 1, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1 },
    });
    await h.sock.waitForEvent((e) => e.event === 'generate.tokens' && e.data.jobId === job.id);
    await call('jobs.cancel', { id: job.id });
    const end = (await finished(job.id)).data as Job;
    expect(end.status).toBe('cancelled');
    const result = end.result as GenerateTextJobSummary;
    expect(result.iterationIds).toHaveLength(1);
    const saved = await call<{ status: string; text: string }>('history.get', { id: result.iterationIds[0] });
    expect(saved.status).toBe('stopped');
    // The stop ended it (not the tiny model's 128-position context), and the version holds exactly
    // the text written before it.
    expect(result.rows[0]!.stopReason).toBe('cancelled');
    expect(result.rows[0]!.tokenCount).toBeGreaterThan(0);
    expect(saved.text).toBe(`The old house${result.rows[0]!.text}`);
  });

  it('answers bad input with a clear error', async () => {
    const bad = async (params: object) => h.sock.call('generate.text', { documentId: doc.id, prompt: 'x', model: 'tiny-gpt2', ...params });
    expect(await bad({ settings: { topK: -1 } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { issues: [{ path: ['settings', 'topK'] }] } } });
    expect(await bad({ settings: { temperature: Number.NaN } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await bad({ alternatives: 9 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await bad({ model: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('tiny-gpt2') } });
    const job = await call<Job>('generate.text', { documentId: doc.id, prompt: 'x', model: 'no-tokenizer' });
    const end = (await finished(job.id)).data as Job;
    expect(end.status).toBe('failed');
    expect(end.error).toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('no tokenizer.json') });
  });
});
