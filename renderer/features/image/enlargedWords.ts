// How the recipe panel says what the starter GAN's built-in enlargement did: the recipe records
// the upscaler (ESRGAN ×4), how many passes it made and the device; the panel said "Enlarged on:
// CPU (ESRGAN ×4, 2×)", which read as ×2 or as a ×4 then a downscale. Each pass multiplies the
// side, so two ×4 passes make ×16: "×16 on CPU: ESRGAN ×4, run twice (28 × 28 → 448 × 448 px)".
import type { ImageRecipe } from '../../../shared/contract';
import { deviceLabel } from './recipe';

const TIMES = ['', 'once', 'twice'];

/** The "Enlarged" fact of a recipe with a built-in upscaler, or null when it has none. */
export function enlargedFact(r: ImageRecipe): string | null {
  const up = r.upscaler;
  if (!up || up.passes < 1) return null;
  // The id names the factor of one pass (esrgan-x4); the starter's is ×4.
  const perPass = Number(/x(\d+)$/.exec(up.id)?.[1] ?? 4);
  const total = perPass ** up.passes;
  const times = TIMES[up.passes] ?? `${up.passes} times`;
  const from = `${Math.round(r.width / total)} × ${Math.round(r.height / total)}`;
  return `×${total} on ${deviceLabel(up.device)}: ESRGAN ×${perPass}, run ${times} (${from} → ${r.width} × ${r.height} px)`;
}
