// Removing a model says how many versions were made with it: `models.usage` counts the versions
// whose recipe names the model (trashed ones too: all keep their recipes) and their documents,
// and `atelier models remove` says so. Before, the confirm and the command only said that
// "versions made with it keep their recipes", whether there were none or hundreds.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Iteration, LibraryModel, ModelDetail, ModelUsage } from '../../../shared/contract';
import { writeTinyGanFolder, writeTinyUpscalerFolder } from '../../fixtures/tiny-library';
import { runAtelier } from '../../support/cli-run';
import { useTestCore } from '../../support/test-core';

const h = useTestCore();
let gan: ModelDetail;
let shirts: DocumentInfo;
let more: DocumentInfo;

async function generate(board: DocumentInfo, model: string, batch: number): Promise<string[]> {
  const end = await h.runJob('generate.image', { documentId: board.id, model, batch, settings: { prompt: 'a shirt', seed: 3 } });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  return (end.result as { iterationIds: string[] }).iterationIds;
}

beforeAll(async () => {
  writeTinyGanFolder(join(h.dir, 'src', 'gan'));
  gan = await h.call<ModelDetail>('models.import', { path: join(h.dir, 'src', 'gan'), mode: 'copy', name: 'Usage GAN' });
  [shirts, more] = await h.documents('Boards', { kind: 'image', title: 'Shirts' }, { kind: 'image', title: 'More shirts' });
}, 120_000);

describe('how many versions a model made', () => {
  it('counts versions and documents by the recipe’s model id, trashed versions included', { timeout: 120_000 }, async () => {
    expect(await h.call<ModelUsage>('models.usage', { id: gan.id })).toEqual({ id: 'usage-gan', versions: 0, documents: 0 });
    const [first] = await generate(shirts, gan.id, 2);
    await generate(more, gan.id, 1);
    await generate(more, 'starter-gan', 1); // another model: not counted
    await h.call<Iteration>('history.trash', { id: first });
    expect(await h.call<ModelUsage>('models.usage', { id: gan.id })).toEqual({ id: 'usage-gan', versions: 3, documents: 2 });
    expect(await h.call<ModelUsage>('models.usage', { id: 'starter-gan' })).toEqual({ id: 'starter-gan', versions: 1, documents: 1 });
  });

  it('`atelier models remove` says how many versions in how many documents keep their recipes', { timeout: 120_000 }, async () => {
    const removed = await runAtelier(h.dataDir, ['models', 'remove', gan.id]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe('Moved usage-gan to the trash (atelier models restore usage-gan brings it back). 3 versions in 2 documents were made with it; they keep their recipes.\n');
    expect((await h.call<LibraryModel[]>('models.list', { trashed: true })).map((m) => m.id)).toEqual(['usage-gan']);
    // A model no version used says that too.
    writeTinyUpscalerFolder(join(h.dir, 'src', 'up'));
    const up = await h.call<ModelDetail>('models.import', { path: join(h.dir, 'src', 'up'), mode: 'reference', name: 'Unused upscaler' });
    const unused = await runAtelier(h.dataDir, ['models', 'remove', up.id]);
    expect(unused.stdout).toBe(`Moved ${up.id} to the trash (atelier models restore ${up.id} brings it back). No version was made with it.\n`);
  });
});
