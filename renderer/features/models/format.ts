// Words and numbers for the model library: sizes the way the backend reports them (binary units),
// preflight verdicts in plain language, execution provider names as vendors spell them.
import type { FitVerdict, LibraryModel, ModelKind, PreflightStatus } from '../../../shared/contract';

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} B`;
}

export const KIND_LABELS: Record<ModelKind, string> = {
  text: 'Text',
  diffusion: 'Image (diffusion)',
  gan: 'Image (GAN)',
  upscaler: 'Upscaler',
};

export const FIT_LABELS: Record<FitVerdict, string> = {
  fits: 'Fits in memory',
  'may-be-slow': 'May be slow',
  'wont-fit': "Won't fit",
};

export const STATUS_LABELS: Record<PreflightStatus | 'unchecked', string> = {
  ok: 'Checked',
  warnings: 'Checked, with warnings',
  failed: 'Failed its check',
  unchecked: 'Not checked yet',
};

export const SOURCE_LABELS: Record<LibraryModel['source'], string> = {
  starter: 'Starter model',
  folder: 'From a --models folder',
  copy: 'Copied into the library',
  reference: 'Read in place',
};

export { providerLabel } from '../../ui/providerLabel';

/** "hf://owner/name@c0ffee…" → "owner/name"; other source paths unchanged. */
export function sourceLabel(model: LibraryModel): string | null {
  if (!model.sourcePath) return null;
  const hub = /^hf:\/\/([^@]+)@(\w{7})\w*$/.exec(model.sourcePath);
  return hub ? `Hugging Face ${hub[1]} @ ${hub[2]}` : model.sourcePath;
}
