// What the shell knows of a window's open text editors (heldText.ts registers them): types only,
// without React, so the trash's guard (trashCovered.ts) stays plain code.
import type { StoredSpan } from '../../../shared/contract';
import type { KeptText } from './keptTexts';

export interface HeldText {
  text: string;
  /** The editor had changes not yet saved as a version. */
  unsaved: boolean;
  /** The version the text was edited from, and who wrote which characters: what a later save of it needs. */
  baseId?: string | null;
  spans?: StoredSpan[];
}

/** Reads an editor's text now (null: nothing to read, e.g. still loading). */
export type TextHolder = (() => HeldText | null) & {
  closed?: true;
  /** Set by the shell when it has taken what a closed editor held (a notice offers it): not kept again. */
  taken?: boolean;
  /** Its document as the editor loaded it (null: not loaded yet). */
  doc?(): { title: string; projectId: string } | null;
  /** Saves what it holds, after any save in flight (or the one made as it closed): why not, or null. */
  save?(): Promise<string | null>;
};

/** The shell's open editors by document id, and how it offers back what one trashed here still had unsaved. */
export interface OpenTexts {
  held: Map<string, TextHolder>;
  /** Shows the trashed notice (DocumentGoneDialog) with what the editor of `documentId` held. */
  offerTrashed(documentId: string, projectName: string | null): void;
  /** Keeps what a closed editor could not save where a reload does not lose it (keptTexts.ts); false when storage refused. */
  keep(text: KeptText): boolean;
  /**
   * Saves the kept texts of the documents a trash takes (`covers`); one whose document is in the
   * trash or gone already is offered back. Answers the first that could not be saved, or null.
   */
  saveKept(covers: (doc: { id: string; projectId: string }) => boolean): Promise<{ title: string; why: string } | null>;
}
