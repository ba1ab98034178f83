// Debian's Chromium for the browser e2e tests, started the way this machine needs it (no
// sandbox as root, no background network traffic), plus where screenshots go.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from './host-process';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Screenshots are kept as test artifacts. */
export const SHOTS = join(ROOT, 'test-results/screenshots');

/** The machines are slow and shared: every wait is generous. */
export const WAIT = { timeout: 30_000 };

export function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
