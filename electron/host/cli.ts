// The `atelier` command line: serve, status, projects. Runs on plain Node (no Electron).
// --json output is exactly one JSON document on stdout; messages go to stderr.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type ParseArgsConfig } from 'node:util';
import { parseCliArgs } from './cli-parse';
import type { Project, SystemStatus } from '../../shared/contract';
import { recoveredAmount } from '../../shared/recovered-words';
import { GenerateUsageError, generateText } from './cli-generate';
import { ModelArgError } from './cli-model-arg';
import { HISTORY_USAGE, HistoryUsageError, history } from './cli-history';
import { enhance, generateImage } from './cli-image';
import { MODELS_USAGE, ModelsUsageError, models } from './cli-models';
import { RECOVERED_USAGE, RecoveredUsageError, recovered } from './cli-recovered';
import { TRASH_USAGE, TrashUsageError, trash } from './cli-trash';
import { startCliCore } from './cli-core';
import { commandWords, usageFor } from './cli-help';
import { folderArgProblem } from './cli-folder-arg';
import { moveGlobalOptions } from './cli-global-options';
import type { Core } from './core';
import { defaultDataDir, defaultRendererDir } from './data-dir';
import { rememberPort, rememberedPort } from './remembered-port';
import { startHost } from './server';

export class UsageError extends Error {}

const USAGE = `Usage: atelier <command> [options]

Commands:
  serve [--port N] [--host H] [--data DIR] [--token T] [--open] [--models DIR] [--paused]
                                 Serve the studio to a browser on this machine
                                 (without --port: the port of last time for this data
                                 folder, so the browser keeps its settings; a free one
                                 when that is taken; --port 0: a fresh free one;
                                 --paused: jobs are queued and kept, but none runs)
  status [--json] [--data DIR]   Versions, execution providers and the data folder
  projects list [--json] [--data DIR]
  projects create NAME [--json] [--data DIR]
  generate text --prompt TEXT|--prompt-file FILE|- [--model ID|PATH] [--max-tokens N]
                [--temperature T] [--top-k K] [--top-p P] [--min-p P] [--typical-p P]
                [--repetition-penalty R] [--presence-penalty X] [--frequency-penalty X]
                [--no-repeat-ngram N] [--seed S] [--beams B] [--length-penalty L]
                [--alternatives N] [--stop STR ...] [--provider auto|cpu|cuda|dml|coreml|webgpu]
                [--json] [--data DIR]
                                 Continue a text with a local model (--top-k 1 is greedy);
                                 --model: a starter, a model imported into the data folder's
                                 library, or a model folder; Ctrl-C keeps the text and exits 130
  generate image --prompt TEXT --out FILE.png [--model ID|PATH] [--negative TEXT] [--steps N]
                 [--cfg C] [--scheduler euler|euler-a|ddim|lcm|dpmpp-2m-karras] [--seed S]
                 [--width W] [--height H] [--init IMG --strength S] [--batch N] [--force] [--json]
                 [--data DIR]    Generate images (the starter GAN by default); a batch writes
                                 FILE-1.png … FILE-N.png; existing files are replaced only with
                                 --force; Ctrl-C keeps the finished images and exits 130
  enhance IMG --scale 2|4 --out FILE.png [--force] [--json] [--data DIR]
                                 Upscale an image with ESRGAN
${MODELS_USAGE}
${HISTORY_USAGE}
${TRASH_USAGE}
${RECOVERED_USAGE}

Options (also before the command: atelier --data DIR status):
  --data DIR   Data folder (default: ${defaultDataDir()}; or set ATELIER_DATA)
  --models DIR Also offer the model folders inside DIR (Hugging Face ONNX layout)
  --help       Show this help
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Raw output without a newline (streamed tokens). */
  write?: (s: string) => void;
  /** Raw stderr for a progress line redrawn in place; only when stderr is a terminal. */
  progress?: (s: string) => void;
}

const commonOptions = { data: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } as const;

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, positionals: number) {
  let parsed;
  try {
    parsed = parseCliArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`Unexpected argument '${parsed.positionals[positionals]}'`);
  }
  return parsed;
}

function openCore(data: unknown, runJobs: boolean, io: Io): Promise<Core> {
  return startCliCore({ dataDir: resolve(typeof data === 'string' ? data : defaultDataDir()), transport: 'cli', runJobs }, io.err);
}

async function callOrThrow<T>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await core.call(method, params);
  if (!reply.ok) {
    // "Invalid request for projects.create: name: is longer than 200 characters" → "NAME is longer than 200 characters".
    const field = /^Invalid request for [\w.]+: (\w+): (.*)$/.exec(reply.error.message);
    if (reply.error.code === 'BAD_INPUT') throw new UsageError(field ? `${field[1]!.toUpperCase()} ${field[2]}` : reply.error.message);
    throw new Error(reply.error.message);
  }
  return reply.result as T;
}

async function status(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, commonOptions, 0);
  const core = await openCore(values.data, false, io);
  try {
    // Whether each accelerator really starts here is worth a worker process for this command.
    await core.runtime.providers(true);
    const s = await callOrThrow<SystemStatus>(core, 'system.status', {});
    if (values.json) io.out(JSON.stringify(s, null, 2));
    else {
      io.out(`Atelier ${s.appVersion} (Node ${s.nodeVersion}, onnxruntime ${s.ortVersion}, ${s.platform}-${s.arch})`);
      io.out(`Data folder: ${s.dataDir}`);
      io.out('Execution providers:');
      for (const ep of s.executionProviders) io.out(`  ${ep.name.padEnd(9)} ${ep.available ? 'available' : `no — ${ep.reason}`}`);
      for (const d of s.lastDevices) {
        io.out(`Last ${d.kind} job ran on ${d.used}${d.fallbackReason ? ` (asked for ${d.requested}; ${d.fallbackReason})` : ''}`);
      }
      if (s.recovered.length) io.out(`Set aside at start-up in ${dirname(s.recovered[0]!.path)}: ${recoveredAmount(s.recovered)} (atelier recovered list)`);
    }
    return 0;
  } finally {
    await core.close();
  }
}

async function projects(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list' && sub !== 'create') throw new UsageError(`Unknown projects command '${sub ?? ''}' (use list or create NAME)`);
  const { values, positionals } = parse(rest, commonOptions, sub === 'create' ? 1 : 0);
  if (sub === 'create' && positionals.length !== 1) throw new UsageError('projects create needs a NAME');
  const core = await openCore(values.data, false, io);
  try {
    if (sub === 'list') {
      const list = await callOrThrow<Project[]>(core, 'projects.list', {});
      if (values.json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0) io.out('No projects yet. Create one: atelier projects create "My novel"');
      else for (const p of list) io.out(`${p.id}  ${p.name}  (${p.documentCount} documents)`);
    } else {
      const p = await callOrThrow<Project>(core, 'projects.create', { name: positionals[0] });
      io.out(values.json ? JSON.stringify(p, null, 2) : `Created project '${p.name}' (${p.id})`);
    }
    return 0;
  } finally {
    await core.close();
  }
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`));
  child.unref();
}

/** Why listening failed, in words, with what to do instead of the raw errno text. */
function listenProblem(err: unknown, host: string, port: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${port} is already in use; choose another with --port N, or --port 0 for a free one`;
  if (code === 'EACCES') return `no permission to use port ${port} (ports below 1024 need privileges); choose another with --port N, or --port 0`;
  if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN') return `${host} is not an address of this machine; leave out --host to listen on 127.0.0.1`;
  return (err as Error).message;
}

async function serve(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    {
      ...commonOptions,
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      open: { type: 'boolean' },
      models: { type: 'string', multiple: true },
      paused: { type: 'boolean' },
    },
    0,
  );
  const badFolder = folderArgProblem('--models', values.models ?? []);
  if (badFolder) throw new UsageError(badFolder);
  const asked = values.port === undefined ? undefined : Number(values.port);
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 0 || asked > 65535)) throw new UsageError(`--port must be 0–65535, got '${values.port}'`);
  if (values.token !== undefined && !/^[A-Za-z0-9_-]{16,128}$/.test(values.token)) {
    throw new UsageError('--token must be 16–128 letters, digits, - or _');
  }
  const rendererDir = defaultRendererDir();
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    io.err(`The studio is not built yet (${rendererDir} is missing). Run: npm run build:renderer`);
    return 1;
  }
  const host = values.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    io.err(`Warning: listening on ${host} makes Atelier reachable from other machines; anyone with the token can use it.`);
  }
  const dataDir = resolve(values.data ?? defaultDataDir());
  // Without --port, the port of last time: the browser keeps its settings per address.
  const port = asked ?? rememberedPort(dataDir) ?? 0;
  const core = await startCliCore(
    {
      dataDir,
      transport: 'browser-host',
      modelDirs: (values.models ?? []).map((d) => resolve(d)),
      // A paused host takes and keeps jobs without starting the worker (checks that must not generate).
      runJobs: values.paused !== true,
      log: (m, e) => io.err(`[atelier] ${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    },
    io.err,
  );
  let running;
  try {
    running = await startHost({ core, rendererDir, host, port, orFreePort: asked === undefined, token: values.token });
  } catch (err) {
    await core.close();
    io.err(`atelier: could not listen on ${host}:${port}: ${listenProblem(err, host, port)}`);
    return 1;
  }
  if (running.movedFrom) {
    io.err(`port ${running.movedFrom} (used last time) is busy; using ${running.port} — settings kept by the browser for the old address will not carry over`);
  }
  const unsaved = rememberPort(dataDir, running.port);
  if (unsaved) io.err(`Could not remember port ${running.port} for next time (${unsaved}); the next run may get another address.`);
  io.out(`Atelier is running at ${running.url}`);
  if (values.open) openBrowser(running.url);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  await core.close();
  return 0;
}

export async function main(typed: string[], io: Io): Promise<number> {
  const global = moveGlobalOptions(typed);
  if ('problem' in global) {
    io.err(`atelier: ${global.problem}\nRun 'atelier --help' for usage.`);
    return 2;
  }
  const { argv } = global;
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.err : io.out)(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(usageFor(USAGE, commandWords(argv))?.text ?? USAGE);
      return 0;
    }
    if (command === 'serve') return await serve(rest, io);
    if (command === 'status') return await status(rest, io);
    if (command === 'projects') return await projects(rest, io);
    if (command === 'enhance') return await enhance(rest, io);
    if (command === 'models') return await models(rest, io);
    if (command === 'history') return await history(rest, io);
    if (command === 'recovered') return await recovered(rest, io);
    if (command === 'trash') return await trash(rest, io);
    if (command === 'generate') {
      const [what, ...args] = rest;
      if (what === 'image') return await generateImage(args, io);
      if (what !== 'text') throw new UsageError(`Unknown generate command '${what ?? ''}' (use: generate text | generate image)`);
      return await generateText(args, { out: io.out, err: io.err, write: io.write ?? io.out });
    }
    throw new UsageError(`Unknown command '${command}'`);
  } catch (err) {
    if (err instanceof UsageError || err instanceof GenerateUsageError || err instanceof ModelArgError || err instanceof ModelsUsageError || err instanceof HistoryUsageError || err instanceof RecoveredUsageError || err instanceof TrashUsageError) {
      io.err(`atelier: ${err.message}\nRun 'atelier ${[...(usageFor(USAGE, commandWords(argv))?.words ?? []), '--help'].join(' ')}' for usage.`);
      return 2;
    }
    io.err(`atelier: ${(err as Error).message}`);
    return 1;
  }
}

/**
 * Runs `atelier ARGS` for this process: output to stdout/stderr, the exit code set when done. A
 * reader that stops early (`atelier models list | head -1`) closes the pipe; the command then ends
 * quietly, as Unix tools do, instead of dying on EPIPE with a stack trace.
 */
export function runAsCommand(argv = process.argv.slice(2)): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
  const io: Io = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    write: (s) => process.stdout.write(s),
    ...(process.stderr.isTTY ? { progress: (s: string) => process.stderr.write(s) } : {}),
  };
  void main(argv, io).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runAsCommand();
