// `npm run bench:history-ui`: the history tree in Chromium at scale. Seeds two text documents
// (default 10,000 and 1,000 versions, the branching history of tests/support/seed-history.ts)
// into a fresh data folder, starts the real host (`atelier serve`, the built renderer: run
// `npm run build` first) and Debian's Chromium, then times in the page
//   openTreeMs   the Versions tab clicked → the tree drawn with the current version's row (median)
//   keyMs        an arrow key on a row → the next row focused and drawn (median of parent/child moves)
//   farKeyMs     Home / End: a move across the whole list (median)
// for both documents, with the ratio big / small (the tree draws the same few rows either way;
// what still grows is the graph's transfer and layout), and how many rows were drawn.
// Prints a table (stderr) and one JSON line (stdout); --json prints only the JSON.
// Options: --big N, --small N, --runs N.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openStore } from '../../electron/store';
import { launchChromium } from '../support/chromium';
import { closeDrawer } from '../support/e2e-setup';
import { startHostProcess } from '../support/host-process';
import { seedHistory } from '../support/seed-history';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const BIG = opt('big', 10_000);
const SMALL = opt('small', 1_000);
const RUNS = opt('runs', 5);
const log = (s: string) => {
  if (!json) process.stderr.write(`${s}\n`);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (x: number) => Math.round(x * 10) / 10;

interface Figures {
  versions: number;
  openTreeMs: number;
  keyMs: number;
  farKeyMs: number;
  rowsDrawn: number;
}

// The timed parts run in the page (this file is typed without the DOM, so they are source text):
// each resolves with the milliseconds from the action to the first frame painted after it.
const IN_PAGE_OPEN = `new Promise((done) => {
  const tab = document.querySelector('[data-testid="side-tab-versions"]');
  const t0 = performance.now();
  tab.click();
  const check = () => {
    if (document.querySelector('[data-testid="version-tree"] [data-head="true"]')) requestAnimationFrame(() => done(performance.now() - t0));
    else requestAnimationFrame(check);
  };
  check();
})`;

const inPagePress = (key: string) => `new Promise((done, fail) => {
  const from = document.activeElement;
  const t0 = performance.now();
  from.dispatchEvent(new KeyboardEvent('keydown', { key: ${JSON.stringify(key)}, bubbles: true, cancelable: true }));
  const check = () => {
    if (document.activeElement !== from) requestAnimationFrame(() => done(performance.now() - t0));
    else if (performance.now() - t0 > 30000) fail(new Error('${key} moved nothing'));
    else requestAnimationFrame(check);
  };
  check();
})`;

/** Clicks the Versions tab (from the Settings tab) and waits for the tree with the current version drawn. */
async function openTree(page: Page): Promise<number> {
  await page.getByTestId('side-tab-settings').click();
  await page.getByTestId('version-tree').waitFor({ state: 'detached', timeout: 60_000 });
  return page.evaluate<number>(IN_PAGE_OPEN);
}

/** Presses a key on the focused row (a real keydown the tree handles) and waits for the focus to move and paint. */
function press(page: Page, key: string): Promise<number> {
  return page.evaluate<number>(inPagePress(key));
}

async function measure(page: Page, project: string, title: string, versions: number): Promise<Figures> {
  await page.getByTestId('project-item').filter({ hasText: project }).click();
  await page.getByTestId('document-item').filter({ hasText: title }).first().click();
  await page.locator('.cm-content').waitFor({ timeout: 120_000 });
  await closeDrawer(page);
  await page.getByTestId('side-tab-versions').click();
  await page.locator('[data-testid="version-tree"] [data-head="true"]').waitFor({ timeout: 120_000 });
  const opens: number[] = [];
  for (let i = 0; i < RUNS; i++) opens.push(await openTree(page));
  await page.locator('[data-testid="version-tree"] [data-head="true"]').focus();
  const keys: number[] = [];
  const far: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    keys.push(await press(page, 'ArrowUp'));
    keys.push(await press(page, 'ArrowDown'));
    far.push(await press(page, 'Home'));
    far.push(await press(page, 'End'));
  }
  const rowsDrawn = await page.getByTestId('version-node').count();
  return { versions, openTreeMs: round(median(opens)), keyMs: round(median(keys)), farKeyMs: round(median(far)), rowsDrawn };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-history-ui-'));
  const store = openStore(dir, { welcome: false });
  // Document 0 has BIG versions; each later one SMALL (document 1 is a text document too).
  seedHistory(store, { iterations: BIG + SMALL, bigDocument: BIG, perDocument: SMALL, seed: 1 });
  store.close();
  log(`Seeded ${BIG.toLocaleString('en')} + ${SMALL.toLocaleString('en')} versions; starting the host and Chromium…`);
  const host = await startHostProcess(['--data', dir, '--port', '0', '--paused']);
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(host.url);
    await page.getByTestId('project-item').first().waitFor({ timeout: 60_000 });
    const small = await measure(page, 'Seeded project 0', 'Chapter 1', SMALL);
    const big = await measure(page, 'Seeded project 0', 'Chapter 0', BIG);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const result = { big, small, ratios: { openTree: ratio(big.openTreeMs, small.openTreeMs), key: ratio(big.keyMs, small.keyMs), farKey: ratio(big.farKeyMs, small.farKeyMs) } };
    const pad = (s: string, n: number) => s.padEnd(n);
    log('');
    log(`${pad('', 34)} ${pad(`${BIG.toLocaleString('en')} versions`, 18)} ${pad(`${SMALL.toLocaleString('en')} versions`, 18)} ratio`);
    for (const [name, key] of [
      ['open the Versions tab', 'openTreeMs'],
      ['arrow key (parent / child)', 'keyMs'],
      ['Home / End (across the list)', 'farKeyMs'],
    ] as const) {
      log(`${pad(name, 34)} ${pad(`${big[key]} ms`, 18)} ${pad(`${small[key]} ms`, 18)} ${ratio(big[key], small[key])}`);
    }
    log(`${pad('rows drawn', 34)} ${pad(String(big.rowsDrawn), 18)} ${pad(String(small.rowsDrawn), 18)}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
