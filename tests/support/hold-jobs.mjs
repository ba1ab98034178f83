// Loaded into a host with NODE_OPTIONS=--import (tests only): a forked job worker answers as usual
// (the provider probe that the model list waits for, settings) but holds the first job it is asked
// to run (or the Nth, with ATELIER_TEST_JOB_GATE_RUN=N), and every message after it, until the file
// named by ATELIER_TEST_JOB_GATE exists; then it takes them in the order they came. A window can
// so stop a job before its worker has begun it, however fast the machine is (hold-worker.mjs holds
// the whole worker, the probe too).
import { existsSync } from 'node:fs';

const gate = process.env.ATELIER_TEST_JOB_GATE;
if (gate && typeof process.send === 'function') {
  const emit = process.emit;
  /** 'open' until the run message to hold, 'holding' until the gate exists, then 'released'. */
  let state = 'open';
  let runsBefore = Number(process.env.ATELIER_TEST_JOB_GATE_RUN ?? 1) - 1;
  const held = [];
  process.emit = function (event, ...args) {
    const msg = args[0];
    if (event !== 'message' || state === 'released' || (state === 'open' && msg?.type !== 'run')) return emit.call(this, event, ...args);
    if (state === 'open' && runsBefore-- > 0) return emit.call(this, event, ...args);
    if (state === 'open') {
      state = 'holding';
      const timer = setInterval(() => {
        if (!existsSync(gate)) return;
        clearInterval(timer);
        state = 'released';
        for (const a of held.splice(0)) emit.call(process, 'message', ...a);
      }, 20);
    }
    held.push(args);
    return true;
  };
}
