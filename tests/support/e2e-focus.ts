// Where the keyboard is, as a test reads it: the focused element's test id (else its id, else its
// tag) and the project, document or version it stands for — "body" when focus fell to the page.
import type { Page } from 'playwright-core';

/** The little of the page's DOM read here (tests/support also compiles without the DOM library). */
interface PageElement {
  dataset: Record<string, string | undefined>;
  id: string;
  tagName: string;
}

export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as { document: { activeElement: PageElement | null; body: PageElement } };
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const name = el.dataset.testid ?? (el.id || el.tagName.toLowerCase());
    return [name, el.dataset.projectId ?? el.dataset.documentId ?? el.dataset.iterationId].filter(Boolean).join(':');
  });
}
