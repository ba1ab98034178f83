// word/document.xml: the title as a Title paragraph, then the text's blocks (textBlocks.ts) as
// paragraphs of runs. Bold and italic are run properties (w:b, w:i and their complex-script twins),
// a line break is w:br and a tab w:tab, since Word shows a literal tab inside w:t as a space.
import { escapeXml } from './xmlText';
import { textBlocks, type Block, type Run } from './textBlocks';

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function runXml(run: Run): string {
  if (run.text === '') return '';
  const props = (run.bold ? '<w:b/><w:bCs/>' : '') + (run.italic ? '<w:i/><w:iCs/>' : '');
  const body = run.text
    .split('\t')
    .map((part) => (part ? `<w:t xml:space="preserve">${escapeXml(part)}</w:t>` : ''))
    .join('<w:tab/>');
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${body}</w:r>`;
}

function paragraphXml(style: string, lines: Run[][]): string {
  const pPr = style === 'Normal' ? '' : `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>`;
  return `<w:p>${pPr}${lines.map((runs) => runs.map(runXml).join('')).join('<w:r><w:br/></w:r>')}</w:p>`;
}

const plain = (text: string): Run => ({ text, bold: false, italic: false });

/** The main document part for a title and a text. */
export function documentXml(title: string, text: string): string {
  const titleLines = title.replace(/\r\n?/g, '\n').split('\n').map((l) => [plain(l)]);
  const blocks: Block[] = textBlocks(text);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:document xmlns:w="${W_NS}"><w:body>` +
    paragraphXml('Title', titleLines) +
    blocks.map((b) => paragraphXml(b.style, b.lines)).join('') +
    // A4 with 2.5 cm margins (twentieths of a point); Word and LibreOffice fall back to their own
    // page otherwise, which differs between them.
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>' +
    '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>' +
    '</w:body></w:document>'
  );
}
