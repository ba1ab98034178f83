// What the shell knows of a window's open text editors (heldText.ts registers them): types only,
// without React, so the trash's guard (trashCovered.ts) stays plain code.
export interface HeldText {
  text: string;
  /** The editor had changes not yet saved as a version. */
  unsaved: boolean;
}

/** Reads an editor's text now (null: nothing to read, e.g. still loading). */
export type TextHolder = (() => HeldText | null) & {
  closed?: true;
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
}
