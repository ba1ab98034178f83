// What an open text editor holds, readable by the shell when its document goes elsewhere (deleted
// for good, or moved to the trash with its project): the shell must take its text (saved or not)
// so it can be offered back instead of going with the editor. A project trashed elsewhere drops
// out of the shell's project list, which closes the editor before the shell can tell why, so an
// editor that closes leaves what it held at that moment behind, until the save it made as it
// closed settles; if that save fails, the text is kept in the browser's storage (keptTexts.ts).
// When this window trashes it (or its project) itself, its save must land first (trashCovered.ts).
import { createContext, useContext, useEffect } from 'react';
import type { OpenTexts, TextHolder } from './openTexts';

export type { HeldText, OpenTexts, TextHolder } from './openTexts';

/** Editors register here while they are mounted; the shell provides it. */
export const HeldTextContext = createContext<OpenTexts | null>(null);

export function useHoldText(documentId: string, holder: TextHolder | null): void {
  const texts = useContext(HeldTextContext);
  useEffect(() => {
    if (!texts || !holder) return;
    const held = texts.held;
    // A closed editor with a save to wait for leaves once that save settles; one without, now.
    for (const [id, h] of held) if (h.closed && !h.save) held.delete(id);
    held.set(documentId, holder);
    return () => {
      if (held.get(documentId) !== holder) return;
      let last = holder();
      const doc = holder.doc?.() ?? null;
      const save = holder.save;
      const closed: TextHolder = Object.assign(() => last, { closed: true as const, doc: () => doc });
      if (save) {
        // Asked once the editor has let go (its session's own cleanup runs after this one): the
        // save it made as it closed. Landed: nothing it held is unsaved any more. Failed: what it
        // held is kept in the browser's storage (unless the shell took it for a notice), and saved
        // again from there; this window no longer waits on it.
        const settled = Promise.resolve()
          .then(save)
          .then((why) => {
            let handed = true;
            if (why === null && last) last = { ...last, unsaved: false };
            else if (why !== null && last?.unsaved && doc && !closed.taken) {
              // Storage refused: it stays here, in memory, where a trash still offers it.
              handed = texts.keep({ documentId, projectId: doc.projectId, title: doc.title, text: last.text, baseId: last.baseId ?? null, spans: last.spans ?? [], keptAt: Date.now() });
            }
            if (handed && held.get(documentId) === closed) held.delete(documentId);
            return why;
          });
        closed.save = () => settled;
      }
      held.set(documentId, closed);
    };
  }, [texts, documentId, holder]);
}
