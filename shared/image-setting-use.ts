// Which image settings a model kind reads. A GAN draws in one pass: the prompt picks what it draws
// and the seed (blended by seed variations) picks its latent, so steps, CFG, scheduler, size, the
// negative prompt and img2img strength make no difference to it. The prompt panel greys these out
// and lets them pass unchecked, and the grid offers only the settings the model reads as axes.
import { wordList } from './word-list';

/** The settings of a generate.image request's `settings` that some model kind does not read. */
export type IgnorableSetting = 'negativePrompt' | 'steps' | 'cfg' | 'scheduler' | 'width' | 'height' | 'strength';

/** How a sentence names each setting, as the prompt panel labels it (width and height are its Size). */
export const SETTING_LABELS: Record<IgnorableSetting, string> = {
  negativePrompt: 'negative prompt',
  steps: 'steps',
  cfg: 'CFG',
  scheduler: 'scheduler',
  width: 'size',
  height: 'size',
  strength: 'img2img strength',
};

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

/** "negative prompt, steps, … and img2img strength": the settings this kind ignores, by label, each once. */
export function ignoredSettingsPhrase(kind: string | null | undefined): string {
  return wordList([...new Set(ignoredSettings(kind).map((s) => SETTING_LABELS[s]))]);
}
