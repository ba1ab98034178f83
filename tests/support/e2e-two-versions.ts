// A studio with one text document of two versions ('Tide tables' in 'Tides', the second a child
// of the first), open in Chromium on its Versions tab: the setup of the version-tree keyboard tests.
import type { Page } from 'playwright-core';
import type { DocumentInfo, Project } from '../../shared/contract';
import { WAIT } from './chromium';
import { openDocumentIn, startStudio, type Studio } from './e2e-setup';
import { connectApi, type HostApi } from './host-api';

export interface TwoVersions {
  studio: Studio;
  api: HostApi;
  page: Page;
  first: string;
  second: string;
  close(): Promise<void>;
}

export async function openTwoVersions(name: string): Promise<TwoVersions> {
  const studio = await startStudio(name, { models: null });
  const api = await connectApi(studio.host);
  const tides = await api.call<Project>('projects.create', { name: 'Tides' });
  const doc = await api.call<DocumentInfo>('documents.create', { projectId: tides.id, kind: 'text', title: 'Tide tables', text: 'High water at noon.' });
  const first = doc.headIterationId as string;
  const second = (await api.call<{ id: string }>('history.commitText', { documentId: doc.id, parentIds: [first], text: 'High water at noon, low at six.' })).id;
  const page = await studio.openApp('light');
  await openDocumentIn(page, 'Tides', 'Tide tables');
  await page.getByTestId('side-tab-versions').click();
  await page.locator(`[data-testid="version-node"][data-iteration-id="${second}"]`).waitFor(WAIT);
  const close = async () => {
    await api.close();
    await studio.close();
  };
  return { studio, api, page, first, second, close };
}
