// `atelier serve` keeps its port from run to run for a data folder. Before, every run without
// --port listened on a new random port, and the browser, which keeps its storage per origin
// (host:port), forgot the user's presets, typed memory, layout and last view each time.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PORT_FILE } from '../../electron/host/remembered-port';
import { startHostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

/** A plain listener that holds a port, standing in for another program. */
async function holdPort(port = 0): Promise<Server> {
  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  return server;
}

const portOf = (s: Server) => (s.address() as AddressInfo).port;
const closeServer = (s: Server) => new Promise<void>((done) => s.close(() => done()));

/** Serves `data` once (paused: nothing to generate), stops, and returns the port and stderr. */
async function serveOnce(data: string, args: string[] = []): Promise<{ port: number; stderr: string }> {
  const host = await startHostProcess(['--data', data, '--paused', ...args]);
  const res = await fetch(`http://127.0.0.1:${host.port}/`);
  expect(res.status).toBe(401); // really listening there
  await host.stop();
  return { port: host.port, stderr: host.stderr() };
}

describe('atelier serve port', () => {
  it('uses the port of last time for a data folder, silently', { timeout: 120_000 }, async () => {
    const data = join(t.dir, 'same');
    expect(existsSync(join(data, PORT_FILE))).toBe(false);
    const first = await serveOnce(data);
    expect(first.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(data, PORT_FILE), 'utf8'))).toEqual({ port: first.port });
    const second = await serveOnce(data);
    expect(second.port).toBe(first.port);
    expect(second.stderr).toBe('');
  });

  it('moves to a free port when another program holds it, says so in one line, and remembers the new one', { timeout: 120_000 }, async () => {
    const data = join(t.dir, 'busy');
    const first = await serveOnce(data);
    const squatter = await holdPort(first.port);
    let second;
    try {
      second = await serveOnce(data);
    } finally {
      await closeServer(squatter);
    }
    expect(second.port).not.toBe(first.port);
    expect(second.stderr).toBe(
      `port ${first.port} (used last time) is busy; using ${second.port} — settings kept by the browser for the old address will not carry over\n`,
    );
    expect(JSON.parse(readFileSync(join(data, PORT_FILE), 'utf8'))).toEqual({ port: second.port });
  });

  it('ignores a damaged remembered file and writes a good one', { timeout: 120_000 }, async () => {
    for (const [name, garbage] of [
      ['garbage', '\u0000\u00ff not json {'],
      ['wrong-shape', '{"port":"8080"}'],
      ['out-of-range', '{"port":70000}'],
      ['null', 'null'],
    ] as const) {
      const data = join(t.dir, name);
      mkdirSync(data);
      writeFileSync(join(data, PORT_FILE), garbage);
      const run = await serveOnce(data);
      expect(run.stderr, name).toBe('');
      expect(run.port, name).toBeGreaterThan(0);
      expect(JSON.parse(readFileSync(join(data, PORT_FILE), 'utf8')), name).toEqual({ port: run.port });
    }
  });

  it('uses an explicit --port as given and remembers it; --port 0 asks for a fresh one', { timeout: 120_000 }, async () => {
    const data = join(t.dir, 'explicit');
    const free = await holdPort();
    const wanted = portOf(free);
    await closeServer(free);
    const given = await serveOnce(data, ['--port', String(wanted)]);
    expect(given.port).toBe(wanted);
    expect((await serveOnce(data)).port).toBe(wanted);
    // A fresh free one is not the remembered one while that one is held, and says nothing.
    const squatter = await holdPort(wanted);
    let fresh;
    try {
      fresh = await serveOnce(data, ['--port', '0']);
    } finally {
      await closeServer(squatter);
    }
    expect(fresh.port).not.toBe(wanted);
    expect(fresh.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(data, PORT_FILE), 'utf8'))).toEqual({ port: fresh.port });
  });
});
