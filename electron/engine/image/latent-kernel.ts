// The denoising loop's per-step arithmetic as WebAssembly SIMD, over one image's buffers.
//
// Between two UNet runs the loop used to make three scalar passes over the latent (guidance,
// the scheduler's step, the next step's input scaling) plus a copy for the guided batch: about
// 55 µs at 256² on this machine, bound by float32 ↔ float64 conversions, one value at a time.
// Here one pass does all of it, two values per instruction. Every operation is the one the JS did,
// in the same order, in float64 (f64x2 lanes are IEEE doubles, as JS numbers are; no fused
// multiply-add), and every value the JS stored in a Float32Array is rounded to float32 here too
// (demote: to nearest, ties to even, as Math.fround and a Float32Array store). So the bytes are
// the same (tests/unit/latent-kernel.test.ts; the whole loop against the plain one:
// tests/integration/image-loop-bytes.test.ts). Schedulers whose step is not of this form
// (ancestral noise, DDIM, LCM, DPM++) keep their JS step, working on the same buffers.
//
// The latent, the UNet's input and a copy of its output live in the kernel's WebAssembly memory;
// the Float32Array views over them are what the pipeline, the scheduler and onnxruntime use.
import { assembleModule, compileModule, instantiate, op, T, type ValType, type WasmFunction } from '../wasm-module';
import type { LinearStep } from './schedulers/types';

// Parameters of the fused step, in order (local indices).
const [RAW, X, INP, HALF, END] = [0, 1, 2, 3, 4];
const [CFG, A, B, WX, WM, W] = [5, 6, 7, 8, 9, 10];
// Locals: the byte offset, then the splatted weights and the per-element temporaries.
const K = 11;
const [CFGV, AV, BV, WXV, WMV, WV, U, M, XK, TT, NX, S] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];

/** Two float32 at base + k, as two float64. */
const load = (base: number, extra?: number) => [op.get(base), ...(extra === undefined ? [] : [op.get(extra), op.i32Add]), op.get(K), op.i32Add, op.load2xF32, op.promoteLow];
const store = (base: number, value: number, extra?: number) => [op.get(base), ...(extra === undefined ? [] : [op.get(extra), op.i32Add]), op.get(K), op.i32Add, op.get(value), op.store2xF32];
const fround = [op.demote, op.promoteLow];
const splat = (from: number, to: number) => [op.get(from), op.f64x2Splat, op.set(to)];

/** for (k = 0; k < end; k += 8) { ...body } */
const loop = (body: number[][]) => [op.i32(0), op.set(K), op.block, op.loop, op.get(K), op.get(END), op.i32GeU, op.brIf(1), ...body, op.get(K), op.i32(8), op.i32Add, op.set(K), op.br(0), op.end, op.end];

/**
 * The guided Euler-form step: m = fround(u + cfg·(c − u)) from the UNet's [uncond; cond] output
 * (or m = the output, unguided), x ← fround(a·x + b·fround(wx·x + wm·m)), and when `next`, the next
 * UNet input w·x (rounded) into both halves of the guided batch.
 */
function stepFunction(guided: boolean, next: boolean): WasmFunction {
  const m = guided
    ? [...load(RAW), op.set(U), op.get(U), op.get(CFGV), ...load(RAW, HALF), op.get(U), op.f64x2Sub, op.f64x2Mul, op.f64x2Add, ...fround, op.set(M)]
    : [...load(RAW), op.set(M)];
  const body = [
    ...m,
    ...load(X),
    op.set(XK),
    op.get(WXV), op.get(XK), op.f64x2Mul, op.get(WMV), op.get(M), op.f64x2Mul, op.f64x2Add, ...fround, op.set(TT),
    op.get(AV), op.get(XK), op.f64x2Mul, op.get(BV), op.get(TT), op.f64x2Mul, op.f64x2Add, op.demote, op.set(NX),
    ...store(X, NX),
    ...(next ? [op.get(WV), op.get(NX), op.promoteLow, op.f64x2Mul, op.demote, op.set(S), ...store(INP, S), ...(guided ? store(INP, S, HALF) : [])] : []),
  ];
  const f64 = T.f64;
  return {
    exportName: `step${guided ? 'G' : ''}${next ? 'N' : ''}`,
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, f64, f64, f64, f64, f64, f64] as ValType[],
    locals: [[1, T.i32], [12, T.v128]],
    body: [...[[CFG, CFGV], [A, AV], [B, BV], [WX, WXV], [WM, WMV], [W, WV]].flatMap(([f, t]) => splat(f as number, t as number)), ...loop(body)],
  };
}

/** The UNet input w·x (rounded) into both halves when guided: the first step's scaleInput. */
function scaleFunction(guided: boolean): WasmFunction {
  const body = [...load(X), op.set(XK), op.get(WV), op.get(XK), op.f64x2Mul, op.demote, op.set(S), ...store(INP, S), ...(guided ? store(INP, S, HALF) : [])];
  return {
    exportName: `scale${guided ? 'G' : ''}`,
    // Same parameters as the step (unused ones zero), so the locals line up.
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.f64, T.f64, T.f64, T.f64, T.f64, T.f64],
    locals: [[1, T.i32], [12, T.v128]],
    body: [...splat(W, WV), ...loop(body)],
  };
}

const MODULE = compileModule(assembleModule([stepFunction(false, false), stepFunction(false, true), stepFunction(true, false), stepFunction(true, true), scaleFunction(false), scaleFunction(true)]));

type Kernel = (raw: number, x: number, inp: number, half: number, end: number, cfg: number, a: number, b: number, wx: number, wm: number, w: number) => void;

/** One image's latent, UNet input and UNet output copy in WebAssembly memory, and the fused step. */
export class LatentKernel {
  /** The latent (size values). */
  readonly latent: Float32Array;
  /** The UNet's sample input: batch × size values ([uncond; cond] halves when guided). */
  readonly input: Float32Array;
  /** The first half of the UNet input (all of it unguided): where a scheduler's own scaleInput writes. */
  readonly firstInput: Float32Array;
  /** Where the UNet's output is copied for the fused step (batch × size values). */
  private readonly raw: Float32Array;
  private readonly kernels: Record<'step' | 'stepN' | 'stepG' | 'stepGN' | 'scale' | 'scaleG', Kernel>;

  constructor(
    readonly size: number,
    readonly batch: 1 | 2,
  ) {
    const { exports, buffer } = instantiate(MODULE, 4 * size * (2 * batch + 1));
    this.kernels = exports as unknown as LatentKernel['kernels'];
    // raw | latent | input, each 16-byte aligned (size is a multiple of 4).
    this.raw = new Float32Array(buffer, 0, batch * size);
    this.latent = new Float32Array(buffer, 4 * batch * size, size);
    this.input = new Float32Array(buffer, 4 * (batch + 1) * size, batch * size);
    this.firstInput = this.input.subarray(0, size);
  }


  /** Copies the first half of the UNet input into the second (guided), after `firstInput` was written. */
  mirrorInput(): void {
    if (this.batch === 2) this.input.copyWithin(this.size, 0, this.size);
  }

  /** The UNet input w·latent (rounded), into both halves when guided. */
  scaleInput(w: number): void {
    const f = this.batch === 2 ? this.kernels.scaleG : this.kernels.scale;
    f(0, this.latent.byteOffset, this.input.byteOffset, 4 * this.size, 4 * this.size, 0, 0, 0, 0, 0, w);
  }

  /**
   * Guidance (cfg > 1 when the batch is 2), the step `s` on the latent, and when `nextScale` is a
   * number, the next UNet input. `output` is the UNet's output for this step.
   */
  step(output: Float32Array, cfg: number, s: LinearStep, nextScale: number | null): void {
    this.raw.set(output);
    const k = this.kernels;
    const f = this.batch === 2 ? (nextScale === null ? k.stepG : k.stepGN) : nextScale === null ? k.step : k.stepN;
    f(0, this.latent.byteOffset, this.input.byteOffset, 4 * this.size, 4 * this.size, cfg, s.a, s.b, s.wx, s.wm, nextScale ?? 0);
  }
}
