// The VAE decoder's RGB tail (appended nodes): which graphs take it, and that onnxruntime running
// it gives exactly the bytes of the JS conversion, rounding ties and out-of-range values included.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../electron/engine/runtime/onnx-graph';
import { findImageOutput, RGB8_OUTPUT, withRgb8Output } from '../../electron/engine/image/rgb8-output';
import { planarToRgb8 } from '../../electron/engine/image/sd-pipeline';

/** latent_sample → Identity → `name` (float32, [batch, 3, h, w]) at the given opset. */
function decoderLike(opts: { opset?: number; name?: string; elem?: 'float32' | 'int64'; channels?: number; extraOutput?: boolean } = {}): Uint8Array {
  const g = new GraphBuilder('decoder_like');
  const x = g.input('latent_sample', ['batch', opts.channels ?? 3, 'h', 'w'], opts.elem ?? 'float32');
  g.output(opts.name ?? 'sample', ['batch', opts.channels ?? 3, 'h', 'w'], opts.elem ?? 'float32');
  g.op('Identity', [x], undefined, opts.name ?? 'sample');
  if (opts.extraOutput) {
    g.output('other', ['batch', opts.channels ?? 3, 'h', 'w']);
    g.op('Neg', [x], undefined, 'other');
  }
  return g.toBytes(opts.opset ?? 17);
}

describe('VAE RGB tail', () => {
  it('hangs from a float32 image output of an opset ≥ 11 graph, and nothing else', () => {
    expect(findImageOutput(decoderLike())).toBe('sample');
    expect(findImageOutput(decoderLike({ name: 'image' }))).toBe('image'); // the only output
    expect(findImageOutput(decoderLike({ opset: 10 }))).toBeNull(); // no Round, Clip without inputs
    expect(findImageOutput(decoderLike({ elem: 'int64' }))).toBeNull();
    expect(findImageOutput(decoderLike({ channels: 4 }))).toBeNull();
    expect(findImageOutput(decoderLike({ name: 'image', extraOutput: true }))).toBeNull(); // which one?
    expect(findImageOutput(new Uint8Array([1, 2, 3]))).toBeNull();
    const plain = decoderLike({ opset: 10 });
    expect(withRgb8Output(plain)).toEqual({ bytes: plain, output: null });
  });

  it('gives the JS conversion’s bytes, fetched as [batch, H, W, 3] uint8', async () => {
    const { bytes, output } = withRgb8Output(decoderLike());
    expect(output).toBe(RGB8_OUTPUT);
    const session = await ort.InferenceSession.create(bytes);
    try {
      const H = 5;
      const W = 7;
      const data = new Float32Array(3 * H * W);
      // Exact ties ((x + 1) · 127.5 = k + ½ rounds to even), the ends, beyond them, and a spread.
      const special = [0, -1, 1, -3, 3, 1e-7, -1e-7, 0.0039215688, -0.99607843, 0.5, -0.5];
      for (let i = 0; i < data.length; i++) data[i] = i < special.length ? (special[i] as number) : Math.sin(i * 12.9898) * 1.2;
      const out = await session.run({ latent_sample: new ort.Tensor('float32', data, [1, 3, H, W]) }, [RGB8_OUTPUT]);
      const rgb = out[RGB8_OUTPUT] as ort.Tensor;
      expect(Object.keys(out)).toEqual([RGB8_OUTPUT]); // the float image is not fetched
      expect([rgb.type, ...rgb.dims]).toEqual(['uint8', 1, H, W, 3]);
      const js = planarToRgb8(data, H, W);
      expect(Array.from(rgb.data as Uint8Array)).toEqual(Array.from(js.data));
      // Red of pixels 0…4 (interleaved: every third byte) from the first values of the red plane.
      expect(js.data[0]).toBe(128); // 127.5 → 128 (half to even)
      expect(js.data[3]).toBe(0); // x = −1
      expect(js.data[6]).toBe(255); // x = 1
      expect(js.data[9]).toBe(0); // x = −3, clamped
      expect(js.data[12]).toBe(255); // x = 3, clamped
    } finally {
      await session.release();
    }
  });
});
