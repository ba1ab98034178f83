// Loaded into a host with NODE_OPTIONS=--import (tests only): a forked job worker (a process with an
// IPC channel; the host itself has none) waits before any of its code runs until the file named by
// ATELIER_TEST_WORKER_GATE exists. A host started with it meets its windows before its worker can
// stream a token, as on a slow model load, however fast the machine is.
import { existsSync } from 'node:fs';

const gate = process.env.ATELIER_TEST_WORKER_GATE;
if (gate && typeof process.send === 'function') {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(gate)) Atomics.wait(nap, 0, 0, 20);
}
