// Image generators stay loaded between jobs, like text models: diffusion pipelines and GANs by
// folder and execution provider, a couple at a time; reloaded when the folder's files change.
import { folderStamp } from '../runtime/folder-stamp';
import type { ProviderChoice } from '../runtime/sessions';
import { GanGenerator } from './gan';
import { SdPipeline } from './sd-pipeline';

type Loaded = SdPipeline | GanGenerator;
const MAX_WARM = 2;
const warm = new Map<string, Promise<Loaded>>();
const stamps = new Map<string, string>();

export function loadGenerator(dir: string, kind: 'diffusion' | 'gan', provider: ProviderChoice): Promise<Loaded> {
  const key = `${kind}\u0000${dir}\u0000${provider}`;
  const stamp = folderStamp(dir);
  let entry = warm.get(key);
  if (entry && stamps.get(key) !== stamp) {
    warm.delete(key);
    void entry.then((m) => m.dispose()).catch(() => {});
    entry = undefined;
  }
  if (entry) warm.delete(key);
  else entry = kind === 'gan' ? GanGenerator.load(dir, provider) : SdPipeline.load(dir, provider);
  stamps.set(key, stamp);
  warm.set(key, entry);
  entry.catch(() => warm.delete(key));
  while (warm.size > MAX_WARM) {
    const [oldKey, old] = warm.entries().next().value as [string, Promise<Loaded>];
    warm.delete(oldKey);
    void old.then((m) => m.dispose()).catch(() => {});
  }
  return entry;
}
