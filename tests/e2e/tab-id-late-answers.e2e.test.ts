// A tab's id in Chromium without Web Locks (a page on plain HTTP at an address other than loopback
// has none) on a busy machine: every BroadcastChannel message arrives 1.5 s late, well past the
// 400 ms an earlier version waited for a live tab's answer. A copy of the tab (window.open copies
// its sessionStorage, id and remembered generation included, as duplicating a tab does) still
// takes an id of its own and leaves the generation's record to the first tab, which keeps both
// across a reload and a visit elsewhere and back. Expects out/renderer to be built (npm test builds first).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';

let studio: Studio;
let ctx: BrowserContext;

beforeAll(async () => {
  studio = await startStudio('tab-id', { models: null });
  ctx = await studio.browser.newContext({ viewport: { width: 1280, height: 860 } });
  await ctx.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
    const post = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, message: unknown) {
      setTimeout(() => post.call(this, message), 1500);
    };
  });
});

afterAll(async () => {
  await ctx?.close();
  await studio?.close();
});

const tabOf = (page: Page) => page.evaluate(() => sessionStorage.getItem('atelier.tab'));
const ready = (page: Page) => page.getByTestId('project-item').first().waitFor(WAIT);
const PENDING = 'atelier.write.pending.planted';

describe('a tab id without Web Locks, answers arriving late', () => {
  it('a copy of the tab takes an id of its own; the first tab keeps its id and its generation across a reload and a visit elsewhere', { timeout: 120_000 }, async () => {
    const first = await ctx.newPage();
    await first.goto(studio.host.url);
    await ready(first);
    expect(await first.evaluate(() => typeof navigator.locks)).toBe('undefined');
    await expect.poll(() => tabOf(first), WAIT).not.toBeNull();
    const firstTab = (await tabOf(first))!;
    // A generation this tab remembers (the record a Continue leaves; its document need not exist here).
    const record = JSON.stringify({ tab: firstTab, ref: 'r1', jobId: null, mode: 'continue', parentId: null, from: 0, to: 0, lead: '', rows: 1, rewrite: null });
    await first.evaluate(([key, value]) => sessionStorage.setItem(key, value), [PENDING, record] as const);

    const [copy] = await Promise.all([ctx.waitForEvent('page'), first.evaluate(() => void window.open(location.href))]);
    await ready(copy);
    // It came with the first tab's id; it takes its own (an earlier version kept that one when no answer came in time).
    await expect.poll(() => tabOf(copy), WAIT).not.toBe(firstTab);
    const copyTab = await tabOf(copy);
    expect(copyTab).not.toBeNull();
    // The record came with the copy, naming the first tab: the copy's own generation it is not.
    expect(JSON.parse((await copy.evaluate((key) => sessionStorage.getItem(key), PENDING))!)).toMatchObject({ tab: firstTab });

    // The first tab reloaded, and away and back: the same id, the record still its own.
    await first.reload();
    await ready(first);
    expect(await tabOf(first)).toBe(firstTab);
    await first.goto('about:blank');
    await first.goBack();
    await ready(first);
    expect(await tabOf(first)).toBe(firstTab);
    expect(await first.evaluate((key) => sessionStorage.getItem(key), PENDING)).toBe(record);

    // The copy reloaded is still itself, and differs from the first tab as it did.
    await copy.reload();
    await ready(copy);
    expect(await tabOf(copy)).toBe(copyTab);
    expect(await tabOf(first)).toBe(firstTab);
  });
});
