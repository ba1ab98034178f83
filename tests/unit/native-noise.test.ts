// The job worker's stderr reaches the user minus Dawn's Vulkan warning (printed when WebGPU is
// probed on a machine without Vulkan; `atelier status` showed it as if something had crashed).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forwardWithoutNoise, isNativeNoise } from '../../electron/engine/runtime/native-noise';

describe('native stderr noise', () => {
  it('drops the Vulkan warning, its Dawn source line and the blank line after, keeps everything else, across chunk boundaries', async () => {
    const from = new PassThrough();
    const to = new PassThrough();
    let got = '';
    to.on('data', (d: Buffer) => (got += d.toString()));
    forwardWithoutNoise(from, to);
    from.write('Warning: Couldn\'t load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory\n    at operator() (/build/Release/_deps/dawn-src/src/dawn/nat');
    from.write('ive/vulkan/BackendVk.cpp:368)\n\n[atelier] a real message\n\n2026-11-28 onnxruntime warning: something');
    from.end('\n');
    await new Promise((r) => setImmediate(r));
    expect(got).toBe('[atelier] a real message\n\n2026-11-28 onnxruntime warning: something\n');
  });

  it('does not hide other warnings or stack lines', () => {
    expect(isNativeNoise('Warning: Vulkan is slow')).toBe(false);
    expect(isNativeNoise('    at Object.<anonymous> (/work/electron/engine/jobs/x.ts:1:1)')).toBe(false);
  });
});
