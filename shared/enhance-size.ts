// When an Enhance is big enough to ask first (pure: the board's confirm and the CLI's warning).
//
// The line is 8192 px a side or 64 megapixels. The largest image Atelier generates (2048²) enhanced
// ×4 lands exactly on it, so only enlarging an already large or enhanced image asks. Past it the
// work grows fast: ×4 of a 4096² image is 16384² (268 MP, ~1,800 tiles of CPU work) and its
// result alone is 768 MiB of RGB before the PNG is even encoded. The engine's own hard limit
// (MAX_OUTPUT_PIXELS in electron/engine/image/upscale.ts) stays where it is.

export const LARGE_ENHANCE_SIDE = 8192;
export const LARGE_ENHANCE_PIXELS = 64 * 1024 * 1024;

/**
 * A rough figure, computed rather than measured: the RGB result, the copy the PNG encoder works
 * from and the encoded file (at worst as large again) are alive together at the end of the job.
 */
const PEAK_COPIES = 3;

export interface EnhanceSize {
  width: number;
  height: number;
  /** Bytes of memory the job may need at its peak (rough estimate). */
  memoryBytes: number;
  /** Past the line above: ask (UI) or warn (CLI) before starting. */
  large: boolean;
}

export function enhanceSize(width: number, height: number, scale: number): EnhanceSize {
  const w = width * scale;
  const h = height * scale;
  return {
    width: w,
    height: h,
    memoryBytes: w * h * 3 * PEAK_COPIES,
    large: w > LARGE_ENHANCE_SIDE || h > LARGE_ENHANCE_SIDE || w * h > LARGE_ENHANCE_PIXELS,
  };
}

/** '2.3 GB', '610 MB': decimal units, one significant decimal under 10. */
export function roughBytes(bytes: number): string {
  const gb = bytes / 1e9;
  if (gb >= 1) return `${gb < 10 ? gb.toFixed(1) : Math.round(gb)} GB`;
  return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

/** One sentence both the confirm and the CLI warning use. */
export function largeEnhanceSentence(s: EnhanceSize, scale: number): string {
  const mp = (s.width * s.height) / 1e6;
  return `Enhance ×${scale} makes a ${s.width} × ${s.height} px image (${mp < 10 ? mp.toFixed(1) : Math.round(mp)} MP): it can take many minutes of CPU and about ${roughBytes(s.memoryBytes)} of memory (a rough estimate).`;
}
