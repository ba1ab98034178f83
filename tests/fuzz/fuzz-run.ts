// Drives a real `atelier serve --paused` process with generated requests over its WebSocket and
// tallies what came back. One request at a time, so a store change is pinned on the request that
// made it. The queue is paused: valid generation requests queue jobs (a success that changes the
// store) but nothing runs, so the machine does not grind and no job writes behind our back.
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { METHOD_NAMES } from '../../shared/contract';
import { MAX_MESSAGE_BYTES } from '../../shared/contract/wire';
import { isWireError, type WireError } from '../../shared/errors';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect, type TestSocket } from '../support/ws-client';
import { requestArbitrary, type FuzzRequest } from './requests';
import { Ref, type RefKind } from './schema-arbitrary';
import { StoreWatch } from './store-digest';
import { encode } from './wire-text';

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** A request not answered within this is a hang. */
  deadlineMs?: number;
  batch?: number;
  /** Only these methods (default: the whole contract). */
  methods?: readonly string[];
  log?: (line: string) => void;
  /** Keep the data folder (its path is in the report). */
  keep?: boolean;
}

export interface Finding {
  index: number;
  problem: 'crash' | 'hang' | 'untyped-error' | 'store-changed-by-reject';
  kind: FuzzRequest['kind'];
  method: string;
  mutation?: string;
  request: string;
  detail: string;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  ok: number;
  typedErrors: Record<string, number>;
  /** Frames over the size limit, answered by closing the socket with 1009 (as documented). */
  tooBig: number;
  crashes: number;
  hangs: number;
  untyped: number;
  storeChangedByRejects: number;
  /** Requests per method and how many of them succeeded. */
  perMethod: Record<string, { requests: number; ok: number }>;
  /** Requests per kind (valid, near-valid, random, …) and how many of them succeeded. */
  perKind: Record<string, { requests: number; ok: number }>;
  healthy: boolean;
  findings: Finding[];
  dataDir: string;
}

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

const MAX_POOL = 64;

class IdPools {
  private readonly pools = new Map<RefKind, string[]>();
  add(kind: RefKind, id: unknown): void {
    if (typeof id !== 'string') return;
    const pool = this.pools.get(kind) ?? [];
    if (pool.includes(id)) return;
    pool.push(id);
    // Keep the first few (set up on purpose) and the most recent.
    if (pool.length > MAX_POOL) pool.splice(8, 1);
    this.pools.set(kind, pool);
  }
  resolve(value: unknown): unknown {
    if (value instanceof Ref) {
      const pool = this.pools.get(value.kind) ?? [];
      return pool.length ? pool[value.n % pool.length] : 'nonexistent';
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: this.resolve(v), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  }
}

/** Ids a successful request made, so later requests can use them. */
function harvest(pools: IdPools, method: string, result: unknown): void {
  const r = result as { id?: unknown; jobId?: unknown } | null;
  if (!r || typeof r !== 'object') return;
  const kinds: Record<string, RefKind> = {
    'projects.create': 'project',
    'documents.create': 'document',
    'history.commitText': 'iteration',
    'generate.text': 'job',
    'generate.image': 'job',
    'images.enhance': 'job',
    'images.interpolate': 'job',
    'jobs.enqueue': 'job',
    'models.download': 'job',
    'grids.start': 'grid',
    'models.import': 'model',
  };
  if (method === 'history.reproduce') pools.add('job', r.jobId);
  else if (kinds[method]) pools.add(kinds[method]!, r.id);
}

const preview = (text: string | undefined): string => {
  if (text === undefined) return '(no params)';
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
};

function parses(text: string | undefined): boolean {
  try {
    if (text !== undefined) JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | 'deadline'> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<'deadline'>((r) => (timer = setTimeout(() => r('deadline'), ms)))]).finally(() => clearTimeout(timer));
}

async function must(sock: TestSocket, method: string, params: unknown): Promise<any> {
  const reply = await sock.call(method, params);
  if (!reply.ok) throw new Error(`fuzz set-up: ${method} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.result;
}

/** Real ids to aim at: two projects, text and image documents, a small version tree, queued jobs, a grid. */
async function seedStore(sock: TestSocket, pools: IdPools): Promise<void> {
  for (const name of ['Fuzz novel', 'Fuzz images']) pools.add('project', (await must(sock, 'projects.create', { name })).id);
  const [p] = (await must(sock, 'projects.list', {})) as { id: string }[];
  const text = await must(sock, 'documents.create', { projectId: p!.id, kind: 'text', title: 'Chapter one', text: 'In the beginning' });
  const image = await must(sock, 'documents.create', { projectId: p!.id, kind: 'image', title: 'Board' });
  pools.add('document', text.id);
  pools.add('document', image.id);
  const graph = await must(sock, 'history.graph', { documentId: text.id });
  let parent: string = graph.iterations[0].id;
  pools.add('iteration', parent);
  for (const t of ['In the beginning was', 'In the beginning was the word', 'A different start']) {
    const it = await must(sock, 'history.commitText', { documentId: text.id, parentIds: [parent], text: t });
    pools.add('iteration', it.id);
    parent = it.id;
  }
  await must(sock, 'history.annotate', { id: parent, starred: true, tags: ['draft'], note: 'fuzz' });
  pools.add('job', (await must(sock, 'generate.text', { documentId: text.id, prompt: 'In the beginning' })).id);
  pools.add('job', (await must(sock, 'jobs.enqueue', { kind: 'self-test' })).id);
  const grid = await must(sock, 'grids.start', {
    kind: 'text',
    base: { documentId: text.id, prompt: 'In the beginning' },
    x: { field: 'temperature', values: '0.2-1.0 (+0.4)' },
  });
  pools.add('grid', grid.id);
  for (const m of (await must(sock, 'models.list', {})) as { id: string }[]) pools.add('model', m.id);
}

export async function runContractFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => {});
  const deadlineMs = opts.deadlineMs ?? 30_000;
  const batch = opts.batch ?? 250;
  const t = tempDir('atelier-fuzz-');
  const data = join(t.dir, 'data');
  // Home and temp inside the run's folder: model imports may only reach what the fuzzer owns.
  for (const d of ['home', 'tmp']) mkdirSync(join(t.dir, d));
  const report: FuzzReport = {
    seed: opts.seed,
    requests: 0,
    ok: 0,
    typedErrors: {},
    tooBig: 0,
    crashes: 0,
    hangs: 0,
    untyped: 0,
    storeChangedByRejects: 0,
    perMethod: {},
    perKind: {},
    healthy: false,
    findings: [],
    dataDir: data,
  };
  let host: HostProcess | null = null;
  let sock: TestSocket | null = null;
  let watch: StoreWatch | null = null;
  try {
    host = await startHostProcess(['--data', data, '--port', '0', '--paused'], { HOME: join(t.dir, 'home'), TMPDIR: join(t.dir, 'tmp') });
    const h = host;
    // The socket and a promise of its close code, made once per connection.
    let closed: Promise<number> = Promise.resolve(0);
    const open = async () => {
      const s = await connect(h.port, { Authorization: `Bearer ${h.token}` });
      closed = new Promise<number>((r) => s.ws.once('close', (code) => r(code)));
      return s;
    };
    sock = await open();
    const pools = new IdPools();
    await seedStore(sock, pools);
    watch = new StoreWatch(data);
    let version = watch.version();
    let tables = watch.tablesDigest();
    let files = watch.filesDigest();
    const arb = requestArbitrary(opts.methods ?? METHOD_NAMES);
    const alive = () => h.child.exitCode === null && h.child.signalCode === null;

    let consecutiveHangs = 0;
    for (let start = 0; start < opts.runs && report.crashes === 0 && consecutiveHangs < 3; start += batch) {
      const n = Math.min(batch, opts.runs - start);
      // Each batch has its own seed derived from the run's, so one seed replays the whole run.
      const requests = fc.sample(arb, { seed: (opts.seed + Math.imul(start / batch + 1, 0x9e3779b1)) | 0, numRuns: n });
      for (let i = 0; i < requests.length && report.crashes === 0 && consecutiveHangs < 3; i++) {
        const index = start + i;
        const req = requests[i]!;
        const method = typeof req.method === 'string' ? req.method : String(JSON.stringify(req.method));
        const params = pools.resolve(req.params);
        const text = req.frame === undefined ? encode(params, req.encoding) : typeof req.frame === 'string' ? req.frame : `<binary ${req.frame.length} bytes>`;
        const finding = (problem: Finding['problem'], detail: string) =>
          report.findings.push({ index, problem, kind: req.kind, method, mutation: req.mutation, request: preview(text), detail });
        report.requests++;
        const pm = (report.perMethod[method] ??= { requests: 0, ok: 0 });
        const pk = (report.perKind[req.kind] ??= { requests: 0, ok: 0 });
        pm.requests++;
        pk.requests++;

        const frameBytes = req.frame === undefined ? Buffer.byteLength(text ?? '') + method.length + 40 : 0;
        if (frameBytes > MAX_MESSAGE_BYTES) {
          // Documented answer to an oversized frame: close 1009 before parsing. Reconnect and go on.
          void sock.callText(req.method, text);
          const code = await withDeadline(closed, deadlineMs);
          if (code === 1009) report.tooBig++;
          else finding('untyped-error', `an oversized frame (${frameBytes} bytes) was answered with ${code === 'deadline' ? 'nothing' : `close ${code}`}, not 1009`);
          if (!alive()) {
            report.crashes++;
            finding('crash', `host exited (${h.child.exitCode ?? h.child.signalCode}); stderr: ${h.stderr().slice(-2000)}`);
            break;
          }
          sock = await open();
          continue;
        }
        let pending: Promise<Reply>;
        if (req.frame !== undefined) {
          pending = sock.nextOrphanReply();
          sock.sendRaw(req.frame);
        } else if (!parses(text)) {
          // NaN and friends make the whole frame invalid JSON: the answer carries no id.
          pending = sock.nextOrphanReply();
          void sock.callText(req.method, text);
        } else pending = sock.callText(req.method, text);
        const reply: Reply | 'deadline' | 'closed' = await withDeadline(Promise.race([pending, closed.then(() => 'closed' as const)]), deadlineMs);

        if (reply === 'closed' || !alive()) {
          report.crashes++;
          finding('crash', `host ${alive() ? 'closed the socket' : `exited (${h.child.exitCode ?? h.child.signalCode})`}; stderr: ${h.stderr().slice(-2000)}`);
          break;
        }
        if (reply === 'deadline') {
          report.hangs++;
          consecutiveHangs++;
          finding('hang', `no answer within ${deadlineMs} ms`);
          continue;
        }
        consecutiveHangs = 0;
        if (reply.ok) {
          report.ok++;
          pm.ok++;
          pk.ok++;
          harvest(pools, method, reply.result);
        } else if (!isWireError(reply.error) || reply.error.code === 'INTERNAL') {
          // INTERNAL is a handler throwing something nobody meant: a bug the fuzzer exists to find.
          report.untyped++;
          finding('untyped-error', JSON.stringify(reply.error).slice(0, 500));
        } else {
          report.typedErrors[reply.error.code] = (report.typedErrors[reply.error.code] ?? 0) + 1;
        }

        const v = watch.version();
        const newTables = v === version ? tables : watch.tablesDigest();
        const newFiles = watch.filesDigest();
        if (!reply.ok && (newTables !== tables || newFiles !== files)) {
          report.storeChangedByRejects++;
          finding('store-changed-by-reject', `${newTables !== tables ? 'tables' : 'files'} changed; the error was ${reply.error.code}: ${reply.error.message.slice(0, 300)}`);
        }
        version = v;
        tables = newTables;
        files = newFiles;
      }
      log(`fuzz: ${report.requests}/${opts.runs} requests, ok ${report.ok}, findings ${report.findings.length}`);
    }
    // Health: the process is alive and answers a plain request on a fresh connection.
    if (alive()) {
      const fresh = await open();
      const status = await withDeadline(fresh.call('system.status', {}), deadlineMs);
      report.healthy = status !== 'deadline' && status.ok && alive();
      await fresh.close();
    }
    return report;
  } finally {
    watch?.close();
    await sock?.close().catch(() => {});
    if (host) await host.stop();
    if (!opts.keep) t.cleanup();
  }
}

/** The one-line summary the brief asks for. */
export function summary(r: FuzzReport): string {
  const codes = Object.entries(r.typedErrors)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  const typed = Object.values(r.typedErrors).reduce((a, b) => a + b, 0);
  return (
    `requests: ${r.requests}, ok: ${r.ok}, typed errors: ${typed} (${codes}), closed as too big: ${r.tooBig}, ` +
    `untyped errors: ${r.untyped}, crashes: ${r.crashes}, hangs: ${r.hangs}, store changed by rejects: ${r.storeChangedByRejects}, ` +
    `healthy at end: ${r.healthy ? 'yes' : 'no'}`
  );
}
