// A preflight child that misbehaves the way a native crash or a hang inside onnxruntime would:
// PREFLIGHT_MISBEHAVE=abort writes a reason to stderr and dies by a signal (SIGKILL rather than
// SIGABRT, so no core file is ever written); =hang never answers.
process.once('message', () => {
  if (process.env.PREFLIGHT_MISBEHAVE === 'abort') {
    process.stderr.write('libc++abi: terminating: simulated native crash in onnxruntime\n');
    process.kill(process.pid, 'SIGKILL');
  }
  // 'hang': keep the process alive without ever replying.
  setInterval(() => {}, 1000);
});
