// The database itself cannot grow (SQLite's "database or disk is full", made real here with
// max_page_count): the request answers DISK_FULL, nothing saved before is lost, and once there is
// room the same request succeeds.
import { describe, expect, it } from 'vitest';
import { useTestCore } from '../support/test-core';

const h = useTestCore({ options: { runJobs: false } });

describe('a full database', () => {
  it('answers DISK_FULL, keeps what was saved, and works again once there is room', async () => {
    const project = await h.core.call('projects.create', { name: 'Full' });
    const projectId = (project as { result: { id: string } }).result.id;
    const doc = (await h.core.call('documents.create', { projectId, kind: 'text', title: 'Draft', text: 'first version' })) as {
      result: { id: string; headIterationId: string };
    };
    const pages = h.core.store.db.pragma('page_count', { simple: true }) as number;
    h.core.store.db.pragma(`max_page_count = ${pages}`);
    const big = 'x'.repeat(200_000);
    const full = await h.core.call('history.commitText', { documentId: doc.result.id, parentIds: [doc.result.headIterationId], text: big });
    expect(full).toEqual({
      ok: false,
      error: {
        code: 'DISK_FULL',
        message: 'history.commitText could not be saved: the disk is full. Free some space and try again.',
        details: { cause: 'SQLITE_FULL' },
      },
    });
    const graph = (await h.core.call('history.graph', { documentId: doc.result.id })) as { result: { iterations: { id: string }[] } };
    expect(graph.result.iterations.map((i) => i.id)).toEqual([doc.result.headIterationId]);
    expect(h.core.store.db.pragma('integrity_check', { simple: true })).toBe('ok');

    h.core.store.db.pragma('max_page_count = 1073741823');
    const again = await h.core.call('history.commitText', { documentId: doc.result.id, parentIds: [doc.result.headIterationId], text: big });
    expect(again.ok).toBe(true);
  });
});
