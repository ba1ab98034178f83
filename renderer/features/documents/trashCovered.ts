// This window trashing a document it has open (or has just closed), or that document's project: a
// trashed document takes no save, so the editor's save must land first. Wait for it (the one in
// flight, the one due, or the one made as the editor closed); a save that fails or does not answer
// refuses the trash, and the text stays. A closed editor's save that failed left its text kept in
// the browser's storage (keptTexts.ts): that is saved again now, and refuses the trash if it still
// cannot be. Whatever is still unsaved once it is trashed is offered by the trashed notice
// (DocumentGoneDialog), as when it goes to the trash in another window.
import { AtelierError } from '../../../shared/errors';
import { wordList } from '../../../shared/word-list';
import { readKept } from './keptTexts';
import type { OpenTexts, TextHolder } from './openTexts';

/** How long a trash waits for a save before it is refused (a held connection never answers). */
const SAVE_WAIT_MS = 10_000;
const LATE = 'the save has not answered yet';

/** What a trash takes with it, as the open editors see it. */
export interface Coverage {
  /** Whether a document goes with it (`projectId`: its project, null when not known). */
  has(doc: { id: string; projectId: string | null }): boolean;
  /** The project's name when the whole project goes (the notice names it), else null. */
  projectName: string | null;
}

const covered = (coverage: Coverage, id: string, holder: TextHolder) => coverage.has({ id, projectId: holder.doc?.()?.projectId ?? null });

/** The titles of the covered documents with changes not saved yet, in an editor or kept (the save the trash makes first adds a version). */
export function unsavedTitles(texts: OpenTexts, coverage: Coverage): string[] {
  const titles = new Map<string, string>();
  for (const [id, holder] of texts.held) {
    if (covered(coverage, id, holder) && holder()?.unsaved) titles.set(id, holder.doc?.()?.title ?? 'the open document');
  }
  for (const k of readKept()) if (!titles.has(k.documentId) && coverage.has({ id: k.documentId, projectId: k.projectId })) titles.set(k.documentId, k.title);
  return [...titles.values()];
}

/** Under the confirm question, when the count it gives does not include them yet. */
export function unsavedNote(titles: string[]): string | null {
  if (titles.length === 0) return null;
  const named = titles.map((t) => `'${t}'`);
  return `Your unsaved changes to ${wordList(named)} are saved first, ${titles.length === 1 ? 'as its newest version' : 'each as its newest version'}.`;
}

function within(save: Promise<string | null>, ms: number): Promise<string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(LATE), ms)));
  return Promise.race([save, late]).finally(() => clearTimeout(timer));
}

const refusal = (title: string | undefined, why: string) =>
  new AtelierError(
    'CONFLICT',
    `Nothing was moved to the trash: the latest changes to ${title ? `'${title}'` : 'the open document'} are not saved (${why}). They stay in this window; try again once they are saved.`,
  );

/** Saves every covered editor's text, then every covered kept text; throws (CONFLICT) naming the first that could not be saved. */
export async function saveCovered(texts: OpenTexts, coverage: Coverage): Promise<void> {
  for (const [id, holder] of [...texts.held]) {
    if (!holder.save || !covered(coverage, id, holder)) continue;
    const why = await within(holder.save(), SAVE_WAIT_MS);
    // A closed editor's failed save left its text kept: saved again below.
    if (why === null || (holder.closed && why !== LATE)) continue;
    throw refusal(holder.doc?.()?.title, why);
  }
  const failed = await texts.saveKept((doc) => coverage.has(doc));
  if (failed) throw refusal(failed.title, failed.why);
}

/** After the trash: offers what a covered editor still had unsaved (typed while it was trashed). */
export function offerUnsaved(texts: OpenTexts, coverage: Coverage): void {
  for (const [id, holder] of texts.held) {
    if (covered(coverage, id, holder) && holder()?.unsaved) texts.offerTrashed(id, coverage.projectName);
  }
}
