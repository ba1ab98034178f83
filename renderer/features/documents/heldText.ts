// What an open text editor holds, readable by the shell when its document goes elsewhere (deleted
// for good, or moved to the trash with its project): the shell must take its text (saved or not)
// so it can be offered back instead of going with the editor. A project trashed elsewhere drops
// out of the shell's project list, which closes the editor before the shell can tell why, so an
// editor that closes leaves what it held at that moment behind, until the next editor registers.
// When this window trashes it (or its project) itself, its save must land first (trashCovered.ts).
import { createContext, useContext, useEffect } from 'react';
import type { OpenTexts, TextHolder } from './openTexts';

export type { HeldText, OpenTexts, TextHolder } from './openTexts';

/** Editors register here while they are mounted; the shell provides it. */
export const HeldTextContext = createContext<OpenTexts | null>(null);

export function useHoldText(documentId: string, holder: TextHolder | null): void {
  const held = useContext(HeldTextContext)?.held;
  useEffect(() => {
    if (!held || !holder) return;
    for (const [id, h] of held) if (h.closed) held.delete(id);
    held.set(documentId, holder);
    return () => {
      if (held.get(documentId) !== holder) return;
      let last = holder();
      const save = holder.save;
      // Its save made as it closed landing means nothing it held is unsaved any more.
      const saveClosed = save && (async () => {
        const why = await save();
        if (why === null && last) last = { ...last, unsaved: false };
        return why;
      });
      held.set(documentId, Object.assign(() => last, { closed: true as const, doc: holder.doc, save: saveClosed }));
    };
  }, [held, documentId, holder]);
}
