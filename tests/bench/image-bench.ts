// `npm run bench:image`: the image engine's overheads, measured as ratios in one run.
//   pipelineOverheadRatio  pipeline wall time ÷ the sum of its own session.run times (SD fixture)
//   previewCostRatio       a run with per-step previews (latent→RGB + PNG) ÷ a run without
//   esrganMegapixelsPerSecond  ESRGAN ×4 output megapixels per second (256² input)
//   ganImagesPerSecond     starter-GAN images per second (one forward pass, 28×28; when present)
// --json prints only one JSON object; the table goes to stderr.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { ImageSettings } from '../../shared/contract/image';
import { GanGenerator } from '../../electron/engine/image/gan';
import { latentToRgb } from '../../electron/engine/image/latent-preview';
import { encodePng } from '../../electron/engine/image/raster';
import { SdPipeline } from '../../electron/engine/image/sd-pipeline';
import { upscale } from '../../electron/engine/image/upscale';
import { defaultResourcesDir } from '../../electron/models/registry';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';

const json = process.argv.includes('--json');
const log = (s: string) => process.stderr.write(`${s}\n`);
const now = () => performance.now();

/** Wraps every session of the pipeline so the bench can add up time spent inside session.run. */
function instrument(sd: SdPipeline): { total: () => number; reset: () => void } {
  let spent = 0;
  for (const key of ['textEncoder', 'unet', 'vaeDecoder', 'vaeEncoder'] as const) {
    const session = (sd as unknown as Record<string, ort.InferenceSession | null>)[key];
    if (!session) continue;
    const run = session.run.bind(session) as (...a: unknown[]) => Promise<ort.InferenceSession.ReturnType>;
    (session as unknown as { run: typeof run }).run = async (...args: unknown[]) => {
      const t0 = now();
      try {
        return await run(...args);
      } finally {
        spent += now() - t0;
      }
    };
  }
  return { total: () => spent, reset: () => (spent = 0) };
}

async function median(n: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await f());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(n / 2)] as number;
}

async function main(): Promise<void> {
  const dir = join(mkdtempSync(join(tmpdir(), 'atelier-bench-image-')), 'tiny-sd');
  writeTinySdFolder(dir, TINY_SD);
  const sd = await SdPipeline.load(dir, 'cpu');
  const timer = instrument(sd);
  const rows: Record<string, number | string>[] = [];
  let overheadWorst = 0;
  let previewWorst = 0;
  for (const size of [256, 512]) {
    const s = ImageSettings.parse({ prompt: 'a red dress', steps: 8, cfg: 7, width: size, height: size, seed: 1 });
    await sd.generate(s, 1, null); // warm-up
    const ratio = await median(3, async () => {
      timer.reset();
      const t0 = now();
      await sd.generate(s, 1, null);
      return (now() - t0) / timer.total();
    });
    const plain = await median(3, async () => {
      const t0 = now();
      await sd.generate(s, 1, null);
      return now() - t0;
    });
    const withPreview = await median(3, async () => {
      const t0 = now();
      const pending: Promise<unknown>[] = [];
      await sd.generate(s, 1, null, { onStep: (_d, _t, preview) => pending.push(encodePng(preview())) });
      await Promise.all(pending);
      return now() - t0;
    });
    overheadWorst = Math.max(overheadWorst, ratio);
    previewWorst = Math.max(previewWorst, withPreview / plain);
    rows.push({ size: `${size}×${size}`, wallMs: +plain.toFixed(1), overheadRatio: +ratio.toFixed(3), previewCostRatio: +(withPreview / plain).toFixed(3) });
  }
  // A single preview conversion, for scale.
  const latent = new Float32Array(4 * 32 * 32).map((_, i) => Math.sin(i));
  const previewMs = await median(5, async () => {
    const t0 = now();
    await encodePng(latentToRgb(latent, 32, 32));
    return now() - t0;
  });

  const input = { data: new Uint8Array(256 * 256 * 3).map((_, i) => (i * 37) % 256), width: 256, height: 256, channels: 3 };
  await upscale({ ...input, data: input.data.slice(0, 32 * 32 * 3), width: 32, height: 32 }, 4); // warm-up
  const esrganMs = await median(3, async () => {
    const t0 = now();
    await upscale(input, 4);
    return now() - t0;
  });
  const esrganMp = (256 * 4 * 256 * 4) / 1e6 / (esrganMs / 1000);

  let ganPerSecond: number | null = null;
  const ganDir = join(defaultResourcesDir(), 'models', 'starter-gan');
  if (existsSync(join(ganDir, 'generator.onnx'))) {
    const gan = await GanGenerator.load(ganDir, 'cpu');
    const s = ImageSettings.parse({ prompt: 'a sneaker' });
    await gan.generate(s, 0);
    const n = 50;
    const t0 = now();
    for (let i = 0; i < n; i++) await gan.generate(s, i);
    ganPerSecond = n / ((now() - t0) / 1000);
    await gan.dispose();
  } else log('starter-gan not found: ganImagesPerSecond is null');
  await sd.dispose();

  const result = {
    pipelineOverheadRatio: +overheadWorst.toFixed(3),
    previewCostRatio: +previewWorst.toFixed(3),
    previewMs: +previewMs.toFixed(2),
    esrganMegapixelsPerSecond: +esrganMp.toFixed(2),
    ganImagesPerSecond: ganPerSecond === null ? null : +ganPerSecond.toFixed(1),
    sizes: rows,
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    console.table(rows);
    console.table([{ esrganMegapixelsPerSecond: result.esrganMegapixelsPerSecond, ganImagesPerSecond: result.ganImagesPerSecond, previewMs: result.previewMs }]);
    console.log(JSON.stringify(result));
  }
}

void main();
