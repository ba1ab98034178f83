// How large an image the canvas asks the host for.

/** The largest side the canvas asks for (the contract's limit for a fitted copy). */
export const CANVAS_MAX_SIDE = 4096;

/**
 * The full image (null) up to CANVAS_MAX_SIDE a side, a fitted copy above it: an enhanced
 * 16384 × 16384 PNG sent whole as a data URL would be gigabytes in the page.
 */
export function canvasMaxSide(width: number, height: number): number | null {
  return Math.max(width, height) > CANVAS_MAX_SIDE ? CANVAS_MAX_SIDE : null;
}
