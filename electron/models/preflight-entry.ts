// Entry of the preflight child process: checks one model folder and exits. Anything that goes
// badly wrong here (a native abort inside onnxruntime on a corrupt file, running out of memory, a
// hang) takes down only this process; the host turns that into MODEL_INVALID.
import { toWireError } from '../../shared/errors';
import { preflightFolder } from './preflight-checks';
import type { FromPreflight, ToPreflight } from './preflight-protocol';

function reply(msg: FromPreflight): void {
  if (!process.send) process.exit(1);
  process.send(msg, () => process.exit(0));
}

process.once('message', (msg: ToPreflight) => {
  preflightFolder(msg.dir, msg.kind, msg.options)
    .then((result) => reply({ type: 'result', result }))
    .catch((err: unknown) => reply({ type: 'error', error: toWireError(err) }));
});
// The host going away closes the IPC channel; don't linger as an orphan.
process.on('disconnect', () => process.exit(0));
