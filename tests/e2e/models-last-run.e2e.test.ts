// An Enhance is a run of its upscaler: after the starter GAN draws an image and Enhance ×2 enlarges
// it through the real host, the Models page says when esrgan-x2 last ran and on which device (it
// said "Not run yet": the enhanced version's recipe names the GAN that drew the source).
// Expects out/renderer to be built.
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Job, Project, SystemStatus } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { hasEnded } from '../support/core-calls';
import { openModels, startStudio, type Studio } from '../support/e2e-setup';
import { connectApi, type HostApi } from '../support/host-api';

describe('the Models page counts an Enhance as a run of its upscaler', () => {
  let studio: Studio;
  let api: HostApi;
  let page: Page;
  const row = (id: string) => page.locator(`[data-testid="model-item"][data-model-id="${id}"]`);

  /** Starts a job with `method` and waits until it has ended. */
  async function run(method: string, params: unknown): Promise<Job> {
    const job = await api.call<Job>(method, params);
    const end = await api.sock.waitForEvent((e) => e.event === 'jobs.changed' && e.data.id === job.id && hasEnded(e.data.status), 60_000);
    return end.data as Job;
  }

  beforeAll(async () => {
    studio = await startStudio('models-last-run', { models: null });
    api = await connectApi(studio.host);
  });

  afterAll(async () => {
    await api?.close();
    await studio?.close();
  });

  it('says where esrgan-x2 last ran after an Enhance ×2', { timeout: 120_000 }, async () => {
    const [project] = await api.call<Project[]>('projects.list');
    const board = await api.call<DocumentInfo>('documents.create', { projectId: project?.id, kind: 'image', title: 'Upscaled sneaker' });
    const drawn = await run('generate.image', { documentId: board.id, model: 'starter-gan', settings: { prompt: 'a sneaker', seed: 7 } });
    expect(drawn.status).toBe('done');
    const [source] = (drawn.result as { iterationIds: string[] }).iterationIds;
    const enhanced = await run('images.enhance', { iterationId: source, scale: 2 });
    expect(enhanced.status).toBe('done');
    // The status panel's record of the upscale job reads the same upscaler from the recipe.
    const status = await api.call<SystemStatus>('system.status');
    expect(status.lastDevices.find((d) => d.kind === 'upscale')).toMatchObject({ modelId: 'esrgan-x2', used: 'cpu', jobId: enhanced.id });

    page = await studio.openApp('light', { width: 1280, height: 1000 });
    await openModels(page);
    const upscaler = row('esrgan-x2').getByTestId('model-device');
    await expect.poll(() => upscaler.textContent(), WAIT).toBe('Last ran on CPU');
    await expect.poll(() => row('starter-gan').getByTestId('model-device').textContent(), WAIT).toBe('Last ran on CPU');
  });
});
