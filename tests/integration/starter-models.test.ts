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

describe('starter-gan', () => {
  it('draws the garment the prompt names, differently per seed', async () => {
    const { GanGenerator, classFromPrompt } = await import('../../electron/engine/image/gan');
    const { ImageSettings } = await import('../../shared/contract/image');
    const gan = await GanGenerator.load(join(models, 'starter-gan'), 'cpu');
    expect(classFromPrompt('a red dress', gan.card)).toBe(gan.card.classes.indexOf('dress'));
    expect(classFromPrompt('a white t shirt', gan.card)).toBe(gan.card.classes.indexOf('t-shirt/top'));
    expect(classFromPrompt('Ankle boots in the rain', gan.card)).toBe(gan.card.classes.indexOf('ankle boot'));
    expect(() => classFromPrompt('a spaceship', gan.card)).toThrow(/only knows garments/);
    const s = ImageSettings.parse({ prompt: 'a sneaker' });
    const a = await gan.generate(s, 1);
    expect([a.width, a.height]).toEqual([28, 28]);
    expect(Buffer.from(a.data).equals(Buffer.from((await gan.generate(s, 1)).data))).toBe(true);
    expect(Buffer.from(a.data).equals(Buffer.from((await gan.generate(s, 2)).data))).toBe(false);
    // A garment on a black background: the border is dark, the middle is not.
    const at = (x: number, y: number) => a.data[(y * 28 + x) * 3] as number;
    expect(at(0, 0)).toBeLessThan(40);
    expect(Math.max(...Array.from({ length: 10 }, (_, i) => at(9 + i, 14)))).toBeGreaterThan(60);
    await gan.dispose();
  });

  it('colours the garment by the prompt\'s colour word: the same shape, the grey levels mapped', async () => {
    const { GanGenerator } = await import('../../electron/engine/image/gan');
    const { tintGarment, GARMENT_COLOURS } = await import('../../electron/engine/image/garment-colour');
    const { ImageSettings } = await import('../../shared/contract/image');
    const gan = await GanGenerator.load(join(models, 'starter-gan'), 'cpu');
    const grey = await gan.generate(ImageSettings.parse({ prompt: 'a dress' }), 5);
    const red = await gan.generate(ImageSettings.parse({ prompt: 'a Red dress' }), 5);
    const yellow = await gan.generate(ImageSettings.parse({ prompt: 'dress, yellow' }), 5);
    // Same latent and class: the tinted images are exactly the grey one mapped.
    expect(Buffer.from(red.data).equals(Buffer.from(tintGarment(grey, { name: 'red', rgb: GARMENT_COLOURS.red as [number, number, number] }).data))).toBe(true);
    expect(Buffer.from(yellow.data).equals(Buffer.from(tintGarment(grey, { name: 'yellow', rgb: GARMENT_COLOURS.yellow as [number, number, number] }).data))).toBe(true);
    // The garment's brightest pixel is red (on white) and yellow (on black); the grey one stays grey.
    const brightest = grey.data.reduce((best, v, i) => (i % 3 === 0 && v > (grey.data[best] as number) ? i : best), 0);
    const px = (r: { data: Uint8Array }) => Array.from(r.data.subarray(brightest, brightest + 3)) as [number, number, number];
    const [gr, gg, gb] = px(grey);
    expect(gr).toBe(gg);
    expect(gg).toBe(gb);
    const [rr, rg, rb] = px(red);
    expect(rr - Math.max(rg, rb)).toBeGreaterThan(100);
    expect(red.data[0]).toBeGreaterThan(200); // white background for a dark colour
    const [yr, yg, yb] = px(yellow);
    expect(Math.min(yr, yg) - yb).toBeGreaterThan(100);
    expect(yellow.data[0]).toBeLessThan(40); // black background for a light one
    await gan.dispose();
  });
});
