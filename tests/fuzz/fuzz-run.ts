// Drives a real `atelier serve --paused` process with generated requests over its WebSocket and
// tallies what came back. One request at a time, so a store change is pinned on the request that
// made it. The queue is paused: valid generation requests queue jobs (a success that changes the
// store) but nothing runs, so the machine does not grind and no job writes behind our back.
import fc from 'fast-check';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METHOD_NAMES } from '../../shared/contract';
import { MAX_MESSAGE_BYTES } from '../../shared/contract/wire';
import { isWireError, type WireError } from '../../shared/errors';
import { ROOT, startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect, type TestSocket } from '../support/ws-client';
import { oversizedRequest, requestArbitrary, type FuzzRequest } from './requests';
import { Ref, type RefKind } from './schema-arbitrary';
import { StoreWatch } from './store-digest';
import { encode } from './wire-text';

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** A request not answered within this is a hang. */
  deadlineMs?: number;
  batch?: number;
  /** Requests sent at the end with `concurrency` in flight at once (races; no store check). */
  burst?: number;
  concurrency?: number;
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
  /** Frames over the size limit, answered (as documented) by an id-less BAD_INPUT naming the limit, then close 1009. */
  tooBig: number;
  /** Of those, how many were followed by a fresh connection that the host answered (system.status ok). */
  servedAfterTooBig: number;
  crashes: number;
  hangs: number;
  untyped: number;
  storeChangedByRejects: number;
  /** How many of the requests went in the concurrent burst (the rest went one at a time). */
  concurrent: number;
  /** Requests per method and how many of them succeeded. */
  perMethod: Record<string, { requests: number; ok: number }>;
  /** Requests per kind (valid, near-valid, random, …) and how many of them succeeded. */
  perKind: Record<string, { requests: number; ok: number }>;
  /** The first message seen per method and error code (what the rejects say). */
  errorSamples: Record<string, string>;
  healthy: boolean;
  findings: Finding[];
  dataDir: string;
}

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

const MAX_POOL = 64;

class IdPools {
  private readonly pools = new Map<RefKind, string[]>();
  /** Iteration id → its document, for refs that must name a pair (documentOf). */
  private readonly documentOf = new Map<string, string>();
  addIteration(id: unknown, documentId: unknown): void {
    if (typeof id !== 'string' || typeof documentId !== 'string') return;
    this.add('iteration', id);
    this.documentOf.set(id, documentId);
  }
  add(kind: RefKind, id: unknown): void {
    if (typeof id !== 'string') return;
    const pool = this.pools.get(kind) ?? [];
    if (pool.includes(id)) return;
    pool.push(id);
    // Keep the first few (set up on purpose) and the most recent.
    if (pool.length > MAX_POOL) pool.splice(8, 1);
    this.pools.set(kind, pool);
  }
  /** The ids set up on purpose (the first two of a kind). */
  first(kind: RefKind): string[] {
    return (this.pools.get(kind) ?? []).slice(0, 2);
  }
  resolve(value: unknown): unknown {
    if (value instanceof Ref && value.kind === 'documentOf') {
      const pool = this.pools.get('iteration') ?? [];
      return (pool.length && this.documentOf.get(pool[value.n % pool.length]!)) || 'nonexistent';
    }
    if (value instanceof Ref) {
      const pool = this.pools.get(value.kind) ?? [];
      return pool.length ? pool[value.n % pool.length] : 'nonexistent';
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    // fast-check may build records without a prototype; both kinds are plain data here.
    const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as object)) Object.defineProperty(out, k, { value: this.resolve(v), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  }
}

/** Ids a successful request made, so later requests can use them. */
function harvest(pools: IdPools, method: string, result: unknown): void {
  const r = result as { id?: unknown; jobId?: unknown; kind?: unknown } | null;
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
  if (method === 'history.commitText') pools.addIteration(r.id, (r as { documentId?: unknown }).documentId);
  else if (method === 'history.reproduce') pools.add('job', r.jobId);
  else if (kinds[method]) pools.add(kinds[method]!, r.id);
  if (method === 'documents.create') pools.add(r.kind === 'image' ? 'imageDocument' : 'textDocument', r.id);
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

type Counter = { requests: number; ok: number };
type NoteFinding = (problem: Finding['problem'], detail: string) => void;

/** Counts one request under its method and kind; returns the counters its answer adds to. */
function countRequest(report: FuzzReport, method: string, kind: string): Counter[] {
  report.requests++;
  const counters = [(report.perMethod[method] ??= { requests: 0, ok: 0 }), (report.perKind[kind] ??= { requests: 0, ok: 0 })];
  for (const c of counters) c.requests++;
  return counters;
}

/** Files one answer: a success (its ids feed the pools), a typed error, or an untyped one (a finding). */
function tallyReply(report: FuzzReport, pools: IdPools, method: string, counters: Counter[], reply: Reply, finding: NoteFinding): void {
  if (reply.ok) {
    report.ok++;
    for (const c of counters) c.ok++;
    harvest(pools, method, reply.result);
  } else if (!isWireError(reply.error) || reply.error.code === 'INTERNAL') {
    // INTERNAL is a handler throwing something nobody meant: a bug the fuzzer exists to find.
    report.untyped++;
    finding('untyped-error', JSON.stringify(reply.error).slice(0, 500));
  } else {
    report.typedErrors[reply.error.code] = (report.typedErrors[reply.error.code] ?? 0) + 1;
    report.errorSamples[`${method} ${reply.error.code}`] ??= reply.error.message.slice(0, 300);
  }
}

async function must(sock: TestSocket, method: string, params: unknown): Promise<any> {
  const reply = await sock.call(method, params);
  if (!reply.ok) throw new Error(`fuzz set-up: ${method} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.result;
}

interface Seeded {
  text: string;
  image: string;
}

/**
 * Set-up on a running (not paused) host: projects, a text and an image document, a small tree
 * of written versions, and real generations (the starter text model and GAN) so versions with
 * recipes, tokens and pixels exist for reproduce, compare, enhance and images.get to work on.
 */
async function seedGenerated(sock: TestSocket, deadlineMs: number): Promise<Seeded> {
  const projects: string[] = [];
  for (const name of ['Fuzz novel', 'Fuzz images']) projects.push((await must(sock, 'projects.create', { name })).id);
  const text = (await must(sock, 'documents.create', { projectId: projects[0], kind: 'text', title: 'Chapter one', text: 'In the beginning' })).id;
  const image = (await must(sock, 'documents.create', { projectId: projects[1], kind: 'image', title: 'Board' })).id;
  let parent: string = (await must(sock, 'history.graph', { documentId: text })).iterations[0].id;
  for (const t of ['In the beginning was', 'In the beginning was the word', 'A different start']) {
    parent = (await must(sock, 'history.commitText', { documentId: text, parentIds: [parent], text: t })).id;
  }
  await must(sock, 'history.annotate', { id: parent, starred: true, tags: ['draft'], note: 'fuzz' });
  const jobs = [
    (await must(sock, 'generate.text', { documentId: text, parentId: parent, prompt: 'A different start', alternatives: 2, settings: { maxNewTokens: 6, seed: 1 } })).id,
    (await must(sock, 'generate.image', { documentId: image, batch: 2, settings: { prompt: 'a red dress', seed: 3 } })).id,
  ];
  const until = Date.now() + deadlineMs * 4;
  for (;;) {
    const list = (await must(sock, 'jobs.list', {})) as { id: string; status: string; error?: unknown }[];
    const mine = list.filter((j) => jobs.includes(j.id));
    const bad = mine.find((j) => j.status === 'failed' || j.status === 'cancelled');
    if (bad) throw new Error(`fuzz set-up: a seed generation ${bad.status}: ${JSON.stringify(bad.error)}`);
    if (mine.length === jobs.length && mine.every((j) => j.status === 'done')) break;
    if (Date.now() > until) throw new Error('fuzz set-up: the seed generations did not finish');
    await new Promise((r) => setTimeout(r, 250));
  }
  return { text, image };
}

/** Fills the id pools from the paused host, and queues jobs (a generation, a self-test, a grid) to cancel and move. */
async function seedPools(sock: TestSocket, pools: IdPools, seeded: Seeded): Promise<void> {
  for (const p of (await must(sock, 'projects.list', {})) as { id: string }[]) pools.add('project', p.id);
  for (const [doc, kind] of [[seeded.text, 'text'], [seeded.image, 'image']] as const) {
    pools.add('document', doc);
    pools.add(kind === 'text' ? 'textDocument' : 'imageDocument', doc);
    for (const it of (await must(sock, 'history.graph', { documentId: doc })).iterations as { id: string }[]) {
      pools.addIteration(it.id, doc);
      if (kind === 'image') pools.add('imageIteration', it.id);
    }
  }
  pools.add('job', (await must(sock, 'generate.text', { documentId: seeded.text, prompt: 'In the beginning' })).id);
  pools.add('job', (await must(sock, 'jobs.enqueue', { kind: 'self-test' })).id);
  const grid = await must(sock, 'grids.start', {
    kind: 'text',
    base: { documentId: seeded.text, prompt: 'In the beginning' },
    x: { field: 'temperature', values: '0.2-1.0 (+0.4)' },
  });
  pools.add('grid', grid.id);
  for (const m of (await must(sock, 'models.list', {})) as { id: string; kind: string }[]) {
    pools.add('model', m.id);
    if (m.kind === 'text') pools.add('textModel', m.id);
    if (m.kind === 'gan' || m.kind === 'diffusion') pools.add('imageModel', m.id);
  }
}

export async function runContractFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => {});
  const deadlineMs = opts.deadlineMs ?? 30_000;
  const batch = opts.batch ?? 250;
  const t = tempDir('atelier-fuzz-');
  const data = join(t.dir, 'data');
  for (const d of ['home', 'tmp']) mkdirSync(join(t.dir, d));
  // Folders models.import may take: a real model (a copy of the starter GAN) and a broken one.
  const importable = join(t.dir, 'home', 'models', 'gan-copy');
  const broken = join(t.dir, 'home', 'models', 'broken');
  cpSync(join(ROOT, 'resources', 'models', 'starter-gan'), importable, { recursive: true });
  mkdirSync(join(broken, 'onnx'), { recursive: true });
  writeFileSync(join(broken, 'config.json'), '{"model_type": ');
  writeFileSync(join(broken, 'onnx', 'model.onnx'), 'not an onnx file');
  const report: FuzzReport = {
    seed: opts.seed,
    requests: 0,
    ok: 0,
    typedErrors: {},
    tooBig: 0,
    servedAfterTooBig: 0,
    crashes: 0,
    hangs: 0,
    untyped: 0,
    storeChangedByRejects: 0,
    concurrent: 0,
    perMethod: {},
    perKind: {},
    errorSamples: {},
    healthy: false,
    findings: [],
    dataDir: data,
  };
  let host: HostProcess | null = null;
  let sock: TestSocket | null = null;
  let watch: StoreWatch | null = null;
  try {
    // Home and temp inside the run's folder: model imports may only reach what the fuzzer owns.
    const env = { HOME: join(t.dir, 'home'), TMPDIR: join(t.dir, 'tmp') };
    const first = await startHostProcess(['--data', data, '--port', '0'], env);
    let seeded: Seeded;
    try {
      const s0 = await connect(first.port, { Authorization: `Bearer ${first.token}` });
      seeded = await seedGenerated(s0, deadlineMs);
      await s0.close();
    } finally {
      await first.stop();
    }
    log('fuzz: seeded (projects, documents, versions, generated text and images)');
    host = await startHostProcess(['--data', data, '--port', '0', '--paused'], env);
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
    await seedPools(sock, pools, seeded);
    for (const p of [importable, broken, join(t.dir, 'home'), data]) pools.add('importPath', p);
    watch = new StoreWatch(data);
    let version = watch.version();
    let tables = watch.tablesDigest();
    let files = watch.filesDigest();
    const arb = requestArbitrary(opts.methods ?? METHOD_NAMES);
    const alive = () => h.child.exitCode === null && h.child.signalCode === null;

    let consecutiveHangs = 0;
    const burst = Math.min(opts.burst ?? Math.floor(opts.runs / 10), opts.runs);
    const sequential = opts.runs - burst;
    for (let start = 0; start < sequential && report.crashes === 0 && consecutiveHangs < 3; start += batch) {
      const n = Math.min(batch, sequential - start);
      // Bring the seeded projects and documents back from the trash now and then, so valid
      // requests keep reaching live things; then take the store's state afresh.
      for (const p of pools.first('project')) await sock.call('projects.restore', { id: p });
      for (const d of [seeded.text, seeded.image]) await sock.call('documents.restore', { id: d });
      version = watch.version();
      tables = watch.tablesDigest();
      files = watch.filesDigest();
      // Each batch has its own seed derived from the run's, so one seed replays the whole run.
      const requests = fc.sample(arb, { seed: (opts.seed + Math.imul(start / batch + 1, 0x9e3779b1)) | 0, numRuns: n });
      // The first request of every run is an oversized frame (see oversizedRequest).
      if (start === 0) requests[0] = oversizedRequest(MAX_MESSAGE_BYTES);
      for (let i = 0; i < requests.length && report.crashes === 0 && consecutiveHangs < 3; i++) {
        const index = start + i;
        const req = requests[i]!;
        const method = typeof req.method === 'string' ? req.method : String(JSON.stringify(req.method));
        const params = pools.resolve(req.params);
        const text = req.frame === undefined ? encode(params, req.encoding) : typeof req.frame === 'string' ? req.frame : `<binary ${req.frame.length} bytes>`;
        const finding: NoteFinding = (problem, detail) =>
          report.findings.push({ index, problem, kind: req.kind, method, mutation: req.mutation, request: preview(text), detail });
        const counters = countRequest(report, method, req.kind);

        const frameBytes = req.frame === undefined ? Buffer.byteLength(text ?? '') + method.length + 40 : 0;
        if (frameBytes > MAX_MESSAGE_BYTES) {
          // Documented answer to an oversized frame, before parsing it: an id-less BAD_INPUT that
          // names the limit, then close 1009. Both must come. Reconnect and go on.
          const said = sock.nextOrphanReply();
          void sock.callText(req.method, text);
          const code = await withDeadline(closed, deadlineMs);
          // The typed error is sent before the close frame, so it is in by now if it was sent at all.
          const typed = await withDeadline(said, 2000);
          const named = typed !== 'deadline' && typed.error.code === 'BAD_INPUT' && (typed.error.details as { limitBytes?: unknown } | undefined)?.limitBytes === MAX_MESSAGE_BYTES;
          if (code === 1009 && named) report.tooBig++;
          else {
            const got = `${code === 'deadline' ? 'no close' : `close ${code}`} and ${typed === 'deadline' ? 'no typed error' : `${typed.error.code} (${JSON.stringify(typed.error.details ?? null)})`}`;
            finding('untyped-error', `an oversized frame (${frameBytes} bytes) was answered with ${got}, not BAD_INPUT with limitBytes ${MAX_MESSAGE_BYTES} then close 1009`);
          }
          if (!alive()) {
            report.crashes++;
            finding('crash', `host exited (${h.child.exitCode ?? h.child.signalCode}); stderr: ${h.stderr().slice(-2000)}`);
            break;
          }
          sock = await open();
          // The host keeps serving: a plain request on the new connection is answered.
          const after = await withDeadline(sock.call('system.status', {}), deadlineMs);
          if (after !== 'deadline' && after.ok) report.servedAfterTooBig++;
          else finding('hang', `after an oversized frame, system.status on a new connection got ${after === 'deadline' ? 'no answer' : after.error.code}`);
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
        tallyReply(report, pools, method, counters, reply, finding);

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
    // The burst: many calls in flight on one socket, so handlers interleave (trash while restore,
    // two imports of one folder…). Only calls whose replies carry their id can be matched, so
    // junk frames, invalid JSON and oversized frames stay in the sequential part.
    if (report.crashes === 0 && consecutiveHangs < 3 && burst > 0) {
      const s = sock;
      const requests = fc
        .sample(arb, { seed: (opts.seed ^ 0x5bd1e995) | 0, numRuns: burst * 2 })
        .filter((req) => req.frame === undefined)
        .map((req) => ({ req, text: encode(pools.resolve(req.params), req.encoding) }))
        .filter(({ text }) => parses(text) && Buffer.byteLength(text ?? '') < MAX_MESSAGE_BYTES / 2)
        .slice(0, burst);
      let next = 0;
      const worker = async () => {
        while (next < requests.length && report.crashes === 0) {
          const index = sequential + next;
          const { req, text } = requests[next++]!;
          const method = typeof req.method === 'string' ? req.method : String(JSON.stringify(req.method));
          report.concurrent++;
          const counters = countRequest(report, method, req.kind);
          const finding: NoteFinding = (problem, detail) =>
            report.findings.push({ index, problem, kind: req.kind, method, mutation: req.mutation, request: preview(text), detail });
          const reply = await withDeadline(Promise.race([s.callText(req.method, text), closed.then(() => 'closed' as const)]), deadlineMs);
          if (reply === 'closed' || !alive()) {
            if (report.crashes++ === 0) finding('crash', `host ${alive() ? 'closed the socket' : 'exited'} during the burst; stderr: ${h.stderr().slice(-2000)}`);
          } else if (reply === 'deadline') {
            report.hangs++;
            finding('hang', `no answer within ${deadlineMs} ms (burst)`);
          } else tallyReply(report, pools, method, counters, reply, finding);
        }
      };
      await Promise.all(Array.from({ length: opts.concurrency ?? 16 }, worker));
      log(`fuzz: burst of ${report.concurrent} concurrent requests, findings ${report.findings.length}`);
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
