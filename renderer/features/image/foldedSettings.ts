// The prompt panel's less-used settings, which fold away on a short board (image.css) so the first
// row of results stays in view: which fields they are, and the one line that says what they hold
// while folded, so a run's settings are never out of sight.
import { providerLabel } from '../../ui/providerLabel';
import { SCHEDULER_LABELS, type BoardForm, type FieldKey, type ImageModelKind, type Issues } from './settings';

/** Fields that fold away; model, prompt, image count and an init image's strength stay. */
export const FOLDED_FIELDS: readonly FieldKey[] = ['negativePrompt', 'steps', 'cfg', 'scheduler', 'width', 'height', 'seed'];

/** A problem in a folded field unfolds them, so the message under its field is seen. */
export function foldedIssue(issues: Issues): boolean {
  return FOLDED_FIELDS.some((f) => issues[f]);
}

/** "Random seed · 20 steps · CFG 7 · Euler · 512×512": what the folded settings hold (for a GAN, only what it uses). */
export function foldedSummary(form: BoardForm, kind: ImageModelKind | null): string {
  const seed = form.seedLocked && form.seed.trim() !== '' ? `Seed ${form.seed.trim()}` : 'Random seed';
  const diffusion =
    kind === 'gan'
      ? []
      : [
          `${form.steps} steps`,
          `CFG ${form.cfg}`,
          SCHEDULER_LABELS[form.scheduler],
          `${form.width}×${form.height}`,
          form.negativePrompt.trim() ? 'negative prompt' : null,
        ];
  const device = form.provider === 'auto' ? null : providerLabel(form.provider);
  return [seed, ...diffusion, device].filter(Boolean).join(' · ');
}
