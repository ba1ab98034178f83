import { describe, expect, it } from 'vitest';
import { colourFromPrompt, tintGarment } from '../../electron/engine/image/garment-colour';

describe('colourFromPrompt', () => {
  it('finds the earliest whole colour word, in any case', () => {
    expect(colourFromPrompt('a RED dress with blue dots')?.name).toBe('red');
    expect(colourFromPrompt('navy-blue coat')?.name).toBe('navy');
    expect(colourFromPrompt('a gray sneaker')?.rgb).toEqual([128, 128, 128]);
    expect(colourFromPrompt('a grey sneaker')?.rgb).toEqual([128, 128, 128]);
  });
  it('ignores colour words inside other words and prompts without one', () => {
    expect(colourFromPrompt('a bored reddish sandal')).toBeNull();
    expect(colourFromPrompt('a sneaker')).toBeNull();
    expect(colourFromPrompt('')).toBeNull();
  });
});

describe('tintGarment', () => {
  // Two pixels: background (0) and garment (255), plus a mid grey (128).
  const grey = { data: Uint8Array.from([0, 0, 0, 255, 255, 255, 128, 128, 128]), width: 3, height: 1, channels: 3 };
  it('puts a dark colour on white: background white, full garment the colour, mid grey covered and shaded', () => {
    const out = tintGarment(grey, { name: 'red', rgb: [200, 30, 40] });
    expect(Array.from(out.data)).toEqual([255, 255, 255, 200, 30, 40, 170, 26, 34]);
  });
  it('puts a light colour on black', () => {
    const out = tintGarment(grey, { name: 'yellow', rgb: [245, 215, 40] });
    expect(Array.from(out.data)).toEqual([0, 0, 0, 245, 215, 40, 208, 183, 34]);
  });
  it('reads one-channel rasters too', () => {
    const one = { data: Uint8Array.from([255]), width: 1, height: 1, channels: 1 };
    expect(Array.from(tintGarment(one, { name: 'blue', rgb: [40, 80, 200] }).data)).toEqual([40, 80, 200]);
  });
});
