// A mark change travels with its event: history.annotate announces history.changed with the
// version's marks as they now are, to every client over the real WebSocket, so a client holding
// the graph patches the one version (renderer/features/history/versionMarks.ts) instead of
// fetching thousands again. The patched graph must equal the graph fetched afresh; a change that
// is not only marks (a save, the trash, a restore) carries no marks, so clients fetch the graph again.
import { describe, expect, it } from 'vitest';
import type { HistoryGraph, Iteration, VersionMarks } from '../../shared/contract';
import { withMarks } from '../../renderer/features/history/versionMarks';
import { useTestHost } from '../support/test-host';
import { connect } from '../support/ws-client';

const h = useTestHost();

type Changed = { documentId: string; iterationIds: string[]; marks?: VersionMarks[] };
/** Events reach the second socket when the machine gets to it: waited for, not within expect.poll's default second. */
const HEARD = { timeout: 30_000 };

describe('history.changed after a mark change', () => {
  it('carries the marks to every client, and patching with them gives the graph as fetched afresh', async () => {
    const doc = await h.textDocument('Harbour', 'Tides', 'The tide came in.');
    const first = doc.headIterationId as string;
    const second = await h.call<Iteration>('history.commitText', { documentId: doc.id, parentIds: [first], text: 'The tide came in. Gulls.' });
    const other = await connect(h.host.port, { Authorization: `Bearer ${h.host.token}` });
    try {
      let graph = await h.call<HistoryGraph>('history.graph', { documentId: doc.id });
      const heard = () => ({ a: h.sock.events.length, b: other.events.length });
      const nextChange = async (from: { a: number; b: number }) => {
        const pick = (events: { event: string; data: unknown }[], i: number) =>
          events.slice(i).find((e) => e.event === 'history.changed' && (e.data as Changed).documentId === doc.id);
        await expect.poll(() => Boolean(pick(h.sock.events, from.a) && pick(other.events, from.b)), HEARD).toBe(true);
        return [pick(h.sock.events, from.a)?.data as Changed, pick(other.events, from.b)?.data as Changed];
      };

      // Star, tags (trimmed, lower case, sorted as the graph lists them) and a note, from this client.
      let at = heard();
      const it = await h.call<Iteration>('history.annotate', { id: first, starred: true, tags: ['Zest', ' anchor '], note: 'Keep the gulls' });
      let [mine, theirs] = await nextChange(at);
      const marks: VersionMarks = { id: first, starred: true, tags: ['anchor', 'zest'], note: 'Keep the gulls' };
      expect(mine).toEqual({ documentId: doc.id, iterationIds: [first], marks: [marks] });
      expect(theirs).toEqual(mine);
      expect(it).toMatchObject({ starred: true, tags: ['anchor', 'zest'], note: 'Keep the gulls' });
      graph = withMarks(graph, theirs?.marks ?? []);
      expect(graph).toEqual(await h.call<HistoryGraph>('history.graph', { documentId: doc.id }));

      // From the other client, only the star: the event still says all three marks as they are now.
      at = heard();
      const reply = await other.call('history.annotate', { id: first, starred: false });
      expect(reply.ok).toBe(true);
      [mine, theirs] = await nextChange(at);
      expect(mine?.marks).toEqual([{ ...marks, starred: false }]);
      expect(theirs).toEqual(mine);
      graph = withMarks(graph, mine?.marks ?? []);
      expect(graph).toEqual(await h.call<HistoryGraph>('history.graph', { documentId: doc.id }));

      // A note cleared with blanks is null, as the graph has it.
      at = heard();
      await h.call('history.annotate', { id: second.id, note: '   ', tags: [] });
      [mine] = await nextChange(at);
      expect(mine?.marks).toEqual([{ id: second.id, starred: false, tags: [], note: null }]);
      graph = withMarks(graph, mine?.marks ?? []);
      expect(graph).toEqual(await h.call<HistoryGraph>('history.graph', { documentId: doc.id }));
    } finally {
      await other.close();
    }
  });

  it('carries no marks when more than marks changed: a save, the trash and a restore', async () => {
    const doc = await h.textDocument('Harbour 2', 'Ebb', 'Low water.');
    const changes = () => h.sock.events.filter((e) => e.event === 'history.changed' && (e.data as Changed).documentId === doc.id).map((e) => e.data as Changed);
    const added = await h.call<Iteration>('history.commitText', { documentId: doc.id, parentIds: [doc.headIterationId], text: 'Low water. Mud.' });
    await h.call('history.trash', { id: added.id });
    await h.call('history.restore', { id: added.id });
    await expect.poll(() => changes().length, HEARD).toBe(4);
    await h.call('history.annotate', { id: added.id, starred: true });
    await expect.poll(() => changes().filter((c) => c.marks).length, HEARD).toBe(1);
    expect(changes()).toEqual([
      { documentId: doc.id, iterationIds: [doc.headIterationId], change: 'added' },
      { documentId: doc.id, iterationIds: [added.id], change: 'added' },
      { documentId: doc.id, iterationIds: [added.id], change: 'trash' },
      { documentId: doc.id, iterationIds: [added.id], change: 'trash' },
      { documentId: doc.id, iterationIds: [added.id], marks: [{ id: added.id, starred: true, tags: [], note: null }] },
    ]);
  });
});
