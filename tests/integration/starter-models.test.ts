// The starter models shipped in resources/models load through the same code as imported ones
// and do what their cards say.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextSettings } from '../../shared/contract/generate';
import { generate } from '../../electron/engine/text/generate';
import { TextModel } from '../../electron/engine/text/text-model';
import { defaultResourcesDir } from '../../electron/models/registry';

const models = join(defaultResourcesDir(), 'models');

describe('starter-text', () => {
  it('continues English text with real words, reproducibly', async () => {
    const model = await TextModel.load(join(models, 'starter-text'), { provider: 'cpu' });
    expect(model.io).toMatchObject({ layers: 6, maxPositions: 256, hasPositionIds: true });
    const ids = model.tokenizer.encode('And the king said unto his servants,');
    const settings = TextSettings.parse({ maxNewTokens: 40, seed: 3 });
    const a = await generate(model, ids, { settings, seed: 3, alternatives: 1 });
    const b = await generate(model, ids, { settings, seed: 3, alternatives: 1 });
    expect(b.rows[0]!.text).toBe(a.rows[0]!.text);
    const words = a.rows[0]!.text.toLowerCase().match(/[a-z]+/g) ?? [];
    expect(words.length).toBeGreaterThan(15);
    // A model that learned its corpus uses its commonest words; noise would not.
    const common = new Set(['the', 'and', 'of', 'to', 'unto', 'lord', 'he', 'that', 'in', 'his', 'i', 'a', 'shall']);
    expect(words.filter((w) => common.has(w)).length / words.length).toBeGreaterThan(0.25);
    await model.dispose();
  });
});
