// Restoring a recipe from an AUTOMATIC1111 `parameters` text (electron/engine/image/recipe-png.ts
// restoreRecipe): A1111 from 1.9 writes the sampler and its schedule apart ("Sampler: DPM++ 2M,
// Schedule type: Karras"), which before the fix restored as Euler with "'DPM++ 2M' is not
// available"; a value the schema refuses is named with the file's value, why, and what is used.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { addTextChunks } from '../../electron/engine/image/png-text';
import { restoreRecipe } from '../../electron/engine/image/recipe-png';

const withParameters = async (text: string) =>
  addTextChunks(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer(), { parameters: text });

describe('restoring AUTOMATIC1111 parameters', () => {
  it('joins a separate schedule type to its sampler', async () => {
    const r = restoreRecipe(await withParameters('a castle\nSteps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 5, Size: 768x512'));
    expect(r?.settings.scheduler).toBe('dpmpp-2m-karras');
    expect(r?.notes).toEqual([]);
    const auto = restoreRecipe(await withParameters('a castle\nSteps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7, Seed: 5, Size: 512x512'));
    expect([auto?.settings.scheduler, auto?.notes]).toEqual(['euler-a', []]);
    const older = restoreRecipe(await withParameters('a castle\nSteps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 5, Size: 512x512'));
    expect([older?.settings.scheduler, older?.notes]).toEqual(['dpmpp-2m-karras', []]);
  });

  it('says when a schedule type or sampler has no match here', async () => {
    const r = restoreRecipe(await withParameters('a castle\nSteps: 20, Sampler: Euler, Schedule type: Exponential, CFG scale: 7, Seed: 5, Size: 512x512'));
    expect(r?.settings.scheduler).toBe('euler');
    expect(r?.notes).toEqual(["Schedule type 'Exponential' is not available for Euler; using its own schedule"]);
    const unknown = restoreRecipe(await withParameters('a castle\nSteps: 20, Sampler: DPM++ SDE, Schedule type: Karras, CFG scale: 7, Seed: 5, Size: 512x512'));
    expect([unknown?.settings.scheduler, unknown?.notes]).toEqual(['euler', ["Sampler 'DPM++ SDE Karras' is not available; using Euler"]]);
  });

  it('names each refused value, why, and what is used instead', async () => {
    const r = restoreRecipe(await withParameters('a cat\nSteps: 0, Sampler: Euler, CFG scale: 35, Seed: -1, Size: 513x512, Denoising strength: 0.7'));
    expect(r?.settings).toMatchObject({ prompt: 'a cat', steps: 20, cfg: 7, width: 512, height: 512, seed: null, strength: 0.7 });
    expect(r?.notes).toEqual([
      "Steps 0 from the file can't be used (steps must be at least 1); 20 is used",
      "CFG scale 35 from the file can't be used (CFG must be at most 30); 7 is used",
      "Width 513 from the file can't be used (width must be a multiple of 8); 512 is used",
      "Seed -1 from the file can't be used (seed must be at least 0); a random seed is used",
    ]);
  });
});
