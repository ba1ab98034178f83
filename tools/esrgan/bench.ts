// Speed of the starter upscalers through upscale() (the numbers in the model cards).
//   npx tsx tools/esrgan/bench.ts [--sizes 128,512] [--scales 4,2] [--runs 5] [--tile 192]
// Median of `runs` timed calls after one warm-up call; the session stays loaded between calls.
import { availableParallelism, cpus } from 'node:os';
import { DEFAULT_TILE, disposeUpscalers, upscale, type UpscaleScale } from '../../electron/engine/image/upscale';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const sizes = arg('--sizes', '128,512').split(',').map(Number);
  const scales = arg('--scales', '4,2').split(',').map(Number) as UpscaleScale[];
  const runs = Number(arg('--runs', '5'));
  const tile = Number(arg('--tile', String(DEFAULT_TILE)));
  console.log(`${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}; tile ${tile}; median of ${runs}`);
  for (const scale of scales) {
    for (const size of sizes) {
      const data = Uint8Array.from({ length: size * size * 3 }, (_, i) => (i * 7919 + (i >> 7)) % 251);
      const img = { data, width: size, height: size, channels: 3 };
      let tiles = 0;
      await upscale(img, scale, { tile, onProgress: (_, total) => (tiles = total) });
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        await upscale(img, scale, { tile });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const ms = times[Math.floor(times.length / 2)]!;
      const inMp = (size * size) / 1e6 / (ms / 1000);
      console.log(
        `×${scale} ${size}²→${size * scale}² (${tiles} tile${tiles > 1 ? 's' : ''}): ${ms.toFixed(0)} ms ` +
          `(min ${times[0]!.toFixed(0)}), ${inMp.toFixed(3)} MP/s in, ${(inMp * scale * scale).toFixed(2)} MP/s out`,
      );
    }
  }
  await disposeUpscalers();
}

void main();
