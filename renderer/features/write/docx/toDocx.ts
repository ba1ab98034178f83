// A version as a Word document (.docx): our own small Office Open XML package, stored in a ZIP we
// write ourselves (shared/zip), holding the text with its headings, bold and italic, and the same
// recipe fields as the Markdown export's front matter as custom document properties: one readable
// property per field (AtelierRecipeModelSha256, AtelierRecipeSeed, …), and the whole set as JSON in
// a custom XML part (recipePart.ts), which Word keeps on save; AtelierRecipe holds that JSON too
// when it fits Word's 255 characters, and says where it is otherwise. Pure but for the item's
// random id (pass one to fix it): ui/download.ts saves the bytes.
import { storedZip } from '../../../../shared/zip/stored-zip';
import { exportFields, type ExportInput, type Yaml } from '../exportDoc';
import { documentXml } from './documentXml';
import { appXml, contentTypesXml, coreXml, customXml, documentRelsXml, PART, recipeItemRelsXml, rootRelsXml } from './packageParts';
import { newItemId, PROPERTY_TEXT_LIMIT, recipeItemPropsXml, recipeItemXml, recipePointer } from './recipePart';
import { stylesXml } from './stylesXml';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const capitalise = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/**
 * A readable property's text within Word's limit: a longer one (long stop strings, a long model
 * name) ends in "…" at 255 characters, never inside a surrogate pair; the custom XML part keeps it whole.
 */
function fitProperty(text: string): string {
  if (text.length <= PROPERTY_TEXT_LIMIT) return text;
  let cut = PROPERTY_TEXT_LIMIT - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/**
 * The export's fields as custom properties: nested keys joined in CamelCase under "Atelier"
 * (recipe.model.sha256 → AtelierRecipeModelSha256), lists as JSON, missing values left out; the
 * title is in the core properties. Last, AtelierRecipe: every field as JSON when that fits in
 * Word's 255 characters, otherwise where the custom XML part with the JSON is.
 */
export function recipeProperties(fields: { [key: string]: Yaml }, itemId: string): [string, string][] {
  const props: [string, string][] = [];
  const walk = (prefix: string, value: Yaml) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) props.push([prefix, fitProperty(JSON.stringify(value))]);
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(prefix + capitalise(k), v);
    else props.push([prefix, fitProperty(String(value))]);
  };
  for (const [key, value] of Object.entries(fields)) if (key !== 'title') walk(`Atelier${capitalise(key)}`, value);
  props.push(['AtelierRecipe', recipePointer(JSON.stringify(fields), itemId, PART.recipeItem)]);
  return props;
}

/** The .docx file's bytes. */
export function toDocx(input: ExportInput, now: Date = new Date(), itemId: string = newItemId()): Uint8Array<ArrayBuffer> {
  const fields = exportFields(input, now);
  const created = input.version ? new Date(input.version.createdAt) : now;
  const encoder = new TextEncoder();
  const part = (name: string, xml: string) => ({ name, data: encoder.encode(xml) });
  return storedZip(
    [
      part(PART.contentTypes, contentTypesXml()),
      part(PART.rootRels, rootRelsXml()),
      part(PART.document, documentXml(input.title, input.text)),
      part(PART.documentRels, documentRelsXml()),
      part(PART.styles, stylesXml()),
      part(PART.core, coreXml({ title: input.title, created, modified: now })),
      part(PART.app, appXml(typeof fields.generator === 'string' ? fields.generator : 'Atelier')),
      part(PART.custom, customXml(recipeProperties(fields, itemId))),
      part(PART.recipeItem, recipeItemXml(JSON.stringify(fields))),
      part(PART.recipeItemRels, recipeItemRelsXml()),
      part(PART.recipeItemProps, recipeItemPropsXml(itemId)),
    ],
    now,
  );
}
