// One interface for every diffusion scheduler (the shape OnnxStack and diffusers share):
// the timesteps to visit, how to scale the model input, one denoising step, and adding noise.
import type { Prng } from '../../prng';

export interface Scheduler {
  readonly name: SchedulerName;
  /** The model timestep for each step, in order of use. */
  readonly timesteps: number[];
  /** Standard deviation of the starting noise. */
  readonly initNoiseSigma: number;
  /** What the UNet sees at step `i` (some schedulers rescale the sample). */
  scaleInput(sample: Float32Array, i: number): Float32Array;
  /** The sample after step `i`, given the model output (ε or v) for it. */
  step(modelOutput: Float32Array, i: number, sample: Float32Array, rng: Prng): Float32Array;
  /** Noises clean latents to the level of step `i` (img2img starts there). */
  addNoise(original: Float32Array, noise: Float32Array, i: number): Float32Array;
}

export type SchedulerName = 'euler' | 'euler-a' | 'ddim' | 'lcm' | 'dpmpp-2m-karras';

export const SCHEDULER_NAMES: SchedulerName[] = ['euler', 'euler-a', 'ddim', 'lcm', 'dpmpp-2m-karras'];
