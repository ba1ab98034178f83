// What an open text editor holds, readable by the shell when its document goes elsewhere (deleted
// for good, or moved to the trash with its project): the shell must take its text (saved or not)
// so it can be offered back instead of going with the editor. A project trashed elsewhere drops
// out of the shell's project list, which closes the editor before the shell can tell why, so an
// editor that closes leaves what it held at that moment behind, until the next editor registers.
import { createContext, useContext, useEffect } from 'react';

export interface HeldText {
  text: string;
  /** The editor had changes not yet saved as a version. */
  unsaved: boolean;
}

/** Reads an editor's text now (null: nothing to read, e.g. still loading). */
export type TextHolder = (() => HeldText | null) & { closed?: true };

/** Open editors by document id; the shell provides it, editors register while they are mounted. */
export const HeldTextContext = createContext<Map<string, TextHolder> | null>(null);

export function useHoldText(documentId: string, holder: TextHolder | null): void {
  const held = useContext(HeldTextContext);
  useEffect(() => {
    if (!held || !holder) return;
    for (const [id, h] of held) if (h.closed) held.delete(id);
    held.set(documentId, holder);
    return () => {
      if (held.get(documentId) !== holder) return;
      const last = holder();
      held.set(documentId, Object.assign(() => last, { closed: true as const }));
    };
  }, [held, documentId, holder]);
}
