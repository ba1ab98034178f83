// Text an editor still held, unsaved, when it closed and its closing save failed (the host was
// unreachable for a moment, or refused it). Only the shell's memory had it then, which a reload, or
// the next editor, loses. So it is kept in the browser's storage (localStorage: it outlives a
// reload and a closed tab) until it is saved as its document's newest version (saveKept.ts), or
// the writer has dealt with it on the notice (DocumentGoneDialog) when its document went to the
// trash or was deleted for good before it could be saved.
import type { StoredSpan } from '../../../shared/contract';

export interface KeptText {
  documentId: string;
  projectId: string;
  title: string;
  text: string;
  /** The version the text was edited from (null: the document had none). */
  baseId: string | null;
  /** Who wrote which characters, as a save stores them. */
  spans: StoredSpan[];
  /** When it was kept: a later keep of the same document replaces it, and only that one is dropped. */
  keptAt: number;
}

const KEY = 'atelier.keptTexts';

const isText = (v: unknown): v is string => typeof v === 'string';

/** Reads what is kept leniently: an entry that is not well formed is skipped, not thrown at. */
export function readKept(): KeptText[] {
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.filter((k): k is KeptText => {
    const v = (typeof k === 'object' && k !== null ? k : {}) as Record<string, unknown>;
    return (
      isText(v.documentId) && isText(v.projectId) && isText(v.title) && isText(v.text) &&
      (v.baseId === null || isText(v.baseId)) && Array.isArray(v.spans) && typeof v.keptAt === 'number'
    );
  });
}

/** Stores the list; false when storage refuses (full, or disabled). */
function write(list: KeptText[]): boolean {
  try {
    if (list.length === 0) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

/**
 * Keeps `text` (in place of an older one of its document: it holds all of that one's text). False
 * when storage refuses: the shell then keeps it in memory, where a trash still offers it.
 */
export function keepText(text: KeptText): boolean {
  return write([...readKept().filter((k) => k.documentId !== text.documentId), text]);
}

/** Drops what was kept of a document, only as kept at `keptAt` (a newer keep stays). */
export function dropKept(documentId: string, keptAt: number): void {
  const list = readKept();
  const left = list.filter((k) => !(k.documentId === documentId && k.keptAt === keptAt));
  if (left.length !== list.length) write(left);
}
