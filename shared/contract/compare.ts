// compare.*: differences between two to four versions. Texts and recipes can also be compared in
// the renderer with the same shared helpers (shared/compare); images need the host (pixels).
import { z } from 'zod';
import type { RecipeDifference } from '../compare/recipe-diff';
import type { TextDiff } from '../compare/text-diff';
import { Id } from './schemas';

export const CompareImagesRequest = z.strictObject({ a: Id, b: Id });

export interface ImageComparison {
  /** Per-pixel difference as a heat map (black = same, through red and yellow to white). */
  heatmapDataUrl: string;
  width: number;
  height: number;
  /** Mean absolute difference over RGB, 0 (same) – 1. */
  score: number;
  /** Peak signal-to-noise ratio in dB; null when the images are identical (infinite). */
  psnr: number | null;
  /** Fraction of pixels that differ at all. */
  changedFraction: number;
  identical: boolean;
  /** True when b was resized to a's size first (different sizes). */
  resized: boolean;
}

export const CompareTextsRequest = z.strictObject({
  ids: z.array(Id).min(2, 'compare at least two versions').max(4, 'compare at most four versions'),
  context: z.number().int().min(0).max(10_000).default(60),
});

export interface TextComparison {
  /** Every version is diffed against the first. */
  baseId: string;
  diffs: { id: string; diff: TextDiff }[];
  /** The recipe settings that differ between the versions (in `ids` order). */
  recipes: RecipeDifference[];
}

export const CompareRecipesRequest = z.strictObject({
  ids: z.array(Id).min(2, 'compare at least two versions').max(4, 'compare at most four versions'),
});
