// The `atelier` CLI as a user runs it from the repo: `npm run --silent atelier -- ARGS`.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { TextModel } from '../../electron/engine/text/text-model';
import { TINY_LLAMA, greedyReference, writeDecoderFolder } from '../fixtures/tiny-decoders';
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

  // Six CLI processes in a row: allow for a loaded machine. A temp data folder keeps the
  // user's real one untouched by commands that get far enough to open it.
  it('exits 2 with a clear message on bad arguments', { timeout: 120_000 }, () => {
    const t = tempDir();
    for (const args of [['frobnicate'], ['projects', 'delete'], ['projects', 'create'], ['status', '--bogus'], ['serve', '--port', 'abc'], ['projects', 'create', '   ']]) {
      const r = atelier([...args, '--data', t.dir]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^atelier: .+/);
      expect(r.stdout).toBe('');
    }
    t.cleanup();
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

describe('atelier generate text', () => {
  it('prints one JSON object; --top-k 1 is greedy and equals the plain ORT loop', async () => {
    const t = tempDir();
    const dir = join(t.dir, 'tiny-llama');
    writeDecoderFolder(dir, TINY_LLAMA);
    const r = atelier(['generate', 'text', '--model', dir, '--prompt', 'Once upon a time', '--max-tokens', '8', '--top-k', '1', '--repetition-penalty', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ tokens: 8, stopReason: 'max-tokens', recipe: { kind: 'text', model: { id: 'tiny-llama' }, settings: { topK: 1, maxNewTokens: 8 } } });
    expect(out.recipe.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    const model = await TextModel.load(dir, { provider: 'cpu' });
    const promptIds = model.tokenizer.encode('Once upon a time');
    const want = await greedyReference(dir, promptIds, 8, { stopAtEos: false });
    expect(out.text).toBe(model.tokenizer.decode([...promptIds, ...want]).slice(model.tokenizer.decode(promptIds).length));
    await model.dispose();
    t.cleanup();
  });

  it('rejects bad settings with exit code 2', () => {
    for (const args of [['--prompt', 'x', '--top-k=-1'], ['--prompt', 'x', '--temperature', 'hot'], ['--max-tokens', '5'], ['--prompt', 'x', '--beams', '99']]) {
      const r = atelier(['generate', 'text', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^atelier: /);
    }
  });
});
