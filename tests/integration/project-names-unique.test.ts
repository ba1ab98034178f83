// Two live projects may not share a name (letter case and the spaces around it aside): the sidebar
// showed two identical "Novel" rows and the command line refused to act by that name. Through the
// host's handler table and the real `atelier` process. Folders an older Atelier left with two
// same-named projects still load, and either one can be renamed (nothing is renamed silently).
import { afterAll, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/contract';
import { runAtelier } from '../support/cli-run';
import { useTestCore } from '../support/test-core';
import { tempDir } from '../support/tmp';

const h = useTestCore({ options: { runJobs: false } });
const t = tempDir();
afterAll(() => t.cleanup());

const names = async () => (await h.call<Project[]>('projects.list', {})).map((p) => p.name);

describe('project names are unique among live projects', () => {
  it('refuses a name another project has on create, case-insensitively and trimmed', async () => {
    const novel = await h.call<Project>('projects.create', { name: 'Novel' });
    for (const name of ['Novel', 'novel', '  NOVEL  ']) {
      expect(await h.fails('projects.create', { name })).toMatchObject({ code: 'BAD_INPUT', message: "A project named 'Novel' already exists; choose another name" });
    }
    expect((await names()).filter((n) => n.toLowerCase() === 'novel')).toEqual(['Novel']);
    // A name in the trash is free again, and restoring that project is never refused.
    await h.call('projects.trash', { id: novel.id });
    const second = await h.call<Project>('projects.create', { name: 'Novel' });
    expect(await h.call<Project>('projects.restore', { id: novel.id })).toMatchObject({ name: 'Novel', deletedAt: null });
    await h.call('projects.trash', { id: second.id });
  });

  it('refuses renaming onto another project’s name, but not onto its own in another case', async () => {
    const saga = await h.call<Project>('projects.create', { name: 'Saga' });
    expect(await h.fails('projects.rename', { id: saga.id, name: ' welcome' })).toMatchObject({ code: 'BAD_INPUT', message: "A project named 'Welcome' already exists; choose another name" });
    expect(await h.call<Project>('projects.rename', { id: saga.id, name: 'SAGA' })).toMatchObject({ name: 'SAGA' });
    expect(await h.call<Project>('projects.rename', { id: saga.id, name: 'Saga' })).toMatchObject({ name: 'Saga' });
  });

  it('loads duplicates an older Atelier made and lets each be renamed, one to a free name', async () => {
    const insert = h.core.store.db.prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
    insert.run('old-draft-1', 'Draft', 1, 1);
    insert.run('old-draft-2', 'Draft', 2, 2);
    expect((await names()).filter((n) => n === 'Draft')).toHaveLength(2);
    // Saving a duplicate under the name it has is no clash; another taken name still is.
    expect(await h.call<Project>('projects.rename', { id: 'old-draft-1', name: 'Draft' })).toMatchObject({ name: 'Draft' });
    expect(await h.fails('projects.rename', { id: 'old-draft-1', name: 'Saga' })).toMatchObject({ code: 'BAD_INPUT' });
    expect(await h.call<Project>('projects.rename', { id: 'old-draft-2', name: 'Draft (second)' })).toMatchObject({ name: 'Draft (second)' });
    expect(await h.fails('projects.rename', { id: 'old-draft-2', name: 'draft' })).toMatchObject({ message: "A project named 'Draft' already exists; choose another name" });
  });

  it('`atelier projects create` refuses a taken name as a bad argument (exit 2)', async () => {
    const data = `${t.dir}/cli`;
    expect((await runAtelier(data, ['projects', 'create', 'Atlas'])).code).toBe(0);
    const again = await runAtelier(data, ['projects', 'create', 'atlas']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe("atelier: A project named 'Atlas' already exists; choose another name\nRun 'atelier projects create --help' for usage.\n");
    const list = await runAtelier(data, ['projects', 'list', '--json']);
    expect((JSON.parse(list.stdout) as Project[]).map((p) => p.name)).toEqual(['Welcome', 'Atlas']);
  });
});
