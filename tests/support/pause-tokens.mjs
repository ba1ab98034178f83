// Loaded into a host with NODE_OPTIONS=--import (tests only): while the file named by
// ATELIER_TEST_TOKEN_PAUSE exists, a forked job worker (a process with an IPC channel; the host
// itself has none) waits before sending its next tokens, so the job it runs writes no further until
// the file is gone. A test can so keep a job running, however fast the model, while a window
// reloads; what the host sends the worker meanwhile (a cancel) is taken once it goes on. Keep the
// pause short: a cancelled job's worker has a few seconds to stop before the host kills it.
import { existsSync } from 'node:fs';

const pause = process.env.ATELIER_TEST_TOKEN_PAUSE;
if (pause && typeof process.send === 'function') {
  const send = process.send.bind(process);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  process.send = (msg, ...rest) => {
    if (msg?.type === 'event' && msg.name === 'generate.tokens') while (existsSync(pause)) Atomics.wait(nap, 0, 0, 20);
    return send(msg, ...rest);
  };
}
