// Drives a host the way a busy user's browser does, through the contract over its WebSocket:
// commits (edits), image and text generations, self-test jobs, moving and cancelling queued jobs.
// Every reply and event goes into the ledger; the loop stops when the host dies.
import { join } from 'node:path';
import type { DocumentInfo, Iteration, Job, ModelDetail, Project } from '../../shared/contract';
import type { Prng } from '../../electron/engine/prng';
import type { TestSocket } from '../support/ws-client';
import { writeTinyGanFolder } from '../fixtures/tiny-library';
import type { Ledger } from './ledger';

export interface Workspace {
  projectId: string;
  textDoc: string;
  board: string;
  /** The newest committed text version (the next commit's parent). */
  head: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const int = (prng: Prng, lo: number, hi: number) => lo + Math.floor(prng.next() * (hi - lo + 1));

export async function call<T>(sock: TestSocket, method: string, params: unknown): Promise<T> {
  const r = await sock.call(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}

/** The project, text document and image board the loop works in (made once, then kept). */
export async function workspace(sock: TestSocket, ledger: Ledger, ws: Workspace | null): Promise<Workspace> {
  if (ws) return ws;
  const project = await call<Project>(sock, 'projects.create', { name: 'Crash loop' });
  ledger.projects.add(project.id);
  const text = await call<DocumentInfo>(sock, 'documents.create', { projectId: project.id, kind: 'text', title: 'Draft' });
  const board = await call<DocumentInfo>(sock, 'documents.create', { projectId: project.id, kind: 'image', title: 'Board' });
  ledger.documents.add(text.id);
  ledger.documents.add(board.id);
  return { projectId: project.id, textDoc: text.id, board: board.id, head: null };
}

function words(prng: Prng, n: number): string {
  const w = 'a red dress the keeper climbed sneaker bag storm light and then'.split(' ');
  return Array.from({ length: n }, () => w[int(prng, 0, w.length - 1)]).join(' ');
}

export async function commit(sock: TestSocket, ledger: Ledger, ws: Workspace, prng: Prng): Promise<void> {
  const text = `${words(prng, int(prng, 3, 300))} #${int(prng, 0, 1e9)}`;
  const it = await call<Iteration>(sock, 'history.commitText', { documentId: ws.textDoc, parentIds: ws.head ? [ws.head] : [], text });
  ledger.iterations.set(it.id, 'commit reply');
  ws.head = it.id;
}

export function imageRequest(ws: Workspace, prng: Prng) {
  return {
    documentId: ws.board,
    model: 'tiny-sd',
    batch: int(prng, 1, 2),
    settings: { prompt: words(prng, 3), steps: int(prng, 2, 4), cfg: 5, width: 64, height: 64, seed: int(prng, 0, 2 ** 31), scheduler: 'euler' },
  };
}

export async function generateImage(sock: TestSocket, ledger: Ledger, ws: Workspace, prng: Prng): Promise<Job> {
  const job = await call<Job>(sock, 'generate.image', imageRequest(ws, prng));
  ledger.ackJob(job);
  return job;
}

async function generateText(sock: TestSocket, ledger: Ledger, ws: Workspace, prng: Prng): Promise<void> {
  const settings = { maxNewTokens: int(prng, 2, 8), seed: int(prng, 0, 2 ** 31) };
  ledger.ackJob(await call<Job>(sock, 'generate.text', { documentId: ws.textDoc, prompt: words(prng, 6), alternatives: int(prng, 1, 2), settings }));
}

let imports = 0;

/** Imports a fresh copy of a tiny GAN (a new source folder each time: the library refuses one twice). */
export async function importModel(sock: TestSocket, ledger: Ledger, srcRoot: string): Promise<void> {
  const n = ++imports;
  const src = join(srcRoot, `gan-${process.pid}-${n}`);
  writeTinyGanFolder(src);
  const m = await call<ModelDetail>(sock, 'models.import', { path: src, mode: 'copy', name: `Crash GAN ${n}` });
  ledger.models.set(m.id, m.files);
}

export async function selfTest(sock: TestSocket, ledger: Ledger, prng: Prng, steps = int(prng, 1, 4)): Promise<Job> {
  const job = await call<Job>(sock, 'jobs.enqueue', { kind: 'self-test', payload: { steps, stepMs: 30 } });
  ledger.ackJob(job);
  cancellable.add(job.id);
  return job;
}

function queuedIds(ledger: Ledger): string[] {
  return [...ledger.jobs].filter(([id, s]) => s === 'queued' && !ledger.cancelled.has(id)).map(([id]) => id);
}

/** Self-tests the driver made: the only jobs it cancels (a kill may be waiting on a generation). */
const cancellable = new Set<string>();

async function moveOrCancel(sock: TestSocket, ledger: Ledger, prng: Prng): Promise<void> {
  const queued = queuedIds(ledger);
  if (queued.length === 0) return;
  const id = queued[int(prng, 0, queued.length - 1)] as string;
  if (prng.next() < 0.7) {
    const r = await sock.call('jobs.move', { id, index: 0 });
    if (r.ok) for (const j of r.result as Job[]) ledger.ackJob(j);
  } else if (cancellable.has(id)) {
    // Recorded before sending: the host may act on it and die before the reply comes back.
    ledger.cancelled.add(id);
    const r = await sock.call('jobs.cancel', { id });
    if (r.ok) ledger.ackJob(r.result as Job);
  }
}

/**
 * Random operations until `stopped()`; a call that fails because the host died ends the loop.
 * With `importSrc`, now and then a model import too (so later kills find acknowledged imports).
 */
export async function drive(sock: TestSocket, ledger: Ledger, ws: Workspace, prng: Prng, stopped: () => boolean, importSrc?: string): Promise<void> {
  try {
    while (!stopped()) {
      const backlog = [...ledger.jobs.values()].filter((s) => s === 'queued' || s === 'running').length;
      const r = prng.next();
      if (r < 0.45) await commit(sock, ledger, ws, prng);
      else if (r < 0.6 && backlog < 6) await generateImage(sock, ledger, ws, prng);
      else if (r < 0.7 && backlog < 6) await generateText(sock, ledger, ws, prng);
      else if (r < 0.8 && backlog < 8) await selfTest(sock, ledger, prng);
      else if (r < 0.83 && importSrc) await importModel(sock, ledger, importSrc);
      else await moveOrCancel(sock, ledger, prng);
      await sleep(int(prng, 0, 40));
    }
  } catch {
    // The host was killed mid-call; what it acknowledged before is in the ledger.
  }
}
