// The Welcome project of a fresh data folder, through the contract on a real core: "Start here"
// and then the "First images" board, whose ready prompt the starter GAN (shipped with the app)
// draws as it is; a restart adds nothing, and a board the user trashed or deleted for good stays
// gone. A folder made before the board existed: tests/integration/migrations/011-document-starter.test.ts.
import { describe, expect, it } from 'vitest';
import type { DocumentInfo, ImageRecipe, Job, Project, PurgeSummary } from '../../shared/contract';
import { useTestCore } from '../support/test-core';

const h = useTestCore();

const welcomeProjects = async () => (await h.call<Project[]>('projects.list', {})).filter((p) => p.name === 'Welcome');
const welcomeDocuments = async () => {
  const [welcome] = await welcomeProjects();
  return h.call<DocumentInfo[]>('documents.list', { projectId: welcome!.id });
};

describe('the Welcome project of a fresh data folder', () => {
  it('holds Start here, then the First images board with its prompt ready for the starter GAN', async () => {
    expect(await welcomeProjects()).toHaveLength(1);
    const docs = await welcomeDocuments();
    expect(docs.map((d) => [d.title, d.kind, d.iterationCount, d.starter])).toEqual([
      ['Start here', 'text', 1, null],
      ['First images', 'image', 0, { prompt: 'a red sneaker', model: 'starter-gan' }],
    ]);
    // Start here sends the reader to the board by its name and prompt.
    const start = await h.call<{ text: string }>('history.get', { id: docs[0]!.headIterationId });
    expect(start.text).toContain('open the "First images" board in this project: its prompt, "a red sneaker", is ready, so press Generate');
  });

  it('the board’s prompt is one the starter model draws, as it stands', async () => {
    const board = (await welcomeDocuments())[1]!;
    const { prompt, model } = board.starter!;
    const end: Job = await h.runJob('generate.image', { documentId: board.id, model, batch: 1, settings: { prompt, seed: 7 } });
    expect(end.status, JSON.stringify(end.error)).toBe('done');
    const [id] = (end.result as { iterationIds: string[] }).iterationIds;
    const recipe = h.core.store.history.get(id!).recipe as ImageRecipe;
    expect([recipe.model.id, recipe.settings.prompt, recipe.width]).toEqual(['starter-gan', 'a red sneaker', 448]);
  });

  it('is made once: a restart adds nothing, and a trashed or deleted board does not come back', async () => {
    await h.reopen();
    expect(await welcomeProjects()).toHaveLength(1);
    const [, board] = await welcomeDocuments();
    expect(board?.title).toBe('First images');

    await h.call('documents.trash', { id: board!.id });
    await h.reopen();
    expect((await welcomeDocuments()).map((d) => d.title)).toEqual(['Start here']);

    const summary = await h.call<PurgeSummary>('trash.summary', { projectIds: [], documentIds: [board!.id] });
    await h.call('trash.deleteForGood', { projectIds: [], documentIds: summary.documentIds, iterationIds: summary.iterationIds });
    await h.reopen();
    expect((await welcomeDocuments()).map((d) => d.title)).toEqual(['Start here']);
    expect(await welcomeProjects()).toHaveLength(1);
  });
});
