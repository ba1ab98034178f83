// models.card reads a model's card (README.md) so the library can show it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_GPT2, writeDecoderFolder } from '../../fixtures/tiny-decoders';
import { useTestCore } from '../../support/test-core';

const h = useTestCore({ models: (dir) => writeDecoderFolder(join(dir, 'no-card'), TINY_GPT2), options: { runJobs: false } });

describe('models.card', () => {
  it('returns the card of a starter model and null for a folder without one', async () => {
    const card = await h.core.call('models.card', { id: 'esrgan-x4' });
    expect(card).toMatchObject({ ok: true, result: { file: 'README.md', text: expect.stringContaining('MIT') } });
    expect(await h.core.call('models.card', { id: 'no-card' })).toEqual({ ok: true, result: null });
    expect(await h.core.call('models.card', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
