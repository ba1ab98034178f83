// Electronegativity (Doyensec's Electron security scanner) over the code that configures Electron
// and the page it loads: electron/ and renderer/ sources plus package.json (for the Electron
// version). Sources, not the bundles in out/: the bundler rewrites `new BrowserWindow(...)` as
// `new electron.BrowserWindow(...)`, which the scanner's checks do not recognise, so a scan of
// out/ would pass without looking. A canary file with a deliberately unsafe window is scanned
// alongside, so a scanner that silently stopped working cannot pass.
//
//   npm run scan:electron            # table + summary
//   npm run scan:electron -- --json  # one JSON document
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
export const CANARY = 'canary/unsafe-window.js';

/**
 * Needs the network and changes with every upstream Electron release (it reports any newer
 * release with security fixes), so a test using it would fail without a change of ours.
 */
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

export interface Finding {
  id: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  confidence: string;
  file: string;
  line: number;
  sample: string;
  description: string;
}

export interface ScanReport {
  electronVersion: string;
  checks: number;
  files: number;
  /** Files the scanner could not parse (they would be silently unscanned). */
  parseErrors: { file: string; message: string }[];
  findings: Finding[];
  canary: Finding[];
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  sample?: string;
  description: unknown;
  severity: { name: Finding['severity'] };
  confidence: { name: string };
}

type Run = (options: Record<string, unknown>) => Promise<{
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: RawIssue[];
}>;

const UNSAFE_WINDOW = `const { BrowserWindow } = require('electron');
new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });
`;

function stage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-scan-'));
  cpSync(join(ROOT, 'electron'), join(dir, 'electron'), { recursive: true });
  cpSync(join(ROOT, 'renderer'), join(dir, 'renderer'), {
    recursive: true,
    filter: (src) => !src.endsWith('vite.config.mts'),
  });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  mkdirSync(join(dir, 'canary'));
  writeFileSync(join(dir, CANARY), UNSAFE_WINDOW);
  return dir;
}

export async function scan(): Promise<ScanReport> {
  const run = createRequire(__filename)('@doyensec/electronegativity') as Run;
  const electronVersion = (createRequire(__filename)('electron/package.json') as { version: string }).version;
  const dir = stage();
  try {
    // The scanner prints progress and a translations notice through console.log; keep stdout ours.
    const log = console.log;
    console.log = () => {};
    let result: Awaited<ReturnType<Run>>;
    try {
      result = await run({
        input: dir,
        isRelative: true,
        electronVersionOverride: electronVersion,
        excludeFromScan: EXCLUDED,
        severitySet: 'informational',
        confidenceSet: 'tentative',
      });
    } finally {
      console.log = log;
    }
    const all = result.issues.map(
      (i): Finding => ({
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: i.file.startsWith(dir) ? i.file.slice(dir.length + 1) : i.file,
        line: i.location.line,
        sample: (i.sample ?? '').trim().slice(0, 160),
        description: typeof i.description === 'string' ? i.description : JSON.stringify(i.description),
      }),
    );
    return {
      electronVersion,
      checks: result.globalChecks + result.atomicChecks,
      files: countFiles(dir),
      parseErrors: result.errors.filter((e) => !e.tolerable).map((e) => ({ file: e.file.slice(dir.length + 1), message: e.message })),
      findings: all.filter((f) => f.file !== CANARY),
      canary: all.filter((f) => f.file === CANARY),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function countFiles(dir: string): number {
  const { readdirSync } = createRequire(__filename)('node:fs') as typeof import('node:fs');
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (e) => e.isFile() && /\.(tsx?|jsx?|html?)$/.test(e.name) && !join(e.parentPath, e.name).endsWith(CANARY),
  ).length;
}

export const countBySeverity = (findings: Finding[]) => ({
  high: findings.filter((f) => f.severity === 'HIGH').length,
  medium: findings.filter((f) => f.severity === 'MEDIUM').length,
  low: findings.filter((f) => f.severity === 'LOW').length,
  informational: findings.filter((f) => f.severity === 'INFORMATIONAL').length,
});

async function main(): Promise<void> {
  const report = await scan();
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return;
  }
  for (const f of report.findings) console.log(`${f.severity.padEnd(13)} ${f.id.padEnd(40)} ${f.file}:${f.line}  ${f.description}`);
  for (const e of report.parseErrors) console.log(`UNPARSED      ${e.file}: ${e.message}`);
  const c = countBySeverity(report.findings);
  console.log(
    `electronegativity: electron ${report.electronVersion}, ${report.checks} checks, ${report.files} files; ` +
      `high ${c.high}, medium ${c.medium}, low ${c.low}, informational ${c.informational}; ` +
      `unparsed ${report.parseErrors.length}; canary findings ${report.canary.length}`,
  );
  if (c.high + c.medium > 0 || report.parseErrors.length > 0) process.exitCode = 1;
}

if (require.main === module) void main();
