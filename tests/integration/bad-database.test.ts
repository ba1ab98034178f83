// Bad database files as a user meets them: through the `atelier` CLI and the real browser host.
// A newer schema is refused with every byte left alone; a damaged database is moved aside and the
// newest backup restored, and both the CLI and system.status (what the UI shows) say so exactly.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Project, SystemStatus } from '../../shared/contract';
import { LATEST_VERSION } from '../../electron/store/migrations';
import { CLI, ROOT, startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect } from '../support/ws-client';

const temps: { cleanup: () => void }[] = [];
const hosts: HostProcess[] = [];
afterAll(async () => {
  for (const h of hosts) await h.stop('SIGKILL');
  for (const t of temps) t.cleanup();
});

function folder() {
  const t = tempDir();
  temps.push(t);
  return { dir: t.dir, db: join(t.dir, 'atelier.db') };
}

function atelier(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a database from a newer Atelier', () => {
  it('is refused by the CLI and the host, and not one byte changes', () => {
    const { dir, db } = folder();
    expect(atelier(['projects', 'create', 'Written by v-next', '--data', dir]).code).toBe(0);
    const future = new Database(db);
    future.pragma(`user_version = ${LATEST_VERSION + 1}`);
    future.close();
    const files = readdirSync(dir).sort();
    const before = files.map((f) => hash(join(dir, f)));

    for (const args of [['projects', 'list'], ['status', '--json'], ['serve', '--port', '0']]) {
      const r = atelier([...args, '--data', dir]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`atelier: ${db} was written by a newer Atelier (schema ${LATEST_VERSION + 1}; this app knows ${LATEST_VERSION})`);
      expect(r.stderr).toContain('Update Atelier to open it.');
    }
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(files.map((f) => hash(join(dir, f)))).toEqual(before);
  });
});

describe('a damaged database', () => {
  it('is replaced by the newest backup; the CLI and system.status name both files', async () => {
    const { dir, db } = folder();
    expect(atelier(['projects', 'create', 'Backed up', '--data', dir]).code).toBe(0);
    // The next start finds no backup younger than a day and takes one (it holds 'Backed up').
    expect(atelier(['projects', 'create', 'After the backup', '--data', dir]).code).toBe(0);
    const [backup] = readdirSync(join(dir, 'backups'));
    expect(backup).toMatch(/^atelier-.+-daily\.db$/);

    // Damage every table page (the first page, with the header and schema, stays readable).
    const bytes = readFileSync(db);
    bytes.fill(0xa5, bytes.readUInt16BE(16));
    writeFileSync(db, bytes);
    const damaged = hash(db);

    const host = await startHostProcess(['--data', dir, '--port', '0']);
    hosts.push(host);
    const brokenName = readdirSync(dir).find((f) => /^atelier-broken-.+\.db$/.test(f));
    expect(brokenName).toBeDefined();
    const brokenPath = join(dir, brokenName!);
    expect(hash(brokenPath)).toBe(damaged);
    expect(host.stderr()).toContain(`atelier: the database was recovered: The database was damaged (`);
    expect(host.stderr()).toContain(`It was moved to ${brokenPath} and the backup from `);

    const ws = await connect(host.port, { Authorization: `Bearer ${host.token}` });
    const status = (await ws.call('system.status', {})) as { ok: true; result: SystemStatus };
    expect(status.result.notices).toHaveLength(1);
    expect(status.result.notices[0]).toMatchObject({ kind: 'restored', brokenPath, backupPath: join(dir, 'backups', backup!) });
    const projects = (await ws.call('projects.list', {})) as { ok: true; result: Project[] };
    expect(projects.result.map((p) => p.name)).toEqual(['Welcome', 'Backed up']);
    // Usable afterwards: a new project is saved and listed.
    expect((await ws.call('projects.create', { name: 'After the recovery' })).ok).toBe(true);
    await ws.close();
    await host.stop('SIGTERM');

    const list = atelier(['projects', 'list', '--json', '--data', dir]);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe(''); // recovered once; a normal start says nothing
    expect((JSON.parse(list.stdout) as Project[]).map((p) => p.name)).toEqual(['Welcome', 'Backed up', 'After the recovery']);
    expect(existsSync(brokenPath)).toBe(true);
  });

  it('that is not a database at all starts fresh, keeps the file and says so', () => {
    const { dir, db } = folder();
    const junk = Buffer.from('This was a spreadsheet someone saved over atelier.db\n'.repeat(100));
    writeFileSync(db, junk);
    const r = atelier(['projects', 'list', '--json', '--data', dir]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Project[]).map((p) => p.name)).toEqual(['Welcome']);
    const broken = readdirSync(dir).find((f) => f.startsWith('atelier-broken-'))!;
    expect(r.stderr).toContain(
      `atelier: the database was recovered: The database was damaged (file is not a database (no SQLite header)) and no usable backup was found. It was moved to ${join(dir, broken)}`,
    );
    expect(readFileSync(join(dir, broken))).toEqual(junk);
  });
});
