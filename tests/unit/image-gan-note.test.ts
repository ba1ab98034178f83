// The GAN note in the image prompt panel (renderer/features/image/ganNote.ts): the settings it says
// a GAN ignores come from the shared list (shared/image-setting-use), by their panel labels.
import { describe, expect, it } from 'vitest';
import { ganNote } from '../../renderer/features/image/ganNote';
import { ignoredSettings, ignoredSettingsPhrase, SETTING_LABELS } from '../../shared/image-setting-use';

describe('the GAN note', () => {
  it('names every setting a GAN ignores, by label, each once', () => {
    expect(ignoredSettingsPhrase('gan')).toBe('negative prompt, steps, CFG, scheduler, size and img2img strength');
    expect(ganNote('other-gan')).toBe(
      'A GAN draws in a single pass: negative prompt, steps, CFG, scheduler, size and img2img strength don’t apply, and it can’t start from an image — open a result and use Seed variations instead.',
    );
    for (const s of ignoredSettings('gan')) expect(ganNote('other-gan')).toContain(SETTING_LABELS[s]);
  });

  it('says what the starter GAN draws first', () => {
    expect(ganNote('starter-gan')).toBe(
      'The starter GAN draws one garment from your prompt (“a sneaker”, “red dress”: a colour word tints it), enhanced to 448 px. ' + ganNote('other-gan'),
    );
  });

  it('names nothing for a diffusion model, which reads them all', () => {
    expect(ignoredSettingsPhrase('diffusion')).toBe('');
    expect(ignoredSettingsPhrase(null)).toBe('');
  });
});
