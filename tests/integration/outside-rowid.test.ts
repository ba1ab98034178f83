// Versions are rows without AUTOINCREMENT: when another process deletes the newest ones for good,
// the next version anyone adds takes a freed rowid. The data-folder watcher must still announce it
// as added. Two real connections to one data folder; the other process adds its version right as
// this one hears of the delete (before its next look), which before the fix was read as only a
// head move ('head'), so a window did not learn that a version had been added.
import { afterAll, expect, it } from 'vitest';
import { EventBus } from '../../electron/host/events';
import { announceOutsideWrites } from '../../electron/host/outside-writes';
import { openStore } from '../../electron/store';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

it('a version whose row reuses the rowid of one deleted for good elsewhere is announced as added', async () => {
  const here = openStore(t.dir, { welcome: false });
  const there = openStore(t.dir, { welcome: false });
  const project = here.projects.create('Atlas');
  const keep = here.documents.create(project.id, 'text', 'Keep');
  const first = here.history.commitText(keep.id, [], 'Kept.', 'user');
  const gone = here.documents.create(project.id, 'text', 'Gone');
  const g1 = here.history.commitText(gone.id, [], 'One.', 'user');
  here.history.commitText(gone.id, [g1.id], 'One. Two.', 'user');
  here.documents.trash(gone.id);
  const rowOf = (id: string) => here.db.prepare('SELECT rowid FROM iterations WHERE id = ?').pluck().get(id) as number;
  const g1Row = rowOf(g1.id);

  const bus = new EventBus();
  const heard: { event: string; data: unknown }[] = [];
  let added = '';
  bus.subscribe((event, data) => {
    heard.push({ event, data });
    if (event === 'documents.deleted') added = there.history.commitText(keep.id, [first.id], 'Kept. And more.', 'user').id;
  });
  const stop = announceOutsideWrites(here, bus, 20);
  try {
    const s = there.purge.summary({ projectIds: [], documentIds: [gone.id], everything: false });
    there.purge.deleteForGood({ projectIds: [], documentIds: s.documentIds, iterationIds: s.iterationIds });
    await expect.poll(() => heard.some((e) => e.event === 'history.changed'), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(rowOf(added)).toBe(g1Row);
    expect(heard).toEqual([
      { event: 'documents.deleted', data: { documentId: gone.id, projectId: project.id, outside: true } },
      { event: 'projects.changed', data: { id: project.id, outside: true } },
      { event: 'history.changed', data: { documentId: keep.id, iterationIds: [added], change: 'added', outside: true } },
    ]);
  } finally {
    stop();
    there.close();
    here.close();
  }
});
