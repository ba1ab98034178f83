// `npm run bench:history-ui`: the history tree in Chromium at scale. Seeds two text documents
// (default 10,000 and 1,000 versions, the branching history of tests/support/seed-history.ts)
// into a fresh data folder, starts the real host (`atelier serve`, the built renderer: run
// `npm run build` first) and Debian's Chromium, then times in the page
//   openTreeMs   the Versions tab clicked → the tree drawn with the current version's row (median)
//   keyMs        an arrow key on a row → the next row focused and drawn (median of parent/child moves)
//   farKeyMs     Home / End: a move across the whole list (median)
//   starMs       S on a row → the star drawn: annotate, history.changed with the marks, the one
//                version patched in place (median)
// for both documents, with the ratio big / small (the tree draws the same few rows either way;
// what still grows is the graph's transfer and layout), and how many rows were drawn.
// Also, in Node: the layout's share of a reload that changed only marks, from scratch vs kept;
// and the layout of one prompt with --wide N alternatives against a line of N saves (wide-layout.ts).
// Prints a table (stderr) and one JSON line (stdout); --json prints only the JSON.
// Options: --big N, --small N, --runs N, --wide N.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openStore } from '../../electron/store';
import { launchChromium } from '../support/chromium';
import { closeDrawer } from '../support/e2e-setup';
import { startHostProcess } from '../support/host-process';
import { numberArg, wantsJson as json } from '../support/bench-args';
import { seedHistory } from '../support/seed-history';
import type { HistoryGraph } from '../../shared/contract';
import { layoutTree, relayout } from '../../renderer/features/history/treeLayout';
import { treeLinks } from '../../renderer/features/history/treeNav';
import { wideLayout } from './wide-layout';

const BIG = numberArg('big', 10_000);
const SMALL = numberArg('small', 1_000);
const RUNS = numberArg('runs', 5);
const WIDE = numberArg('wide', 5_000);
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
  starMs: number;
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

// S on the focused row stars it (history.annotate): the host announces history.changed with the
// version's marks, the view puts them on that version (no graph fetched) and the tree draws the star. Timed from the keydown to the first frame
// painted with the row's data-starred flipped.
const IN_PAGE_STAR = `new Promise((done, fail) => {
  const row = document.activeElement;
  const was = row.getAttribute('data-starred');
  const id = row.getAttribute('data-iteration-id');
  const t0 = performance.now();
  row.dispatchEvent(new KeyboardEvent('keydown', { key: 's', bubbles: true, cancelable: true }));
  const check = () => {
    const now = document.querySelector('[data-testid="version-node"][data-iteration-id="' + id + '"]');
    if (now && now.getAttribute('data-starred') !== was) requestAnimationFrame(() => done(performance.now() - t0));
    else if (performance.now() - t0 > 60000) fail(new Error('S starred nothing'));
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
  const stars: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    stars.push(await page.evaluate<number>(IN_PAGE_STAR));
    // Let the change settle (its history.changed and any render after it) before the next press.
    await page.waitForTimeout(300);
  }
  const rowsDrawn = await page.getByTestId('version-node').count();
  return { versions, openTreeMs: round(median(opens)), keyMs: round(median(keys)), farKeyMs: round(median(far)), starMs: round(median(stars)), rowsDrawn };
}

/**
 * What a reload that changed only a mark costs the tree's layout, in this process's V8 (the same
 * engine as Chromium), on the big document's real graph: laid out from scratch (layoutTree +
 * treeLinks, what every reload did before) against relayout keeping the layout (the shape check and
 * the swap of iterations; the links are memoised on the shape). Medians of 15, alternating.
 */
function layoutOnReload(graph: HistoryGraph): { fromScratchMs: number; keptMs: number } {
  const head = graph.iterations.at(-1)?.id ?? null;
  const json = JSON.stringify(graph);
  let prev = relayout(null, graph, head);
  const scratch: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < 15; i++) {
    const g = JSON.parse(json) as HistoryGraph; // a reload: the same graph as new objects
    let t0 = performance.now();
    treeLinks(layoutTree(g, head));
    scratch.push(performance.now() - t0);
    const g2 = JSON.parse(json) as HistoryGraph;
    t0 = performance.now();
    const next = relayout(prev, g2, head);
    if (next.shape !== prev.shape) throw new Error('relayout laid out a same-shape graph again');
    kept.push(performance.now() - t0);
    prev = next;
  }
  return { fromScratchMs: round(median(scratch)), keptMs: round(median(kept)) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-history-ui-'));
  const store = openStore(dir, { welcome: false });
  // Document 0 has BIG versions; each later one SMALL (document 1 is a text document too).
  const seeded = seedHistory(store, { iterations: BIG + SMALL, bigDocument: BIG, perDocument: SMALL, seed: 1 });
  const reload = layoutOnReload(store.history.graph(seeded.bigDocumentId));
  store.close();
  const wide = wideLayout(WIDE);
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
    const result = {
      big,
      small,
      ratios: { openTree: ratio(big.openTreeMs, small.openTreeMs), key: ratio(big.keyMs, small.keyMs), farKey: ratio(big.farKeyMs, small.farKeyMs), star: ratio(big.starMs, small.starMs) },
      layoutOnReload: { ...reload, ratio: ratio(reload.fromScratchMs, reload.keptMs) },
      wideLayout: wide,
    };
    const pad = (s: string, n: number) => s.padEnd(n);
    log('');
    log(`${pad('', 34)} ${pad(`${BIG.toLocaleString('en')} versions`, 18)} ${pad(`${SMALL.toLocaleString('en')} versions`, 18)} ratio`);
    for (const [name, key] of [
      ['open the Versions tab', 'openTreeMs'],
      ['arrow key (parent / child)', 'keyMs'],
      ['Home / End (across the list)', 'farKeyMs'],
      ['S: star (marks in place, redrawn)', 'starMs'],
    ] as const) {
      log(`${pad(name, 34)} ${pad(`${big[key]} ms`, 18)} ${pad(`${small[key]} ms`, 18)} ${ratio(big[key], small[key])}`);
    }
    log(`${pad('rows drawn', 34)} ${pad(String(big.rowsDrawn), 18)} ${pad(String(small.rowsDrawn), 18)}`);
    log('');
    log(
      `layout on a reload that changed only marks (${BIG.toLocaleString('en')} versions, Node): from scratch ${reload.fromScratchMs} ms, ` +
        `kept ${reload.keptMs} ms (${ratio(reload.fromScratchMs, reload.keptMs)}×)`,
    );
    log(
      `layout of one prompt with ${WIDE.toLocaleString('en')} alternatives (Node): ${wide.wideMs} ms, ` +
        `a line of as many saves ${wide.chainMs} ms (ratio ${wide.ratio})`,
    );
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
