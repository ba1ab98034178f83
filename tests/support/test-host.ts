// One real browser host per test file: a core on fresh folders behind startHost (HTTP and
// WebSocket on a free port) and a socket that holds the token, as the built renderer's would.
// Everything is closed and removed after the file's tests.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { WorkerSpawnOptions } from '../../electron/engine/runtime/job-worker';
import { createCore, type Core } from '../../electron/host/core';
import { startHost, type RunningHost } from '../../electron/host/server';
import type { DocumentInfo, Project } from '../../shared/contract';
import { hasEnded } from './core-calls';
import { tempDir } from './tmp';
import { connect, type TestSocket } from './ws-client';

export interface TestHostSetup {
  /** Writes model folders into `<dir>/models`, which the core then offers. */
  models?: (modelsDir: string) => void;
  /** Writes the files the host serves into `rendererDir` (default: the bare temp folder). */
  renderer?: (rendererDir: string, dir: string) => void;
  /** False: no socket is opened (tests of what a stranger can reach). */
  socket?: boolean;
  /** How the job worker is started (a held worker: tests/support/hold-worker.mjs). */
  worker?: WorkerSpawnOptions;
}

type SocketEvent = { event: string; data: any };

export interface TestHost {
  readonly core: Core;
  readonly host: RunningHost;
  readonly sock: TestSocket;
  readonly dir: string;
  readonly modelsDir: string;
  /** The call's result over the socket; a refusal throws `CODE: message`. */
  call<T>(method: string, params?: unknown): Promise<T>;
  /** The jobs.changed event that ends the job (done, failed or cancelled). */
  finished(jobId: string): Promise<SocketEvent>;
  /** A new text document in the project of that name (made if there is none: project names are unique). */
  textDocument(project: string, title: string, text: string): Promise<DocumentInfo>;
}

export function useTestHost(setup: TestHostSetup = {}): TestHost {
  const t = tempDir();
  const modelsDir = join(t.dir, 'models');
  let open: { core: Core; host: RunningHost; sock?: TestSocket } | undefined;
  const running = () => {
    if (!open) throw new Error('the test host is not running (used outside a test?)');
    return open;
  };
  const sock = () => {
    const s = running().sock;
    if (!s) throw new Error('this test host was started without a socket');
    return s;
  };
  const call = async <T>(method: string, params?: unknown): Promise<T> => {
    const r = await sock().call(method, params);
    if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code, details: r.error.details });
    return r.result as T;
  };
  beforeAll(async () => {
    setup.models?.(modelsDir);
    let rendererDir = t.dir;
    if (setup.renderer) {
      rendererDir = join(t.dir, 'renderer');
      setup.renderer(rendererDir, t.dir);
    }
    const core = createCore({
      dataDir: join(t.dir, 'data'),
      transport: 'browser-host',
      ...(setup.models ? { modelDirs: [modelsDir] } : {}),
      ...(setup.worker ? { worker: setup.worker } : {}),
    });
    const host = await startHost({ core, rendererDir, port: 0 });
    open = { core, host };
    if (setup.socket !== false) open.sock = await connect(host.port, { Authorization: `Bearer ${host.token}` });
  });
  afterAll(async () => {
    await open?.sock?.close();
    await open?.host.close();
    await open?.core.close();
    t.cleanup();
  });
  return {
    get core() {
      return running().core;
    },
    get host() {
      return running().host;
    },
    get sock() {
      return sock();
    },
    dir: t.dir,
    modelsDir,
    call,
    finished: (jobId) => sock().waitForEvent((e) => e.event === 'jobs.changed' && e.data.id === jobId && hasEnded(e.data.status), 60_000),
    async textDocument(project, title, text) {
      const live = (await call<Project[]>('projects.list')).find((p) => p.name === project);
      const { id } = live ?? (await call<Project>('projects.create', { name: project }));
      return call<DocumentInfo>('documents.create', { projectId: id, kind: 'text', title, text });
    },
  };
}
