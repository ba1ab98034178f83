// Models stay loaded between generations (sessions are expensive to create). A small LRU keeps
// the most recently used few; the model library adds a memory budget later.
import type { ProviderChoice } from '../runtime/sessions';
import { TextModel } from './text-model';

const MAX_WARM = 2;
const warm = new Map<string, Promise<TextModel>>();

export async function loadWarm(dir: string, id: string, provider: ProviderChoice): Promise<TextModel> {
  const key = `${dir}\u0000${provider}`;
  let entry = warm.get(key);
  if (entry) warm.delete(key);
  else entry = TextModel.load(dir, { id, provider });
  warm.set(key, entry);
  entry.catch(() => warm.delete(key));
  while (warm.size > MAX_WARM) {
    const [oldKey, old] = warm.entries().next().value as [string, Promise<TextModel>];
    warm.delete(oldKey);
    void old.then((m) => m.dispose()).catch(() => {});
  }
  return entry;
}
