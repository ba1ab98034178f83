// Recipes inside PNGs: Atelier writes the A1111 `parameters` text (for every other tool) and its
// full JSON recipe (for itself); reading accepts either, preferring the full recipe. The A1111
// text is read in shared/a1111-restore.ts, which JPEGs and WebPs go through too.
import { a1111Text } from '../../../shared/a1111';
import { restoreA1111 } from '../../../shared/a1111-restore';
import { ImageSettings, type ImageRecipe, type RestoredImageRecipe } from '../../../shared/contract/image';
import { addTextChunks, readTextChunks } from './png-text';

export const RECIPE_CHUNK = 'atelier-recipe';

export function embedRecipe(png: Buffer, r: ImageRecipe): Buffer {
  return addTextChunks(png, { parameters: a1111Text(r), [RECIPE_CHUNK]: JSON.stringify(r) });
}

export function restoreRecipe(png: Buffer): RestoredImageRecipe | null {
  const chunks = readTextChunks(png);
  const own = chunks[RECIPE_CHUNK];
  if (own) {
    try {
      const r = JSON.parse(own) as ImageRecipe;
      const settings = ImageSettings.parse({ ...r.settings, seed: r.seed });
      return { source: 'atelier', settings, model: r.model?.id ?? null, notes: [] };
    } catch {
      // fall through to the A1111 text
    }
  }
  const text = chunks.parameters;
  return text ? restoreA1111(text) : null;
}
