// Which image settings a model kind reads. A GAN draws in one pass: the prompt picks what it draws
// and the seed (blended by seed variations) picks its latent, so steps, CFG, scheduler, size, the
// negative prompt and img2img strength make no difference to it. The prompt panel greys these out
// and lets them pass unchecked, and the grid offers only the settings the model reads as axes.

/** The settings of a generate.image request's `settings` that some model kind does not read. */
export type IgnorableSetting = 'negativePrompt' | 'steps' | 'cfg' | 'scheduler' | 'width' | 'height' | 'strength';

const IGNORED_BY_KIND: Record<string, readonly IgnorableSetting[]> = {
  gan: ['negativePrompt', 'steps', 'cfg', 'scheduler', 'width', 'height', 'strength'],
};

/** The settings a model of this kind ignores (none for diffusion, or while the kind is unknown). */
export function ignoredSettings(kind: string | null | undefined): readonly IgnorableSetting[] {
  return (kind && IGNORED_BY_KIND[kind]) || [];
}

/** Whether a model of this kind reads the setting (a field name of ImageSettings, or `model`/`seed`). */
export function readsSetting(kind: string | null | undefined, field: string): boolean {
  return !(ignoredSettings(kind) as readonly string[]).includes(field);
}
