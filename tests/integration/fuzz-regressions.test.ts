// Focused regression tests for what the contract fuzzer (tests/fuzz) found, one per finding,
// against the real host process over its WebSocket.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect } from '../support/ws-client';

const t = tempDir();
const data = join(t.dir, 'data');
let host: HostProcess;
const auth = () => ({ Authorization: `Bearer ${host.token}` });

beforeAll(async () => {
  host = await startHostProcess(['--data', data, '--port', '0', '--paused']);
});

afterAll(async () => {
  await host?.stop();
  t.cleanup();
});

describe('fuzz findings', () => {
  // Found: a 30 MB frame (lone surrogates, 6 bytes each as JSON) was cut off with 1006
  // (abnormal closure) instead of the documented 1009: the host's error handler destroyed the
  // socket before the close frame went out.
  it('closes an oversized frame with 1009 and keeps serving', async () => {
    for (let i = 0; i < 3; i++) {
      const sock = await connect(host.port, auth());
      const code = new Promise<number>((r) => sock.ws.once('close', (c) => r(c)));
      sock.ws.on('error', () => {});
      // 30 MB of JSON, well over MAX_MESSAGE_BYTES (16 MB): the shorter overs did not show it.
      sock.sendRaw(`{"id":1,"method":"projects.create","params":{"name":"${'\\ud800'.repeat(5_000_001)}"}}`);
      expect(await code).toBe(1009);
    }
    const again = await connect(host.port, auth());
    expect(await again.call('projects.list', {})).toMatchObject({ ok: true, result: [{ name: 'Welcome' }] });
    await again.close();
    expect(host.child.exitCode).toBe(null);
  });

  // Found: a refused copy-mode import (MODEL_INVALID from the preflight) removed its staging
  // folder but left <data>/models behind, created for it: a rejected request changed the data folder.
  it('leaves the data folder untouched when an import is refused', async () => {
    const broken = join(t.dir, 'broken-model');
    mkdirSync(join(broken, 'onnx'), { recursive: true });
    writeFileSync(join(broken, 'config.json'), '{"model_type": ');
    writeFileSync(join(broken, 'tokenizer.json'), '{}');
    writeFileSync(join(broken, 'onnx', 'model.onnx'), 'not an onnx file');
    const before = readdirSync(data, { recursive: true }).sort();
    const sock = await connect(host.port, auth());
    const reply = await sock.call('models.import', { path: broken, mode: 'copy', kind: 'text' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'MODEL_INVALID' } });
    expect(readdirSync(data, { recursive: true }).sort()).toEqual(before);
    expect(before).not.toContain('models');
    await sock.close();
  });
});
