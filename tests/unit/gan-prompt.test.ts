// What the GAN says about a prompt it cannot draw (electron/engine/image/gan-card.ts). An empty
// prompt used to get "only knows garments", as if a word had been refused; it now asks for one.
import { describe, expect, it } from 'vitest';
import { classFromPrompt } from '../../electron/engine/image/gan-card';

const card = { classes: ['dress', 'sneaker'], keywords: { sneaker: ['trainer'] } };

describe('GAN prompt check', () => {
  it('finds the earliest class word', () => {
    expect(classFromPrompt('a red trainer next to a dress', card)).toBe(1);
  });

  it('asks for a garment when the prompt is empty, and names the known ones for an unknown word', () => {
    expect(() => classFromPrompt('   ', card)).toThrow('Name a garment to draw (dress, sneaker), for example "a sneaker" or "a red dress".');
    expect(() => classFromPrompt('a spaceship', card)).toThrow(/only knows garments: dress, sneaker/);
  });
});
