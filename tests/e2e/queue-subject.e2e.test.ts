// The queue says what each job works on: a writing job names its document, an image job its board
// and prompt, so two jobs of one kind can be told apart (before, every item read only "Writing" or
// "Images"). A rename elsewhere reaches the queue. With the starter models only.
// Expects out/renderer to be built (npm test builds first). Screenshot: test-results/screenshots/queue-subject-light.png.
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { newImageBoard, newTextDocument, startStudio, type Studio } from '../support/e2e-setup';
import { generationEnded, typeAtEnd, writeSettings } from '../support/e2e-write';
import { connectApi, type HostApi } from '../support/host-api';

describe('the queue names what each job works on', () => {
  let studio: Studio;
  let api: HostApi;
  let page: Page;

  beforeAll(async () => {
    studio = await startStudio('queue-subject', { models: null });
    api = await connectApi(studio.host);
    page = await studio.openApp('light');
  });

  afterAll(async () => {
    await api?.close();
    await studio?.close();
  });

  const subjects = () => page.getByTestId('job-item').getByTestId('job-subject').allTextContents();

  it('shows the document of a writing job and the board and prompt of an image job, and follows a rename', { timeout: 120_000 }, async () => {
    await newTextDocument(page, 'Tide tables');
    await writeSettings(page, { model: 'starter-text', maxTokens: 8 });
    await typeAtEnd(page, 'And the sea');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    await page.keyboard.press('Control+Enter');
    await generationEnded(page);
    await page.keyboard.press('Tab');

    await newImageBoard(page, 'Harbour studies');
    await page.getByTestId('image-model').selectOption('starter-gan');
    await page.getByTestId('image-batch').fill('1');
    await page.getByTestId('image-prompt').fill('a red dress');
    await page.getByTestId('image-generate').click();
    await page.getByTestId('image-tile').first().waitFor(WAIT);

    if ((await page.getByTestId('toggle-drawer').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('toggle-drawer').click();
    await page.getByTestId('tab-queue').click();
    await page.locator('[data-testid="job-item"][data-status="done"]').nth(1).waitFor(WAIT);
    // Newest first: the image job, then the writing job.
    await expect.poll(subjects, WAIT).toEqual(['Harbour studies · “a red dress”', 'Tide tables']);
    await page.screenshot({ path: join(SHOTS, 'queue-subject-light.png') });

    // Renamed in another window (here the API): the queue follows.
    const [welcome] = await api.call<Project[]>('projects.list');
    const tide = (await api.call<DocumentInfo[]>('documents.list', { projectId: welcome?.id })).find((d) => d.title === 'Tide tables');
    await api.call<DocumentInfo>('documents.rename', { id: tide?.id, title: 'Tide charts' });
    await expect.poll(subjects, WAIT).toEqual(['Harbour studies · “a red dress”', 'Tide charts']);
  });
});
