// What the job worker says it holds, for tests of where models are filed after a device fallback.
import type { RuntimeState } from '../../shared/contract';
import type { TestCore } from './test-core';

/** The loaded models as "label@provider", sorted; waits up to 5 s for them to equal `want` (reports are async). */
export async function loadedModels(h: Pick<TestCore, 'call'>, want: string[]): Promise<string[]> {
  let got: string[] = [];
  for (let i = 0; i < 50; i++) {
    const state = await h.call<RuntimeState>('settings.get', {});
    got = state.loaded.map((m) => `${m.label}@${m.provider}`).sort();
    if (JSON.stringify(got) === JSON.stringify(want)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return got;
}
