// Colour words for the starter GAN. Fashion-MNIST garments are grey, so "a red dress" came out
// grey: the first colour word of the prompt now tints the garment (after the forward pass, before
// ESRGAN). The shape is the model's; the colour is this deterministic mapping of its grey levels.
import type { Raster } from './raster';

/** sRGB of the colour words a garment prompt is likely to use. */
export const GARMENT_COLOURS: Readonly<Record<string, readonly [number, number, number]>> = {
  red: [200, 30, 40],
  crimson: [170, 20, 50],
  maroon: [120, 20, 35],
  burgundy: [115, 25, 45],
  pink: [240, 130, 170],
  orange: [240, 130, 30],
  yellow: [245, 215, 40],
  gold: [212, 175, 55],
  beige: [225, 205, 170],
  cream: [245, 235, 205],
  khaki: [190, 175, 120],
  brown: [120, 75, 40],
  olive: [110, 115, 40],
  green: [40, 140, 60],
  teal: [20, 125, 125],
  turquoise: [60, 200, 190],
  blue: [40, 80, 200],
  navy: [25, 35, 90],
  purple: [120, 50, 160],
  violet: [140, 80, 200],
  lavender: [185, 165, 225],
  white: [250, 250, 250],
  silver: [195, 195, 200],
  grey: [128, 128, 128],
  gray: [128, 128, 128],
  charcoal: [60, 62, 66],
  black: [28, 28, 30],
};

export interface GarmentColour {
  name: string;
  rgb: readonly [number, number, number];
}

/** The earliest colour word of `prompt` (whole words, any case), or null. */
export function colourFromPrompt(prompt: string): GarmentColour | null {
  for (const word of prompt.toLowerCase().split(/[^a-z]+/)) {
    const rgb = GARMENT_COLOURS[word];
    if (rgb) return { name: word, rgb };
  }
  return null;
}

/** Relative luminance (0–1) of an sRGB colour, by the Rec. 709 weights on its 8-bit values. */
const luminance = ([r, g, b]: readonly [number, number, number]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;

/**
 * The grey garment `img` (white on black, as the GAN draws it) in `colour`. Its grey level v gives
 * both coverage (m = min(1, 2v): most of a garment is mid grey, and a plain v·colour blend left a
 * red dress pale pink) and shading (0.7 + 0.3v, the folds the model drew). The background is white
 * for dark colours and black for light ones, so the garment always stands out.
 */
export function tintGarment(img: Raster, colour: GarmentColour): Raster {
  const bg = luminance(colour.rgb) < 0.5 ? 255 : 0;
  const out = new Uint8Array(img.width * img.height * 3);
  for (let p = 0; p < img.width * img.height; p++) {
    const v = (img.data[p * img.channels] as number) / 255;
    const m = Math.min(1, 2 * v);
    const shade = 0.7 + 0.3 * v;
    for (let k = 0; k < 3; k++) out[p * 3 + k] = Math.round(bg * (1 - m) + m * shade * (colour.rgb[k] as number));
  }
  return { data: out, width: img.width, height: img.height, channels: 3 };
}
