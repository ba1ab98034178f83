// The short crash loop (the full one is `npm run torture:crash`): one SIGKILL of the real host at
// each kind of point — the first start of an empty folder, the migrations of a schema-5 folder,
// an image file being written, a burst of commits, the save of finished images, a generation's
// steps — with a fixed seed, while the driver keeps committing, generating and moving and
// cancelling queued jobs. Nothing acknowledged over the WebSocket may be
// lost, no file may be left without a row, and the database must pass integrity_check throughout.
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashLoop } from '../torture/crash-loop';
import { tempDir } from '../support/tmp';

const t = tempDir('atelier-crash-');
afterAll(() => t.cleanup());

describe('crash loop (short)', () => {
  it('loses nothing and leaves no orphan over 7 SIGKILLs', { timeout: 240_000 }, async () => {
    const report = await runCrashLoop({
      crashes: 7,
      seed: 7,
      workDir: t.dir,
      oldVersions: 1500,
      points: ['first-start', 'file-write', 'migration', 'writes', 'save', 'generation', 'model-import'],
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ crashes: 7, lost: 0, orphans: 0, integrityFailures: 0, duplicates: 0 });
    expect(report.byPoint).toEqual({ 'first-start': 1, 'file-write': 1, migration: 1, writes: 1, save: 1, generation: 1, 'model-import': 1 });
    // The loop really drove the host: versions and jobs were acknowledged before the kills.
    expect(report.acknowledged.iterations).toBeGreaterThan(5);
    expect(report.acknowledged.jobs).toBeGreaterThan(3);
  });
});
