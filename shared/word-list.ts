// A list of names in a sentence: "a, b and c" (or "a, b or c" for a choice).

/** Joins the items with commas and the last with `last` ("and", "or"); empty for none. */
export function wordList(items: readonly string[], last: 'and' | 'or' = 'and'): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}
