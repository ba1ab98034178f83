// Bad files through the real host (WebSocket) and the CLI, as a user meets them: a full disk while
// an image is written, a damaged init image, corrupt / truncated / oversized / bomb PNGs dropped
// for their recipe. Each is a typed error; nothing saved before is lost, no partial file is left,
// and the next request succeeds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, HistoryGraph, ImageRecipe, Job } from '../../shared/contract';
import type { WireError } from '../../shared/errors';
import { readTextChunks } from '../../electron/engine/image/png-text';
import { embedRecipe } from '../../electron/engine/image/recipe-png';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { CLI, ROOT, startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect, type TestSocket } from '../support/ws-client';

const t = tempDir();
const data = join(t.dir, 'data');
const models = join(t.dir, 'models');
const faultFile = join(t.dir, 'fault');
let host: HostProcess;
let ws: TestSocket;
let board: DocumentInfo;

beforeAll(async () => {
  writeTinySdFolder(join(models, 'tiny-sd'), TINY_SD);
  // The host inherits this: while the fault file says ENOSPC, artifact writes fail half-way.
  process.env.ATELIER_FAULT_FILE = faultFile;
  host = await startHostProcess(['--data', data, '--port', '0', '--models', models]);
  ws = await connect(host.port, { Authorization: `Bearer ${host.token}` });
  const project = await ok<{ id: string }>('projects.create', { name: 'Bad files' });
  board = await ok<DocumentInfo>('documents.create', { projectId: project.id, kind: 'image', title: 'Board' });
}, 120_000);
afterAll(async () => {
  await ws?.close();
  await host?.stop('SIGKILL');
  t.cleanup();
});

async function ok<T>(method: string, params: unknown): Promise<T> {
  const r = await ws.call(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}
async function fails(method: string, params: unknown): Promise<WireError> {
  const r = await ws.call(method, params);
  expect(r.ok, method).toBe(false);
  return (r as { error: WireError }).error;
}

async function generate(over: object = {}): Promise<Job> {
  const job = await ok<Job>('generate.image', {
    documentId: board.id,
    model: 'tiny-sd',
    settings: { prompt: 'a red dress', steps: 2, cfg: 5, width: 64, height: 64, seed: 7 },
    ...over,
  });
  const end = await ws.waitForEvent(
    (e) => e.event === 'jobs.changed' && e.data.id === job.id && ['done', 'failed', 'cancelled'].includes(e.data.status),
    90_000,
  );
  return end.data as Job;
}

const versions = async () => (await ok<HistoryGraph>('history.graph', { documentId: board.id })).iterations;
const artifactFiles = () =>
  existsSync(join(data, 'artifacts')) ? readdirSync(join(data, 'artifacts'), { recursive: true, encoding: 'utf8' }).filter((f) => /[0-9a-f]{64}/.test(f)) : [];
const fileOf = (artifactId: string) => join(data, 'artifacts', artifactId.slice(0, 2), artifactId);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('a full disk while an image is written', () => {
  it('fails the job with DISK_FULL, keeps earlier versions, leaves no partial file, and the next one saves', async () => {
    const first = await generate();
    expect(first.status).toBe('done');
    const [kept] = await versions();
    const keptBytes = readFileSync(fileOf(kept!.artifactId));

    writeFileSync(faultFile, 'ENOSPC');
    const full = await generate({ settings: { prompt: 'a blue coat', steps: 2, width: 64, height: 64, seed: 8 } });
    expect(full.status).toBe('failed');
    expect(full.error).toEqual({
      code: 'DISK_FULL',
      message: 'The result could not be saved: The image could not be saved: the disk is full. Free some space and try again.',
    });
    expect((await versions()).map((v) => v.id)).toEqual([kept!.id]);
    expect(artifactFiles()).toEqual([join(kept!.artifactId.slice(0, 2), kept!.artifactId)]); // no .tmp left
    expect(sha(readFileSync(fileOf(kept!.artifactId)))).toBe(sha(keptBytes));

    rmSync(faultFile);
    const again = await generate({ settings: { prompt: 'a blue coat', steps: 2, width: 64, height: 64, seed: 8 } });
    expect(again.status).toBe('done');
    const after = await versions();
    expect(after).toHaveLength(2);
    for (const v of after) expect(sha(readFileSync(fileOf(v.artifactId)))).toBe(v.artifactId);
  });
});

describe('a damaged init image (img2img)', () => {
  it('is refused at once with the file named, and the undamaged versions still vary', async () => {
    const [a, b] = await versions();
    const path = fileOf(a!.artifactId);
    const original = readFileSync(path);
    writeFileSync(path, original.subarray(0, original.length >> 1));
    const err = await fails('generate.image', {
      documentId: board.id,
      model: 'tiny-sd',
      initIterationId: a!.id,
      settings: { prompt: 'a red dress', steps: 2, width: 64, height: 64, seed: 7, strength: 0.5 },
    });
    expect(err).toEqual({
      code: 'BAD_INPUT',
      message: `The image file ${path} is damaged (its bytes no longer match their checksum); choose another version`,
    });
    writeFileSync(path, original);
    const varied = await generate({ initIterationId: b!.id, settings: { prompt: 'a red dress', steps: 2, width: 64, height: 64, seed: 9, strength: 0.5 } });
    expect(varied.status).toBe('done');
  });
});

/** A chunk with a correct CRC. */
function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}
const beforeIend = (png: Buffer, extra: Buffer) => Buffer.concat([png.subarray(0, png.length - 12), extra, png.subarray(png.length - 12)]);

describe('PNGs dropped for their recipe (images.readRecipe)', () => {
  let png: Buffer;
  const read = (bytes: Buffer) => ws.call('images.readRecipe', { imageBase64: bytes.toString('base64') });

  beforeAll(async () => {
    const [v] = await versions();
    png = readFileSync(fileOf(v!.artifactId));
  });

  it('answers BAD_INPUT for a file that is not a PNG and for a truncated one', async () => {
    expect(await fails('images.readRecipe', { imageBase64: Buffer.from('GIF89a not a png at all').toString('base64') })).toEqual({ code: 'BAD_INPUT', message: 'Not a PNG, JPEG or WebP file' });
    const cut = await fails('images.readRecipe', { imageBase64: png.subarray(0, png.length - 40).toString('base64') });
    expect(cut.code).toBe('BAD_INPUT');
    expect(cut.message).toMatch(/^The PNG is truncated \(in its \w+ chunk\)$/);
  });

  it('skips a recipe chunk whose CRC fails and falls back to the A1111 text', async () => {
    // One flipped bit inside the recipe's prompt: still valid JSON, but no longer what was written.
    const at = png.indexOf('a red dress', png.indexOf('atelier-recipe'));
    const damaged = Buffer.from(png);
    damaged[at + 9] = damaged[at + 9]! ^ 0x20;
    expect(damaged.toString('latin1', at, at + 11)).toBe('a red dreSs');
    const r = (await read(damaged)) as { ok: true; result: { source: string; settings: { prompt: string; seed: number } } };
    expect(r.ok).toBe(true);
    expect(r.result).toMatchObject({ source: 'a1111', settings: { prompt: 'a red dress', seed: 7 } });
  });

  it('refuses a decompression bomb in a zTXt chunk without falling over', async () => {
    const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).png().toBuffer();
    const bomb = chunk('zTXt', Buffer.concat([Buffer.from('parameters\0\0', 'latin1'), deflateSync(Buffer.alloc(256 * 2 ** 20, 'a'), { level: 9 })]));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await read(beforeIend(tiny, bomb))).toMatchObject({ ok: true, result: null });
  });

  it('reads the recipe of a large (10 MB) PNG', async () => {
    const noise = Buffer.alloc(1900 * 1900 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const big = await sharp(noise, { raw: { width: 1900, height: 1900, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(big.length).toBeGreaterThan(10 * 2 ** 20);
    const recipe = JSON.parse(readTextChunks(png)['atelier-recipe']!) as ImageRecipe;
    const r = (await read(embedRecipe(big, recipe))) as { ok: true; result: { source: string; settings: { prompt: string } } | null };
    expect(r.ok).toBe(true);
    expect(r.result).toMatchObject({ source: 'atelier', settings: { prompt: 'a red dress' } });
  });
});

describe('bad init files on the command line (generate image --init)', () => {
  const atelier = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });

  it('exits 2 naming the problem before loading a model, and writes no output', async () => {
    const good = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#884422' } }).png().toBuffer();
    const huge = await sharp({ create: { width: 8200, height: 16, channels: 3, background: '#000' } }).png().toBuffer();
    const cases: [string, Buffer, RegExp][] = [
      ['corrupt.png', Buffer.from('\x89PNG\r\n\x1a\n this is not really a png'), /Not a readable image/],
      ['truncated.png', good.subarray(0, good.length - 30), /corrupt or truncated|Not a readable image/],
      ['huge.png', huge, /is 8200×16 pixels; at most 8192 pixels per side/],
    ];
    for (const [name, bytes, message] of cases) {
      const file = join(t.dir, name);
      writeFileSync(file, bytes);
      const out = join(t.dir, `${name}-out.png`);
      const r = atelier(['generate', 'image', '--model', join(models, 'tiny-sd'), '--prompt', 'a red dress', '--init', file, '--steps', '2', '--width', '64', '--height', '64', '--out', out]);
      expect(r.status, name).toBe(2);
      expect(r.stderr).toContain(`atelier: --init: ${file}: `);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    const init = join(t.dir, 'good.png');
    writeFileSync(init, good);
    const out = join(t.dir, 'good-out.png');
    const r = atelier(['generate', 'image', '--model', join(models, 'tiny-sd'), '--prompt', 'a red dress', '--init', init, '--steps', '2', '--width', '64', '--height', '64', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect((await sharp(out).metadata()).width).toBe(64);
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  }, 180_000);
});
