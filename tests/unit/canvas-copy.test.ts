// Which image the canvas asks the host for (renderer/features/image/canvasSize.ts, used by CanvasView):
// the whole image up to 4096 px a side, a fitted 4096 px copy above. Before, an enhanced 16384²
// image was asked for whole, as one data URL of around a gigabyte.
import { describe, expect, it } from 'vitest';
import { CANVAS_MAX_SIDE, canvasMaxSide } from '../../renderer/features/image/canvasSize';

describe('canvas image size', () => {
  it('asks for the whole image up to the limit and a fitted copy above it', () => {
    expect(canvasMaxSide(448, 448)).toBeNull();
    expect(canvasMaxSide(4096, 4096)).toBeNull();
    expect(canvasMaxSide(4096, 4104)).toBe(CANVAS_MAX_SIDE);
    expect(canvasMaxSide(16384, 16384)).toBe(4096);
    // A version without a recipe (no size known) is asked for whole.
    expect(canvasMaxSide(0, 0)).toBeNull();
  });
});
