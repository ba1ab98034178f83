// A cheap step preview: the 4 SD latent channels mapped to RGB with a fixed linear approximation
// (the widely used SD 1.x/2.x latent→RGB factors), at latent resolution. No VAE run needed.
const FACTORS = [
  [0.298, 0.207, 0.208],
  [0.187, 0.286, 0.173],
  [-0.158, 0.189, 0.264],
  [-0.184, -0.271, -0.473],
] as const;

export function latentToRgb(latent: Float32Array, h: number, w: number): { data: Uint8Array; width: number; height: number; channels: 3 } {
  const plane = h * w;
  const out = new Uint8Array(plane * 3);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      let v = 0;
      for (let k = 0; k < 4; k++) v += (latent[k * plane + p] as number) * (FACTORS[k] as readonly number[])[c]!;
      out[p * 3 + c] = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
    }
  }
  return { data: out, width: w, height: h, channels: 3 };
}
