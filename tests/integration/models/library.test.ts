// The model library through the core: import by copy (atomic, hashed) and by reference, stable
// ids, listing with size/fit/quantisation/licence, trash and restore (starters refused), verify
// after a file changes, the fit verdict, and a preflight child that crashes or hangs.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, EventName, HistoryGraph, Job, LibraryModel, ModelDetail, Project, VerifyResult } from '../../../shared/contract';
import { createCore, type Core } from '../../../electron/host/core';
import { TINY_GPT2, writeDecoderFolder } from '../../fixtures/tiny-decoders';
import { writeTinyGanFolder, writeTinyUpscalerFolder } from '../../fixtures/tiny-library';
import { callOk as ok, jobEnded } from '../../support/core-calls';
import { realTempDir } from '../../support/tmp';

const { dir: root, cleanup } = realTempDir();
let resources: string;
const gpt2 = () => join(root, 'src/Tiny GPT-2');

const misbehave = resolve(__dirname, '../../support/preflight-misbehave.ts');

function open(extra: Partial<Parameters<typeof createCore>[0]> = {}, data = 'data'): Core {
  return createCore({ dataDir: join(root, data), transport: 'cli', runJobs: false, resourcesDir: resources, importRoots: [root], ...extra });
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => {
  resources = join(root, 'resources');
  writeTinyUpscalerFolder(join(resources, 'models/tiny-x2'));
  writeDecoderFolder(gpt2(), TINY_GPT2);
  writeFileSync(join(gpt2(), 'README.md'), '---\nlicense: mit\nlanguage: en\n---\n# Tiny GPT-2\n');
  writeTinyGanFolder(join(root, 'src/gan'));
});

afterAll(cleanup);

describe('model library', () => {
  it('lists starters with their facts; imports a copy atomically with every file hashed', async () => {
    const core = open();
    const events: { name: EventName; data: unknown }[] = [];
    core.bus.subscribe((name, data) => events.push({ name, data }));
    const [starter] = await ok<LibraryModel[]>(core, 'models.list', {});
    expect(starter).toMatchObject({ id: 'tiny-x2', name: 'Tiny ×2', kind: 'upscaler', starter: true, source: 'starter', licence: 'apache-2.0', modelCard: true, quantisation: 'fp32', preflight: { status: 'unchecked' } });
    expect(starter?.sizeBytes).toBeGreaterThan(0);

    const m = await ok<ModelDetail>(core, 'models.import', { path: gpt2() });
    expect(m).toMatchObject({
      id: 'tiny-gpt-2',
      name: 'Tiny GPT-2',
      kind: 'text',
      starter: false,
      source: 'copy',
      sourcePath: gpt2(),
      dir: join(root, 'data/models/tiny-gpt-2'),
      architecture: 'gpt2',
      quantisation: 'fp32',
      licence: 'mit',
      modelCard: true,
      preflight: { status: 'ok', fit: 'fits', problems: 0 },
    });
    expect(m.files.map((f) => f.path)).toEqual([
      'README.md',
      'config.json',
      'generation_config.json',
      'onnx/model.onnx',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    for (const f of m.files) {
      expect(f.sha256).toBe(sha(join(gpt2(), f.path)));
      expect(sha(join(m.dir, f.path))).toBe(f.sha256);
    }
    expect(m.sizeBytes).toBe(m.files.reduce((n, f) => n + f.size, 0));
    expect(m.preflightResult?.facts).toMatchObject({ architecture: 'gpt2', layers: 2, vocabSize: 50257, tokenizerVocab: 50257, contextLength: 128 });
    expect(m.preflightResult?.memory?.weightsBytes).toBe(m.files.find((f) => f.path === 'onnx/model.onnx')?.size);
    expect(readdirSync(join(root, 'data/models'))).toEqual(['tiny-gpt-2']);
    expect(events).toEqual([{ name: 'models.changed', data: { id: 'tiny-gpt-2' } }]);

    // The registry resolves it for generation (its id goes into recipes).
    expect(core.models.resolve('tiny-gpt-2', ['text']).dir).toBe(m.dir);
    const list = await ok<LibraryModel[]>(core, 'models.list', {});
    expect(list.map((x) => [x.id, x.starter])).toEqual([
      ['tiny-x2', true],
      ['tiny-gpt-2', false],
    ]);
    // Importing the same folder again is a conflict; another folder with the same name gets -2.
    const again = await core.call('models.import', { path: gpt2() });
    expect(again.ok === false && again.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already in the library as 'tiny-gpt-2'/) });
    cpSync(gpt2(), join(root, 'src/other/Tiny GPT-2'), { recursive: true });
    expect((await ok<ModelDetail>(core, 'models.import', { path: join(root, 'src/other/Tiny GPT-2'), mode: 'reference' })).id).toBe('tiny-gpt-2-2');
    expect((await ok<ModelDetail>(core, 'models.import', { path: join(root, 'src/gan'), mode: 'reference', name: 'Fashion GAN' })).id).toBe('fashion-gan');
    await core.close();

    // A restart reads the same library back.
    const again2 = open();
    expect((await ok<LibraryModel[]>(again2, 'models.list', {})).map((x) => x.id)).toEqual(['tiny-x2', 'tiny-gpt-2', 'tiny-gpt-2-2', 'fashion-gan']);
    await again2.close();
  });

  it('moves imported models to the trash and back; starters cannot be removed', async () => {
    const core = open();
    const removed = await ok<LibraryModel>(core, 'models.remove', { id: 'fashion-gan' });
    expect(removed.deletedAt).toBeGreaterThan(0);
    expect((await ok<LibraryModel[]>(core, 'models.list', {})).map((x) => x.id)).not.toContain('fashion-gan');
    expect((await ok<LibraryModel[]>(core, 'models.list', { trashed: true })).map((x) => x.id)).toEqual(['fashion-gan']);
    expect(() => core.models.resolve('fashion-gan')).toThrow(/No model 'fashion-gan'/);
    expect(existsSync(join(root, 'src/gan/generator.onnx'))).toBe(true);
    expect((await ok<LibraryModel>(core, 'models.restore', { id: 'fashion-gan' })).deletedAt).toBeNull();
    expect(core.models.resolve('fashion-gan', ['gan']).kind).toBe('gan');

    const starter = await core.call('models.remove', { id: 'tiny-x2' });
    expect(starter.ok === false && starter.error).toEqual({ code: 'CONFLICT', message: "'tiny-x2' is a starter model; starter models cannot be removed" });
    const unknown = await core.call('models.remove', { id: 'nope' });
    expect(unknown.ok === false && unknown.error.code).toBe('NOT_FOUND');
    const bad = await core.call('models.remove', { id: '../etc' });
    expect(bad.ok === false && bad.error.code).toBe('BAD_INPUT');
    await core.close();
  });

  it('verify re-hashes the files and finds what changed; the result is stored', async () => {
    const core = open();
    const fine = await ok<VerifyResult>(core, 'models.verify', { id: 'tiny-gpt-2-2' });
    expect(fine).toMatchObject({ id: 'tiny-gpt-2-2', ok: true, problems: [] });
    const starter = await ok<VerifyResult>(core, 'models.verify', { id: 'tiny-x2' });
    expect(starter.ok).toBe(true);
    expect((await ok<LibraryModel[]>(core, 'models.list', {}))[0]?.preflight).toMatchObject({ status: 'ok', fit: 'fits' });

    const referenced = join(root, 'src/other/Tiny GPT-2');
    const config = JSON.parse(readFileSync(join(referenced, 'config.json'), 'utf8'));
    writeFileSync(join(referenced, 'config.json'), JSON.stringify({ ...config, vocab_size: 50000 }));
    rmSync(join(referenced, 'generation_config.json'));
    const bad = await ok<VerifyResult>(core, 'models.verify', { id: 'tiny-gpt-2-2' });
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.file)).toEqual(['config.json', 'generation_config.json', 'tokenizer.json', 'onnx/model.onnx']);
    expect(bad.problems[0]?.message).toMatch(/^config\.json changed since import \(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now; \d+ → \d+ bytes\)/);
    expect(bad.problems[1]?.message).toBe('generation_config.json is missing (it was there at import)');
    expect(bad.problems[3]?.message).toMatch(/logits have 50257 columns but config\.json says vocab_size 50000/);
    const listed = (await ok<LibraryModel[]>(core, 'models.list', {})).find((x) => x.id === 'tiny-gpt-2-2');
    expect(listed?.preflight).toMatchObject({ status: 'failed', problems: 4 });

    rmSync(referenced, { recursive: true });
    const gone = await ok<VerifyResult>(core, 'models.verify', { id: 'tiny-gpt-2-2' });
    expect(gone.problems).toEqual([{ file: null, message: `The model folder ${referenced} is gone (moved or deleted)` }]);
    await core.close();
  });

  it('says whether a model fits: fits, may be slow, won\'t fit (and then does not open it)', async () => {
    const gib = 2 ** 30;
    const tight = open({ preflight: { options: { freeBytes: 20e6, totalMemoryBytes: 4 * gib } } }, 'data-tight');
    const slow = await ok<ModelDetail>(tight, 'models.import', { path: gpt2(), mode: 'reference' });
    expect(slow.preflight).toMatchObject({ status: 'warnings', fit: 'may-be-slow' });
    expect(slow.preflightResult?.warnings[0]?.message).toMatch(/^needs about \d+ MiB with 19 MiB free: it may be slow/);
    await tight.close();
    const tiny = open({ preflight: { options: { freeBytes: 1e6, totalMemoryBytes: 2e6 } } }, 'data-tiny');
    const wont = await ok<ModelDetail>(tiny, 'models.import', { path: gpt2(), mode: 'reference' });
    expect(wont.preflight).toMatchObject({ status: 'warnings', fit: 'wont-fit' });
    expect(wont.preflightResult?.files[0]).toMatchObject({ file: 'onnx/model.onnx', opset: 17, openMs: null, inputs: [] });
    expect(wont.preflightResult?.warnings[0]?.message).toMatch(/it won't fit; the ONNX files were not opened/);
    await tiny.close();
  });

  it('a preflight child that crashes or hangs gives MODEL_INVALID and the host keeps serving', async () => {
    const crash = open({ preflight: { entry: misbehave, env: { ...process.env, PREFLIGHT_MISBEHAVE: 'abort' } } }, 'data-crash');
    const before = JSON.stringify(crash.store.models.list());
    const reply = await crash.call('models.import', { path: join(root, 'src/gan') });
    expect(reply.ok === false && reply.error).toEqual({
      code: 'MODEL_INVALID',
      message: 'The preflight process crashed while opening this model (it was killed by SIGKILL): libc++abi: terminating: simulated native crash in onnxruntime',
    });
    expect(JSON.stringify(crash.store.models.list())).toBe(before);
    expect(existsSync(join(root, 'data-crash/models')) ? readdirSync(join(root, 'data-crash/models')) : []).toEqual([]);
    expect((await crash.call('system.status', {})).ok).toBe(true);
    const verify = await ok<VerifyResult>(crash, 'models.verify', { id: 'tiny-x2' });
    expect(verify).toMatchObject({ ok: false, problems: [{ file: null, message: expect.stringMatching(/^The preflight process crashed/) }] });
    await crash.close();

    const hang = open({ preflight: { entry: misbehave, env: { ...process.env, PREFLIGHT_MISBEHAVE: 'hang' }, timeoutMs: 1500 } }, 'data-hang');
    const t0 = Date.now();
    const hung = await hang.call('models.import', { path: join(root, 'src/gan'), mode: 'reference' });
    expect(hung.ok === false && hung.error.code).toBe('MODEL_INVALID');
    expect(hung.ok === false && hung.error.message).toMatch(/^The preflight did not finish within 2 s and was stopped/);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(hang.store.models.list()).toEqual([]);
    expect((await hang.call('projects.list', {})).ok).toBe(true);
    await hang.close();
  });

  it('an imported model generates by its id, and the recipe records that id', async () => {
    const core = open({ runJobs: true }, 'data-gen');
    const m = await ok<ModelDetail>(core, 'models.import', { path: gpt2() });
    const project = await ok<Project>(core, 'projects.create', { name: 'Novel' });
    const doc = await ok<DocumentInfo>(core, 'documents.create', { projectId: project.id, kind: 'text', title: 'Ch 1', text: 'The old house' });
    const started = await ok<Job>(core, 'generate.text', { documentId: doc.id, prompt: 'The old house', model: m.id, settings: { maxNewTokens: 4, seed: 1 } });
    const job = await jobEnded(core, started.id);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const graph = await ok<HistoryGraph>(core, 'history.graph', { documentId: doc.id });
    expect(graph.iterations.at(-1)?.recipe).toMatchObject({ kind: 'text', model: { id: 'tiny-gpt-2' } });
    await core.close();
  }, 120_000);

  it('moves half-copied folders left by a crash during an import to recovered/', () => {
    const staging = join(root, 'data/models/.importing-x-1234');
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'part'), 'x');
    const core = open();
    expect(existsSync(staging)).toBe(false);
    expect(readdirSync(join(root, 'data/models'))).toEqual(['tiny-gpt-2']);
    const [stamp] = readdirSync(join(root, 'data/recovered'));
    expect(readFileSync(join(root, 'data/recovered', stamp!, 'models/.importing-x-1234/part'), 'utf8')).toBe('x');
    void core.close();
  });
});
