// models.card reads a model's card (README.md) so the library can show it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/host/core';
import { TINY_GPT2, writeDecoderFolder } from '../../fixtures/tiny-decoders';
import { tempDir } from '../../support/tmp';

const t = tempDir();
let core: Core;
beforeAll(() => {
  writeDecoderFolder(join(t.dir, 'models', 'no-card'), TINY_GPT2);
  core = createCore({ dataDir: join(t.dir, 'data'), transport: 'cli', runJobs: false, modelDirs: [join(t.dir, 'models')] });
});
afterAll(async () => {
  await core.close();
  t.cleanup();
});

describe('models.card', () => {
  it('returns the card of a starter model and null for a folder without one', async () => {
    const card = await core.call('models.card', { id: 'esrgan-x4' });
    expect(card).toMatchObject({ ok: true, result: { file: 'README.md', text: expect.stringContaining('MIT') } });
    expect(await core.call('models.card', { id: 'no-card' })).toEqual({ ok: true, result: null });
    expect(await core.call('models.card', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
