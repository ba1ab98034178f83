// npm run fuzz:contract [-- --runs N --seed S --deadline-ms MS --method NAME --burst N --concurrency K --keep --json --verbose]
// Fuzzes every contract method through a real browser host process; prints the seed first so a
// failing run can be replayed exactly, then the counts. Exits 1 on any crash, hang, untyped
// error or store change by a rejected request.
import { parseArgs } from 'node:util';
import { METHOD_NAMES } from '../../shared/contract';
import { runContractFuzz, summary } from './fuzz-run';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '10000' },
      seed: { type: 'string' },
      'deadline-ms': { type: 'string', default: '30000' },
      method: { type: 'string', multiple: true },
      burst: { type: 'string' },
      concurrency: { type: 'string', default: '16' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const seed = values.seed === undefined ? (Date.now() ^ (process.pid << 16)) | 0 : Number(values.seed);
  const deadlineMs = Number(values['deadline-ms']);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got '${values.runs}'`);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got '${values.seed}'`);
  const burst = values.burst === undefined ? undefined : Number(values.burst);
  const concurrency = Number(values.concurrency);
  if (burst !== undefined && (!Number.isSafeInteger(burst) || burst < 0)) throw new Error(`--burst must be a whole number, got '${values.burst}'`);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a positive integer, got '${values.concurrency}'`);
  if (!Number.isSafeInteger(deadlineMs) || deadlineMs < 1) throw new Error(`--deadline-ms must be a positive integer`);
  const extra = [values.burst === undefined ? '' : ` --burst ${values.burst}`, values.concurrency === '16' ? '' : ` --concurrency ${values.concurrency}`].join('');
  console.error(`fuzz:contract seed ${seed} (replay: npm run fuzz:contract -- --runs ${runs} --seed ${seed}${extra})`);
  const started = Date.now();
  const report = await runContractFuzz({ runs, seed, deadlineMs, burst, concurrency, methods: values.method, keep: values.keep, log: (l) => console.error(l) });
  const failed = report.crashes + report.hangs + report.untyped + report.storeChangedByRejects > 0 || !report.healthy;
  if (values.json) console.log(JSON.stringify(report));
  else {
    console.log(`seed: ${seed}`);
    console.log(summary(report));
    const methods = METHOD_NAMES.filter((m) => report.perMethod[m]).length;
    console.log(`sent one at a time: ${report.requests - report.concurrent}, in the concurrent burst: ${report.concurrent}`);
    console.log(`contract methods exercised: ${methods} of ${METHOD_NAMES.length}, time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`by kind: ${Object.entries(report.perKind).map(([k, v]) => `${k} ${v.requests} (ok ${v.ok})`).join(', ')}`);
    if (values.verbose) {
      for (const [m, v] of Object.entries(report.perMethod).sort()) console.log(`  ${m.slice(0, 40).padEnd(40)} ${String(v.requests).padStart(6)} requests, ${v.ok} ok`);
      for (const [k, msg] of Object.entries(report.errorSamples).sort()) console.log(`  ${k}: ${msg}`);
    }
    for (const f of report.findings.slice(0, 20)) {
      console.log(`\n#${f.index} ${f.problem} in ${f.method} (${f.kind}${f.mutation ? `: ${f.mutation}` : ''})\n  request: ${f.request}\n  ${f.detail}`);
    }
    if (report.findings.length > 20) console.log(`\n… and ${report.findings.length - 20} more findings`);
    if (values.keep) console.log(`data folder kept: ${report.dataDir}`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`fuzz:contract: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
