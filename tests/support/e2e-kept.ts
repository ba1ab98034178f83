// The check after a window keeps a streamed continuation: what the editor shows, what the host
// stored and the history hold the model's text exactly once (text doubled in the editor would have
// been saved as a version of its own).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DocumentInfo, HistoryGraph, Iteration } from '../../shared/contract';
import { WAIT } from './chromium';
import { editorText } from './e2e-write';

/** Reads a contract method's result from the host (a socket of the test's own). */
export type HostRead = <T>(method: string, params: unknown) => Promise<T>;

/** The editor shows `opening + written`, version `versionId` holds the same and is the head, and it is the only generated version. */
export async function expectKeptOnce(page: Page, read: HostRead, opening: string, written: string, versionId: string | undefined): Promise<void> {
  expect(versionId).toBeDefined();
  await page.getByTestId('write-ghost').waitFor({ state: 'detached', timeout: 60_000 });
  await expect.poll(() => editorText(page), WAIT).toBe(opening + written);
  const version = await read<Iteration & { text: string }>('history.get', { id: versionId });
  expect(version.text).toBe(opening + written);
  await expect.poll(async () => (await read<DocumentInfo>('documents.get', { id: version.documentId })).headIterationId, WAIT).toBe(versionId);
  const graph = await read<HistoryGraph>('history.graph', { documentId: version.documentId });
  expect(graph.iterations.filter((i) => i.source === 'model').map((i) => i.id)).toEqual([versionId]);
}
