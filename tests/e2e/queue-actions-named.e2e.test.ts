// The queue's Move up / Move down / Cancel buttons name the job they act on by its subject as well
// as its kind ("Cancel Images: Harbour studies · “a lighthouse”"): they all read "Cancel Images"
// before, so a screen reader could not tell one job's buttons from another's. The host's worker
// holds the first job (tests/support/hold-jobs.mjs), so the others stay queued with their buttons.
// Expects out/renderer to be built.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Job, Project } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';
import { ROOT } from '../support/host-process';
import { connectApi, type HostApi } from '../support/host-api';
import { tempDir } from '../support/tmp';

const HOLD_JOBS = join(ROOT, 'tests/support/hold-jobs.mjs');
const gates = tempDir();
const GATE = join(gates.dir, 'go');

describe('queue buttons name their job', () => {
  let studio: Studio;
  let api: HostApi;
  let page: Page;

  beforeAll(async () => {
    studio = await startStudio('queue-actions-named', {
      models: null,
      hostEnv: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${HOLD_JOBS}`.trim(), ATELIER_TEST_JOB_GATE: GATE },
    });
    api = await connectApi(studio.host);
  });

  afterAll(async () => {
    writeFileSync(GATE, '');
    await api?.close();
    await studio?.close();
    gates.cleanup();
  });

  const labels = (testId: string) => page.getByTestId(testId).evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));

  it('puts the subject in the accessible names of Move up, Move down and Cancel', { timeout: 90_000 }, async () => {
    const [project] = await api.call<Project[]>('projects.list');
    const board = async (title: string) => api.call<DocumentInfo>('documents.create', { projectId: project?.id, kind: 'image', title });
    const harbour = await board('Harbour studies');
    const dresses = await board('Dress rack');
    const queue = (documentId: string, prompt: string) => api.call<Job>('generate.image', { documentId, model: 'starter-gan', settings: { prompt } });
    // The first runs and is held there; the other two wait in line.
    await queue(harbour.id, 'boats at night');
    await queue(harbour.id, 'a lighthouse');
    await queue(dresses.id, 'a red dress');

    page = await studio.openApp('light');
    if ((await page.getByTestId('toggle-drawer').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('toggle-drawer').click();
    await page.getByTestId('tab-queue').click();
    await expect.poll(() => page.locator('[data-testid="job-item"][data-status="queued"]').count(), WAIT).toBe(2);

    await expect.poll(() => labels('job-cancel'), WAIT).toEqual(
      expect.arrayContaining([
        'Cancel Images: Harbour studies · “boats at night”',
        'Cancel Images: Harbour studies · “a lighthouse”',
        'Cancel Images: Dress rack · “a red dress”',
      ]),
    );
    expect((await labels('job-move-up')).sort()).toEqual(['Move up Images: Dress rack · “a red dress”', 'Move up Images: Harbour studies · “a lighthouse”']);
    expect((await labels('job-move-down')).sort()).toEqual(['Move down Images: Dress rack · “a red dress”', 'Move down Images: Harbour studies · “a lighthouse”']);

    // The name finds the one button: the dress moves up to be next in line.
    await page.getByRole('button', { name: 'Move up Images: Dress rack · “a red dress”' }).click();
    const next = page.locator('[data-testid="job-item"][data-status="queued"]').filter({ has: page.locator('[data-testid="job-status"]', { hasText: 'Up next' }) });
    await expect.poll(() => next.getByTestId('job-subject').textContent(), WAIT).toBe('Dress rack · “a red dress”');
  });
});
