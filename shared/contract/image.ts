// Image generation settings and recipes. One schema validates the UI, the CLI and the recipe that
// travels inside every PNG Atelier writes.
import { z } from 'zod';
import { PROVIDERS } from './generate';

export const IMAGE_SCHEDULERS = ['euler', 'euler-a', 'ddim', 'lcm', 'dpmpp-2m-karras'] as const;
export type ImageScheduler = (typeof IMAGE_SCHEDULERS)[number];

/** How A1111 names our schedulers, for the `Sampler:` field. */
export const A1111_SAMPLER_NAMES: Record<ImageScheduler, string> = {
  euler: 'Euler',
  'euler-a': 'Euler a',
  ddim: 'DDIM',
  lcm: 'LCM',
  'dpmpp-2m-karras': 'DPM++ 2M Karras',
};

const finite = () => z.number().refine(Number.isFinite, 'must be a finite number');
const multipleOf8 = (what: string) =>
  z
    .number()
    .min(64, `${what} must be at least 64`)
    .max(2048, `${what} must be at most 2048`)
    .int(`${what} must be a whole number`)
    .refine((v) => v % 8 === 0, `${what} must be a multiple of 8`);

/** Range first, then wholeness: 1e20 is "too big", not "not a whole number". */
const seedValue = (what = 'seed') =>
  z
    .number()
    .min(0, `${what} must be at least 0`)
    .max(4_294_967_295, `${what} must be at most 4294967295`)
    .int(`${what} must be a whole number`);
const textOf = (what: string) => z.string().max(20_000, `${what} must be at most 20,000 characters`);
const fraction = (what: string) =>
  finite().pipe(z.number().min(0, `${what} must be at least 0`).max(1, `${what} must be at most 1`));

/** Where an image's start noise comes from: its seed, perhaps blended toward a variation seed. */
export const NoiseSource = z.strictObject({
  seed: seedValue(),
  variationSeed: seedValue().nullable().default(null),
  variationStrength: finite().pipe(z.number().min(0).max(1)).default(0),
});
export type NoiseSource = z.output<typeof NoiseSource>;

export const InterpolationTarget = NoiseSource.extend({
  /** 0 = this image's own noise, 1 = the other image's. */
  t: finite().pipe(z.number().min(0).max(1)),
});
export type InterpolationTarget = z.output<typeof InterpolationTarget>;

export const ImageSettings = z.strictObject({
  prompt: textOf('the prompt'),
  negativePrompt: textOf('the negative prompt').default(''),
  steps: z.number().min(1, 'steps must be at least 1').max(150, 'steps must be at most 150').int('steps must be a whole number').default(20),
  cfg: finite().pipe(z.number().min(0, 'CFG must be at least 0').max(30, 'CFG must be at most 30')).default(7),
  scheduler: z.enum(IMAGE_SCHEDULERS).default('euler'),
  width: multipleOf8('width').default(512),
  height: multipleOf8('height').default(512),
  /** null picks a fresh seed, recorded in the recipe. */
  seed: seedValue().nullable().default(null),
  /** A1111-style seed variation: blend toward another seed's noise. */
  variationSeed: seedValue('variation seed').nullable().default(null),
  variationStrength: fraction('variation strength').default(0),
  /** img2img: how much of the init image is re-imagined (1 = all of it). */
  strength: fraction('strength').default(0.6),
  /** An in-between: the start noise moves a fraction t of the way toward another image's. */
  interpolateTo: InterpolationTarget.optional(),
});
export type ImageSettings = z.output<typeof ImageSettings>;

export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid id');

export const GenerateImageRequest = z.strictObject({
  documentId: Id,
  parentId: Id.nullable().default(null),
  model: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'not a valid model id').default('starter-gan'),
  provider: z.enum(PROVIDERS).default('auto'),
  batch: z.number().int().min(1).max(8).default(1),
  /** An image version of this board to start from (img2img / vary). */
  initIterationId: Id.nullable().default(null),
  settings: ImageSettings,
});
export type GenerateImageRequest = z.output<typeof GenerateImageRequest>;

/** N in-betweens of two images of one board made by the same model: each a version of both. */
export const InterpolateRequest = z.strictObject({
  fromId: Id,
  toId: Id,
  count: z.number().int().min(1, 'make at least 1 in-between').max(8, 'make at most 8 in-betweens at a time').default(4),
  provider: z.enum(PROVIDERS).default('auto'),
});
export type InterpolateRequest = z.output<typeof InterpolateRequest>;

export const EnhanceRequest = z.strictObject({
  iterationId: Id,
  scale: z.union([z.literal(2), z.literal(4)]),
});

export interface PreviewEvent {
  jobId: string;
  /** Which image of the batch. */
  index: number;
  step: number;
  steps: number;
  /** A small PNG of the latent approximation. */
  dataUrl: string;
}

export interface RestoredImageRecipe {
  source: 'atelier' | 'a1111';
  settings: ImageSettings;
  model: string | null;
  /** Settings the file named that Atelier does not know (e.g. an unknown sampler), or refused values. */
  notes: string[];
}

export interface ImageRecipe {
  kind: 'image';
  model: { id: string; sha256: string | null; name: string; kind: 'diffusion' | 'gan' | 'upscaler' };
  settings: ImageSettings;
  seed: number;
  /** Index in the batch: image i uses seed + i. */
  batchIndex: number;
  width: number;
  height: number;
  device: { requested: string; used: string; fallbackReason: string | null };
  initIterationId: string | null;
  /**
   * Enhance: the version it upscaled, by how much, the size of that image (the output size is
   * width × height above) and the upscaler model that ran, with its file's sha256.
   */
  upscale?: {
    from: string;
    scale: number;
    device?: { requested: string; used: string; fallbackReason: string | null };
    source?: { width: number; height: number };
    model?: { id: string; sha256: string };
  };
  /**
   * The starter GAN's built-in enlargement (ESRGAN ×4, `passes` times) and the provider it ran on.
   * Not `upscale`: that marks an Enhance version (made from another version), which this is not.
   */
  upscaler?: { id: string; passes: number; device: { requested: string; used: string; fallbackReason: string | null } };
  /**
   * A diffusion pipeline's models, each with the device it ran on and why, when that was not the
   * one asked for (`device` above is the UNet's). A part can fall back on its own (its first run
   * failed there) while the others stay. Absent for GANs and for recipes made before it existed.
   */
  parts?: PipelineDevices;
  engine: string;
}

/** The models of a diffusion pipeline, as the folder names them. */
export const PIPELINE_PARTS = ['text_encoder', 'unet', 'vae_decoder', 'vae_encoder'] as const;
export type PipelinePart = (typeof PIPELINE_PARTS)[number];
export type PipelineDevices = Partial<Record<PipelinePart, { requested: string; used: string; fallbackReason: string | null }>>;
