// Dropping files on an image board the way a file manager does: a DataTransfer holding a File,
// dispatched as dragenter (the drop overlay shows) and then drop.
import type { JSHandle, Page } from 'playwright-core';
import { WAIT } from './chromium';

/** The page's own DataTransfer and File (this file is type-checked without the DOM library). */
type PageGlobals = {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (bits: Uint8Array[], name: string, options: { type: string }) => unknown;
};

/** Drops what the DataTransfer holds on the open image board. */
export async function dropOnBoard(page: Page, dataTransfer: JSHandle): Promise<void> {
  await page.dispatchEvent('[data-testid="image-board"]', 'dragenter', { dataTransfer });
  await page.getByTestId('image-drop-overlay').waitFor(WAIT);
  await page.dispatchEvent('[data-testid="image-board"]', 'drop', { dataTransfer });
}

/** Drops one PNG file, its bytes given in base64, on the open image board. */
export async function dropPng(page: Page, base64: string, name: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, fileName }) => {
      const { DataTransfer, File } = globalThis as unknown as PageGlobals;
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], fileName, { type: 'image/png' }));
      return dt;
    },
    { b64: base64, fileName: name },
  );
  await dropOnBoard(page, dataTransfer);
}
