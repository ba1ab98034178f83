// One real core per test file, on fresh folders: models are written into <dir>/models before it
// opens, and after the file's tests it is closed and the folders removed. The contract helpers are
// bound to whichever core is open now (a test may reopen it to see what a restart keeps).
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../electron/host/core';
import type { DocumentInfo, Job } from '../../shared/contract';
import type { WireError } from '../../shared/errors';
import { callOk, callRefused, jobEnded } from './core-calls';
import { tempDir } from './tmp';

export interface TestCoreSetup {
  /** Writes model folders into `modelsDir`, which the core then offers (`--models`). */
  models?: (modelsDir: string) => void;
  /** Other core options (runJobs: false for tests that only read and write the store). */
  options?: Partial<Omit<CoreOptions, 'dataDir'>>;
}

export type NewDocument = { kind: 'text'; title: string; text?: string } | { kind: 'image'; title: string };

export interface TestCore {
  readonly core: Core;
  readonly dir: string;
  readonly dataDir: string;
  readonly modelsDir: string;
  call<T>(method: string, params: unknown): Promise<T>;
  fails(method: string, params: unknown): Promise<WireError>;
  finished(jobId: string): Promise<Job>;
  /** Starts a job (`generate.image`, `images.enhance`, …) and resolves with it once it has ended. */
  runJob(method: string, params: unknown): Promise<Job>;
  /** A new project holding the given documents, created in order. */
  documents<const D extends NewDocument[]>(project: string, ...docs: D): Promise<{ [K in keyof D]: DocumentInfo }>;
  /** Closes the core and opens a new one on the same folders (a restart). */
  reopen(): Promise<Core>;
}

export function useTestCore(setup: TestCoreSetup = {}): TestCore {
  const t = tempDir();
  const dataDir = join(t.dir, 'data');
  const modelsDir = join(t.dir, 'models');
  let current: Core | undefined;
  const open = () =>
    createCore({ transport: 'cli', ...(setup.models ? { modelDirs: [modelsDir] } : {}), ...setup.options, dataDir });
  const core = () => {
    if (!current) throw new Error('the test core is not open (used outside a test?)');
    return current;
  };
  beforeAll(() => {
    setup.models?.(modelsDir);
    current = open();
  });
  afterAll(async () => {
    await current?.close();
    t.cleanup();
  });
  const call = <T>(method: string, params: unknown) => callOk<T>(core(), method, params);
  return {
    get core() {
      return core();
    },
    dir: t.dir,
    dataDir,
    modelsDir,
    call,
    fails: (method, params) => callRefused(core(), method, params),
    finished: (jobId) => jobEnded(core(), jobId),
    runJob: async (method, params) => jobEnded(core(), (await call<Job>(method, params)).id),
    async documents<const D extends NewDocument[]>(project: string, ...docs: D) {
      const { id } = await call<{ id: string }>('projects.create', { name: project });
      const made: DocumentInfo[] = [];
      for (const d of docs) made.push(await call<DocumentInfo>('documents.create', { projectId: id, ...d }));
      return made as { [K in keyof D]: DocumentInfo };
    },
    async reopen() {
      await core().close();
      current = open();
      return current;
    },
  };
}
