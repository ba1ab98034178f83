// One interface for every diffusion scheduler (the shape OnnxStack and diffusers share):
// the timesteps to visit, how to scale the model input, one denoising step, and adding noise.
// A scheduler object serves one image (multistep ones keep state between its steps) and reuses
// its own buffers across the steps, so the denoising loop allocates nothing per step.
import type { Prng } from '../../prng';

/** The weights of a step of the form x' = a·x + b·fround(wx·x + wm·m) (m: the model output). */
export interface LinearStep {
  a: number;
  b: number;
  wx: number;
  wm: number;
}

export interface Scheduler {
  readonly name: SchedulerName;
  /** The model timestep for each step, in order of use (shared between schedulers: read-only). */
  readonly timesteps: readonly number[];
  /** Standard deviation of the starting noise. */
  readonly initNoiseSigma: number;
  /**
   * What the UNet sees at step `i` (some schedulers rescale the sample), written into `out` when
   * given (the caller's UNet input buffer). Without `out`, a scheduler that does not rescale
   * returns `sample` itself.
   */
  scaleInput(sample: Float32Array, i: number, out?: Float32Array): Float32Array;
  /**
   * The sample after step `i`, given the model output (ε or v) for it. Written over `sample`, which
   * the caller hands over, and returned; `modelOutput` is only read.
   */
  step(modelOutput: Float32Array, i: number, sample: Float32Array, rng: Prng): Float32Array;
  /**
   * Where `scaleInput` at step i is a plain multiplication, out = w·sample, its factor w. The
   * pipeline then makes the UNet input in its SIMD pass (latent-kernel.ts) instead.
   */
  inputScale?(i: number): number;
  /**
   * Where step i is x' = a·x + b·fround(wx·x + wm·m), with no noise and no state, its weights
   * (else null): `step` then gives the same bytes as the pipeline's fused SIMD pass with these.
   */
  linearStep?(i: number): LinearStep | null;
  /** Noises clean latents to the level of step `i` (img2img starts there), into a new array. */
  addNoise(original: Float32Array, noise: Float32Array, i: number): Float32Array;
}

export type SchedulerName = 'euler' | 'euler-a' | 'ddim' | 'lcm' | 'dpmpp-2m-karras';

export const SCHEDULER_NAMES: SchedulerName[] = ['euler', 'euler-a', 'ddim', 'lcm', 'dpmpp-2m-karras'];
