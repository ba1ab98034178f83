// `atelier models list|import|verify|remove|restore`: the model library from the command line,
// through the same handlers as the app. --json prints exactly one JSON document on stdout; a
// failed import or verify exits 1 with the problems on stderr; bad arguments exit 2.
import { resolve } from 'node:path';
import type { DownloadSummary, LibraryModel, ModelDeleteSummary, ModelDetail, ModelUsage, VerifyResult } from '../../shared/contract/models';
import { modelUsageSentence } from '../../shared/model-usage-words';
import { CATALOGUE, hubSourcePrefix } from '../../shared/catalogue';
import { DownloadModelRequest, MODEL_KINDS } from '../../shared/contract/models';
import { Id } from '../../shared/contract/schemas';
import { AtelierError, type WireError } from '../../shared/errors';
import { runDownloadModel } from '../models/download-job';
import { checkImportPath } from '../models/inspect';
import { folderArgProblem } from './cli-folder-arg';
import { parseSubcommand } from './cli-args';
import { startCliCore } from './cli-core';
import type { Core } from './core';
import { defaultDataDir } from './data-dir';

export class ModelsUsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const MODELS_USAGE = `  models list [--trashed] [--models DIR] [--json] [--data DIR]
                                 Starter and imported models with kind, size and fit
  models import PATH [--reference] [--name NAME] [--kind text|diffusion|gan|upscaler] [--json]
                                 Import a model folder (copied into the library unless
                                 --reference); it is preflighted first
  models verify ID [--json]      Re-hash the files and run the preflight again
  models remove ID [--json]      Move an imported model to the trash (starters stay)
  models restore ID [--json]     Bring a model back from the trash
  models delete ID --yes [--json]
                                 Delete a trashed model for good (a copy's files are removed;
                                 a folder imported in place is only forgotten); without --yes
                                 it says what would go and exits 2
  models catalogue [--json]      Known-good models to download (size, licence, what for)
  models download REPO [--revision REV] [--include GLOB ...] [--name NAME] [--json]
                                 Download from the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN);
                                 verified by sha256; run it again to resume`;

const OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  reference: { type: 'boolean' },
  name: { type: 'string' },
  kind: { type: 'string' },
  trashed: { type: 'boolean' },
  models: { type: 'string', multiple: true },
  revision: { type: 'string' },
  include: { type: 'string', multiple: true },
  yes: { type: 'boolean' },
} as const;

const ALLOWED: Record<string, (keyof typeof OPTIONS)[]> = {
  list: ['data', 'json', 'trashed', 'models'],
  import: ['data', 'json', 'reference', 'name', 'kind'],
  verify: ['data', 'json'],
  remove: ['data', 'json'],
  restore: ['data', 'json'],
  delete: ['data', 'json', 'yes'],
  catalogue: ['data', 'json'],
  download: ['data', 'json', 'revision', 'include', 'name'],
};

/** A failure the CLI reports on stderr with exit code 1 (not a usage error). */
class Failed extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

async function call<T>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await core.call(method, params);
  if (reply.ok) return reply.result as T;
  const details = (reply.error as WireError).details as { problems?: { file: string | null; message: string }[] } | undefined;
  const more = (details?.problems ?? []).slice(1).map((p) => `  ${p.message}`);
  throw new Failed(reply.error.message, more);
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const mib = (n: number) => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);
const fitWords = (m: LibraryModel) => (m.missing ? 'folder missing' : m.preflight.status === 'unchecked' ? 'not checked' : m.preflight.status === 'failed' ? `failed (${count(m.preflight.problems, 'problem')})` : (m.preflight.fit ?? m.preflight.status));

function line(m: LibraryModel): string {
  const tags = [m.starter ? 'starter' : m.source, m.quantisation].filter(Boolean).join(', ');
  return `${m.id.padEnd(24)} ${m.kind.padEnd(9)} ${mib(m.sizeBytes).padStart(10)}  ${fitWords(m).padEnd(12)} ${m.name} (${tags})`;
}

export async function models(args: string[], io: Io): Promise<number> {
  const { sub, values, positionals } = parseSubcommand(
    'models',
    args,
    OPTIONS,
    ALLOWED,
    'use list, import PATH, verify ID, remove ID, restore ID, delete ID or download REPO',
    (m) => new ModelsUsageError(m),
  );
  const want = sub === 'list' || sub === 'catalogue' ? 0 : 1;
  if (positionals.length < want) throw new ModelsUsageError(`models ${sub} needs ${sub === 'import' ? 'a PATH' : sub === 'download' ? 'a REPO (owner/name)' : 'a model ID'}`);
  if (positionals.length > want) throw new ModelsUsageError(`Unexpected argument '${positionals[want]}'`);
  const arg = positionals[0] as string;
  let download: DownloadModelRequest | null = null;
  if (sub === 'download') {
    const req = DownloadModelRequest.safeParse({ repo: arg, revision: values.revision, include: values.include, name: values.name });
    if (!req.success) {
      const issue = req.error.issues[0];
      throw new ModelsUsageError(`${issue?.path.join('.') || 'request'}: ${issue?.message}`);
    }
    download = req.data;
  } else if (sub !== 'list' && sub !== 'catalogue' && sub !== 'import' && !Id.safeParse(arg).success) throw new ModelsUsageError(`'${arg}' is not a model id (letters, digits, - and _)`);
  if (values.name !== undefined && values.name.trim() === '') throw new ModelsUsageError('--name must not be empty (leave it out to use the folder\'s name)');
  if (values.kind !== undefined && !(MODEL_KINDS as readonly string[]).includes(values.kind)) {
    throw new ModelsUsageError(`--kind must be one of ${MODEL_KINDS.join(', ')} (got '${values.kind}')`);
  }
  const badFolder = folderArgProblem('--models', values.models ?? []);
  if (badFolder) throw new ModelsUsageError(badFolder);
  // A PATH that is not there (or not a folder) is a bad argument (exit 2), as `enhance IMG` is;
  // what is wrong inside a folder that is there stays a failed import (exit 1).
  if (sub === 'import') {
    try {
      checkImportPath(resolve(arg), null);
    } catch (err) {
      if (err instanceof AtelierError) throw new ModelsUsageError(`PATH: ${err.message}`);
      throw err;
    }
  }

  const core = await startCliCore(
    {
      dataDir: resolve(values.data ?? defaultDataDir()),
      transport: 'cli',
      runJobs: false,
      modelDirs: (values.models ?? []).map((d) => resolve(d)),
    },
    io.err,
  );
  const print = (value: unknown, text: () => void) => (values.json ? io.out(JSON.stringify(value, null, 2)) : text());
  try {
    if (sub === 'list') {
      const list = await call<LibraryModel[]>(core, 'models.list', { trashed: values.trashed ?? false });
      print(list, () => {
        if (list.length === 0) io.out(values.trashed ? 'The trash has no models.' : 'No models yet. Import one: atelier models import PATH');
        for (const m of list) io.out(line(m));
      });
    } else if (sub === 'import') {
      const m = await call<ModelDetail>(core, 'models.import', {
        path: resolve(arg),
        mode: values.reference ? 'reference' : 'copy',
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.kind !== undefined ? { kind: values.kind } : {}),
      });
      print(m, () => {
        io.out(`Imported '${m.name}' as ${m.id}: ${m.kind}, ${m.fileCount} files, ${mib(m.sizeBytes)}, ${fitWords(m)}`);
        for (const w of m.preflightResult?.warnings ?? []) io.err(`warning: ${w.message}`);
      });
    } else if (sub === 'verify') {
      const v = await call<VerifyResult>(core, 'models.verify', { id: arg });
      print(v, () => io.out(v.ok ? `${v.id}: ok${v.warnings.length ? ` (${count(v.warnings.length, 'warning')})` : ''}` : `${v.id}: ${count(v.problems.length, 'problem')}`));
      if (!v.ok) {
        io.err(`atelier: ${v.id} failed verification:`);
        for (const p of v.problems) io.err(`  ${p.message}`);
        return 1;
      }
    } else if (download) {
      const summary = await downloadInProcess(core, download, io, Boolean(values.json));
      const m = await call<ModelDetail>(core, 'models.get', { id: summary.modelId });
      print({ ...summary, model: m }, () => io.out(`Downloaded ${summary.repo} as ${m.id}: ${m.kind}, ${m.fileCount} files, ${mib(m.sizeBytes)} (${mib(summary.fetchedBytes)} fetched), ${fitWords(m)}`));
    } else if (sub === 'catalogue') {
      const live = await call<LibraryModel[]>(core, 'models.list', {});
      const entries = CATALOGUE.map((e) => ({ ...e, installedAs: live.find((m) => m.sourcePath?.startsWith(hubSourcePrefix(e.repo)))?.id ?? null }));
      print(entries, () => {
        for (const e of entries) {
          io.out(`${e.id.padEnd(28)} ${e.kind.padEnd(9)} ~${mib(e.approxBytes).padStart(9)}  ${e.licence}${e.installedAs ? `  (in the library as ${e.installedAs})` : ''}`);
          io.out(`  ${e.goodFor}`);
          io.out(`  atelier models download ${e.repo} ${e.include.map((g) => `--include '${g}'`).join(' ')}`);
        }
      });
    } else if (sub === 'delete') {
      // Files go for good, as with `trash delete` and `recovered delete`: only with --yes.
      if (!values.yes) {
        const would = await call<ModelDeleteSummary>(core, 'models.deleteSummary', { id: arg });
        if (values.json) io.out(JSON.stringify(would, null, 2));
        const what = would.removesFiles ? `deletes ${would.id}'s ${count(would.files, 'file')} (${mib(would.bytesFreed)}) in ${would.dir}` : `forgets ${would.id} (its folder ${would.dir} stays as it is)`;
        throw new ModelsUsageError(`This ${what} for good; add --yes to go ahead`);
      }
      const d = await call<ModelDeleteSummary>(core, 'models.deleteForever', { id: arg });
      print(d, () =>
        io.out(d.removesFiles ? `Deleted ${d.id}: ${d.files} files, ${mib(d.bytesFreed)} freed` : `Forgot ${d.id}; its folder ${d.dir} was left as it is`),
      );
    } else if (sub === 'remove') {
      const m = await call<LibraryModel>(core, 'models.remove', { id: arg });
      const used = await call<ModelUsage>(core, 'models.usage', { id: m.id });
      print(m, () => io.out(`Moved ${m.id} to the trash (atelier models restore ${m.id} brings it back). ${modelUsageSentence(used)}`));
    } else {
      const m = await call<LibraryModel>(core, 'models.restore', { id: arg });
      print(m, () => io.out(`Restored ${m.id}`));
    }
    return 0;
  } catch (err) {
    if (err instanceof AtelierError && err.code !== 'INTERNAL') {
      io.err(`atelier: ${err.message}`);
      return 1;
    }
    if (!(err instanceof Failed)) throw err;
    io.err(`atelier: ${err.message}`);
    for (const l of err.lines) io.err(l);
    return 1;
  } finally {
    await core.close();
  }
}

/**
 * The CLI downloads in this process (the app runs the same code as a queue job). Ctrl-C stops it;
 * the verified files and the partial one stay, and running the command again resumes.
 */
async function downloadInProcess(core: Core, req: DownloadModelRequest, io: Io, quiet: boolean): Promise<DownloadSummary> {
  const revision = req.revision ?? 'main';
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runDownloadModel(
      { repo: req.repo, revision, include: req.include ?? [], dest: core.library.downloadDir(req.repo, revision), ...(req.name ? { name: req.name } : {}) },
      {
        signal: controller.signal,
        progress: (_done, _total, message) => {
          if (!quiet && message && process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
        },
        emit: () => {},
      },
    );
    if (!quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    return core.library.adoptDownload(result);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
