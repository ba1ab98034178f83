// A user whose database was damaged while Atelier was closed: the host restores the newest backup
// at start-up, and the browser shows what happened — a banner naming the moved file and the backup,
// kept in the status panel after the banner is dismissed. A model folder an interrupted import left
// is moved to recovered/, and the status panel names that folder and how much it holds; only the
// user deletes it, from the panel, after a confirm that names the count and size.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import { prepareDatabase } from '../../electron/store/startup';
import { SHOTS, WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';

describe('recovery notice in the browser', () => {
  let studio: Studio;
  let page: Page;
  let brokenPath: string;
  let backupPath: string;
  let recoveredPath: string;

  /** What Atelier finds at its next start: a damaged database with a backup of it, and a model folder a dead import left. */
  async function damage(dataDir: string): Promise<void> {
    const store = openStore(dataDir);
    store.projects.create('Kept by the backup');
    store.close();
    await prepareDatabase(dataDir); // takes the first daily backup
    backupPath = join(dataDir, 'backups', readdirSync(join(dataDir, 'backups'))[0]!);
    const db = join(dataDir, 'atelier.db');
    const bytes = readFileSync(db);
    bytes.fill(0x33, bytes.readUInt16BE(16));
    writeFileSync(db, bytes);
    mkdirSync(join(dataDir, 'models/half-imported'), { recursive: true });
    writeFileSync(join(dataDir, 'models/half-imported/model.onnx'), 'weights');
  }

  beforeAll(async () => {
    studio = await startStudio('recovery', { models: null, prepareData: damage });
    const dataDir = studio.dataDir;
    brokenPath = join(dataDir, readdirSync(dataDir).find((f) => f.startsWith('atelier-broken-'))!);
    recoveredPath = join(dataDir, 'recovered', readdirSync(join(dataDir, 'recovered'))[0]!);
    page = await studio.openApp('light', { width: 1280, height: 800 });
  }, 120_000);

  afterAll(async () => {
    await studio?.close();
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
