// `npm run bench:history`: the history store at scale. Seeds N versions (default 100,000: text
// and image recipes, several projects, one 10,000-version document) in one transaction, then times
//   openTreeMs        history.graph of the big document through the handler as the tree view asks
//                     for it (recipes: false), plus JSON.stringify (what crosses the wire to the UI);
//                     openTreeFullMs is the same with every recipe
//   ftsQueryMs        search.query with words (common, mid, rare, phrase, prefix): the median
//   paramQueryMs      search.query with recipe filters (cfg > 9, seed = 42, …): the median
//   insertsPerSecond  new generated versions saved the way the app saves them (artifact, version,
//                     edge, token record, search index), one transaction each
// Each figure is the median of several runs. Prints a table (stderr) and one JSON line (stdout);
// --json prints only the JSON object. Options: --iterations N, --big N (versions in the big document).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/host/core';
import { numberArg, wantsJson as json } from '../support/bench-args';
import { seedHistory } from '../support/seed-history';

const ITERATIONS = numberArg('iterations', 100_000);
const BIG = numberArg('big', 10_000);
const log = (s: string) => process.stderr.write(`${s}\n`);
const now = () => performance.now();
const TARGET_OPEN_MS = 300;
const TARGET_QUERY_MS = 50;

async function timed<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = now();
  const value = await f();
  return { ms: now() - t0, value };
}

async function median(runs: number, f: () => Promise<number> | number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await f());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(runs / 2)]!;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-history-'));
  const core = createCore({ dataDir: dir, transport: 'cli', runJobs: false });
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await core.call(method, params);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.result as T;
  };
  try {
    log(`Seeding ${ITERATIONS.toLocaleString('en')} versions (one document of ${BIG.toLocaleString('en')})…`);
    const seeded = seedHistory(core.store, { iterations: ITERATIONS, bigDocument: BIG, perDocument: 500, seed: 1 });
    log(`  ${round(seeded.ms / 1000, 2)} s (${Math.round(ITERATIONS / (seeded.ms / 1000)).toLocaleString('en')} versions/s, one transaction)`);
    core.store.db.pragma('optimize');

    // Open the tree: the handler the history view calls (without recipes, which history.get
    // brings when a version is picked), and the JSON it sends; and the same with every recipe.
    let nodes = 0;
    const openTree = (recipes: boolean) =>
      median(5, async () => {
        const t = await timed(async () => {
          const g = await call<{ iterations: unknown[] }>('history.graph', { documentId: seeded.bigDocumentId, recipes });
          nodes = g.iterations.length;
          return JSON.stringify(g).length;
        });
        return t.ms;
      });
    const cold = await timed(async () => JSON.stringify(await call('history.graph', { documentId: seeded.bigDocumentId, recipes: false })).length);
    const openTreeMs = await openTree(false);
    const openTreeFullMs = await openTree(true);
    const fullBytes = JSON.stringify(await call('history.graph', { documentId: seeded.bigDocumentId })).length;

    const rows: { kind: string; query: string; ms: number; total: number }[] = [];
    const query = async (kind: string, q: string) => {
      let total = 0;
      await call('search.query', { q, limit: 50 }); // warm the statement cache once
      const ms = await median(5, async () => {
        const t = await timed(() => call<{ total: number }>('search.query', { q, limit: 50 }));
        total = t.value.total;
        return t.ms;
      });
      rows.push({ kind, query: q, ms, total });
      return ms;
    };
    const w = seeded.words;
    const fts = [
      await query('fts', w[0]!),
      await query('fts', w[300]!),
      await query('fts', w[2900]!),
      await query('fts', `${w[5]} ${w[40]}`),
      await query('fts', `"${w[1]} ${w[2]}"`),
      await query('fts', `${w[7]!.slice(0, 4)}*`),
      await query('fts', `${w[20]} -${w[0]}`),
    ];
    const params = [
      await query('param', 'cfg > 9'),
      await query('param', 'seed = 42'),
      await query('param', 'temperature >= 1.1 kind:text'),
      await query('param', 'steps <= 20 scheduler:euler model:tiny-sd'),
      await query('param', 'cfg >= 14.5 steps > 45'),
      await query('param', 'is:starred tag:keeper'),
    ];
    await query('mixed', `${w[10]} cfg > 9`);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const ftsQueryMs = sorted(fts)[Math.floor(fts.length / 2)]!;
    const paramQueryMs = sorted(params)[Math.floor(params.length / 2)]!;

    // Inserts the way a finished generation saves them, one transaction (and fsync) each.
    const doc = core.store.documents.get(seeded.bigDocumentId);
    const INSERTS = 500;
    let parent = doc.headIterationId!;
    const recipe = { kind: 'text', model: { id: 'tiny-gpt2', sha256: null, name: 'tiny' }, seed: 1, settings: { temperature: 0.8, topP: 0.95 }, device: { used: 'cpu' } };
    const ins = await timed(() => {
      for (let i = 0; i < INSERTS; i++) {
        const text = `Inserted version ${i}: ${w[i % 3000]} ${w[(i * 7) % 3000]} ${w[(i * 13) % 3000]} and the rest of a paragraph of text.`;
        parent = core.store.history.addGeneratedText({ documentId: doc.id, parentIds: [parent], text, status: 'ok', recipe, tokens: { start: 0, tokens: [] } }).id;
      }
    });
    const insertsPerSecond = Math.round(INSERTS / (ins.ms / 1000));

    const result = {
      iterations: ITERATIONS,
      treeNodes: nodes,
      seedMs: Math.round(seeded.ms),
      openTreeMs: round(openTreeMs),
      openTreeColdMs: round(cold.ms),
      openTreeFullMs: round(openTreeFullMs),
      treeJsonBytes: cold.value,
      treeFullJsonBytes: fullBytes,
      ftsQueryMs: round(ftsQueryMs, 2),
      paramQueryMs: round(paramQueryMs, 2),
      insertsPerSecond,
      queries: rows.map((r) => ({ ...r, ms: round(r.ms, 2) })),
      targets: { openTreeMs: TARGET_OPEN_MS, queryMs: TARGET_QUERY_MS },
      pass: openTreeMs <= TARGET_OPEN_MS && ftsQueryMs <= TARGET_QUERY_MS && paramQueryMs <= TARGET_QUERY_MS,
    };

    const pad = (s: string, n: number) => s.padEnd(n);
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    log('');
    log(`${pad('measure', 44)} ${pad('value', 14)} target`);
    log(`${pad(`open tree (${nodes.toLocaleString('en')} versions, handler + JSON)`, 44)} ${pad(`${result.openTreeMs} ms`, 14)} ≤ ${TARGET_OPEN_MS} ms ${openTreeMs <= TARGET_OPEN_MS ? 'ok' : 'MISSED'}`);
    log(`${pad('  first open (cold statement cache)', 44)} ${result.openTreeColdMs} ms`);
    log(`${pad('  with every recipe (recipes: true)', 44)} ${result.openTreeFullMs} ms (${(fullBytes / 2 ** 20).toFixed(1)} MiB of JSON vs ${(cold.value / 2 ** 20).toFixed(1)})`);
    log(`${pad('FTS query (median of the word queries)', 44)} ${pad(`${result.ftsQueryMs} ms`, 14)} ≤ ${TARGET_QUERY_MS} ms ${ftsQueryMs <= TARGET_QUERY_MS ? 'ok' : 'MISSED'}`);
    log(`${pad('parametric query (median of the filters)', 44)} ${pad(`${result.paramQueryMs} ms`, 14)} ≤ ${TARGET_QUERY_MS} ms ${paramQueryMs <= TARGET_QUERY_MS ? 'ok' : 'MISSED'}`);
    log(`${pad('inserts (one transaction each)', 44)} ${insertsPerSecond.toLocaleString('en')} versions/s`);
    log('');
    log(`${pad('query', 50)} ${pad('ms', 9)} results`);
    for (const r of rows) log(`${pad(`[${r.kind}] ${r.query}`, 50)} ${pad(String(round(r.ms, 2)), 9)} ${r.total.toLocaleString('en')}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
