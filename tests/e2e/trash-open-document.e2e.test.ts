// This window trashes the document it is writing in (or has just closed), or its project, right
// after typing, in Chromium against one real host. The window's saves are held on its WebSocket
// (the way a slow save is): the trash must wait for them, since a trashed document takes no save.
// Held saves are let go once the trash call has gone out, or a moment after the confirm, so without
// the wait the trash reaches the host first and the text is lost. Undo brings the document back with
// the typed text as its newest version. A save that never answers refuses the trash with a message,
// and the text stays in the editor; so does one that fails (answered with an error on the WebSocket).
// The confirm names the unsaved changes its count does not have yet, says "Saving your changes…"
// while it waits, and Cancel during that wait trashes nothing. A document closed while its saves
// fail keeps its text in the browser's storage: saved first by a later trash (even after another
// document was opened), saved on a reload, or offered with Restore when it was trashed meanwhile.
// Expects out/renderer to be built. Screenshots: test-results/screenshots/trash-open-document-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, openDocumentIn, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, typeAtEnd } from '../support/e2e-write';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
let chapter: DocumentInfo;
let owls: DocumentInfo;
let notes: DocumentInfo;
let draft: DocumentInfo;
let swifts: DocumentInfo;
let barn: DocumentInfo;
let loftL: DocumentInfo;
let loftB: DocumentInfo;
let coins: DocumentInfo;

beforeAll(async () => {
  studio = await startStudio('trash-open-document', { models: null });
  api = await connectApi(studio.host);
  const atlas = await api.call<Project>('projects.create', { name: 'Atlas' });
  const bestiary = await api.call<Project>('projects.create', { name: 'Bestiary' });
  const cellar = await api.call<Project>('projects.create', { name: 'Cellar' });
  chapter = await api.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Chapter 3', text: 'It was dark.' });
  owls = await api.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'text', title: 'Owls', text: 'Owls hunt' });
  notes = await api.call<DocumentInfo>('documents.create', { projectId: cellar.id, kind: 'text', title: 'Notes', text: 'Keep' });
  const drafts = await api.call<Project>('projects.create', { name: 'Drafts' });
  draft = await api.call<DocumentInfo>('documents.create', { projectId: drafts.id, kind: 'text', title: 'Draft', text: 'First' });
  const eaves = await api.call<Project>('projects.create', { name: 'Eaves' });
  swifts = await api.call<DocumentInfo>('documents.create', { projectId: eaves.id, kind: 'text', title: 'Swifts', text: 'Swifts' });
  const made = async (project: string, title: string, text: string) =>
    api.call<DocumentInfo>('documents.create', { projectId: (await api.call<Project>('projects.create', { name: project })).id, kind: 'text', title, text });
  barn = await made('Grange', 'Barn', 'Hay');
  await made('Mill', 'Wheel', 'Turns');
  loftL = await made('Shed', 'Loft', 'Dust');
  loftB = await made('Byre', 'Loft', 'Dust');
  coins = await made('Vault', 'Coins', 'Gold');
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

/** Holds the window's history.commitText calls while `holding` (or answers them with an error while `failing`); release() sends them on, in order. */
class SaveGate {
  holding = false;
  failing = false;
  /** Trash calls the window sent. */
  trashes = 0;
  private held: (() => void)[] = [];
  hold(send: () => void): void {
    this.held.push(send);
  }
  release(): void {
    this.holding = false;
    for (const send of this.held.splice(0)) send();
  }
}

/** A window whose saves go through `gate`; a trash call goes out first, then the held saves follow it. */
async function openGated(gate: SaveGate, { locks = true } = {}): Promise<Page> {
  const ctx = await studio.browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 860 } });
  // A page on a plain-HTTP address other than loopback has no Web Locks.
  if (!locks) await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true }));
  await ctx.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      if (typeof m === 'string' && gate.failing && m.includes('"method":"history.commitText"')) {
        const { id } = JSON.parse(m) as { id: number };
        return ws.send(JSON.stringify({ id, ok: false, error: { code: 'INTERNAL', message: 'The disk could not be written' } }));
      }
      if (typeof m === 'string' && gate.holding && m.includes('"method":"history.commitText"')) return gate.hold(() => server.send(m));
      server.send(m);
      if (typeof m === 'string' && /"method":"(projects|documents)\.trash"/.test(m)) {
        gate.trashes++;
        gate.release();
      }
    });
  });
  const page = await ctx.newPage();
  await page.goto(studio.host.url);
  await page.getByTestId('project-item').first().waitFor(WAIT);
  await closeDrawer(page);
  return page;
}

/** Confirms the trash; held saves are let go a moment later if the trash call has not gone out by then. */
async function confirmTrash(page: Page, gate: SaveGate): Promise<void> {
  await page.getByTestId('confirm-ok').click();
  setTimeout(() => gate.release(), 1500);
}

async function doc(id: string): Promise<DocumentInfo> {
  return api.call<DocumentInfo>('documents.get', { id });
}

async function headText(id: string): Promise<string | null> {
  const d = await doc(id);
  return d.headIterationId ? (await api.call<{ text: string | null }>('history.get', { id: d.headIterationId })).text : null;
}

describe('this window trashes what it has open, right after typing', () => {
  it('its project, with Delete in the sidebar: the typed text is saved first; Undo brings it back as the newest version', { timeout: 180_000 }, async () => {
    const gate = new SaveGate();
    const page = await openGated(gate);
    await openDocumentIn(page, 'Atlas', 'Chapter 3');
    gate.holding = true;
    await typeAtEnd(page, ' And cold.');
    await page.getByTestId('project-item').filter({ hasText: 'Atlas' }).focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('confirm-dialog').waitFor(WAIT);
    // The host's count does not have the typed text yet: the confirm says it is saved first.
    expect(await page.getByTestId('confirm-message').textContent()).toBe("Move 'Atlas' and its 1 document (1 version) to the trash?");
    expect(await page.getByTestId('confirm-unsaved').textContent()).toBe("Your unsaved changes to 'Chapter 3' are saved first, as its newest version.");
    await confirmTrash(page, gate);

    await page.getByTestId('toast').filter({ hasText: "Moved 'Atlas' to the trash." }).waitFor(WAIT);
    expect((await api.call<Project[]>('projects.list', { trashed: true })).map((p) => p.name)).toEqual(['Atlas']);
    expect(await headText(chapter.id)).toBe('It was dark. And cold.');
    // All of it was saved: nothing to offer.
    expect(await page.getByTestId('document-gone').count()).toBe(0);

    await page.getByTestId('toast-action').click();
    await page.getByTestId('project-item').filter({ hasText: 'Atlas' }).waitFor(WAIT);
    const back = await doc(chapter.id);
    expect({ deletedAt: back.deletedAt, versions: back.iterationCount }).toEqual({ deletedAt: null, versions: 2 });
    expect(await headText(chapter.id)).toBe('It was dark. And cold.');
    await openDocumentIn(page, 'Atlas', 'Chapter 3');
    await expect.poll(() => editorText(page), WAIT).toBe('It was dark. And cold.');
    await page.context().close();
  });

  it('the document itself, from its row just after closing it: its closing save lands first; Undo brings it back with the text', { timeout: 180_000 }, async () => {
    const gate = new SaveGate();
    const page = await openGated(gate);
    await openDocumentIn(page, 'Bestiary', 'Owls');
    gate.holding = true;
    await typeAtEnd(page, ' at night.');
    await page.locator('[data-testid="save-state"][data-state="saving"]').waitFor(WAIT);
    await typeAtEnd(page, ' Mice hide.');
    await page.getByTestId('document-back').click();
    const row = page.locator('.doc-row').filter({ has: page.locator(`[data-testid="document-item"][data-document-id="${owls.id}"]`) });
    await row.getByTestId('document-trash').click(WAIT);
    await page.getByTestId('confirm-dialog').waitFor(WAIT);
    expect(await page.getByTestId('confirm-message').textContent()).toBe("Move 'Owls' and its 1 version to the trash?");
    expect(await page.getByTestId('confirm-unsaved').textContent()).toBe("Your unsaved changes to 'Owls' are saved first, as its newest version.");
    await confirmTrash(page, gate);

    await page.getByTestId('toast').filter({ hasText: "Moved 'Owls' to the trash." }).waitFor(WAIT);
    expect((await doc(owls.id)).deletedAt).not.toBeNull();
    expect(await headText(owls.id)).toBe('Owls hunt at night. Mice hide.');
    expect(await page.getByTestId('document-gone').count()).toBe(0);

    await page.getByTestId('toast-action').click();
    await row.waitFor(WAIT);
    const back = await doc(owls.id);
    expect({ deletedAt: back.deletedAt, head: await headText(owls.id) }).toEqual({ deletedAt: null, head: 'Owls hunt at night. Mice hide.' });
    await openDocumentIn(page, 'Bestiary', 'Owls');
    await expect.poll(() => editorText(page), WAIT).toBe('Owls hunt at night. Mice hide.');
    await page.context().close();
  });

  it('a save that does not answer: the trash is refused with a message, the text stays in the editor', { timeout: 180_000 }, async () => {
    const gate = new SaveGate();
    const page = await openGated(gate);
    await openDocumentIn(page, 'Cellar', 'Notes');
    gate.holding = true;
    await typeAtEnd(page, ' this.');
    await page.getByTestId('project-item').filter({ hasText: 'Cellar' }).focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('confirm-ok').click();
    // While it waits for the save, the confirm says so and cannot be pressed again.
    expect(await page.getByTestId('confirm-progress').textContent(WAIT)).toBe('Saving your changes…');
    expect(await page.getByTestId('confirm-ok').isDisabled()).toBe(true);

    const refusal = page.getByTestId('confirm-dialog').getByTestId('inline-error');
    await refusal.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.getByTestId('confirm-progress').count()).toBe(0);
    expect(await page.getByTestId('confirm-ok').isDisabled()).toBe(false);
    expect(await refusal.textContent()).toBe(
      "Nothing was moved to the trash: the latest changes to 'Notes' are not saved (the save has not answered yet). They stay in this window; try again once they are saved.",
    );
    await page.screenshot({ path: join(SHOTS, 'trash-open-document-refused.png') });
    expect((await api.call<Project[]>('projects.list', {})).map((p) => p.name)).toContain('Cellar');
    expect((await doc(notes.id)).deletedAt).toBeNull();

    await page.getByTestId('confirm-cancel').click();
    expect(await editorText(page)).toBe('Keep this.');
    // Once the save answers, the text is the document's newest version.
    gate.release();
    await expect.poll(() => headText(notes.id), WAIT).toBe('Keep this.');
    await page.context().close();
  });

  it('Cancel while the confirm waits for the save: the save lands, nothing goes to the trash', { timeout: 180_000 }, async () => {
    const gate = new SaveGate();
    const page = await openGated(gate);
    await openDocumentIn(page, 'Eaves', 'Swifts');
    gate.holding = true;
    await typeAtEnd(page, ' return.');
    await page.getByTestId('project-item').filter({ hasText: 'Eaves' }).focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('confirm-progress').waitFor(WAIT);
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached', ...WAIT });

    gate.release();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    expect(await headText(swifts.id)).toBe('Swifts return.');
    // A trash that was still to go would have gone out with the save's answer, before this question's count.
    await page.getByTestId('project-item').filter({ hasText: 'Eaves' }).focus();
    await page.keyboard.press('Delete');
    expect(await page.getByTestId('confirm-message').textContent(WAIT)).toBe("Move 'Eaves' and its 1 document (2 versions) to the trash?");
    expect(await page.getByTestId('confirm-unsaved').count()).toBe(0);
    expect(gate.trashes).toBe(0);
    expect((await doc(swifts.id)).deletedAt).toBeNull();
    expect((await api.call<Project[]>('projects.list', {})).map((p) => p.name)).toContain('Eaves');
    await page.context().close();
  });

  it('a save that fails: the trash is refused with its reason, the text stays in the editor', { timeout: 180_000 }, async () => {
    const gate = new SaveGate();
    const page = await openGated(gate);
    await openDocumentIn(page, 'Drafts', 'Draft');
    gate.failing = true;
    await typeAtEnd(page, ' line.');
    await page.getByTestId('project-item').filter({ hasText: 'Drafts' }).focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('confirm-ok').click();

    const refusal = page.getByTestId('confirm-dialog').getByTestId('inline-error');
    await refusal.waitFor(WAIT);
    expect(await refusal.textContent()).toBe(
      "Nothing was moved to the trash: the latest changes to 'Draft' are not saved (The disk could not be written). They stay in this window; try again once they are saved.",
    );
    expect((await doc(draft.id)).deletedAt).toBeNull();
    expect((await api.call<Project[]>('projects.list', {})).map((p) => p.name)).toContain('Drafts');
    await page.getByTestId('confirm-cancel').click();
    expect(await editorText(page)).toBe('First line.');
    expect(await headText(draft.id)).toBe('First');
    await page.context().close();
  });
});

describe('a document closed while its save failed (the host unreachable for a moment): the typed text is never lost', () => {
  /** Closes the open document (All documents) while its saves fail, and waits until its text is kept in the browser's storage. */
  async function closeWhileSavesFail(page: Page, gate: SaveGate, typed: string): Promise<void> {
    gate.failing = true;
    await typeAtEnd(page, typed);
    await page.locator('[data-testid="save-state"][data-state="error"]').waitFor(WAIT);
    await page.getByTestId('document-back').click();
    await expect.poll(() => keptTexts(page), WAIT).toContain(typed);
    gate.failing = false;
  }

  const keptTexts = (page: Page) => page.evaluate(() => localStorage.getItem('atelier.keptTexts') ?? '');

  it('another document opened, then its project trashed: the kept text is saved first; Undo brings it back', { timeout: 180_000 }, async () => {
    const gate = new SaveGate();
    const page = await openGated(gate);
    await openDocumentIn(page, 'Grange', 'Barn');
    await closeWhileSavesFail(page, gate, ' bales.');
    await openDocumentIn(page, 'Mill', 'Wheel');

    await page.getByTestId('project-item').filter({ hasText: 'Grange' }).focus();
    await page.keyboard.press('Delete');
    expect(await page.getByTestId('confirm-message').textContent(WAIT)).toBe("Move 'Grange' and its 1 document (1 version) to the trash?");
    expect(await page.getByTestId('confirm-unsaved').textContent()).toBe("Your unsaved changes to 'Barn' are saved first, as its newest version.");
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('toast').filter({ hasText: "Moved 'Grange' to the trash." }).waitFor(WAIT);
    expect(await headText(barn.id)).toBe('Hay bales.');
    expect(await keptTexts(page)).toBe('');
    expect(await page.getByTestId('document-gone').count()).toBe(0);

    await page.getByTestId('toast-action').click();
    await openDocumentIn(page, 'Grange', 'Barn');
    await expect.poll(() => editorText(page), WAIT).toBe('Hay bales.');
    await page.context().close();
  });

  for (const locks of [true, false]) {
    it(`the page reloaded before anything else: the kept text is saved as the newest version once the host answers (${locks ? 'Web Locks' : 'no Web Locks'})`, { timeout: 180_000 }, async () => {
      const gate = new SaveGate();
      const page = await openGated(gate, { locks });
      const loft = locks ? loftL : loftB;
      await openDocumentIn(page, locks ? 'Shed' : 'Byre', 'Loft');
      await closeWhileSavesFail(page, gate, ' motes.');
      expect(await headText(loft.id)).toBe('Dust');

      await page.reload();
      await expect.poll(() => headText(loft.id), WAIT).toBe('Dust motes.');
      await expect.poll(() => keptTexts(page), WAIT).toBe('');
      expect((await doc(loft.id)).iterationCount).toBe(2);
      await openDocumentIn(page, locks ? 'Shed' : 'Byre', 'Loft');
      await expect.poll(() => editorText(page), WAIT).toBe('Dust motes.');
      await page.context().close();
    });
  }

  it('its document trashed elsewhere before the text could be saved: after a reload the notice offers it, and Restore puts it back', { timeout: 180_000 }, async () => {
    const gate = new SaveGate();
    const page = await openGated(gate);
    await openDocumentIn(page, 'Vault', 'Coins');
    await closeWhileSavesFail(page, gate, ' and silver.');
    await api.call('documents.trash', { id: coins.id });

    await page.reload();
    expect(await page.getByTestId('document-gone-message').textContent(WAIT)).toBe(
      "Your last changes to 'Coins' could not be saved when it was closed, and it went to the trash before they could be.",
    );
    expect(await page.getByTestId('document-gone-preview').textContent()).toBe('Gold and silver.');
    await page.screenshot({ path: join(SHOTS, 'trash-open-document-kept-offered.png') });
    // Still kept while the notice is up: a reload now would offer it again.
    expect(await keptTexts(page)).toContain(' and silver.');
    await page.getByTestId('document-gone-restore').click();
    await page.locator('#document-title').filter({ hasText: 'Coins' }).waitFor(WAIT);
    await expect.poll(() => editorText(page), WAIT).toBe('Gold and silver.');
    expect((await doc(coins.id)).deletedAt).toBeNull();
    expect(await headText(coins.id)).toBe('Gold and silver.');
    expect(await keptTexts(page)).toBe('');
    await page.context().close();
  });
});
