// The recipe panel's "Enlarged" fact for the starter GAN's built-in upscaler: the factor in all,
// the device, the upscaler and how many times it ran, and the size before and after.
import { describe, expect, it } from 'vitest';
import type { ImageRecipe } from '../../shared/contract';
import { enlargedFact } from '../../renderer/features/image/enlargedWords';

const cpu = { requested: 'auto', used: 'cpu', fallbackReason: null };
const recipe = (upscaler: ImageRecipe['upscaler'], side: number) => ({ kind: 'image', width: side, height: side, device: cpu, upscaler }) as unknown as ImageRecipe;

describe('enlargedFact', () => {
  it('says two ×4 passes make ×16, from 28 px to 448 px', () => {
    expect(enlargedFact(recipe({ id: 'esrgan-x4', passes: 2, device: cpu }, 448))).toBe('×16 on CPU: ESRGAN ×4, run twice (28 × 28 → 448 × 448 px)');
  });

  it('counts one pass, or more than two, and names a device asked for that did not start', () => {
    expect(enlargedFact(recipe({ id: 'esrgan-x2', passes: 1, device: cpu }, 56))).toBe('×2 on CPU: ESRGAN ×2, run once (28 × 28 → 56 × 56 px)');
    const fellBack = { requested: 'cuda', used: 'cpu', fallbackReason: 'no CUDA' };
    expect(enlargedFact(recipe({ id: 'esrgan-x4', passes: 3, device: fellBack }, 1792))).toBe('×64 on CPU (asked for CUDA): ESRGAN ×4, run 3 times (28 × 28 → 1792 × 1792 px)');
  });

  it('is null for a recipe without a built-in upscaler', () => {
    expect(enlargedFact(recipe(undefined, 512))).toBeNull();
  });
});
