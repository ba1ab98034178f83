// Text models stay loaded between generations (sessions are expensive to create), in the worker's
// warm pool under its memory budget. A model whose files changed on disk since it was loaded is
// loaded again.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { folderStamp } from '../runtime/folder-stamp';
import { planKey, type ProviderChoice, type ProviderPlan } from '../runtime/sessions';
import { warmPool } from '../runtime/warm-pool';
import { TextModel } from './text-model';

export function loadWarm(dir: string, id: string, provider: ProviderChoice | ProviderPlan): Promise<TextModel> {
  return warmPool.get(
    `text\u0000${dir}\u0000${planKey(provider)}`,
    folderStamp(dir),
    { label: id || basename(dir), kind: 'text' },
    () => TextModel.load(dir, { id, provider }),
    (m) => ({ provider: m.device.used, bytes: statSync(m.onnxPath).size }),
  );
}
