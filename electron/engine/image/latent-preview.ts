// A cheap step preview: the 4 SD latent channels mapped to RGB with a fixed linear approximation
// (the widely used SD 1.x/2.x latent→RGB factors), at latent resolution. No VAE run needed.
// Written out per channel: it runs after every step, so no per-pixel table lookups or Math calls.
const [R0, R1, R2, R3] = [0.298, 0.187, -0.158, -0.184];
const [G0, G1, G2, G3] = [0.207, 0.286, 0.189, -0.271];
const [B0, B1, B2, B3] = [0.208, 0.173, 0.264, -0.473];

/** [-1, 1] → 0..255, rounded half up and clamped. */
const byte = (v: number): number => {
  const x = (v + 1) * 127.5;
  return x <= 0 ? 0 : x >= 255 ? 255 : (x + 0.5) | 0;
};

export function latentToRgb(latent: Float32Array, h: number, w: number): { data: Uint8Array; width: number; height: number; channels: 3 } {
  const plane = h * w;
  const out = new Uint8Array(plane * 3);
  for (let p = 0, o = 0; p < plane; p++, o += 3) {
    const a = latent[p] as number;
    const b = latent[plane + p] as number;
    const c = latent[2 * plane + p] as number;
    const d = latent[3 * plane + p] as number;
    out[o] = byte(a * R0 + b * R1 + c * R2 + d * R3);
    out[o + 1] = byte(a * G0 + b * G1 + c * G2 + d * G3);
    out[o + 2] = byte(a * B0 + b * B1 + c * B2 + d * B3);
  }
  return { data: out, width: w, height: h, channels: 3 };
}
