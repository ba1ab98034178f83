// Text models stay loaded between generations (sessions are expensive to create), in the worker's
// warm pool under its memory budget. A model whose files changed on disk since it was loaded is
// loaded again.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { folderStamp } from '../runtime/folder-stamp';
import { loadOnDevice } from '../runtime/device-share';
import type { ProviderChoice, ProviderPlan } from '../runtime/sessions';
import { TextModel } from './text-model';

export function loadWarm(dir: string, id: string, provider: ProviderChoice | ProviderPlan): Promise<TextModel> {
  return loadOnDevice(
    `text\u0000${dir}`,
    folderStamp(dir),
    provider,
    { label: id || basename(dir), kind: 'text' },
    (plan) => TextModel.load(dir, { id, provider: plan }),
    (m) => statSync(m.onnxPath).size,
  );
}
