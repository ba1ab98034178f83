// What the browser e2e tests share: a fresh data folder and a models folder with the tiny
// fixture models (random-weight GPT-2 and Stable-Diffusion-shaped pipeline) unless a test brings
// its own, Chromium, the real host process serving both, and the few steps every test takes (open
// the studio, make a text document or an image board in the Welcome project).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { SHOTS, WAIT, launchChromium } from './chromium';
import { startHostProcess, type HostProcess } from './host-process';

type Viewport = { width: number; height: number };

export interface StudioOptions {
  /** Writes the models the host offers (`--models`); null: none, only the starter models. Default: tiny-gpt2 and tiny-sd. */
  models?: ((modelsDir: string) => void) | null;
  /** Runs on the data folder before the host starts (a damaged database, a half-imported model…). */
  prepareData?: (dataDir: string) => void | Promise<void>;
  /** The viewport openApp uses unless it is given one. Default 1280×860. */
  viewport?: Viewport;
  /** Browser permissions each page gets (e.g. the clipboard). */
  permissions?: string[];
  /** Added to the host process's environment (a held job worker: tests/support/hold-worker.mjs). */
  hostEnv?: NodeJS.ProcessEnv;
}

export interface Studio {
  dataDir: string;
  modelsDir: string;
  browser: Browser;
  host: HostProcess;
  /** A new browser context on the studio, after the project list has loaded. */
  openApp(colorScheme: 'light' | 'dark', viewport?: Viewport): Promise<Page>;
  close(): Promise<void>;
}

const fixtureModels = (modelsDir: string) => {
  writeDecoderFolder(join(modelsDir, 'tiny-gpt2'), TINY_GPT2);
  writeTinySdFolder(join(modelsDir, 'tiny-sd'), TINY_SD);
};

/** Starts the host on fresh folders, by default with `tiny-gpt2` and `tiny-sd` installed (the starter models come with the app). */
export async function startStudio(name: string, options: StudioOptions = {}): Promise<Studio> {
  mkdirSync(SHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), `atelier-e2e-${name}-`));
  const modelsDir = mkdtempSync(join(tmpdir(), `atelier-e2e-${name}-models-`));
  const writeModels = options.models === undefined ? fixtureModels : options.models;
  writeModels?.(modelsDir);
  await options.prepareData?.(dataDir);
  const browser = await launchChromium();
  const host = await startHostProcess(['--data', dataDir, '--port', '0', ...(writeModels ? ['--models', modelsDir] : [])], options.hostEnv);
  return {
    dataDir,
    modelsDir,
    browser,
    host,
    async openApp(colorScheme, viewport = options.viewport ?? { width: 1280, height: 860 }) {
      const ctx = await browser.newContext({ colorScheme, viewport });
      if (options.permissions) await ctx.grantPermissions(options.permissions);
      const page = await ctx.newPage();
      await page.goto(host.url);
      await page.getByTestId('project-item').first().waitFor(WAIT);
      return page;
    },
    async close() {
      await browser.close();
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(modelsDir, { recursive: true, force: true });
    },
  };
}

/** Closes the bottom drawer (the queue) when it is open, so it covers nothing. */
export async function closeDrawer(page: Page): Promise<void> {
  if ((await page.getByTestId('toggle-drawer').getAttribute('aria-pressed')) === 'true') await page.getByTestId('toggle-drawer').click();
}

/** Names a new document of the Welcome project, made with the sidebar button `button`. */
async function newDocument(page: Page, button: 'new-text-document' | 'new-image-board', title: string): Promise<void> {
  await page.getByTestId('project-item').filter({ hasText: 'Welcome' }).click();
  await page.getByTestId(button).click();
  await page.getByTestId('document-title-input').fill(title);
  await page.getByTestId('document-title-input').press('Enter');
}

/** A new text document in the Welcome project, open in the writing studio. */
export async function newTextDocument(page: Page, title: string): Promise<void> {
  await newDocument(page, 'new-text-document', title);
  await page.locator('.cm-content').waitFor(WAIT);
  await closeDrawer(page);
}

/** A new image board in the Welcome project, open in the image studio. */
export async function newImageBoard(page: Page, title: string): Promise<void> {
  await newDocument(page, 'new-image-board', title);
  await page.getByTestId('image-board').waitFor(WAIT);
}

/** Opens a document of the Welcome project: a text document in the writing studio, a board in the image studio. */
export async function openDocument(page: Page, title: string, kind: 'text' | 'image', project = 'Welcome'): Promise<void> {
  await page.getByTestId('project-item').filter({ hasText: project }).click();
  await page.getByTestId('document-item').filter({ hasText: title }).click();
  await (kind === 'text' ? page.locator('.cm-content') : page.getByTestId('image-board')).waitFor(WAIT);
}

/** Opens a document of `project` with the drawer closed, once its heading names it (not the document open before). */
export async function openDocumentIn(page: Page, project: string, title: string, kind: 'text' | 'image' = 'text'): Promise<void> {
  await closeDrawer(page);
  await openDocument(page, title, kind, project);
  await page.locator('#document-title').filter({ hasText: title }).waitFor(WAIT);
}

/**
 * Opens the model library from the studio's sidebar, once its list and this machine's devices have
 * loaded: the devices panel (system.status, asked for apart from the list) appears above the list
 * when it answers, moving every row down, and until then the row pickers disable nothing.
 */
export async function openModels(page: Page): Promise<void> {
  await page.getByTestId('open-models').click();
  await page.getByTestId('models-view').waitFor(WAIT);
  await page.getByTestId('model-item').first().waitFor(WAIT);
  await page.getByTestId('models-provider').first().waitFor(WAIT);
}
