// The Open Packaging Conventions parts around the document (ECMA-376 part 2): the content types,
// the relationships that tie the package to its main document, styles and properties, and the
// core (title, creator, dates), extended (application) and custom (the recipe) properties, and the
// custom XML part with the whole recipe (recipePart.ts), related from the main document as Word does.
import { escapeXml } from './xmlText';

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const VT_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes';
/** The format id every user-defined custom property carries (FMTID_UserDefinedProperties). */
const USER_DEFINED_FMTID = '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}';

export const PART = {
  contentTypes: '[Content_Types].xml',
  rootRels: '_rels/.rels',
  document: 'word/document.xml',
  documentRels: 'word/_rels/document.xml.rels',
  styles: 'word/styles.xml',
  core: 'docProps/core.xml',
  app: 'docProps/app.xml',
  custom: 'docProps/custom.xml',
  recipeItem: 'customXml/item1.xml',
  recipeItemRels: 'customXml/_rels/item1.xml.rels',
  recipeItemProps: 'customXml/itemProps1.xml',
} as const;

export function contentTypesXml(): string {
  const override = (part: string, type: string) => `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-${type}"/>`;
  return (
    HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    override(PART.document, 'officedocument.wordprocessingml.document.main+xml') +
    override(PART.styles, 'officedocument.wordprocessingml.styles+xml') +
    override(PART.core, 'package.core-properties+xml') +
    override(PART.app, 'officedocument.extended-properties+xml') +
    override(PART.custom, 'officedocument.custom-properties+xml') +
    // The item itself is plain XML (the Default above); its properties part has a type of its own.
    override(PART.recipeItemProps, 'officedocument.customXmlProperties+xml') +
    '</Types>'
  );
}

function relationships(rels: [type: string, target: string][]): string {
  return (
    HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rels.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`).join('') +
    '</Relationships>'
  );
}

export function rootRelsXml(): string {
  return relationships([
    [`${OFFICE_REL}/officeDocument`, PART.document],
    ['http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', PART.core],
    [`${OFFICE_REL}/extended-properties`, PART.app],
    [`${OFFICE_REL}/custom-properties`, PART.custom],
  ]);
}

/** The document's own relationships; targets are relative to word/. */
export function documentRelsXml(): string {
  return relationships([
    [`${OFFICE_REL}/styles`, 'styles.xml'],
    [`${OFFICE_REL}/customXml`, `../${PART.recipeItem}`],
  ]);
}

/** The custom XML item's relationship to its properties part; the target is relative to customXml/. */
export function recipeItemRelsXml(): string {
  return relationships([[`${OFFICE_REL}/customXmlProps`, PART.recipeItemProps.replace(/^customXml\//, '')]]);
}

/** W3C date-time without fractions of a second, the form Office writes. */
const w3cdtf = (when: Date) => when.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function coreXml(props: { title: string; created: Date; modified: Date }): string {
  const date = (tag: string, when: Date) => `<dcterms:${tag} xsi:type="dcterms:W3CDTF">${w3cdtf(when)}</dcterms:${tag}>`;
  return (
    HEAD +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"' +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"' +
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(props.title)}</dc:title>` +
    '<dc:creator>Atelier</dc:creator><cp:lastModifiedBy>Atelier</cp:lastModifiedBy>' +
    date('created', props.created) +
    date('modified', props.modified) +
    '</cp:coreProperties>'
  );
}

/** Extended properties: the application only (AppVersion must be "NN.NNNN", which ours is not). */
export function appXml(application: string): string {
  return (
    HEAD +
    `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="${VT_NS}">` +
    `<Application>${escapeXml(application)}</Application></Properties>`
  );
}

/** Custom properties, each a text value (vt:lpwstr); ids start at 2, as 0 and 1 are reserved. */
export function customXml(props: [name: string, value: string][]): string {
  return (
    HEAD +
    `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="${VT_NS}">` +
    props
      .map(([name, value], i) => `<property fmtid="${USER_DEFINED_FMTID}" pid="${i + 2}" name="${escapeXml(name)}"><vt:lpwstr>${escapeXml(value)}</vt:lpwstr></property>`)
      .join('') +
    '</Properties>'
  );
}
