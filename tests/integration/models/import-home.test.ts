// A model folder typed as in a terminal, "~/models/my-gan", is the home folder's. The import form
// answered "The path must be absolute (got ~/models/my-gan)", which a user who just copied the path
// from a shell could not make sense of.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/host/core';
import { writeTinyGanFolder } from '../../fixtures/tiny-library';
import { realTempDir } from '../../support/tmp';

const { dir: root, cleanup } = realTempDir();
const home = process.env.HOME;
afterAll(() => {
  process.env.HOME = home;
  cleanup();
});

describe('import from ~/', () => {
  it('reads ~ as the home folder', { timeout: 60_000 }, async () => {
    process.env.HOME = join(root, 'me');
    writeTinyGanFolder(join(root, 'me', 'models', 'my-gan'));
    const core = createCore({ dataDir: join(root, 'data'), transport: 'cli', runJobs: false, importRoots: [root] });
    try {
      const reply = await core.call('models.import', { path: '~/models/my-gan', mode: 'reference' });
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      expect(reply.ok && reply.result).toMatchObject({ id: 'my-gan', kind: 'gan', sourcePath: realpathSync(join(root, 'me', 'models', 'my-gan')) });
      const relative = await core.call('models.import', { path: 'models/my-gan', mode: 'reference' });
      expect(relative.ok === false && relative.error.code).toBe('BAD_INPUT');
    } finally {
      await core.close();
    }
  });
});
