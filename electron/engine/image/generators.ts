// Image generators stay loaded between jobs, like text models: diffusion pipelines and GANs by
// folder and the device they run on (runtime/device-share.ts), in the worker's warm pool; reloaded when the folder's files change.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { folderStamp } from '../runtime/folder-stamp';
import { loadOnDevice } from '../runtime/device-share';
import type { ProviderChoice, ProviderPlan } from '../runtime/sessions';
import { GanGenerator } from './gan';
import { SdPipeline } from './sd-pipeline';

type Loaded = SdPipeline | GanGenerator;

export function loadGenerator(dir: string, kind: 'diffusion' | 'gan', provider: ProviderChoice | ProviderPlan, label = basename(dir)): Promise<Loaded> {
  return loadOnDevice<Loaded>(
    `${kind}\u0000${dir}`,
    folderStamp(dir),
    provider,
    { label, kind },
    (plan) => (kind === 'gan' ? GanGenerator.load(dir, plan) : SdPipeline.load(dir, plan)),
    () => weightBytes(dir, kind),
  );
}

/** The bytes of the ONNX files (and their external data) a loaded generator holds. */
function weightBytes(dir: string, kind: 'diffusion' | 'gan'): number {
  const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
  if (kind === 'gan') return size(join(dir, 'generator.onnx'));
  let n = 0;
  for (const part of ['text_encoder', 'unet', 'vae_decoder', 'vae_encoder']) {
    const sub = join(dir, part);
    if (!existsSync(sub)) continue;
    for (const f of readdirSync(sub)) if (f.startsWith('model.onnx') || f.endsWith('.onnx_data')) n += size(join(sub, f));
  }
  return n;
}
