// `atelier generate text` stopped (Ctrl-C) before the model wrote its first token: it says so in
// words on stderr (an empty stdout must not read as a run that chose to write nothing), `--json`
// shows the row as stopped with no tokens, and the exit code is 130. The real engine runs in this
// process, as the command does; Ctrl-C is its SIGINT listener called as soon as it is added.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateText } from '../../electron/host/cli-generate';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { tempDir } from '../support/tmp';

const t = tempDir();
const model = join(t.dir, 'tiny-gpt2');
writeDecoderFolder(model, TINY_GPT2);
afterAll(() => t.cleanup());

/** Runs the command with Ctrl-C pressed the moment it listens for it: before the model has loaded. */
async function stoppedAtOnce(extra: string[]): Promise<{ code: number; out: string[]; err: string[]; written: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let written = '';
  let pressed = false;
  const press = (event: string | symbol, listener: (...args: unknown[]) => void) => {
    if (event !== 'SIGINT' || pressed) return;
    pressed = true;
    // After the command's synchronous start (its listener in place, the model load begun), before any token.
    queueMicrotask(() => listener('SIGINT'));
  };
  process.on('newListener', press);
  try {
    const args = ['--prompt', 'The harbour', '--model', model, '--max-tokens', '50', '--seed', '2', '--data', join(t.dir, 'data'), ...extra];
    const code = await generateText(args, { out: (s) => out.push(s), err: (s) => err.push(s), write: (s) => (written += s) });
    expect(pressed).toBe(true);
    return { code, out, err, written };
  } finally {
    process.off('newListener', press);
  }
}

describe('generate text stopped before its first token', () => {
  it('prints no text, says in words that nothing was written, and exits 130', { timeout: 60_000 }, async () => {
    const r = await stoppedAtOnce([]);
    expect(r.code).toBe(130);
    expect(r.written).toBe('');
    expect(r.out).toEqual(['']);
    expect(r.err).toEqual(['Stopped before the model wrote any text (0 tokens).']);
  });

  it('--json shows the row stopped with no tokens and no text', { timeout: 60_000 }, async () => {
    const r = await stoppedAtOnce(['--json']);
    expect(r.code).toBe(130);
    expect(r.out).toHaveLength(1);
    const json = JSON.parse(r.out[0]!) as Record<string, unknown>;
    expect(json).toMatchObject({ text: '', tokens: 0, stopReason: 'cancelled', truncatedPromptTokens: 0 });
    expect(json.recipe).toMatchObject({ kind: 'text', seed: 2 });
    expect(r.err).toEqual(['Stopped before the model wrote any text (0 tokens).']);
  });
});
