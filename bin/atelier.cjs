#!/usr/bin/env node
// The `atelier` command: runs the TypeScript CLI through tsx's loader, so no build step is needed.
require('tsx/cjs');
require('../electron/host/cli.ts').runAsCommand();
