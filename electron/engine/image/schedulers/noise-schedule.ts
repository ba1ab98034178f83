// The training noise schedule from scheduler_config.json: betas → alphas_cumprod → sigmas, and
// the inference timesteps for each spacing. Formulas as published with DDPM/DDIM/k-diffusion.
export interface SchedulerConfig {
  num_train_timesteps: number;
  beta_start: number;
  beta_end: number;
  beta_schedule: 'linear' | 'scaled_linear';
  prediction_type: 'epsilon' | 'v_prediction';
  timestep_spacing: 'leading' | 'trailing' | 'linspace';
  steps_offset: number;
  set_alpha_to_one: boolean;
  /** LCM: the step grid it was distilled on, and its boundary-condition scaling. */
  original_inference_steps: number;
  timestep_scaling: number;
}

/** Stable Diffusion 1.x defaults; scheduler_config.json overrides them. */
export const SD_DEFAULTS: SchedulerConfig = {
  num_train_timesteps: 1000,
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  prediction_type: 'epsilon',
  timestep_spacing: 'leading',
  steps_offset: 1,
  set_alpha_to_one: false,
  original_inference_steps: 50,
  timestep_scaling: 10,
};

export function readConfig(json: Record<string, unknown>): SchedulerConfig {
  const out = { ...SD_DEFAULTS } as Record<string, unknown>;
  for (const key of Object.keys(SD_DEFAULTS)) if (json[key] !== undefined && json[key] !== null) out[key] = json[key];
  return out as unknown as SchedulerConfig;
}

export function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

export function alphasCumprod(c: SchedulerConfig): Float64Array {
  const n = c.num_train_timesteps;
  const betas =
    c.beta_schedule === 'linear'
      ? linspace(c.beta_start, c.beta_end, n)
      : linspace(Math.sqrt(c.beta_start), Math.sqrt(c.beta_end), n).map((b) => b * b);
  const out = new Float64Array(n);
  let prod = 1;
  betas.forEach((b, i) => (out[i] = prod *= 1 - b));
  return out;
}

/** σ(t) = sqrt((1 − ᾱ_t) / ᾱ_t) for every training timestep. */
export function trainSigmas(ac: Float64Array): Float64Array {
  return ac.map((a) => Math.sqrt((1 - a) / a));
}

/** Inference timesteps, highest first, for the configured spacing. */
export function spacedTimesteps(c: SchedulerConfig, steps: number): number[] {
  const n = c.num_train_timesteps;
  if (c.timestep_spacing === 'linspace') return linspace(0, n - 1, steps).reverse();
  if (c.timestep_spacing === 'leading') {
    const ratio = Math.floor(n / steps);
    return Array.from({ length: steps }, (_, i) => Math.round(i * ratio) + c.steps_offset).reverse();
  }
  const ratio = n / steps;
  const out: number[] = [];
  for (let t = n; out.length < steps; t -= ratio) out.push(Math.round(t) - 1);
  return out;
}

/** Linear interpolation of a per-timestep table at a (possibly fractional) timestep. */
export function interp(table: Float64Array, t: number): number {
  if (t <= 0) return table[0] as number;
  if (t >= table.length - 1) return table[table.length - 1] as number;
  const lo = Math.floor(t);
  const f = t - lo;
  return (table[lo] as number) * (1 - f) + (table[lo + 1] as number) * f;
}

/** The (fractional) timestep whose σ is `sigma`, interpolating in log σ as k-diffusion does. */
export function sigmaToT(sigma: number, trainSig: Float64Array): number {
  const logS = Math.log(sigma);
  const logs = Array.from(trainSig, Math.log);
  // trainSig increases with t.
  if (logS <= (logs[0] as number)) return 0;
  if (logS >= (logs[logs.length - 1] as number)) return logs.length - 1;
  let lo = 0;
  while ((logs[lo + 1] as number) < logS) lo++;
  const w = ((logs[lo] as number) - logS) / ((logs[lo] as number) - (logs[lo + 1] as number));
  return lo + w;
}

/** Karras et al. (2022) σ schedule with ρ = 7. */
export function karrasSigmas(sigmaMin: number, sigmaMax: number, steps: number, rho = 7): number[] {
  const minInv = Math.pow(sigmaMin, 1 / rho);
  const maxInv = Math.pow(sigmaMax, 1 / rho);
  return linspace(0, 1, steps).map((r) => Math.pow(maxInv + r * (minInv - maxInv), rho));
}
