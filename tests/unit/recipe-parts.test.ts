// Which of a diffusion pipeline's models the recipe panel names on their own: those that ran on a
// device other than the UNet's, or fell back there for a reason of their own.
import { describe, expect, it } from 'vitest';
import type { ImageRecipe } from '../../shared/contract';
import { partsElsewhere } from '../../renderer/features/image/recipeParts';

const cuda = { requested: 'cuda', used: 'cuda', fallbackReason: null };
const why = 'cuda failed on its first run (kernel failed)';
const base = { kind: 'image', device: cuda } as unknown as ImageRecipe;

describe('partsElsewhere', () => {
  it('names only the part that moved, with its own device and reason', () => {
    const r = { ...base, parts: { text_encoder: { requested: 'cuda', used: 'cpu', fallbackReason: why }, unet: cuda, vae_decoder: cuda, vae_encoder: cuda } };
    expect(partsElsewhere(r)).toEqual([{ part: 'text_encoder', label: 'Text encoder', device: { requested: 'cuda', used: 'cpu', fallbackReason: why } }]);
  });

  it('nothing when every part ran with the UNet, or the recipe predates per-part devices', () => {
    expect(partsElsewhere({ ...base, parts: { text_encoder: cuda, unet: cuda, vae_decoder: cuda } })).toEqual([]);
    expect(partsElsewhere(base)).toEqual([]);
  });

  it('a part on the same device but with a reason the UNet does not share is named', () => {
    const onCpu = { requested: 'cuda', used: 'cpu', fallbackReason: 'cuda failed to start (no driver)' };
    const r = { ...base, device: onCpu, parts: { unet: onCpu, vae_decoder: { requested: 'cuda', used: 'cpu', fallbackReason: why } } };
    expect(partsElsewhere(r).map((p) => p.part)).toEqual(['vae_decoder']);
  });
});
