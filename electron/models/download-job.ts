// The download-model job (runs in the job worker): lists the repository on the Hub, checks the
// disk, fetches every selected file with resume and verification, then preflights the folder in
// its own child process. The host adds the verified folder to the library when the job is done
// (ModelLibrary.adoptDownload); until then the files live in <data>/models/.downloads/.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFile, ModelKind, PreflightResult } from '../../shared/contract/models';
import { AtelierError } from '../../shared/errors';
import type { JobContext } from '../engine/jobs/context';
import { bytesOnDisk, checkDiskSpace, downloadFiles } from './hub-download';
import { hubEndpoint } from './hub-http';
import { listRepo, selectFiles } from './hub';
import { classifyFolder, scanFolder } from './inspect';
import { runPreflight } from './preflight';

export interface DownloadPayload {
  repo: string;
  revision: string;
  include: string[];
  /** The staging folder (decided by the host: <data>/models/.downloads/<repo>@<revision>). */
  dest: string;
  name?: string;
}

export interface DownloadJobResult {
  repo: string;
  revision: string;
  commit: string;
  dest: string;
  name: string;
  kind: ModelKind;
  files: ModelFile[];
  sizeBytes: number;
  /** Bytes fetched over the network by this run (less than sizeBytes after a resume). */
  fetchedBytes: number;
  preflight: PreflightResult;
}

const MANIFEST = '.atelier-download.json';

const size = (n: number) => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`);
const duration = (ms: number) => (ms >= 3_600_000 ? `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min` : ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.ceil(ms / 1000)} s`);

/** Bytes per second over the last few seconds. */
class Rate {
  private samples: { t: number; bytes: number }[] = [];
  add(bytes: number, t = Date.now()): void {
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - (this.samples[0] as { t: number }).t > 5000) this.samples.shift();
  }
  perSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.t - first.t < 200) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.t - first.t);
  }
}

export async function runDownloadModel(payload: DownloadPayload, ctx: JobContext): Promise<DownloadJobResult> {
  const opts = { endpoint: hubEndpoint(), token: process.env.HF_TOKEN || undefined, signal: ctx.signal };
  ctx.progress(0, 1, `Listing ${payload.repo}@${payload.revision}`);
  const listing = await listRepo(payload.repo, payload.revision, opts);
  const files = selectFiles(listing.files, payload.include);
  if (files.length === 0) {
    throw new AtelierError('BAD_INPUT', `${payload.repo} has no files matching ${payload.include.length ? payload.include.join(', ') : 'anything'}`);
  }
  // Partial files belong to one commit: if the revision moved since, start over.
  const manifest = join(payload.dest, MANIFEST);
  if (existsSync(manifest)) {
    const before = JSON.parse(readFileSync(manifest, 'utf8')) as { commit?: string };
    if (before.commit !== listing.commit) rmSync(payload.dest, { recursive: true, force: true });
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  checkDiskSpace(payload.dest, total - bytesOnDisk(payload.dest, files));
  writeFileSync(manifest, JSON.stringify({ repo: payload.repo, revision: payload.revision, commit: listing.commit, files: files.map((f) => f.path) }));

  const rate = new Rate();
  let lastReport = 0;
  const { files: recorded, fetched } = await downloadFiles(payload.repo, listing.commit, files, payload.dest, {
    ...opts,
    onProgress: (p) => {
      rate.add(p.fetched);
      const now = Date.now();
      if (now - lastReport < 250 && p.done < p.total) return;
      lastReport = now;
      const bps = rate.perSecond();
      const eta = bps && bps > 0 ? ` · ${duration(((p.total - p.done) / bps) * 1000)} left` : '';
      ctx.progress(p.done, p.total, `${size(p.done)} of ${size(p.total)}${bps !== null ? ` · ${size(bps)}/s` : ''}${eta}${p.file ? ` · ${p.file}` : ''}`);
    },
  });

  ctx.progress(total, total, 'Checking the model (preflight)');
  const scanned = scanFolder(payload.dest);
  const kind = classifyFolder(payload.dest, scanned);
  const preflight = await runPreflight(payload.dest, kind, {}, total);
  if (!preflight.ok) {
    const [first, ...rest] = preflight.problems;
    throw new AtelierError('MODEL_INVALID', `${first?.message ?? 'The model did not pass its preflight'}${rest.length ? ` (and ${rest.length} more)` : ''}`, { problems: preflight.problems });
  }
  return {
    repo: payload.repo,
    revision: payload.revision,
    commit: listing.commit,
    dest: payload.dest,
    name: payload.name ?? payload.repo.split('/')[1] ?? payload.repo,
    kind,
    files: recorded,
    sizeBytes: total,
    fetchedBytes: fetched,
    preflight,
  };
}
