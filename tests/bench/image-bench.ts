// `npm run bench:image`: the image engine's overheads, measured as ratios in one run.
//   pipelineOverheadRatio  pipeline wall time ÷ the sum of its own session.run times (SD fixture),
//                          the worse of the two sizes
//                          per size also outsideMs (wall − runs) split into beforeFirstRunMs
//                          (per-image setup), betweenStepsMs, beforeVaeMs and afterVaeMs (medians)
//   earlyOverheadRatio     the same at 256² over the process's first images (2nd to 6th), before V8
//                          has optimised the per-image and per-step code
//   stepLoopOverheadRatio  the denoising loop alone (start → last step) ÷ its UNet runs: the JS
//                          cost paid on every step (scale, guidance, scheduler, tensors)
//   outputMs               per image, after the VAE run: its float output → 8-bit RGB (the part of
//                          the pipeline's cost that grows with pixels, not steps)
//   jsCpuMs                per 512² image, the JS thread's CPU time outside session.run (load-proof)
//   wallVsJsConversion     end-to-end wall time with the 8-bit RGB made inside the VAE session ÷
//                          the same images converted in JS (a second pipeline, runs alternated;
//                          median of the pairs' ratios, at 512²); per size also cpuVsJsConversion,
//                          the same for CPU time of all threads (onnxruntime's pool included)
//   batch4OverlapRatio     4 images + PNG encodes with each encode overlapping the next image's
//                          runs ÷ the same one after another, as the generate job runs a batch
//   previewCostRatio       a run with per-step previews (latent→RGB + PNG) ÷ a run without
//   esrganMegapixelsPerSecond  ESRGAN ×4 output megapixels per second (256² input)
//   ganImagesPerSecond     starter-GAN images per second (one forward pass, 28×28; when present)
//   ganDeliveredImagesPerSecond  what a user gets from the starter GAN: forward pass + ESRGAN ×4
//                          twice (448×448) + PNG encode, as the generate job does it
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

const SESSIONS = ['textEncoder', 'unet', 'vaeDecoder', 'vaeEncoder'] as const;
type SessionName = (typeof SESSIONS)[number];

/** CPU ms this (the JS) thread has used: unlike wall time, barely moved by other processes. */
const threadMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU ms of the whole process, all threads. */
const processMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Paired runs per size (graph tail and JS conversion alternated): enough for a median under load. */
const PAIRS = 11;
/**
 * Paired runs before those, timed but not in the steady-state figures. The code that runs once
 * per image or once per step (noise, scheduler loops, the VAE feed) is not fully optimised by V8
 * for the first twenty or so images of a process: with one warm-up image the 256² overhead was
 * about twice the steady state's. The first EARLY of these give `earlyOverheadRatio`.
 */
const WARM_PAIRS = 20;
const EARLY = 5;

/**
 * Wraps every session of the pipeline so the bench can add up time spent inside session.run
 * (wall time), and the JS thread's own CPU time inside those calls (tensor marshalling).
 */
function instrument(sd: SdPipeline): { total: () => number; of: (name: SessionName) => number; cpuInside: () => number; calls: () => [number, number][]; reset: () => void } {
  const spent = new Map<SessionName, number>();
  let cpuInside = 0;
  let calls: [number, number][] = [];
  for (const key of SESSIONS) {
    const session = (sd as unknown as Record<string, ort.InferenceSession | null>)[key];
    if (!session) continue;
    const run = session.run.bind(session) as (...a: unknown[]) => Promise<ort.InferenceSession.ReturnType>;
    (session as unknown as { run: typeof run }).run = async (...args: unknown[]) => {
      const t0 = now();
      const c0 = threadMs();
      try {
        return await run(...args);
      } finally {
        const t1 = now();
        spent.set(key, (spent.get(key) ?? 0) + t1 - t0);
        calls.push([t0, t1]);
        cpuInside += threadMs() - c0;
      }
    };
  }
  return {
    total: () => [...spent.values()].reduce((a, b) => a + b, 0),
    of: (name) => spent.get(name) ?? 0,
    cpuInside: () => cpuInside,
    calls: () => calls,
    reset: () => {
      spent.clear();
      cpuInside = 0;
      calls = [];
    },
  };
}

/** One timed image: the whole call, the loop (start → last step) and the tail after it (VAE + output). */
async function timedRun(sd: SdPipeline, timer: ReturnType<typeof instrument>, s: ImageSettings) {
  timer.reset();
  const p0 = processMs();
  const c0 = threadMs();
  const t0 = now();
  let lastStep = t0;
  let loopUnet = 0;
  await sd.generate(s, 1, null, {
    onStep: () => {
      lastStep = now();
      loopUnet = timer.of('unet');
    },
  });
  const end = now();
  // The JS thread's CPU outside session.run: the pipeline's own work, whatever the machine's load.
  const jsCpu = threadMs() - c0 - timer.cpuInside();
  // CPU of every thread (onnxruntime's pool included): all the work the image took.
  const cpu = processMs() - p0;
  // Where the wall time outside session.run goes: before the first run (per image: scheduler,
  // noise, feeds), between the runs of the loop (per step), before the VAE run, after it.
  const calls = timer.calls();
  const gap = (i: number) => ((calls[i] as [number, number])[0] - (calls[i - 1] as [number, number])[1]);
  let between = 0;
  for (let i = 1; i < calls.length - 1; i++) between += gap(i);
  const outside = {
    beforeFirstRun: (calls[0] as [number, number])[0] - t0,
    betweenSteps: between,
    beforeVae: gap(calls.length - 1),
    afterVae: end - (calls[calls.length - 1] as [number, number])[1],
  };
  return { wall: end - t0, runs: timer.total(), loopWall: lastStep - t0, loopUnet, tailWall: end - lastStep, tailVae: timer.of('vaeDecoder'), jsCpu, cpu, outside };
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
  // The same folder with the VAE output converted to 8-bit RGB in JS, as before the graph tail.
  const sdJs = await SdPipeline.load(dir, 'cpu', { rgbInGraph: false });
  if (!sd.rgbOutput || sdJs.rgbOutput) throw new Error('expected one pipeline with the RGB tail and one without');
  const timer = instrument(sd);
  const timerJs = instrument(sdJs);
  const rows: Record<string, number | string>[] = [];
  let overheadWorst = 0;
  let loopWorst = 0;
  let previewWorst = 0;
  let outputMs512 = 0;
  let jsCpuMs512 = 0;
  let wallVsJs512 = 0;
  let cpuVsJs512 = 0;
  let earlyRatio256 = 0;
  for (const size of [256, 512]) {
    const s = ImageSettings.parse({ prompt: 'a red dress', steps: 8, cfg: 7, width: size, height: size, seed: 1 });
    await sd.generate(s, 1, null); // warm-up
    await sdJs.generate(s, 1, null);
    const early: Awaited<ReturnType<typeof timedRun>>[] = [];
    for (let i = 0; i < WARM_PAIRS; i++) {
      const r = await timedRun(sd, timer, s);
      if (i < EARLY) early.push(r);
      await timedRun(sdJs, timerJs, s);
    }
    const runs: Awaited<ReturnType<typeof timedRun>>[] = [];
    const runsJs: Awaited<ReturnType<typeof timedRun>>[] = [];
    // Alternated, so both ways share the machine's moments.
    for (let i = 0; i < PAIRS; i++) {
      runs.push(await timedRun(sd, timer, s));
      runsJs.push(await timedRun(sdJs, timerJs, s));
    }
    type Run = (typeof runs)[number];
    const medOf = (rs: Run[], f: (r: Run) => number) => rs.map(f).sort((a, b) => a - b)[Math.floor(rs.length / 2)] as number;
    if (size === 256) earlyRatio256 = medOf(early, (r) => r.wall / r.runs);
    const med = (f: (r: Run) => number) => medOf(runs, f);
    const ratio = med((r) => r.wall / r.runs);
    const loopRatio = med((r) => r.loopWall / r.loopUnet);
    const outputMs = med((r) => r.tailWall - r.tailVae);
    // Pairwise (round i of each way), so a slow moment moves both sides of each ratio.
    const pairwise = (f: (r: Run) => number) => [...runs.keys()].map((i) => f(runs[i] as Run) / f(runsJs[i] as Run)).sort((a, b) => a - b)[Math.floor(PAIRS / 2)] as number;
    const wallVsJs = pairwise((r) => r.wall);
    if (size === 512) {
      outputMs512 = outputMs;
      jsCpuMs512 = med((r) => r.jsCpu);
      wallVsJs512 = wallVsJs;
      cpuVsJs512 = pairwise((r) => r.cpu);
    }
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
    loopWorst = Math.max(loopWorst, loopRatio);
    previewWorst = Math.max(previewWorst, withPreview / plain);
    rows.push({
      size: `${size}×${size}`,
      wallMs: +med((r) => r.wall).toFixed(1),
      runsMs: +med((r) => r.runs).toFixed(1),
      vaeMs: +med((r) => r.tailVae).toFixed(2),
      overheadRatio: +ratio.toFixed(3),
      outsideMs: +med((r) => r.wall - r.runs).toFixed(3),
      beforeFirstRunMs: +med((r) => r.outside.beforeFirstRun).toFixed(3),
      betweenStepsMs: +med((r) => r.outside.betweenSteps).toFixed(3),
      beforeVaeMs: +med((r) => r.outside.beforeVae).toFixed(3),
      afterVaeMs: +med((r) => r.outside.afterVae).toFixed(3),
      jsCpuMs: +med((r) => r.jsCpu).toFixed(2),
      stepLoopRatio: +loopRatio.toFixed(3),
      outputMs: +outputMs.toFixed(2),
      jsConvWallMs: +medOf(runsJs, (r) => r.wall).toFixed(1),
      jsConvRunsMs: +medOf(runsJs, (r) => r.runs).toFixed(1),
      jsConvVaeMs: +medOf(runsJs, (r) => r.tailVae).toFixed(2),
      jsConvOverheadRatio: +medOf(runsJs, (r) => r.wall / r.runs).toFixed(3),
      jsConvJsCpuMs: +medOf(runsJs, (r) => r.jsCpu).toFixed(2),
      jsConvOutputMs: +medOf(runsJs, (r) => r.tailWall - r.tailVae).toFixed(2),
      cpuMs: +med((r) => r.cpu).toFixed(1),
      jsConvCpuMs: +medOf(runsJs, (r) => r.cpu).toFixed(1),
      wallVsJsConversion: +wallVsJs.toFixed(3),
      cpuVsJsConversion: +pairwise((r) => r.cpu).toFixed(3),
      previewCostRatio: +(withPreview / plain).toFixed(3),
    });
  }
  await sdJs.dispose();

  // A batch of 4 at 512² as the generate job makes it: each image, then its PNG. One after
  // another, or each PNG encode (sharp, off the JS thread) left running while the next image starts.
  const s4 = ImageSettings.parse({ prompt: 'a red dress', steps: 8, cfg: 7, width: 512, height: 512 });
  const batchSequential = async () => {
    const t0 = now();
    for (let i = 0; i < 4; i++) await encodePng(await sd.generate(s4, i, null));
    return now() - t0;
  };
  const batchOverlapped = async () => {
    const t0 = now();
    const pngs: Promise<Uint8Array>[] = [];
    for (let i = 0; i < 4; i++) pngs.push(encodePng(await sd.generate(s4, i, null)));
    await Promise.all(pngs);
    return now() - t0;
  };
  await batchOverlapped(); // warm-up
  const overlapRatios: number[] = [];
  for (let i = 0; i < 3; i++) overlapRatios.push((await batchOverlapped()) / (await batchSequential()));
  const batch4OverlapRatio = overlapRatios.sort((a, b) => a - b)[1] as number;

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
  let ganDelivered: number | null = null;
  const ganDir = join(defaultResourcesDir(), 'models', 'starter-gan');
  if (existsSync(join(ganDir, 'generator.onnx'))) {
    const gan = await GanGenerator.load(ganDir, 'cpu');
    const s = ImageSettings.parse({ prompt: 'a sneaker' });
    const deliver = async (seed: number) => encodePng(await upscale(await upscale(await gan.generate(s, seed), 4), 4));
    await deliver(0); // warm-up (both upscaler sessions too)
    const n = 50;
    let t0 = now();
    for (let i = 0; i < n; i++) await gan.generate(s, i);
    ganPerSecond = n / ((now() - t0) / 1000);
    const m = 5;
    t0 = now();
    for (let i = 0; i < m; i++) await deliver(i);
    ganDelivered = m / ((now() - t0) / 1000);
    await gan.dispose();
  } else log('starter-gan not found: ganImagesPerSecond is null');
  await sd.dispose();

  const result = {
    pipelineOverheadRatio: +overheadWorst.toFixed(3),
    stepLoopOverheadRatio: +loopWorst.toFixed(3),
    earlyOverheadRatio: +earlyRatio256.toFixed(3),
    outputMs: +outputMs512.toFixed(2),
    jsCpuMs: +jsCpuMs512.toFixed(2),
    wallVsJsConversion: +wallVsJs512.toFixed(3),
    cpuVsJsConversion: +cpuVsJs512.toFixed(3),
    batch4OverlapRatio: +batch4OverlapRatio.toFixed(3),
    previewCostRatio: +previewWorst.toFixed(3),
    previewMs: +previewMs.toFixed(2),
    esrganMegapixelsPerSecond: +esrganMp.toFixed(2),
    ganImagesPerSecond: ganPerSecond === null ? null : +ganPerSecond.toFixed(1),
    ganDeliveredImagesPerSecond: ganDelivered === null ? null : +ganDelivered.toFixed(2),
    sizes: rows,
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    console.table(rows);
    console.table([
      {
        esrganMegapixelsPerSecond: result.esrganMegapixelsPerSecond,
        ganImagesPerSecond: result.ganImagesPerSecond,
        ganDeliveredImagesPerSecond: result.ganDeliveredImagesPerSecond,
        previewMs: result.previewMs,
      },
    ]);
    console.log(JSON.stringify(result));
  }
}

void main();
