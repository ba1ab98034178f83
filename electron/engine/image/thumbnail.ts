// Images for the UI: a stored PNG, optionally fitted within a box, as a data URL.
import sharp from 'sharp';

export async function imageDataUrl(bytes: Buffer, maxSide: number | null): Promise<{ dataUrl: string; width: number; height: number }> {
  const meta = await sharp(bytes).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (maxSide === null || (width <= maxSide && height <= maxSide)) {
    return { dataUrl: `data:image/png;base64,${bytes.toString('base64')}`, width, height };
  }
  const { data, info } = await sharp(bytes).resize(maxSide, maxSide, { fit: 'inside' }).png().toBuffer({ resolveWithObject: true });
  return { dataUrl: `data:image/png;base64,${data.toString('base64')}`, width: info.width, height: info.height };
}
