// An X/Y grid as one PNG: a title, the X values across the top, the Y values down the left, and
// each cell's image fitted into its square (a grey square with a word for a missing cell). Labels
// are SVG text rendered by sharp (librsvg with fontconfig: a generic sans-serif family, so any
// installed font does).
import sharp, { type OverlayOptions } from 'sharp';

export interface SheetInput {
  title: string;
  xLabels: string[];
  /** One label per row; [''] for a grid with one axis. */
  yLabels: string[];
  /** Row-major PNG bytes, or a short word for a cell without an image ('failed', 'queued'). */
  cells: (Uint8Array | string)[];
  cellSize: number;
}

const PAD = 12;
const GAP = 6;

export const escapeXml = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);

/** Cuts a label to roughly `px` pixels of text at `size` (average glyph ≈ 0.58 em). */
function fit(label: string, px: number, size: number): string {
  const max = Math.max(3, Math.floor(px / (size * 0.58)));
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

export async function composeGridSheet(input: SheetInput): Promise<Buffer> {
  const { cellSize: cell, xLabels, yLabels } = input;
  const cols = xLabels.length;
  const rows = yLabels.length;
  const font = Math.max(11, Math.min(18, Math.round(cell / 12)));
  const hasY = yLabels.some((l) => l !== '');
  const yWidth = hasY ? Math.min(cell * 1.5, Math.max(...yLabels.map((l) => l.length)) * font * 0.58 + PAD) : 0;
  const titleH = font + 16;
  const headH = font + 12;
  const left = PAD + Math.ceil(yWidth);
  const top = PAD + titleH + headH;
  const width = left + cols * cell + (cols - 1) * GAP + PAD;
  const height = top + rows * cell + (rows - 1) * GAP + PAD;

  const texts: string[] = [];
  const text = (x: number, y: number, s: string, anchor: 'start' | 'middle' | 'end', size = font, weight = 'normal') =>
    texts.push(
      `<text x="${x}" y="${y}" font-family="sans-serif" font-size="${size}" font-weight="${weight}" fill="#222" text-anchor="${anchor}">${escapeXml(s)}</text>`,
    );
  text(PAD, PAD + font + 2, fit(input.title, width - 2 * PAD, font + 2), 'start', font + 2, 'bold');
  xLabels.forEach((l, i) => text(left + i * (cell + GAP) + cell / 2, PAD + titleH + font, fit(l, cell, font), 'middle'));
  if (hasY) yLabels.forEach((l, j) => text(left - 8, top + j * (cell + GAP) + cell / 2 + font / 3, fit(l, yWidth - 8, font), 'end'));

  const overlays: OverlayOptions[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const c = input.cells[j * cols + i];
      const x = left + i * (cell + GAP);
      const y = top + j * (cell + GAP);
      if (c instanceof Uint8Array) {
        const img = await sharp(c).resize(cell, cell, { fit: 'contain', background: '#eeeeee' }).flatten({ background: '#eeeeee' }).png().toBuffer();
        overlays.push({ input: img, left: x, top: y });
      } else {
        texts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="#dddddd"/>`);
        text(x + cell / 2, y + cell / 2 + font / 3, c ?? '', 'middle', font, 'normal');
      }
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${texts.join('')}</svg>`;
  overlays.push({ input: Buffer.from(svg), left: 0, top: 0 });
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(overlays)
    .png({ compressionLevel: 6 })
    .toBuffer();
}
