// The line beside "More settings" on a short board (renderer/features/image/foldedSettings.ts):
// what the folded settings hold, so a run's settings are in sight while they are folded; and which
// problems unfold them.
import { describe, expect, it } from 'vitest';
import { foldedIssue, foldedSummary } from '../../renderer/features/image/foldedSettings';
import { DEFAULT_FORM } from '../../renderer/features/image/settings';

describe('folded image settings', () => {
  it('names what a diffusion run uses, and only the seed and device for a GAN', () => {
    expect(foldedSummary(DEFAULT_FORM, 'diffusion')).toBe('Random seed · 20 steps · CFG 7 · Euler · 512×512');
    const form = { ...DEFAULT_FORM, seedLocked: true, seed: ' 42 ', scheduler: 'dpmpp-2m-karras' as const, negativePrompt: 'blurry', provider: 'dml' as const };
    expect(foldedSummary(form, 'diffusion')).toBe('Seed 42 · 20 steps · CFG 7 · DPM++ 2M Karras · 512×512 · negative prompt · DirectML');
    expect(foldedSummary(form, 'gan')).toBe('Seed 42 · DirectML');
    expect(foldedSummary(DEFAULT_FORM, 'gan')).toBe('Random seed');
  });

  it('unfolds for a problem in a folded field only', () => {
    expect(foldedIssue({ width: 'Width must be a multiple of 8.' })).toBe(true);
    expect(foldedIssue({ seed: 'Enter a whole number.' })).toBe(true);
    expect(foldedIssue({ prompt: 'Enter a prompt.', batch: 'Make 1 to 8 images at a time.', general: 'x' })).toBe(false);
  });
});
