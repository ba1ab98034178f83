// What an open text editor holds, readable by the shell at the moment its document is deleted for
// good elsewhere: the shell closes the editor then, and must first take its text (saved or not)
// so it can be offered back instead of going with the editor.
import { createContext, useContext, useEffect } from 'react';

export interface HeldText {
  text: string;
  /** The editor had changes not yet saved as a version. */
  unsaved: boolean;
}

/** Reads an editor's text now (null: nothing to read, e.g. still loading). */
export type TextHolder = () => HeldText | null;

/** Open editors by document id; the shell provides it, editors register while they are mounted. */
export const HeldTextContext = createContext<Map<string, TextHolder> | null>(null);

export function useHoldText(documentId: string, holder: TextHolder | null): void {
  const held = useContext(HeldTextContext);
  useEffect(() => {
    if (!held || !holder) return;
    held.set(documentId, holder);
    return () => {
      if (held.get(documentId) === holder) held.delete(documentId);
    };
  }, [held, documentId, holder]);
}
