// `atelier generate text --prompt ""`: as the write view does for an empty document, the model
// writes from its start-of-text (BOS) token, and stderr says the prompt was empty (it wrote without
// a word before); a model without a BOS token refuses it as a bad argument (exit 2) with the reason,
// instead of failing with the engine's internal error. --json still prints exactly one document.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { runAtelier } from '../support/cli-run';
import { tempDir } from '../support/tmp';

/** Rewrites a JSON file of the model folder without the named keys. */
function dropKeys(file: string, keys: string[]): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const k of keys) delete json[k];
  writeFileSync(file, JSON.stringify(json));
}

describe('generate text with an empty prompt', () => {
  const t = tempDir();
  const withBos = join(t.dir, 'tiny-gpt2');
  const noBos = join(t.dir, 'no-bos-gpt2');
  writeDecoderFolder(withBos, TINY_GPT2);
  writeDecoderFolder(noBos, TINY_GPT2);
  dropKeys(join(noBos, 'config.json'), ['bos_token_id']);
  dropKeys(join(noBos, 'generation_config.json'), ['bos_token_id']);
  dropKeys(join(noBos, 'tokenizer_config.json'), ['bos_token']);
  const data = join(t.dir, 'data');
  const args = (model: string) => ['generate', 'text', '--prompt', '', '--model', model, '--max-tokens', '3', '--seed', '1', '--json'];

  afterAll(() => t.cleanup());

  it('writes from the BOS token and says so on stderr', { timeout: 60_000 }, async () => {
    const r = await runAtelier(data, args(withBos));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tokens: number; promptTokens: number };
    expect(out.promptTokens).toBe(1);
    expect(out.tokens).toBeGreaterThan(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('atelier:'))).toEqual(['atelier: the prompt is empty, so tiny-gpt2 wrote from the start of text (its BOS token)']);
  });

  it('refuses it with exit 2 when the model has no BOS token', { timeout: 60_000 }, async () => {
    const r = await runAtelier(data, args(noBos));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('atelier: the prompt is empty and no-bos-gpt2 has no start-of-text (BOS) token to write from; give --prompt some text to continue\n');
  });
});
