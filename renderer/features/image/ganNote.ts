// The note under the prompt panel while a GAN is chosen: what the starter GAN draws, and which
// settings a GAN ignores, named from the one shared list (shared/image-setting-use) so the note
// says what the greyed-out controls, the request and the grid's axes do.
import { ignoredSettingsPhrase } from '../../../shared/image-setting-use';

/** The note's text for a GAN model (`model` is its id). */
export function ganNote(model: string): string {
  const starter = model === 'starter-gan' ? 'The starter GAN draws one garment from your prompt (“a sneaker”, “red dress”: a colour word tints it), enhanced to 448 px. ' : '';
  return `${starter}A GAN draws in a single pass: ${ignoredSettingsPhrase('gan')} don’t apply, and it can’t start from an image — open a result and use Seed variations instead.`;
}
