// Migration 004 on a real version-3 database with rows in it: everything survives, the models
// table exists (STRICT, checked kinds and modes), the store reads and writes it, and the registry
// offers the imported models next to the starters.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/store/connection';
import { openStore } from '../../../electron/store';
import { ModelRegistry, importedEntries } from '../../../electron/models/registry';
import { databaseAtVersion } from '../../support/database-at-version';

describe('migration 004-models', () => {
  it('migrates a version-3 file with its rows intact and adds the library table', () => {
    const { dir, db: v3 } = databaseAtVersion(3);
    expect(schemaVersion(v3)).toBe(3);
    v3.prepare(`INSERT INTO projects VALUES ('p', 'Novel', 1, 1, NULL)`).run();
    v3.prepare(`INSERT INTO documents VALUES ('d', 'p', 'text', 'Ch 1', 'i', 1, 1, NULL)`).run();
    v3.prepare(`INSERT INTO artifacts VALUES ('a', 'inline', 'text/plain', 5, 'Hello', 1)`).run();
    v3.prepare(`INSERT INTO iterations VALUES ('i', 'd', 'text', 'model', 'ok', '{"model":{"id":"tiny"}}', 'a', 1, 7)`).run();
    v3.prepare(`INSERT INTO jobs (id, kind, status, position, payload_json, created_at) VALUES ('j', 'generate-text', 'done', 1, '{}', 1)`).run();
    v3.close();

    const store = openStore(dir, { welcome: false });
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(4);
    expect(store.history.get('i')).toMatchObject({ text: 'Hello', deletedAt: 7, recipe: { model: { id: 'tiny' } } });
    expect(store.jobs.get('j').status).toBe('done');
    expect(store.db.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'models'`).get()).toEqual({ strict: 1 });
    expect(store.models.list()).toEqual([]);
    expect(() =>
      store.db.prepare(`INSERT INTO models (id, name, kind, dir, mode, source_path, files_json, size_bytes, created_at) VALUES ('x', 'x', 'video', '/', 'copy', '/', '[]', 0, 1)`).run(),
    ).toThrow(/CHECK/);
    expect(() =>
      store.db.prepare(`INSERT INTO models (id, name, kind, dir, mode, source_path, files_json, size_bytes, created_at) VALUES ('x', 'x', 'text', '/', 'move', '/', '[]', 0, 1)`).run(),
    ).toThrow(/CHECK/);

    // The repo round-trips a row; trash hides it from the live list and the registry.
    const modelDir = join(dir, 'lm');
    mkdirSync(modelDir);
    writeFileSync(join(modelDir, 'config.json'), '{}');
    const rec = store.models.insert({
      id: 'tiny-lm',
      name: 'Tiny LM',
      kind: 'text',
      dir: modelDir,
      mode: 'reference',
      sourcePath: modelDir,
      files: [{ path: 'config.json', size: 2, sha256: '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' }],
      sizeBytes: 2,
      preflight: null,
    });
    expect(rec).toMatchObject({ id: 'tiny-lm', kind: 'text', mode: 'reference', deletedAt: null, preflight: null });
    const registry = new ModelRegistry(join(dir, 'no-resources'), () => importedEntries(store.models));
    expect(registry.resolve('tiny-lm', ['text'])).toMatchObject({ dir: modelDir, starter: false, source: 'library', name: 'Tiny LM' });
    store.models.setTrashed('tiny-lm', true);
    expect(store.models.list()).toEqual([]);
    expect(store.models.list(true).map((m) => m.id)).toEqual(['tiny-lm']);
    expect(() => registry.resolve('tiny-lm')).toThrow(/No model 'tiny-lm'/);
    expect(store.models.setTrashed('tiny-lm', false).deletedAt).toBeNull();
    expect(registry.list().map((m) => m.id)).toEqual(['tiny-lm']);
    // Without a library the registry still resolves folders (the CLI's generate commands).
    expect(new ModelRegistry(join(dir, 'no-resources')).list()).toEqual([]);
    store.close();
  });
});
