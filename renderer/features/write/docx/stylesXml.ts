// word/styles.xml: Normal and the built-in Title and Heading 1–3 (style names as Word spells its
// built-ins, "heading 1", so Word's navigation pane and LibreOffice's outline pick them up).
// Child elements follow the schema's order (ECMA-376 CT_Style, CT_PPr, CT_RPr): Word rejects a
// styles part whose elements are out of order.
import { W_NS } from './documentXml';

interface StyleSpec {
  id: string;
  name: string;
  /** Half-points. */
  size: number;
  bold: boolean;
  /** Twentieths of a point. */
  before: number;
  after: number;
  outline?: number;
}

const STYLES: StyleSpec[] = [
  { id: 'Title', name: 'Title', size: 52, bold: false, before: 0, after: 240 },
  { id: 'Heading1', name: 'heading 1', size: 36, bold: true, before: 360, after: 120, outline: 0 },
  { id: 'Heading2', name: 'heading 2', size: 30, bold: true, before: 280, after: 100, outline: 1 },
  { id: 'Heading3', name: 'heading 3', size: 26, bold: true, before: 240, after: 80, outline: 2 },
];

function styleXml(s: StyleSpec): string {
  const keepNext = s.outline === undefined ? '' : '<w:keepNext/><w:keepLines/>';
  const outline = s.outline === undefined ? '' : `<w:outlineLvl w:val="${s.outline}"/>`;
  const bold = s.bold ? '<w:b/><w:bCs/>' : '';
  return (
    `<w:style w:type="paragraph" w:styleId="${s.id}"><w:name w:val="${s.name}"/>` +
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>' +
    `<w:pPr>${keepNext}<w:spacing w:before="${s.before}" w:after="${s.after}"/>${outline}</w:pPr>` +
    `<w:rPr>${bold}<w:sz w:val="${s.size}"/><w:szCs w:val="${s.size}"/></w:rPr></w:style>`
  );
}

export function stylesXml(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:styles xmlns:w="${W_NS}">` +
    '<w:docDefaults><w:rPrDefault><w:rPr>' +
    '<w:rFonts w:ascii="Calibri" w:eastAsia="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>' +
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault>' +
    '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault>' +
    '</w:docDefaults>' +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    STYLES.map(styleXml).join('') +
    '</w:styles>'
  );
}
