// This window trashing a document it has open (or has just closed), or that document's project: a
// trashed document takes no save, so the editor's save must land first. Wait for it (the one in
// flight, the one due, or the one made as the editor closed); a save that fails or does not answer
// refuses the trash, and the text stays. Whatever is still unsaved once it is trashed is offered
// by the trashed notice (DocumentGoneDialog), as when it goes to the trash in another window.
import { AtelierError } from '../../../shared/errors';
import type { OpenTexts, TextHolder } from './openTexts';

/** How long a trash waits for a save before it is refused (a held connection never answers). */
const SAVE_WAIT_MS = 10_000;

/** What a trash takes with it, as the open editors see it. */
export interface Coverage {
  /** Whether an editor's document goes with it. */
  has(documentId: string, holder: TextHolder): boolean;
  /** The project's name when the whole project goes (the notice names it), else null. */
  projectName: string | null;
}

function within(save: Promise<string | null>, ms: number): Promise<string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('the save has not answered yet'), ms)));
  return Promise.race([save, late]).finally(() => clearTimeout(timer));
}

/** Saves every covered editor's text; throws (CONFLICT) naming the first that could not be saved. */
export async function saveCovered(texts: OpenTexts, coverage: Coverage): Promise<void> {
  for (const [id, holder] of [...texts.held]) {
    if (!holder.save || !coverage.has(id, holder)) continue;
    const why = await within(holder.save(), SAVE_WAIT_MS);
    if (why === null) continue;
    const title = holder.doc?.()?.title;
    throw new AtelierError(
      'CONFLICT',
      `Nothing was moved to the trash: the latest changes to ${title ? `'${title}'` : 'the open document'} are not saved (${why}). They stay in this window; try again once they are saved.`,
    );
  }
}

/** After the trash: offers what a covered editor still had unsaved (typed while it was trashed). */
export function offerUnsaved(texts: OpenTexts, coverage: Coverage): void {
  for (const [id, holder] of texts.held) {
    if (coverage.has(id, holder) && holder()?.unsaved) texts.offerTrashed(id, coverage.projectName);
  }
}
