// The whole recipe as a Custom XML Data part (ECMA-376 part 1, §22.5): customXml/item1.xml holds
// one element in Atelier's namespace with the recipe JSON, customXml/itemProps1.xml names the item
// (a datastore item id) and the namespace it uses. Word keeps custom XML parts on save, while it
// may cut a custom property's text at 255 characters; so the full recipe lives here, and the
// AtelierRecipe property points here when the JSON would not fit (recipePointer).
import { escapeXml } from './xmlText';

/** The namespace of the recipe element; also the item's schema reference, so a reader finds it by namespace. */
export const RECIPE_NS = 'urn:atelier:recipe:1';
/** Desktop Word's limit on a custom property's text. */
export const PROPERTY_TEXT_LIMIT = 255;

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const DS_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/customXml';

/**
 * A datastore item id: a GUID in braces, upper case, as Office writes them. Random (version 4), so
 * two exports never share an id; getRandomValues works in the browser host over plain HTTP too.
 */
export function newItemId(random: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => crypto.getRandomValues(b)): string {
  const b = new Uint8Array(16);
  random(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}

/** customXml/item1.xml: the recipe JSON as the text of one element. JSON escapes every control character, so nothing is dropped. */
export function recipeItemXml(json: string): string {
  return `${HEAD}<recipe xmlns="${RECIPE_NS}" type="application/json">${escapeXml(json)}</recipe>`;
}

/** customXml/itemProps1.xml: the item's id and the namespace its XML uses. */
export function recipeItemPropsXml(itemId: string): string {
  return (
    HEAD +
    `<ds:datastoreItem ds:itemID="${itemId}" xmlns:ds="${DS_NS}">` +
    `<ds:schemaRefs><ds:schemaRef ds:uri="${RECIPE_NS}"/></ds:schemaRefs></ds:datastoreItem>`
  );
}

/**
 * The AtelierRecipe property's text: the JSON itself when it fits in Word's limit, otherwise where
 * the whole recipe is. Word may renumber custom XML parts on save, so the namespace and item id
 * name it; the path is where this export put it.
 */
export function recipePointer(json: string, itemId: string, path: string): string {
  if (json.length <= PROPERTY_TEXT_LIMIT) return json;
  return `Full recipe (${json.length} characters of JSON) in the custom XML part ${path}: item ${itemId}, namespace ${RECIPE_NS}`;
}
