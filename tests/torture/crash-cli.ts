// `npm run torture:crash -- [--crashes N] [--seed S] [--keep]`: the crash loop as a script.
// Prints the seed first (replay a failure with the same --seed), a line per crash, then
// `crashes: N, lost: L, orphans: O`; exits 1 on any loss, orphan or integrity failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCrashLoop } from './crash-loop';

const { values } = parseArgs({
  options: { crashes: { type: 'string', default: '50' }, seed: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const crashes = Number(values.crashes);
const seed = values.seed === undefined ? Math.floor(Date.now() % 2 ** 31) : Number(values.seed);
if (!Number.isInteger(crashes) || crashes < 1 || !Number.isInteger(seed) || seed < 0) {
  console.error('usage: npm run torture:crash -- [--crashes N] [--seed S] [--keep]');
  process.exit(2);
}
async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'atelier-crash-'));
  console.log(`seed: ${seed} (replay: npm run torture:crash -- --crashes ${crashes} --seed ${seed})`);
  const started = Date.now();
  const report = await runCrashLoop({ crashes, seed, workDir, log: (l) => console.log(l) });
  for (const p of report.problems) console.log(`PROBLEM ${p}`);
  console.log(
    `acknowledged: ${report.acknowledged.iterations} versions, ${report.acknowledged.jobs} jobs, ${report.acknowledged.models} model imports; kills: ${JSON.stringify(report.byPoint)}; ` +
      `schema at start-up kills: ${JSON.stringify(report.schemaAtKill)}; stray files before restarts: ${report.strayFilesBeforeRestart}; ` +
      `moved to recovered/: ${report.recoveredFiles}; integrity failures: ${report.integrityFailures}; saved twice: ${report.duplicates}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(`crashes: ${report.crashes}, lost: ${report.lost}, orphans: ${report.orphans}`);
  const failed = report.lost + report.orphans + report.integrityFailures + report.duplicates > 0;
  if (values.keep || failed) console.log(`data kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

void main();
