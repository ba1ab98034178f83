// The queue's Move up / Move down / Cancel buttons name the job they act on by its subject as well
// as its kind ("Cancel Images: Harbour studies · “a lighthouse”"): they all read "Cancel Images"
// before, so a screen reader could not tell one job's buttons from another's. The host's worker
// holds the first job (tests/support/hold-jobs.mjs), so the others stay queued with their buttons.
// Expects out/renderer to be built.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DocumentInfo, Job, Project } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { useHeldStudio } from '../support/e2e-held-studio';

describe('queue buttons name their job', () => {
  const held = useHeldStudio('queue-actions-named', null);
  let page: Page;

  const labels = (testId: string) => page.getByTestId(testId).evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));

  it('puts the subject in the accessible names of Move up, Move down and Cancel', { timeout: 90_000 }, async () => {
    const [project] = await held.read<Project[]>('projects.list');
    const board = async (title: string) => held.read<DocumentInfo>('documents.create', { projectId: project?.id, kind: 'image', title });
    const harbour = await board('Harbour studies');
    const dresses = await board('Dress rack');
    const queue = (documentId: string, prompt: string) => held.read<Job>('generate.image', { documentId, model: 'starter-gan', settings: { prompt } });
    // The first runs and is held there; the other two wait in line.
    await queue(harbour.id, 'boats at night');
    await queue(harbour.id, 'a lighthouse');
    await queue(dresses.id, 'a red dress');

    page = await held.studio.openApp('light');
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
