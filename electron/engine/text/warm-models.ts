// Models stay loaded between generations (sessions are expensive to create). A small LRU keeps
// the most recently used few; the model library adds a memory budget later. A model whose files
// changed on disk since it was loaded is loaded again.
import { folderStamp } from '../runtime/folder-stamp';
import type { ProviderChoice } from '../runtime/sessions';
import { TextModel } from './text-model';

const MAX_WARM = 2;
const warm = new Map<string, Promise<TextModel>>();
const stamps = new Map<string, string>();

export async function loadWarm(dir: string, id: string, provider: ProviderChoice): Promise<TextModel> {
  const key = `${dir}\u0000${provider}`;
  const stamp = folderStamp(dir);
  let entry = warm.get(key);
  if (entry && stamps.get(key) !== stamp) {
    warm.delete(key);
    void entry.then((m) => m.dispose()).catch(() => {});
    entry = undefined;
  }
  if (entry) warm.delete(key);
  else entry = TextModel.load(dir, { id, provider });
  stamps.set(key, stamp);
  warm.set(key, entry);
  entry.catch(() => warm.delete(key));
  while (warm.size > MAX_WARM) {
    const [oldKey, old] = warm.entries().next().value as [string, Promise<TextModel>];
    warm.delete(oldKey);
    void old.then((m) => m.dispose()).catch(() => {});
  }
  return entry;
}
