// Whether an image board's results start in view: the top row of tiles as the window shows it,
// without scrolling. Tests expect the list of problems to be empty, so a failure names them.
import type { Page } from 'playwright-core';

/** What the page offers that this uses (this file is type-checked without the DOM library). */
type PageElement = {
  scrollTop: number;
  className: string;
  getBoundingClientRect(): { top: number; bottom: number; left: number; width: number; height: number };
  contains(other: PageElement): boolean;
};
type PageGlobals = {
  innerHeight: number;
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    elementFromPoint(x: number, y: number): PageElement | null;
  };
};

export function firstRowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, innerHeight } = globalThis as unknown as PageGlobals;
    const workspace = document.querySelector('.img-workspace');
    const tiles = Array.from(document.querySelectorAll('[data-testid="image-tile"]'));
    if (!workspace || tiles.length === 0) return ['no tiles on the board'];
    const problems: string[] = [];
    if (workspace.scrollTop !== 0) problems.push(`the board is scrolled by ${workspace.scrollTop} px`);
    // The lowest point of the board on screen: the window's bottom, or the workspace's if higher.
    const bottom = Math.min(innerHeight, workspace.getBoundingClientRect().bottom);
    const top = Math.min(...tiles.map((t) => t.getBoundingClientRect().top));
    const row = tiles.filter((t) => Math.abs(t.getBoundingClientRect().top - top) < 1);
    if (row.length < 2 && tiles.length >= 2) problems.push('the top row holds one tile');
    row.forEach((t, i) => {
      const r = t.getBoundingClientRect();
      if (r.bottom > bottom) problems.push(`tile ${i + 1} ends at ${Math.round(r.bottom)} px, below the board's ${Math.round(bottom)}`);
      const hit = document.elementFromPoint(r.left + r.width / 2, Math.min(r.top + r.height / 2, bottom - 1));
      if (!hit || !t.contains(hit)) problems.push(`tile ${i + 1} is covered by ${hit?.className ?? 'nothing'}`);
    });
    return problems;
  });
}
