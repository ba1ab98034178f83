// Migration 010 on a real version-9 database: versions saved before it keep opening and have no
// stored spans (the editor rebuilds theirs); new saves and accepts store spans that read back
// exactly, bad spans are refused with a typed error, and deleting a version for good takes its
// spans with it.
import { describe, expect, it } from 'vitest';
import { methodSchema } from '../../../shared/contract';
import type { StoredSpan } from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { schemaVersion } from '../../../electron/store/connection';
import { openStore } from '../../../electron/store';
import { databaseAtVersion } from '../../support/database-at-version';

function v9() {
  const { dir, db } = databaseAtVersion(9);
  expect(schemaVersion(db)).toBe(9);
  db.prepare(`INSERT INTO projects VALUES ('p', 'Novel', 1, 1, NULL)`).run();
  db.prepare(`INSERT INTO documents VALUES ('d', 'p', 'text', 'Ch 1', 'i2', 1, 1, NULL)`).run();
  db.prepare(`INSERT INTO artifacts VALUES ('a1', 'inline', 'text/plain', 5, 'Hello', 1)`).run();
  db.prepare(`INSERT INTO artifacts VALUES ('a2', 'inline', 'text/plain', 11, 'Hello there', 1)`).run();
  db.prepare(`INSERT INTO iterations VALUES ('i1', 'd', 'text', 'user', 'ok', NULL, 'a1', 1, NULL, 0, NULL)`).run();
  db.prepare(`INSERT INTO iterations VALUES ('i2', 'd', 'text', 'model', 'ok', '{"kind":"text"}', 'a2', 2, NULL, 0, NULL)`).run();
  db.prepare(`INSERT INTO iteration_edges VALUES ('i1', 'i2')`).run();
  db.prepare(`INSERT INTO iteration_tokens VALUES ('i2', 5, '[{"id":1,"text":" there","p":0.5,"top":[]}]')`).run();
  db.close();
  return dir;
}

const code = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return err instanceof AtelierError ? err.code : String(err);
  }
  return 'no error';
};

describe('migration 010-iteration-spans', () => {
  it('keeps old versions readable without spans, and stores the spans of new saves and accepts', () => {
    const store = openStore(v9(), { welcome: false });
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(10);
    // Versions from before: content as it was, no spans stored (the editor rebuilds them).
    expect(store.history.get('i2')).toMatchObject({ text: 'Hello there', source: 'model', parentIds: ['i1'] });
    expect(store.history.spans('i1')).toBeNull();
    expect(store.history.spans('i2')).toBeNull();
    expect(store.history.tokens('i2')).toEqual({ start: 5, tokens: [{ id: 1, text: ' there', p: 0.5, top: [] }] });

    // Accepting the old generated version keeps the spans it was shown with; later ones do not replace them.
    const accepted: StoredSpan[] = [{ from: 5, to: 11, kind: 'model', it: 'i2', first: 0, last: 0 }];
    store.history.checkout('d', 'i2', accepted);
    expect(store.history.spans('i2')).toEqual(accepted);
    store.history.checkout('d', 'i2', [{ from: 0, to: 11, kind: 'edited' }]);
    expect(store.history.spans('i2')).toEqual(accepted);

    // A save after an undo inside the model text: stored exactly as sent, with the token run split.
    const saved: StoredSpan[] = [
      { from: 5, to: 8, kind: 'model', it: 'i2', first: 0, last: 0 },
      { from: 8, to: 10, kind: 'edited' },
    ];
    const it = store.history.commitText('d', ['i2'], 'Hello thXXe', 'mixed', true, saved);
    expect(store.history.spans(it.id)).toEqual(saved);
    expect(store.db.prepare('SELECT spans_json FROM iteration_spans WHERE iteration_id = ?').pluck().get(it.id)).toBe(JSON.stringify(saved));
    // The writer's own text: an empty list is stored (known: nobody else wrote any of it).
    const own = store.history.commitText('d', [it.id], 'Mine', 'user', true, []);
    expect(store.history.spans(own.id)).toEqual([]);
    // Without spans (the CLI, an older client): nothing stored.
    const plain = store.history.commitText('d', [own.id], 'Mine too', 'user');
    expect(store.history.spans(plain.id)).toBeNull();

    // Spans past the end of the text are refused, and nothing is written.
    const before = store.history.graph('d').iterations.length;
    expect(code(() => store.history.commitText('d', [plain.id], 'Hi', 'mixed', true, [{ from: 0, to: 3, kind: 'edited' }]))).toBe('BAD_INPUT');
    expect(store.history.graph('d').iterations.length).toBe(before);
    expect(code(() => store.history.checkout('d', 'i1', [{ from: 0, to: 6, kind: 'model' }]))).toBe('BAD_INPUT');
    expect(store.history.spans('i1')).toBeNull();
    expect(store.documents.get('d').headIterationId).toBe(plain.id);
    expect(code(() => store.history.spans('nope'))).toBe('NOT_FOUND');

    // Deleting for good takes the spans along (the foreign key would refuse otherwise).
    store.history.setTrashed(it.id, true);
    expect(store.history.emptyTrash('d')).toMatchObject({ iterations: 1 });
    expect(store.db.prepare('SELECT count(*) FROM iteration_spans WHERE iteration_id = ?').pluck().get(it.id)).toBe(0);
    expect(store.history.get(own.id).parentIds).toEqual(['i2']);
    store.close();
  });

  it('validates spans at the contract edge: sorted, inside a run, token data only on model text', () => {
    const commit = methodSchema('history.commitText');
    const base = { documentId: 'd', text: 'Hello there' };
    const ok = (spans: unknown) => commit?.safeParse({ ...base, spans }).success;
    expect(ok([{ from: 5, to: 11, kind: 'model', it: 'i2', first: 0, last: 0 }, { from: 11, to: 12, kind: 'edited' }])).toBe(true);
    expect(ok(undefined)).toBe(true);
    expect(ok([{ from: 5, to: 9, kind: 'edited' }, { from: 8, to: 10, kind: 'edited' }])).toBe(false);
    expect(ok([{ from: 4, to: 4, kind: 'edited' }])).toBe(false);
    expect(ok([{ from: 0, to: 4, kind: 'user' }])).toBe(false);
    expect(ok([{ from: 0, to: 4, kind: 'edited', it: 'i2', first: 0, last: 0 }])).toBe(false);
    expect(ok([{ from: 0, to: 4, kind: 'model', it: 'i2' }])).toBe(false);
    expect(ok([{ from: 0, to: 4, kind: 'model', it: 'i2', first: 3, last: 2 }])).toBe(false);
    expect(ok([{ from: -1, to: 4, kind: 'model' }])).toBe(false);
    expect(methodSchema('history.checkout')?.safeParse({ documentId: 'd', iterationId: 'i', spans: [{ from: 0, to: 1, kind: 'model', extra: 1 }] }).success).toBe(false);
  });
});
