// A studio window whose saves never reach the host while `drop.on`: its history.commitText calls
// are dropped on the WebSocket, so what is typed exists only in its editor, as when a change
// elsewhere lands between a keystroke and its save. Everything else passes through.
import type { Page } from 'playwright-core';
import { WAIT } from './chromium';
import type { Studio } from './e2e-setup';

export async function openDroppingSaves(studio: Studio, drop: { on: boolean }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const ctx = await studio.browser.newContext({ colorScheme, viewport: { width: 1280, height: 860 } });
  await ctx.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      if (drop.on && typeof m === 'string' && m.includes('"method":"history.commitText"')) return;
      server.send(m);
    });
  });
  const page = await ctx.newPage();
  await page.goto(studio.host.url);
  await page.getByTestId('project-item').first().waitFor(WAIT);
  return page;
}
