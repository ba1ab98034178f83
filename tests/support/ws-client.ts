// A small contract client over a real WebSocket, for integration tests and scripts.
import WebSocket from 'ws';
import type { WireError } from '../../shared/errors';

export interface TestSocket {
  ws: WebSocket;
  call(method: string, params?: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: WireError }>;
  /** A call whose params are already JSON text (the fuzzer writes numbers JSON.stringify cannot). */
  callText(method: unknown, paramsJson: string | undefined): Promise<{ ok: true; result: unknown } | { ok: false; error: WireError }>;
  /**
   * A call, with how many events had arrived when its answer did: events sent after the answer can
   * be handled before the caller's await resumes (one network read may carry several messages).
   */
  callCounted(method: string, params?: unknown): Promise<{ reply: { ok: true; result: unknown } | { ok: false; error: WireError }; eventsBefore: number }>;
  sendRaw(data: string | Buffer): void;
  /** Next reply whose id is null (answers to unparseable messages). */
  nextOrphanReply(): Promise<{ ok: false; error: WireError }>;
  events: { event: string; data: unknown }[];
  waitForEvent(pred: (e: { event: string; data: any }) => boolean, timeoutMs?: number): Promise<{ event: string; data: any }>;
  close(): Promise<void>;
}

export function connect(port: number, headers: Record<string, string>): Promise<TestSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
  const pending = new Map<number, (reply: any) => void>();
  const orphans: ((reply: any) => void)[] = [];
  const events: { event: string; data: unknown }[] = [];
  const waiters: { pred: (e: any) => boolean; resolve: (e: any) => void }[] = [];
  let nextId = 1;
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString());
    if ('event' in msg) {
      events.push(msg);
      for (const w of [...waiters]) if (w.pred(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg);
      }
    } else if (msg.id === null) orphans.shift()?.(msg);
    else {
      const reply = pending.get(msg.id);
      pending.delete(msg.id);
      reply?.(msg);
    }
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('open', () =>
      resolve({
        ws,
        events,
        call(method, params) {
          const id = nextId++;
          return new Promise((r) => {
            pending.set(id, r);
            ws.send(JSON.stringify({ id, method, params }));
          });
        },
        callCounted(method, params) {
          const id = nextId++;
          return new Promise((r) => {
            pending.set(id, (reply) => r({ reply, eventsBefore: events.length }));
            ws.send(JSON.stringify({ id, method, params }));
          });
        },
        callText(method, paramsJson) {
          const id = nextId++;
          const params = paramsJson === undefined ? '' : `,"params":${paramsJson}`;
          return new Promise((r) => {
            pending.set(id, r);
            ws.send(`{"id":${id},"method":${JSON.stringify(method) ?? 'null'}${params}}`);
          });
        },
        sendRaw: (data) => ws.send(data),
        nextOrphanReply: () => new Promise((r) => orphans.push(r)),
        waitForEvent(pred, timeoutMs = 20_000) {
          const seen = events.find(pred);
          if (seen) return Promise.resolve(seen as any);
          return new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error('timed out waiting for an event')), timeoutMs);
            waiters.push({ pred, resolve: (e) => (clearTimeout(t), res(e)) });
          });
        },
        close: () =>
          new Promise<void>((r) => {
            if (ws.readyState === ws.CLOSED) return r();
            ws.once('close', () => r());
            ws.close();
          }),
      }),
    );
  });
}
