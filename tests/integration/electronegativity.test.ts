// Electronegativity over electron/ and renderer/ on every test run (tests/security/electron-scan.ts):
// nothing of medium severity or above, every remaining low finding justified in a comment at its
// spot, and the only silenced finding is the reviewed preload.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../security/electron-scan';

const ROOT = resolve(__dirname, '../..');
let report: ScanReport;

beforeAll(() => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'tests/security/electron-scan.ts', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 170_000,
  });
  expect(run.status, run.stderr).toBe(0);
  report = JSON.parse(run.stdout) as ScanReport;
}, 180_000);

describe('Electronegativity', () => {
  it('parses every file and still catches an unsafe window (the canary)', () => {
    expect(report.parseErrors).toEqual([]);
    expect(report.electronVersion).toBe(JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version);
    const canary = report.canary.map((f) => `${f.id} ${f.severity}`);
    expect(canary).toContain('CONTEXT_ISOLATION_JS_CHECK HIGH');
    expect(canary).toContain('SANDBOX_JS_CHECK MEDIUM');
  });

  it('finds nothing of medium severity or above', () => {
    expect(report.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM')).toEqual([]);
  });

  it('has a justifying comment naming the check just above every low finding', () => {
    const low = report.findings.filter((f) => f.severity === 'LOW');
    for (const f of low) {
      const lines = readFileSync(join(ROOT, f.file), 'utf8').split('\n');
      const above = lines.slice(Math.max(0, f.line - 8), f.line).join('\n');
      expect(above, `${f.id} at ${f.file}:${f.line}`).toMatch(new RegExp(`Electronegativity[^]*${f.id}`));
    }
  });

  it('silences only the reviewed preload finding', () => {
    const silenced: string[] = [];
    for (const dir of ['electron', 'renderer']) {
      for (const name of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
        if (!/\.(tsx?|html)$/.test(name)) continue;
        const text = readFileSync(join(ROOT, dir, name), 'utf8');
        for (const m of text.matchAll(/eng-disable[ \t]+([\w \t]+)/g)) silenced.push(`${dir}/${name}: ${m[1]!.trim()}`);
      }
    }
    expect(silenced).toEqual(['electron/main/security.ts: PRELOAD_JS_CHECK']);
  });
});
