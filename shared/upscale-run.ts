// The upscaler an Enhance ran and the device it ran on, read from the enhanced version's recipe.
// That recipe keeps the source image's model and device (what drew the picture) and records the
// upscaler's own under `upscale`, so an Enhance is a run of the upscaler, not of the generator.
import type { DeviceInfo } from './contract/generate';

interface UpscaleLike {
  scale?: unknown;
  model?: { id?: unknown };
  device?: { requested?: unknown; used?: unknown; fallbackReason?: unknown };
}

/** The upscaler's model id and device, or null when the recipe records no upscaler device. */
export function upscaleRun(recipe: unknown): { modelId: string; device: DeviceInfo } | null {
  const u = (recipe as { upscale?: UpscaleLike } | null | undefined)?.upscale;
  const d = u?.device;
  if (!d || typeof d.used !== 'string') return null;
  // Recipes from before the upscaler's id was recorded name it by its scale, as the starters are.
  const modelId = typeof u.model?.id === 'string' ? u.model.id : `esrgan-x${String(u.scale ?? '')}`;
  return {
    modelId,
    device: {
      requested: typeof d.requested === 'string' ? d.requested : d.used,
      used: d.used,
      fallbackReason: typeof d.fallbackReason === 'string' ? d.fallbackReason : null,
    },
  };
}
