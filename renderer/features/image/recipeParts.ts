// Which models of a diffusion pipeline ran on their own device: each part can fall back alone (its
// first run failed on the accelerator), and the recipe panel names those beside the UNet's device.
import { PIPELINE_PARTS, type ImageRecipe, type PipelinePart } from '../../../shared/contract';

const PART_LABELS: Record<PipelinePart, string> = { text_encoder: 'Text encoder', unet: 'UNet', vae_decoder: 'VAE decoder', vae_encoder: 'VAE encoder' };

/**
 * The pipeline's models that ran somewhere other than the recipe's device (the UNet's), or fell
 * back for their own reason: a part whose first run failed on the accelerator moves alone.
 */
export function partsElsewhere(r: ImageRecipe): { part: PipelinePart; label: string; device: ImageRecipe['device'] }[] {
  const out: { part: PipelinePart; label: string; device: ImageRecipe['device'] }[] = [];
  for (const part of PIPELINE_PARTS) {
    const d = r.parts?.[part];
    if (d && (d.used !== r.device.used || (d.fallbackReason !== null && d.fallbackReason !== r.device.fallbackReason))) out.push({ part, label: PART_LABELS[part], device: d });
  }
  return out;
}
