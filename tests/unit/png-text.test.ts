// PNG text chunks and the AUTOMATIC1111 parameters format, checked against the byte layout and
// against an independent strict reading of the format.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { formatA1111, parseA1111 } from '../../shared/a1111';
import { addTextChunks, readChunks, readTextChunks } from '../../electron/engine/image/png-text';

const tinyPng = () => sharp({ create: { width: 4, height: 3, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toBuffer();

describe('PNG text chunks', () => {
  it('adds tEXt for Latin-1 and iTXt for other text, with valid CRCs, and reads both back', async () => {
    const png = await tinyPng();
    const out = addTextChunks(png, { parameters: 'a red dress\nSteps: 4', 'atelier-recipe': '{"prompt":"漢字 ✓"}' });
    const chunks = readChunks(out);
    expect(chunks.map((c) => c.type)).toEqual([...readChunks(png).map((c) => c.type).slice(0, -1), 'tEXt', 'iTXt', 'IEND']);
    // Recompute every CRC from the bytes.
    let at = 8;
    while (at < out.length) {
      const len = out.readUInt32BE(at);
      expect(out.readUInt32BE(at + 8 + len)).toBe(crc32(out.subarray(at + 4, at + 8 + len)) >>> 0);
      at += 12 + len;
    }
    expect(readTextChunks(out)).toEqual({ parameters: 'a red dress\nSteps: 4', 'atelier-recipe': '{"prompt":"漢字 ✓"}' });
    // sharp still decodes the image unchanged.
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, data[0]]).toEqual([4, 3, 200]);
  });

  it('rejects files that are not PNG or are truncated', async () => {
    const png = await tinyPng();
    expect(() => readTextChunks(Buffer.from('GIF89a....'))).toThrow(/Not a PNG/);
    expect(() => readTextChunks(png.subarray(0, png.length - 20))).toThrow(/truncated/);
  });
});

/** An independent strict reader of the last line: `Key: value` pairs joined by ", ". */
function strictSettings(line: string): [string, string][] {
  const pairs: [string, string][] = [];
  let rest = line;
  while (rest.length) {
    const colon = rest.indexOf(': ');
    const key = rest.slice(0, colon);
    rest = rest.slice(colon + 2);
    let value: string;
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      value = rest.slice(1, end);
      rest = rest.slice(end + 1);
    } else {
      const comma = rest.indexOf(', ');
      value = comma < 0 ? rest : rest.slice(0, comma);
      rest = comma < 0 ? '' : rest.slice(comma);
    }
    if (rest.startsWith(', ')) rest = rest.slice(2);
    pairs.push([key, value]);
  }
  return pairs;
}

describe('A1111 parameters', () => {
  const sample = {
    prompt: 'a lighthouse on a cliff at dawn\nsecond line',
    negativePrompt: 'blurry, low quality',
    settings: { Steps: '4', Sampler: 'Euler a', 'CFG scale': '1', Seed: '1234', Size: '512x512', 'Model hash': 'a1b2c3d4e5', Model: 'tiny, sd' },
  };

  it('formats lines A1111 writes and a strict reader accepts', () => {
    const text = formatA1111(sample);
    const lines = text.split('\n');
    expect(lines[0]).toBe('a lighthouse on a cliff at dawn');
    expect(lines[2]).toBe('Negative prompt: blurry, low quality');
    expect(strictSettings(lines[3]!)).toEqual(Object.entries(sample.settings));
  });

  it('parses back what it formats, and real A1111 text', () => {
    expect(parseA1111(formatA1111(sample))).toEqual(sample);
    const a1111 =
      'masterpiece, 1girl\nNegative prompt: lowres, bad anatomy\nSteps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7.5, Seed: 3213, Size: 512x768, Model hash: 9aba26abdf, Model: anything-v4, Denoising strength: 0.5, Version: v1.6.0';
    expect(parseA1111(a1111)).toEqual({
      prompt: 'masterpiece, 1girl',
      negativePrompt: 'lowres, bad anatomy',
      settings: {
        Steps: '28',
        Sampler: 'DPM++ 2M Karras',
        'CFG scale': '7.5',
        Seed: '3213',
        Size: '512x768',
        'Model hash': '9aba26abdf',
        Model: 'anything-v4',
        'Denoising strength': '0.5',
        Version: 'v1.6.0',
      },
    });
    expect(parseA1111('just a prompt')).toEqual({ prompt: 'just a prompt', negativePrompt: '', settings: {} });
  });
});
