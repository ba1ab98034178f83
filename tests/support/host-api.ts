// A contract client on a running `atelier serve`, as a script holding the token makes its calls:
// for e2e tests that set up or read back what the browser cannot show.
import type { DocumentInfo, Job, Project } from '../../shared/contract';
import { hasEnded } from './core-calls';
import type { HostProcess } from './host-process';
import { connect, type TestSocket } from './ws-client';

export interface HostApi {
  sock: TestSocket;
  /** The call's result; a refusal throws `method: message`. */
  call<T>(method: string, params?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function connectApi(host: Pick<HostProcess, 'port' | 'token'>): Promise<HostApi> {
  const sock = await connect(host.port, { Authorization: `Bearer ${host.token}` });
  return {
    sock,
    call: <T>(method: string, params: unknown = {}) => callOn<T>(sock, method, params),
    close: () => sock.close(),
  };
}

/** The result of a call on `sock`; a refusal throws `method: message`. */
export async function callOn<T>(sock: TestSocket, method: string, params: unknown = {}): Promise<T> {
  const r = await sock.call(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.result as T;
}

/** One call on its own connection, closed after. */
export async function callHost<T>(host: Pick<HostProcess, 'port' | 'token'>, method: string, params: unknown = {}): Promise<T> {
  const api = await connectApi(host);
  try {
    return await api.call<T>(method, params);
  } finally {
    await api.close();
  }
}

/**
 * A short text generation made the way a script would make it: a new document in the first
 * project, generate.text with the model, and the job once it has ended.
 */
export async function generateTextOnHost(
  host: Pick<HostProcess, 'port' | 'token'>,
  request: { title: string; model: string; maxNewTokens: number; timeoutMs: number },
): Promise<Job> {
  const api = await connectApi(host);
  try {
    const [first] = await api.call<Project[]>('projects.list');
    const doc = await api.call<DocumentInfo>('documents.create', { projectId: first?.id, kind: 'text', title: request.title });
    const job = await api.call<Job>('generate.text', { documentId: doc.id, prompt: 'The old house', model: request.model, settings: { maxNewTokens: request.maxNewTokens, seed: 1 } });
    const end = await api.sock.waitForEvent((e) => e.event === 'jobs.changed' && e.data.id === job.id && hasEnded(e.data.status), request.timeoutMs);
    return end.data as Job;
  } finally {
    await api.close();
  }
}
