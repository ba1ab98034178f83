// models.download against a local Hub mimic (127.0.0.1): the real code path — listing, resolve
// redirect to the LFS storage, Range resume after a cut, a pause or a host restart, sha256 and git
// blob verification, the disk-space check — as a queue job in the worker process. A partial or
// corrupt file is never reported done and never reaches the library.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadSummary, Job, JobProgress, LibraryModel, ModelDetail } from '../../../shared/contract';
import { createCore, type Core } from '../../../electron/host/core';
import { TINY_GPT2, writeDecoderFolder } from '../../fixtures/tiny-decoders';
import { ROOT } from '../../support/host-process';
import { startHubMimic, type HubMimic, type MimicFile } from '../../support/hub-mimic';
import { callOk, jobEnded } from '../../support/core-calls';
import { decoderRepoFiles } from '../../support/hub-repo';
import { realTempDir } from '../../support/tmp';

const { dir: root, cleanup } = realTempDir();
let hub: HubMimic;
let files: Record<string, MimicFile>;
const REPO = 'atelier-test/tiny-gpt2';
const ONNX = 'onnx/model.onnx';
const CHUNK = 64 * 1024;

beforeAll(async () => {
  const src = join(root, 'src');
  writeDecoderFolder(src, TINY_GPT2);
  files = {
    ...decoderRepoFiles(src, '---\nlicense: mit\n---\n# tiny gpt2\n'),
    // Other frameworks' weights are skipped when the repo has ONNX files.
    'model.safetensors': { content: new Uint8Array(1000), lfs: true },
  };
  hub = await startHubMimic({
    [REPO]: { commit: 'c0ffee'.padEnd(40, '0'), files },
    'atelier-test/gated': { commit: 'a'.repeat(40), files: { 'config.json': files['config.json'] as MimicFile }, gated: true },
    'atelier-test/huge': { commit: 'b'.repeat(40), files: { ...files, [ONNX]: { ...(files[ONNX] as MimicFile), listedSize: 1e15 } } },
  });
});

afterAll(async () => {
  await hub.close();
  cleanup();
});

function open(data: string): Core {
  return createCore({
    dataDir: join(root, data),
    transport: 'cli',
    resourcesDir: join(root, 'no-resources'),
    worker: { env: { ...process.env, ATELIER_HUB_ENDPOINT: hub.url, HF_TOKEN: '' } },
  });
}

function reset(): void {
  hub.faults = {};
  hub.sent.clear();
  hub.requests.length = 0;
}

const download = (core: Core, params: Record<string, unknown> = {}) => callOk<Job>(core, 'models.download', { repo: REPO, ...params });


function progressed(core: Core, id: string, bytes: number): Promise<JobProgress> {
  return new Promise((resolve) => {
    const stop = core.bus.subscribe((name, data) => {
      const e = data as { id: string; progress: JobProgress };
      if (name === 'jobs.progress' && e.id === id && e.progress.done >= bytes && e.progress.done < e.progress.total) {
        stop();
        resolve(e.progress);
      }
    });
  });
}

const size = (p: string) => (files[p] as MimicFile).content.length;
const wanted = () => Object.keys(files).filter((p) => p !== 'model.safetensors');
const ranges = (path: string) => {
  const storage = `/storage/${createHash('sha256').update((files[path] as MimicFile).content).digest('hex')}`;
  return hub.requests.filter((r) => r.path === storage && r.range).map((r) => r.range);
};
const staged = (data: string) => join(root, data, 'models/.downloads', `${REPO.replace('/', '--')}@main`);

describe('models.download', () => {
  it('lists, follows the redirect, verifies every file and adds the model to the library', async () => {
    reset();
    const core = open('data-1');
    const progress: JobProgress[] = [];
    core.bus.subscribe((name, data) => {
      if (name === 'jobs.progress') progress.push((data as { progress: JobProgress }).progress);
    });
    const job = await jobEnded(core, (await download(core, { name: 'Tiny GPT-2 (Hub)' })).id);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const summary = job.result as DownloadSummary;
    const total = wanted().reduce((n, p) => n + size(p), 0);
    expect(summary).toEqual({ modelId: 'tiny-gpt-2-hub', repo: REPO, commit: 'c0ffee'.padEnd(40, '0'), sizeBytes: total, fetchedBytes: total, files: 7 });
    // Exactly the bytes of the files, once each; the safetensors file was never asked for.
    expect([...hub.sent.values()].reduce((a, b) => a + b, 0)).toBe(total);
    expect(hub.sent.has('model.safetensors')).toBe(false);
    expect(hub.requests[0]).toMatchObject({ path: `/api/models/${REPO}/revision/main` });
    expect(hub.requests.some((r) => r.path === `/${REPO}/resolve/${'c0ffee'.padEnd(40, '0')}/onnx/model.onnx`)).toBe(true);

    const model = (await core.call('models.get', { id: 'tiny-gpt-2-hub' })) as { ok: true; result: ModelDetail };
    expect(model.result).toMatchObject({ kind: 'text', source: 'copy', sourcePath: `hf://${REPO}@${'c0ffee'.padEnd(40, '0')}`, licence: 'mit', preflight: { status: 'ok', fit: 'fits' } });
    for (const f of model.result.files) expect(readFileSync(join(model.result.dir, f.path))).toEqual(Buffer.from((files[f.path] as MimicFile).content));
    expect(existsSync(staged('data-1'))).toBe(false);
    // Progress: bytes of the total, a rate, and the file being fetched; the last report is complete.
    expect(progress.some((p) => /^[\d.]+ [KMG]iB of [\d.]+ MiB( · [\d.]+ [KMG]iB\/s)?.* · (onnx\/model\.onnx|tokenizer\.json)$/.test(p.message ?? ''))).toBe(true);
    await core.close();
  }, 120_000);

  it('resumes with a Range request after the connection is cut mid-file (bytes ≤ size + one chunk)', async () => {
    reset();
    hub.faults = { cutAfter: { [ONNX]: 3_000_000 } };
    const core = open('data-2');
    const job = await jobEnded(core, (await download(core)).id);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    expect(ranges(ONNX)).toHaveLength(1);
    const resumedAt = Number(/bytes=(\d+)-/.exec(ranges(ONNX)[0] ?? '')?.[1]);
    // Every byte that arrived before the cut was kept: the resume starts right after it.
    expect(resumedAt).toBe(3_000_000);
    expect(hub.sent.get(ONNX)).toBeLessThanOrEqual(size(ONNX) + CHUNK);
    expect((job.result as DownloadSummary).fetchedBytes).toBe(wanted().reduce((n, p) => n + size(p), 0));
    await core.close();
  }, 120_000);

  it('a corrupted byte fails the job with the reason and discards the file; nothing joins the library', async () => {
    reset();
    hub.faults = { corruptAt: { [ONNX]: 123_456 } };
    const core = open('data-3');
    const job = await jobEnded(core, (await download(core)).id);
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/^onnx\/model\.onnx: sha256 mismatch \(expected [0-9a-f]{64}, got [0-9a-f]{64}\); the file was discarded$/),
    });
    expect(readdirSync(join(staged('data-3'), 'onnx'))).toEqual([]);
    expect(core.store.models.list()).toEqual([]);
    // Fixed at the source: a new request fetches only the discarded file again.
    reset();
    const again = await jobEnded(core, (await download(core)).id);
    expect(again.status, JSON.stringify(again.error)).toBe('done');
    expect([...hub.sent.keys()]).toEqual([ONNX]);
    await core.close();
  }, 120_000);

  it('pauses (cancel keeps the partial file) and resumes where it stopped', async () => {
    reset();
    hub.faults = { chunkBytes: 128 * 1024, chunkDelayMs: 40 };
    const core = open('data-4');
    const first = await download(core);
    await progressed(core, first.id, 3_000_000);
    await core.call('jobs.cancel', { id: first.id });
    expect((await jobEnded(core, first.id)).status).toBe('cancelled');
    const part = join(staged('data-4'), `${ONNX}.part`);
    expect(existsSync(part)).toBe(true);
    expect(core.store.models.list()).toEqual([]);
    hub.faults = {};
    const second = await jobEnded(core, (await download(core)).id);
    expect(second.status, JSON.stringify(second.error)).toBe('done');
    const resumedAt = Number(/bytes=(\d+)-/.exec(ranges(ONNX).at(-1) ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(1_000_000);
    expect((second.result as DownloadSummary).fetchedBytes).toBe(size(ONNX) - resumedAt);
    await core.close();
  }, 120_000);

  it('a host restart mid-download resumes the job from the bytes on disk', async () => {
    reset();
    hub.faults = { chunkBytes: 128 * 1024, chunkDelayMs: 40 };
    const core = open('data-5');
    const job = await download(core);
    await progressed(core, job.id, 3_000_000);
    await core.close();
    expect(core.store.db.open).toBe(false);
    hub.faults = {};
    const after = open('data-5');
    const end = await jobEnded(after, job.id);
    expect(end.status, JSON.stringify(end.error)).toBe('done');
    expect(end.attempts).toBe(2);
    // One Range request from what was on disk; after the restart only the rest was fetched (what
    // was in flight in socket buffers when the first process died is the only byte count lost).
    expect(ranges(ONNX)).toHaveLength(1);
    const resumedAt = Number(/bytes=(\d+)-/.exec(ranges(ONNX)[0] ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(500_000);
    expect((end.result as DownloadSummary).fetchedBytes).toBe(size(ONNX) - resumedAt);
    expect((await after.call('models.list', {})) as { ok: true; result: LibraryModel[] }).toMatchObject({ result: [{ id: 'tiny-gpt2', source: 'copy' }] });
    await after.close();
  }, 120_000);

  it('checks disk space first, and reports unknown or gated repositories', async () => {
    reset();
    const core = open('data-6');
    const huge = await jobEnded(core, (await download(core, { repo: 'atelier-test/huge' })).id);
    expect(huge.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^Not enough disk space: the download needs [\d.]+ GiB more/) });
    expect(hub.sent.size).toBe(0);
    const missing = await jobEnded(core, (await download(core, { repo: 'atelier-test/nope' })).id);
    expect(missing.error).toEqual({ code: 'NOT_FOUND', message: 'atelier-test/nope@main: not found (404) — Repository not found' });
    const gated = await jobEnded(core, (await download(core, { repo: 'atelier-test/gated' })).id);
    expect(gated.error?.message).toMatch(/access denied \(401\); the repository may be gated or private — set HF_TOKEN/);
    for (const bad of [{ repo: '../etc' }, { repo: 'a/b', revision: '../../x' }, { repo: 'a/b', include: [''] }]) {
      const r = await core.call('models.download', bad);
      expect(r.ok === false && r.error.code).toBe('BAD_INPUT');
    }
    await core.close();
  }, 120_000);

  it('atelier models download REPO [--include GLOB] --json, through the same code in the CLI process', async () => {
    reset();
    // spawn (not spawnSync): the Hub mimic runs in this process and must keep answering.
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn('npm', ['run', '--silent', 'atelier', '--', 'models', ...args, '--data', join(root, 'data-cli')], {
          cwd: ROOT,
          env: { ...process.env, ATELIER_HUB_ENDPOINT: hub.url, HF_TOKEN: '' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const r = await cli(['download', REPO, '--include', '*.json', '--include', 'onnx/*.onnx', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ modelId: 'tiny-gpt2', repo: REPO, files: 6, model: { id: 'tiny-gpt2', kind: 'text', preflight: { status: 'ok' } } });
    expect(hub.sent.has('README.md')).toBe(false);
    const missing = await cli(['download', 'atelier-test/nope']);
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'atelier: atelier-test/nope@main: not found (404) — Repository not found\n' });
    const usage = await cli(['download', '../etc']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^atelier: repo: must be a Hub repository id like owner\/name/);
  }, 120_000);
});
