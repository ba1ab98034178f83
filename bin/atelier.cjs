#!/usr/bin/env node
// The `atelier` command: runs the TypeScript CLI through tsx's loader, so no build step is needed.
require('tsx/cjs');
const { main } = require('../electron/host/cli.ts');
const io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  write: (s) => process.stdout.write(s),
};
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
