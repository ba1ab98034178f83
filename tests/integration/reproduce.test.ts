// Reproduce through the real core (queue → worker → store) on tiny CPU models: a seeded text
// alternative and a seeded image re-run "identical"; after the model file changes the re-run
// "differs" and says the model changed. The re-run is a child of the original with a record.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, HistoryGraph, Iteration, Job, ReproduceStarted, Reproduction, SearchResponse } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { useTestCore } from '../support/test-core';

const h = useTestCore({
  models: (dir) => {
    writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2);
    writeTinySdFolder(join(dir, 'tiny-sd'), TINY_SD);
  },
});
const { call, fails, finished } = h;
const models = h.modelsDir;
let doc: DocumentInfo;
let board: DocumentInfo;

type RerunResult = { iterationIds: string[]; reproduction: Reproduction | null };
async function reproduce(id: string): Promise<{ started: ReproduceStarted; result: RerunResult }> {
  const started = await call<ReproduceStarted>('history.reproduce', { id });
  const job = await finished(started.jobId);
  expect(job.status, JSON.stringify(job.error)).toBe('done');
  return { started, result: job.result as RerunResult };
}

beforeAll(async () => {
  [doc, board] = await h.documents('Repro', { kind: 'text', title: 'Doc', text: 'The old house' }, { kind: 'image', title: 'Board' });
});

describe('history.reproduce', () => {
  let original: string;

  it('re-runs a seeded text alternative on CPU: identical, recorded as a child', async () => {
    const job = await call<Job>('generate.text', {
      documentId: doc.id,
      prompt: 'The old house',
      suffix: ' THE END',
      model: 'tiny-gpt2',
      provider: 'cpu',
      alternatives: 2,
      settings: { maxNewTokens: 8, seed: 5, temperature: 1, topK: 0, topP: 1, minP: 0 },
    });
    const ids = ((await finished(job.id)).result as GenerateTextJobSummary).iterationIds;
    original = ids[1]!; // the second alternative: its row seed differs from the first
    const { started, result } = await reproduce(original);
    expect(started).toMatchObject({ originalId: original, provider: 'cpu', notes: [] });
    expect(result.reproduction).toMatchObject({ originalId: original, outcome: 'identical', hashKind: 'text', reasons: [] });
    expect(result.reproduction!.newHash).toBe(result.reproduction!.originalHash);
    const rerun = await call<Iteration & { text: string }>('history.get', { id: result.iterationIds[0] });
    const first = await call<Iteration & { text: string }>('history.get', { id: original });
    expect(rerun.parentIds).toEqual([original]);
    expect(rerun.text).toBe(first.text);
    expect(rerun.recipe).toMatchObject({ seed: 5, alternative: 1, model: { id: 'tiny-gpt2' } });
    expect(await call<Reproduction[]>('history.reproductions', { id: original })).toEqual([result.reproduction]);
    expect(await call<Reproduction[]>('history.reproductions', { id: rerun.id })).toEqual([result.reproduction]);
    const graph = await call<HistoryGraph>('history.graph', { documentId: doc.id });
    expect(graph.edges).toContainEqual({ parentId: original, childId: rerun.id });
    // The tree's rows read the verdict from the graph: on the re-run only.
    const inGraph = new Map(graph.iterations.map((it) => [it.id, it]));
    expect(inGraph.get(rerun.id)?.reproduces).toEqual({ originalId: original, outcome: 'identical' });
    expect(inGraph.get(original)).not.toHaveProperty('reproduces');
  });

  it('says "differs" and why when the model file changed', async () => {
    writeDecoderFolder(join(models, 'tiny-gpt2'), { ...TINY_GPT2, seed: 99 });
    const { result } = await reproduce(original);
    expect(result.reproduction).toMatchObject({ outcome: 'differs', reasons: [{ code: 'model-changed', message: expect.stringMatching(/^The model file changed: sha256 /) }] });
    expect(result.reproduction!.newHash).not.toBe(result.reproduction!.originalHash);
    const graph = await call<HistoryGraph>('history.graph', { documentId: doc.id, recipes: false });
    expect(graph.iterations.find((it) => it.id === result.iterationIds[0])?.reproduces).toEqual({ originalId: original, outcome: 'differs' });
    expect((await call<SearchResponse>('search.query', { q: 'seed = 5 model:tiny-gpt2' })).total).toBe(4);
    writeDecoderFolder(join(models, 'tiny-gpt2'), TINY_GPT2);
  });

  it('re-runs one image of a seeded batch: identical pixels', async () => {
    const job = await call<Job>('generate.image', {
      documentId: board.id,
      model: 'tiny-sd',
      provider: 'cpu',
      batch: 2,
      settings: { prompt: 'a red dress', steps: 3, cfg: 5, width: 64, height: 64, seed: 42, scheduler: 'euler-a' },
    });
    const ids = ((await finished(job.id)).result as { iterationIds: string[] }).iterationIds;
    const { result } = await reproduce(ids[1]!);
    expect(result.reproduction).toMatchObject({ originalId: ids[1], outcome: 'identical', hashKind: 'pixels', reasons: [] });
    const rerun = await call<Iteration>('history.get', { id: result.iterationIds[0] });
    expect(rerun).toMatchObject({ parentIds: [ids[1]], recipe: { seed: 43, settings: { prompt: 'a red dress', cfg: 5 } } });

    // An enhanced version re-runs its upscale of the same source.
    const enhance = await call<Job>('images.enhance', { iterationId: ids[0], scale: 2 });
    const up = ((await finished(enhance.id)).result as { iterationIds: string[] }).iterationIds[0]!;
    const again = await reproduce(up);
    expect(again.result.reproduction).toMatchObject({ originalId: up, outcome: 'identical', hashKind: 'pixels' });
    expect(await call<Iteration>('history.get', { id: again.result.iterationIds[0] })).toMatchObject({ parentIds: [up], recipe: { upscale: { from: ids[0], scale: 2 } } });
  });

  it('refuses what cannot be re-run', async () => {
    const written = (await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId;
    expect(await fails('history.reproduce', { id: written })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no recipe/) });
    const gone = h.core.store.history.addGeneratedText({
      documentId: doc.id,
      parentIds: [],
      text: 'x',
      status: 'ok',
      recipe: { kind: 'text', model: { id: 'uninstalled', sha256: null, name: 'x' }, seed: 1, settings: {}, alternative: 0, device: { used: 'cpu' } },
      tokens: { start: 0, tokens: [] },
    });
    expect(await fails('history.reproduce', { id: gone.id })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/'uninstalled' .* not installed/) });
    expect(await fails('history.reproduce', { id: 'missing' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
