// What this window's own trash does with the editors it covers: a failed save refuses it with a
// typed error naming the document (later editors are not asked), only covered editors with text not
// saved yet are offered afterwards. A closed editor whose save failed has its text kept: the kept
// texts the trash covers are saved after the editors, and one that cannot be refuses the trash.
import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../shared/errors';
import type { HeldText, OpenTexts, TextHolder } from '../../renderer/features/documents/openTexts';
import { offerUnsaved, saveCovered, type Coverage } from '../../renderer/features/documents/trashCovered';

function editor(projectId: string, held: HeldText, why: string | null, log: string[], id: string): TextHolder {
  return Object.assign(() => held, {
    doc: () => ({ title: `Doc ${id}`, projectId }),
    save: async () => {
      log.push(id);
      return why;
    },
  });
}

const inProject = (projectId: string): Coverage => ({ has: (d) => d.projectId === projectId, projectName: 'Atlas' });

describe('saveCovered / offerUnsaved', () => {
  it('saves only covered editors; the first failure refuses with CONFLICT naming it', async () => {
    const log: string[] = [];
    const offered: [string, string | null][] = [];
    const texts: OpenTexts = {
      held: new Map([
        ['a', editor('p1', { text: 'x', unsaved: true }, null, log, 'a')],
        ['b', editor('p2', { text: 'y', unsaved: true }, 'offline', log, 'b')],
        ['c', editor('p1', { text: 'z', unsaved: true }, 'CONFLICT: gone', log, 'c')],
      ]),
      offerTrashed: (id, name) => void offered.push([id, name]),
      keep: () => true,
      saveKept: async () => null,
    };
    const err = await saveCovered(texts, inProject('p1')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AtelierError);
    expect((err as AtelierError).code).toBe('CONFLICT');
    expect((err as AtelierError).message).toBe(
      "Nothing was moved to the trash: the latest changes to 'Doc c' are not saved (CONFLICT: gone). They stay in this window; try again once they are saved.",
    );
    expect(log).toEqual(['a', 'c']);
    await expect(saveCovered(texts, { has: (d) => d.id === 'a', projectName: null })).resolves.toBeUndefined();

    offerUnsaved(texts, inProject('p1'));
    expect(offered).toEqual([
      ['a', 'Atlas'],
      ['c', 'Atlas'],
    ]);
  });

  it('offers nothing that was saved', () => {
    const offered: string[] = [];
    const texts: OpenTexts = {
      held: new Map([['a', editor('p1', { text: 'x', unsaved: false }, null, [], 'a')]]),
      offerTrashed: (id) => void offered.push(id),
      keep: () => true,
      saveKept: async () => null,
    };
    offerUnsaved(texts, inProject('p1'));
    expect(offered).toEqual([]);
  });

  it("a closed editor's failed save does not refuse by itself: its kept text is saved next, and refuses when it cannot be", async () => {
    const log: string[] = [];
    const closed = Object.assign(editor('p1', { text: 'x', unsaved: true }, 'offline', log, 'a'), { closed: true as const });
    const asked: string[][] = [];
    let keptFails = false;
    const texts: OpenTexts = {
      held: new Map([['a', closed]]),
      offerTrashed: () => undefined,
      keep: () => true,
      saveKept: async (covers) => {
        asked.push(['k1', 'k2'].filter((id) => covers({ id, projectId: id === 'k1' ? 'p1' : 'p2' })));
        return keptFails ? { title: 'Kept one', why: 'offline' } : null;
      },
    };
    await expect(saveCovered(texts, inProject('p1'))).resolves.toBeUndefined();
    keptFails = true;
    const err = await saveCovered(texts, inProject('p1')).then(
      () => null,
      (e: unknown) => e as AtelierError,
    );
    expect(err?.code).toBe('CONFLICT');
    expect(err?.message).toBe("Nothing was moved to the trash: the latest changes to 'Kept one' are not saved (offline). They stay in this window; try again once they are saved.");
    expect({ log, asked }).toEqual({ log: ['a', 'a'], asked: [['k1'], ['k1']] });
  });
});
