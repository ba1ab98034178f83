// The UNet's inputs for one image, made once and refilled in place every step: the sample (the
// pipeline's LatentKernel writes it, twice, [uncond; cond], when guided), the timestep and the text
// embeddings, with their tensor objects, so a step builds nothing. Refilling is safe: each run has
// finished with its inputs by the time the loop writes the next step's.
import * as ort from 'onnxruntime-node';

export class UnetFeeds {
  private readonly time: Float32Array | BigInt64Array;
  private readonly feeds: Record<string, ort.Tensor>;

  /**
   * `hidden` is the prompt's embeddings, or [negative; prompt] (batch 2) for guidance; `sample` the
   * buffer the scaled sample is written into (batch × channels × height × width values).
   */
  constructor(unet: ort.InferenceSession, latentShape: [channels: number, height: number, width: number], hidden: ort.Tensor, sample: Float32Array) {
    const batch = hidden.dims[0] === 2 ? 2 : 1;
    if (sample.length !== batch * latentShape[0] * latentShape[1] * latentShape[2]) throw new Error('UnetFeeds: the sample buffer does not fit the batch and latent shape');
    // The timestep as the graph declares it: float32 or int64, a scalar, [1] (broadcast) or [batch].
    const meta = unet.inputMetadata.find((m) => m.name === 'timestep');
    const type = meta && meta.isTensor ? meta.type : 'float32';
    const dims = meta && meta.isTensor && meta.shape.length === 0 ? [] : [meta && meta.isTensor && meta.shape[0] === 1 ? 1 : batch];
    const n = dims.length ? (dims[0] as number) : 1;
    this.time = type === 'int64' ? new BigInt64Array(n) : new Float32Array(n);
    this.feeds = {
      sample: new ort.Tensor('float32', sample, [batch, ...latentShape]),
      timestep: this.time instanceof BigInt64Array ? new ort.Tensor('int64', this.time, dims) : new ort.Tensor('float32', this.time, dims),
      encoder_hidden_states: hidden,
    };
  }

  /** The feeds for timestep `t`, once the sample buffer holds this step's input. */
  at(t: number): Record<string, ort.Tensor> {
    if (this.time instanceof BigInt64Array) this.time.fill(BigInt(Math.round(t)));
    else this.time.fill(t);
    return this.feeds;
  }
}
