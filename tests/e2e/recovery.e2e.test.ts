// A user whose database was damaged while Atelier was closed: the host restores the newest backup
// at start-up, and the browser shows what happened — a banner naming the moved file and the backup,
// kept in the status panel after the banner is dismissed. A model folder an interrupted import left
// is moved to recovered/, and the status panel names that folder and how much it holds; only the
// user deletes it, from the panel, after a confirm that names the count and size.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import { prepareDatabase } from '../../electron/store/startup';
import { SHOTS, WAIT, launchChromium } from '../support/chromium';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';

describe('recovery notice in the browser', () => {
  const t = tempDir('atelier-e2e-recovery-');
  let browser: Browser;
  let host: HostProcess;
  let page: Page;
  let brokenPath: string;
  let backupPath: string;
  let recoveredPath: string;

  beforeAll(async () => {
    const store = openStore(t.dir);
    store.projects.create('Kept by the backup');
    store.close();
    await prepareDatabase(t.dir); // takes the first daily backup
    backupPath = join(t.dir, 'backups', readdirSync(join(t.dir, 'backups'))[0]!);
    const db = join(t.dir, 'atelier.db');
    const bytes = readFileSync(db);
    bytes.fill(0x33, bytes.readUInt16BE(16));
    writeFileSync(db, bytes);
    mkdirSync(join(t.dir, 'models/half-imported'), { recursive: true });
    writeFileSync(join(t.dir, 'models/half-imported/model.onnx'), 'weights');

    host = await startHostProcess(['--data', t.dir, '--port', '0']);
    brokenPath = join(t.dir, readdirSync(t.dir).find((f) => f.startsWith('atelier-broken-'))!);
    recoveredPath = join(t.dir, 'recovered', readdirSync(join(t.dir, 'recovered'))[0]!);
    browser = await launchChromium();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await ctx.newPage();
    await page.goto(host.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    t.cleanup();
  });

  it('shows the restore in a banner, keeps it in the status panel, and remembers the dismissal', { timeout: 90_000 }, async () => {
    const banner = page.getByTestId('startup-notice');
    await banner.waitFor(WAIT);
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('Your database was damaged and has been restored from a backup.');
    expect(text).toContain(`It was moved to ${brokenPath}`);
    expect(text).toContain(`(${backupPath}) was restored`);
    await page.getByTestId('project-item').filter({ hasText: 'Kept by the backup' }).waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'ui-recovery-notice.png') });

    await page.getByTestId('tab-status').click();
    const listed = page.getByTestId('status-notices');
    await listed.waitFor(WAIT);
    expect(await listed.textContent()).toContain(brokenPath);
    expect(await listed.textContent()).toContain(`moved, not deleted, to ${join(recoveredPath, 'models')}`);
    const folder = page.getByTestId('recovered-folder');
    expect(await folder.count()).toBe(1);
    expect(await folder.getByTestId('recovered-path').textContent()).toBe(recoveredPath);
    expect(await folder.textContent()).toContain('1 item set aside at start-up on');
    expect(readFileSync(join(recoveredPath, 'models/half-imported/model.onnx'), 'utf8')).toBe('weights');
    await page.getByTestId('status-recovered').screenshot({ path: join(SHOTS, 'ui-status-recovered.png') });

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached', ...WAIT });
    await page.reload();
    await page.getByTestId('project-item').first().waitFor(WAIT);
    await page.getByTestId('tab-status').click();
    await page.getByTestId('status-notices').waitFor(WAIT); // still in the panel
    expect(await page.getByTestId('recovered-path').textContent()).toBe(recoveredPath);
    expect(await page.getByTestId('startup-notice').count()).toBe(0); // but the banner stays dismissed
  });

  it('deletes the recovered folder only when the user confirms the count and size', { timeout: 90_000 }, async () => {
    const folder = page.getByTestId('recovered-folder');
    expect(await folder.textContent()).toContain('· 7 bytes');
    await page.getByTestId('recovered-delete').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor(WAIT);
    expect(await dialog.getByTestId('confirm-message').textContent()).toBe('Delete 1 item (7 bytes) in 1 folder under recovered/ for good?');
    await dialog.screenshot({ path: join(SHOTS, 'ui-status-recovered-delete.png') });
    await dialog.getByTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    expect(readFileSync(join(recoveredPath, 'models/half-imported/model.onnx'), 'utf8')).toBe('weights');

    await page.getByTestId('recovered-delete').click();
    await dialog.getByTestId('confirm-ok').click();
    await page.getByTestId('status-recovered').waitFor({ state: 'detached', ...WAIT });
    expect(existsSync(recoveredPath)).toBe(false);
    expect(await page.getByText('Deleted 1 item (7 bytes) for good').count()).toBe(1);
    // The notices (and the database the backup restored) are untouched.
    expect(await page.getByTestId('status-notices').textContent()).toContain(brokenPath);
    expect(existsSync(brokenPath)).toBe(true);
  });
});
