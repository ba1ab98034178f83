// Reading a version's recipe, and writing it out for the clipboard: as the AUTOMATIC1111
// "parameters" text every other tool understands, and as Atelier's full JSON.
import type { ImageRecipe, Iteration } from '../../../shared/contract';

// One formatter for the PNG chunk and the clipboard.
export { a1111Text } from '../../../shared/a1111';

export function asImageRecipe(recipe: unknown): ImageRecipe | null {
  if (typeof recipe !== 'object' || recipe === null) return null;
  const r = recipe as Partial<ImageRecipe>;
  if (r.kind !== 'image' || typeof r.settings !== 'object' || r.settings === null || typeof r.model !== 'object') return null;
  return r as ImageRecipe;
}

export function isTrashed(it: Iteration): boolean {
  return it.deletedAt !== null && it.deletedAt !== undefined;
}

export function recipeJson(r: ImageRecipe): string {
  return JSON.stringify(r, null, 2);
}

/** The device line: "CPU", "CUDA", or "CPU (asked for CUDA)". */
export function deviceLabel(device: ImageRecipe['device']): string {
  const used = device.used.toUpperCase();
  return device.requested !== 'auto' && device.requested !== device.used ? `${used} (asked for ${device.requested.toUpperCase()})` : used;
}
