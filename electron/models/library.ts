// The model library: starter models (resources/), --models folders and imported models (rows in
// the store, files copied into <data>/models/<id> or referenced in place). Import checks the path,
// detects the kind, records the sha256 of every file, runs the preflight in a child process and
// only then changes anything: a failed import leaves the library exactly as it was.
import { existsSync, mkdirSync, realpathSync, renameSync, rmdirSync, rmSync, statfsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import type {
  DownloadSummary,
  ImportMode,
  LibraryModel,
  ModelDeleteSummary,
  ModelUsage,
  ModelDetail,
  ModelFile,
  ModelKind,
  PreflightProblem,
  PreflightResult,
  VerifyResult,
} from '../../shared/contract/models';
import type { ProviderChoice } from '../../shared/contract/generate';
import { AtelierError } from '../../shared/errors';
import { providerFits } from '../../shared/providers';
import type { ModelRecord, ModelsRepo, NewModel } from '../store/models';
import type { DownloadJobResult } from './download-job';
import { checkImportPath, classifyFolder, copyFiles, folderFacts, hashFiles, isInside, readJsonFile, scanFolder, type ScannedFile } from './inspect';
import { modelOps } from './model-ops';
import { runPreflight, type PreflightSpawnOptions } from './preflight';
import { deletingName, stagingName } from './staging';
import type { ModelEntry, ModelRegistry } from './registry';

/** What the library asks the runtime: providers this machine offers, and each model's choice. */
export interface LibraryRuntime {
  offered(): string[];
  modelProvider(id: string): ProviderChoice;
}

export interface LibraryOptions {
  dataDir: string;
  runtime?: LibraryRuntime;
  /** Folders imports may come from (real paths); null allows any folder. */
  roots?: string[] | null;
  preflight?: PreflightSpawnOptions;
}

export interface ImportRequest {
  path: string;
  mode: ImportMode;
  name?: string;
  kind?: ModelKind;
}

/** Home, temp, the data folder, the usual mount points, and ATELIER_IMPORT_ROOTS (path-list). */
export function defaultImportRoots(dataDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.ATELIER_IMPORT_ROOTS ?? '').split(delimiter).filter(Boolean);
  const candidates = [homedir(), tmpdir(), dataDir, '/mnt', '/media', '/run/media', '/Volumes', ...extra];
  const out: string[] = [];
  for (const c of candidates) {
    try {
      const real = realpathSync(c);
      if (!out.includes(real)) out.push(real);
    } catch {
      /* not on this machine */
    }
  }
  return out;
}

/** A stable id from a name: lower-case letters, digits and dashes. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return slug || 'model';
}

function failedResult(kind: ModelKind, problems: PreflightProblem[], ortVersion = 'unknown'): PreflightResult {
  const now = Date.now();
  return { ok: false, status: 'failed', kind, problems, warnings: [], fit: null, memory: null, files: [], facts: {}, ortVersion, checkedAt: now, durationMs: 0 };
}

/** One line for an error: the first problem (which names its file) and how many more there are. */
function summarise(problems: PreflightProblem[]): string {
  const [first, ...rest] = problems;
  if (!first) return 'The model did not pass its preflight';
  return `${first.message}${rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''}`;
}


export class ModelLibrary {
  readonly modelsDir: string;
  private readonly roots: string[] | null;
  private readonly pending = new Set<string>();
  private readonly scans = new Map<string, ScannedFile[]>();

  constructor(
    private readonly repo: ModelsRepo,
    private readonly registry: ModelRegistry,
    private readonly opts: LibraryOptions,
  ) {
    this.modelsDir = join(opts.dataDir, 'models');
    this.roots = opts.roots === undefined ? defaultImportRoots(opts.dataDir) : opts.roots;
  }

  /**
   * Moves a finished folder to `to` and writes its row under one database lock (see
   * model-sweep.ts). A failed commit moves the folder back, so `from` is where it was.
   */
  private placeAndRecord(from: string, to: string, m: NewModel): ModelRecord {
    try {
      return this.repo.insertWith(m, () => renameSync(from, to));
    } catch (err) {
      if (existsSync(to) && !existsSync(from) && !this.repo.find(m.id)) renameSync(to, from);
      throw err;
    }
  }

  // ------------------------------------------------------------------------------ reading

  list(trashed = false): LibraryModel[] {
    if (trashed) return this.repo.list(true).map((r) => this.fromRecord(r));
    return this.registry.list().map((e) => {
      const rec = e.source === 'library' ? this.repo.find(e.id) : null;
      return rec ? this.fromRecord(rec) : this.fromEntry(e);
    });
  }

  get(id: string): ModelDetail {
    const rec = this.repo.find(id);
    if (rec) return { ...this.fromRecord(rec), files: rec.files, preflightResult: rec.preflight };
    const entry = this.registry.resolve(id);
    return { ...this.fromEntry(entry), files: this.scan(entry.dir).map((f) => ({ path: f.path, size: f.size, sha256: '' })), preflightResult: this.lastCheck(entry) };
  }

  /** A starter's or folder model's stored preflight, if its files are still the ones checked. */
  private lastCheck(e: ModelEntry): PreflightResult | null {
    return this.repo.check(e.id, this.fingerprint(e.dir));
  }

  private fingerprint(dir: string): string {
    return `${dir}\n${this.scan(dir)
      .map((f) => `${f.path}:${f.size}`)
      .join('\n')}`;
  }

  private scan(dir: string): ScannedFile[] {
    let files = this.scans.get(dir);
    if (!files) {
      try {
        files = scanFolder(dir);
      } catch {
        files = [];
      }
      this.scans.set(dir, files);
    }
    return files;
  }

  private fromEntry(e: ModelEntry): LibraryModel {
    const files = this.scan(e.dir);
    const facts = folderFacts(e.dir, e.kind, files);
    const pf = this.lastCheck(e);
    let name = e.name ?? null;
    if (!name) {
      try {
        const card = existsSync(join(e.dir, 'atelier.json')) ? readJsonFile(join(e.dir, 'atelier.json'), 'atelier.json') : {};
        name = typeof card.name === 'string' ? card.name : null;
      } catch {
        name = null;
      }
    }
    return {
      id: e.id,
      name: name ?? e.id,
      kind: e.kind,
      starter: e.starter,
      dir: e.dir,
      source: e.starter ? 'starter' : 'folder',
      sourcePath: null,
      sizeBytes: files.reduce((n, f) => n + f.size, 0),
      fileCount: files.length,
      ...facts,
      ...this.runsOn(e.id, e.dir, e.kind, files),
      preflight: summary(pf),
      missing: !existsSync(e.dir),
      createdAt: null,
      deletedAt: null,
    };
  }

  private fromRecord(r: ModelRecord): LibraryModel {
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      starter: false,
      dir: r.dir,
      source: r.mode,
      sourcePath: r.sourcePath,
      sizeBytes: r.sizeBytes,
      fileCount: r.files.length,
      ...folderFacts(r.dir, r.kind, r.files),
      ...this.runsOn(r.id, r.dir, r.kind, r.files),
      preflight: summary(r.preflight),
      missing: !existsSync(r.dir),
      createdAt: r.createdAt,
      deletedAt: r.deletedAt,
    };
  }

  /** The model's provider choice and which offered providers its operators allow. */
  private runsOn(id: string, dir: string, kind: ModelKind, files: { path: string }[]): Pick<LibraryModel, 'provider' | 'providers'> {
    const runtime = this.opts.runtime;
    return { provider: runtime?.modelProvider(id) ?? 'auto', providers: providerFits(kind, modelOps(dir, kind, files), runtime?.offered() ?? ['cpu']) };
  }

  // ------------------------------------------------------------------------------ import

  private uniqueId(base: string): string {
    const taken = new Set([...this.registry.list().map((m) => m.id), ...this.repo.ids(), ...this.pending]);
    const free = (id: string) => !taken.has(id) && !existsSync(join(this.modelsDir, id));
    if (free(base)) return base;
    for (let i = 2; ; i++) {
      const id = `${base.slice(0, 44)}-${i}`;
      if (free(id)) return id;
    }
  }

  async import(asked: ImportRequest): Promise<ModelDetail> {
    // "~/models/x" as typed in a terminal is the home folder's, not a relative path to refuse.
    const req = { ...asked, path: /^~(?=$|[/\\])/.test(asked.path) ? join(homedir(), asked.path.slice(1)) : asked.path };
    if (!isAbsolute(req.path)) throw new AtelierError('BAD_INPUT', `The path must be absolute (got ${req.path})`);
    const src = checkImportPath(req.path, this.roots);
    const libraryDir = existsSync(this.modelsDir) ? realpathSync(this.modelsDir) : this.modelsDir;
    if (isInside(src, libraryDir)) throw new AtelierError('BAD_INPUT', `${req.path} is inside the library's own folder; it is already imported`);
    if (isInside(realpathSync(this.opts.dataDir), src)) throw new AtelierError('BAD_INPUT', `${req.path} contains Atelier's data folder; import the model's own folder`);
    const dup = [...this.repo.list(), ...this.repo.list(true)].find((m) => m.sourcePath === src);
    if (dup) {
      throw new AtelierError(
        'CONFLICT',
        `${req.path} is already in the library as '${dup.id}'${dup.deletedAt ? ' (in the trash: restore it instead)' : ''}`,
      );
    }
    const scanned = scanFolder(src, this.roots);
    const kind = classifyFolder(src, scanned, req.kind);
    const name = req.name ?? basename(src);
    const id = this.uniqueId(slugify(name));
    const size = scanned.reduce((n, f) => n + f.size, 0);
    this.pending.add(id);
    let staging: string | null = null;
    // A refused import leaves the data folder as it found it, the library folder included.
    const madeModelsDir = !existsSync(this.modelsDir);
    let imported = false;
    try {
      let files: ModelFile[];
      let checkDir = src;
      if (req.mode === 'copy') {
        mkdirSync(this.modelsDir, { recursive: true });
        this.checkDiskSpace(size);
        staging = join(this.modelsDir, stagingName(id));
        mkdirSync(staging);
        files = await copyFiles(scanned, staging);
        checkDir = staging;
      } else {
        files = await hashFiles(scanned);
      }
      const preflight = await runPreflight(checkDir, kind, this.opts.preflight, size);
      if (!preflight.ok) throw new AtelierError('MODEL_INVALID', summarise(preflight.problems), { problems: preflight.problems });
      const record = { id, name, kind, mode: req.mode, sourcePath: src, files, sizeBytes: size, preflight };
      const rec = staging
        ? this.placeAndRecord(staging, join(this.modelsDir, id), { ...record, dir: join(this.modelsDir, id) })
        : this.repo.insert({ ...record, dir: src });
      staging = null;
      imported = true;
      return { ...this.fromRecord(rec), files: rec.files, preflightResult: rec.preflight };
    } finally {
      if (staging) rmSync(staging, { recursive: true, force: true });
      if (madeModelsDir && !imported) {
        try {
          rmdirSync(this.modelsDir);
        } catch {
          /* another import is using it */
        }
      }
      this.pending.delete(id);
    }
  }

  private checkDiskSpace(bytes: number): void {
    let free: number;
    try {
      const s = statfsSync(this.modelsDir);
      free = s.bavail * s.bsize;
    } catch {
      return;
    }
    const margin = 256 * 2 ** 20;
    if (bytes + margin > free) {
      throw new AtelierError(
        'BAD_INPUT',
        `Not enough disk space to copy this model: it needs ${gib(bytes)} and ${gib(free)} is free in ${this.modelsDir} (import it by reference instead)`,
      );
    }
  }

  // ------------------------------------------------------------------------------ download

  /** Where a download of repo@revision is staged (resumable across runs and restarts). */
  downloadDir(repo: string, revision: string): string {
    return join(this.modelsDir, '.downloads', `${repo.replace('/', '--')}@${revision.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  }

  /**
   * Adds a finished, verified and preflighted download to the library: its staging folder becomes
   * <data>/models/<id>. The same repo@commit already in the library is not added twice.
   */
  adoptDownload(r: DownloadJobResult): DownloadSummary {
    const sourcePath = `hf://${r.repo}@${r.commit}`;
    const summary = (modelId: string): DownloadSummary => ({ modelId, repo: r.repo, commit: r.commit, sizeBytes: r.sizeBytes, fetchedBytes: r.fetchedBytes, files: r.files.length });
    const existing = this.repo.list().find((m) => m.sourcePath === sourcePath);
    if (existing) {
      rmSync(r.dest, { recursive: true, force: true });
      return summary(existing.id);
    }
    const id = this.uniqueId(slugify(r.name));
    const dir = join(this.modelsDir, id);
    rmSync(join(r.dest, '.atelier-download.json'), { force: true });
    this.placeAndRecord(r.dest, dir, { id, name: r.name, kind: r.kind, dir, mode: 'copy', sourcePath, files: r.files, sizeBytes: r.sizeBytes, preflight: r.preflight });
    return summary(id);
  }

  // ------------------------------------------------------------------------------ verify

  async verify(id: string): Promise<VerifyResult> {
    const rec = this.repo.find(id);
    const entry = rec ? null : this.registry.resolve(id);
    const kind = rec?.kind ?? (entry as ModelEntry).kind;
    const dir = rec?.dir ?? (entry as ModelEntry).dir;
    const fileProblems: PreflightProblem[] = [];
    let result: PreflightResult;
    if (!existsSync(dir)) {
      result = failedResult(kind, [{ file: null, message: `The model folder ${dir} is gone (moved or deleted)` }]);
    } else {
      if (rec) fileProblems.push(...(await this.compareFiles(rec)));
      else fileProblems.push(...(await this.checkStarterHash(dir)));
      try {
        const size = this.scan(dir).reduce((n, f) => n + f.size, 0);
        result = await runPreflight(dir, kind, this.opts.preflight, size);
      } catch (err) {
        if (!(err instanceof AtelierError) || err.code !== 'MODEL_INVALID') throw err;
        result = failedResult(kind, [{ file: null, message: err.message }]);
      }
      if (fileProblems.length) result = { ...result, ok: false, status: 'failed', problems: [...fileProblems, ...result.problems] };
    }
    if (rec) this.repo.setPreflight(rec.id, result);
    else this.repo.setCheck(id, this.fingerprint(dir), result);
    return { id, ok: result.ok, problems: result.problems, warnings: result.warnings, preflight: result };
  }

  /** Recorded files that are missing or whose bytes changed since import. */
  private async compareFiles(rec: ModelRecord): Promise<PreflightProblem[]> {
    const problems: PreflightProblem[] = [];
    let now: ModelFile[];
    try {
      const scanned = scanFolder(rec.dir, this.roots && rec.mode === 'reference' ? this.roots : null);
      const wanted = new Set(rec.files.map((f) => f.path));
      now = await hashFiles(scanned.filter((f) => wanted.has(f.path)));
    } catch (err) {
      return [{ file: null, message: (err as Error).message }];
    }
    const byPath = new Map(now.map((f) => [f.path, f]));
    for (const f of rec.files) {
      const cur = byPath.get(f.path);
      if (!cur) problems.push({ file: f.path, message: `${f.path} is missing (it was there at import)` });
      else if (cur.sha256 !== f.sha256) {
        problems.push({
          file: f.path,
          message: `${f.path} changed since import (sha256 ${f.sha256.slice(0, 12)}… then, ${cur.sha256.slice(0, 12)}… now; ${f.size} → ${cur.size} bytes)`,
        });
      }
    }
    return problems;
  }

  /** Starter cards may record the model file's sha256 (atelier.json "file" + "sha256"). */
  private async checkStarterHash(dir: string): Promise<PreflightProblem[]> {
    try {
      const card = existsSync(join(dir, 'atelier.json')) ? readJsonFile(join(dir, 'atelier.json'), 'atelier.json') : {};
      if (typeof card.file !== 'string' || typeof card.sha256 !== 'string') return [];
      const [f] = await hashFiles(this.scan(dir).filter((s) => s.path === card.file));
      if (!f) return [{ file: card.file, message: `${card.file} is missing` }];
      return f.sha256 === card.sha256 ? [] : [{ file: card.file, message: `${card.file} does not match the sha256 in atelier.json (damaged?)` }];
    } catch (err) {
      return [{ file: 'atelier.json', message: (err as Error).message }];
    }
  }

  // ------------------------------------------------------------------------------ trash

  private refuseNonLibrary(id: string, verb: string): void {
    if (this.repo.find(id)) return;
    const entry = this.registry.resolve(id);
    if (entry.starter) throw new AtelierError('CONFLICT', `'${id}' is a starter model; starter models cannot be ${verb}`);
    throw new AtelierError('CONFLICT', `'${id}' comes from a --models folder, not the library; it cannot be ${verb}`);
  }

  /** Moves an imported model to the trash (files kept; restore brings it back). */
  remove(id: string): LibraryModel {
    this.refuseNonLibrary(id, 'removed');
    const rec = this.repo.get(id);
    return this.fromRecord(rec.deletedAt === null ? this.repo.setTrashed(id, true) : rec);
  }

  /** Versions made with the model (any model id: a starter's too), for the remove confirm. */
  usage(id: string): ModelUsage {
    return this.repo.usage(id);
  }

  restore(id: string): LibraryModel {
    this.refuseNonLibrary(id, 'restored');
    const rec = this.repo.get(id);
    return this.fromRecord(rec.deletedAt === null ? rec : this.repo.setTrashed(id, false));
  }

  /**
   * What deleting a trashed model for good removes. Only a copy inside the library's own folder
   * has files to delete; a model read in place is only forgotten (the folder is the user's).
   */
  deleteSummary(id: string): ModelDeleteSummary {
    this.refuseNonLibrary(id, 'deleted');
    const rec = this.repo.get(id);
    if (rec.deletedAt === null) throw new AtelierError('CONFLICT', `'${id}' is not in the trash; move it to the trash first`);
    const owned = rec.mode === 'copy' && this.ownsFolder(rec.dir);
    const files = owned && existsSync(rec.dir) ? this.onDisk(rec.dir) : [];
    return {
      id,
      name: rec.name,
      source: rec.mode,
      dir: rec.mode === 'reference' ? rec.sourcePath : rec.dir,
      removesFiles: owned,
      files: files.length,
      bytesFreed: files.reduce((n, f) => n + f.size, 0),
      missing: !existsSync(rec.mode === 'reference' ? rec.sourcePath : rec.dir),
    };
  }

  /** Deletes a trashed model for good; the row and the files go together or not at all. */
  deleteForever(id: string): ModelDeleteSummary {
    const summary = this.deleteSummary(id);
    if (!summary.removesFiles || !existsSync(summary.dir)) {
      this.repo.delete(id);
    } else {
      // The row goes and the folder is renamed aside under one lock: a crash before the commit
      // leaves the row and a `.deleting-` folder the next start puts back, one after it a folder
      // the next start removes — never a listed model without its files.
      const doomed = join(this.modelsDir, deletingName(id));
      const real = realpathSync(summary.dir);
      try {
        this.repo.deleteWith(id, () => renameSync(real, doomed));
      } catch (err) {
        if (existsSync(doomed) && !existsSync(real) && this.repo.find(id)) renameSync(doomed, real);
        throw err;
      }
      rmSync(doomed, { recursive: true, force: true });
    }
    this.scans.delete(summary.dir);
    return summary;
  }

  /** True when `dir` is a folder directly inside the library's own models folder. */
  private ownsFolder(dir: string): boolean {
    try {
      const real = realpathSync(dir);
      return isInside(real, realpathSync(this.modelsDir)) && real !== realpathSync(this.modelsDir);
    } catch {
      return false;
    }
  }

  private onDisk(dir: string): ScannedFile[] {
    try {
      return scanFolder(dir);
    } catch {
      return [];
    }
  }
}

function summary(pf: PreflightResult | null): LibraryModel['preflight'] {
  return { status: pf?.status ?? 'unchecked', fit: pf?.fit ?? null, checkedAt: pf?.checkedAt ?? null, problems: pf?.problems.length ?? 0 };
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;
