// The one region where two texts differ, found from their common prefix and suffix. Versions of a
// document usually differ in one place (a save after typing, a continuation, a branch), so this is
// all the "diff" the writing studio needs: no alignment, O(n), and exact when there is one change.
export interface Change {
  /** Start and end of the replaced region in the old text. */
  fromA: number;
  toA: number;
  /** Start and end of its replacement in the new text. */
  fromB: number;
  toB: number;
}

/** The smallest single change that turns `a` into `b`, or null when they are equal. */
export function changedRegion(a: string, b: string): Change | null {
  if (a === b) return null;
  const max = Math.min(a.length, b.length);
  let start = 0;
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  // Never split a surrogate pair: back up to the start of a character.
  if (start > 0 && start < a.length && isLowSurrogate(a.charCodeAt(start))) start--;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (endA < a.length && isLowSurrogate(a.charCodeAt(endA))) {
    endA++;
    endB++;
  }
  return { fromA: start, toA: endA, fromB: start, toB: endB };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The change a generation made, exactly: a generated version's text is the prompt, the generated
 * text (which starts at `start` and is `length` long) and the text that followed the cursor.
 * Falls back to the common prefix/suffix when the parent does not end with that same text.
 */
export function generatedChange(parent: string, text: string, start: number, length: number): Change | null {
  const genEnd = start + length;
  const suffix = text.slice(genEnd);
  if (genEnd > text.length || !parent.endsWith(suffix)) return changedRegion(parent, text);
  const toA = parent.length - suffix.length;
  const max = Math.min(start, toA);
  let p = 0;
  while (p < max && parent.charCodeAt(p) === text.charCodeAt(p)) p++;
  if (p === toA && p === genEnd) return null;
  return { fromA: p, toA, fromB: p, toB: genEnd };
}
