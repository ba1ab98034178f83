// The `atelier` CLI as a user runs it from the repo: `npm run --silent atelier -- ARGS`.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, startHostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';

function atelier(args: string[]) {
  const r = spawnSync('npm', ['run', '--silent', 'atelier', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('atelier CLI', () => {
  it('prints status --json as exactly one JSON document', () => {
    const t = tempDir();
    const r = atelier(['status', '--json', '--data', t.dir]);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status).toMatchObject({ dataDir: t.dir, transport: 'cli', ortVersion: '1.30.0' });
    expect(status.executionProviders.map((e: { name: string }) => e.name)).toContain('cpu');
    t.cleanup();
  });

  it('creates and lists projects, with --json', () => {
    const t = tempDir();
    const created = atelier(['projects', 'create', 'My novel', '--json', '--data', t.dir]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'My novel', deletedAt: null });
    const list = JSON.parse(atelier(['projects', 'list', '--json', '--data', t.dir]).stdout) as { name: string }[];
    expect(list.map((p) => p.name)).toEqual(['Welcome', 'My novel']);
    t.cleanup();
  });

  it('exits 2 with a clear message on bad arguments', () => {
    for (const args of [['frobnicate'], ['projects', 'delete'], ['projects', 'create'], ['status', '--bogus'], ['serve', '--port', 'abc'], ['projects', 'create', '   ']]) {
      const r = atelier(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^atelier: .+/);
      expect(r.stdout).toBe('');
    }
  });

  it('serve prints exactly one line, and warns on stderr when listening beyond loopback', async () => {
    const t = tempDir();
    const host = await startHostProcess(['--data', t.dir, '--port', '0', '--token', 'fixed-token-for-scripts-0123']);
    expect(host.token).toBe('fixed-token-for-scripts-0123');
    expect(host.host).toBe('127.0.0.1');
    expect(host.stderr()).toBe('');
    expect(host.stdout().trimEnd().split('\n')).toHaveLength(1);
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(401);
    await host.stop();
    // Another loopback address stands in for "elsewhere": the host must warn before serving there.
    const wide = await startHostProcess(['--data', t.dir, '--port', '0', '--host', '127.0.0.2']);
    expect(wide.host).toBe('127.0.0.2');
    expect(wide.stderr()).toMatch(/Warning: listening on 127\.0\.0\.2 makes Atelier reachable from other machines/);
    expect(wide.stdout().trimEnd().split('\n')).toHaveLength(1);
    await wide.stop();
    t.cleanup();
  });
});
