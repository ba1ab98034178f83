// A batch whose second image cannot be written: the first is kept as a version, the failure says
// how many were saved, and nothing half-written stays in the artifact folder.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { EventBus } from '../../electron/host/events';
import { saveGeneratedImages } from '../../electron/host/image-generation';
import { openStore } from '../../electron/store';
import { sha256 } from '../../electron/store/artifacts';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

describe('saving a batch of images', () => {
  it('keeps the images saved before a write fails and says how many', () => {
    const store = openStore(t.dir, { welcome: false });
    const project = store.projects.create('Batch');
    const board = store.documents.create(project.id, 'image', 'Board');
    const pngs = [Buffer.from('first image bytes'), Buffer.from('second image bytes')];
    // The second image's folder name is taken by a file, so writing it fails.
    const second = sha256(pngs[1]!);
    mkdirSync(join(t.dir, 'artifacts'), { recursive: true });
    writeFileSync(join(t.dir, 'artifacts', second.slice(0, 2)), 'in the way');
    const changed: unknown[] = [];
    const bus = new EventBus();
    bus.subscribe((event, data) => event === 'history.changed' && changed.push(data));
    const job = { payload: { request: { documentId: board.id, parentId: null, initIterationId: null } } } as unknown as Job;
    const recipe = { kind: 'image', seed: 1 };
    let error: unknown;
    try {
      saveGeneratedImages(store, bus)(job, { images: pngs.map((png) => ({ png, recipe })) }, 'done');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(AtelierError);
    expect((error as Error).message).toMatch(/^1 of 2 images were saved; /);
    const versions = store.history.graph(board.id).iterations;
    expect(versions.map((v) => v.artifactId)).toEqual([sha256(pngs[0]!)]);
    expect(changed).toEqual([{ documentId: board.id, iterationIds: [versions[0]!.id], change: 'added' }]);
    expect(readdirSync(join(t.dir, 'artifacts'), { recursive: true }).filter((f) => String(f).includes('.tmp'))).toEqual([]);
    store.close();
  });
});
