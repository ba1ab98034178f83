// Rewriting a selection with an instruct model's chat template, and memory before the text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerateTextRequest } from '../../shared/contract/generate';
import { modelInput } from '../../electron/engine/jobs/generate-text';
import { TextModel } from '../../electron/engine/text/text-model';
import { TINY_LLAMA, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { tempDir } from '../support/tmp';

const t = tempDir();
let chat: TextModel;
let plain: TextModel;

beforeAll(async () => {
  writeDecoderFolder(join(t.dir, 'chat'), TINY_LLAMA);
  writeDecoderFolder(join(t.dir, 'plain'), TINY_LLAMA);
  const cfgPath = join(t.dir, 'chat', 'tokenizer_config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
  cfg.chat_template =
    "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}<<SYS>>{{ m['content'] }}<</SYS>>{% elif m['role'] == 'user' %}[INST] {{ m['content'] }} [/INST]{% endif %}{% endfor %}";
  writeFileSync(cfgPath, JSON.stringify(cfg));
  chat = await TextModel.load(join(t.dir, 'chat'), { provider: 'cpu' });
  plain = await TextModel.load(join(t.dir, 'plain'), { provider: 'cpu' });
});
afterAll(async () => {
  await chat.dispose();
  await plain.dispose();
  t.cleanup();
});

const req = (over: object) => GenerateTextRequest.parse({ documentId: 'd', prompt: 'Before. ', suffix: ' After.', ...over });

describe('model input', () => {
  it('puts memory before the text when continuing', () => {
    expect(modelInput(req({ memory: 'A story about a lighthouse.' }), plain.tokenizer)).toBe('A story about a lighthouse.\n\nBefore. ');
    expect(modelInput(req({}), plain.tokenizer)).toBe('Before. ');
  });

  it('renders a rewrite through the chat template', () => {
    const text = modelInput(req({ memory: 'Be terse.', rewrite: { selection: 'the old house', instruction: 'Make it grim' } }), chat.tokenizer);
    expect(text).toBe('<s><<SYS>>Be terse.<</SYS>>[INST] Make it grim\n\nthe old house [/INST]');
    // Encoded without adding a second BOS: the template already has it.
    const ids = chat.tokenizer.encode(text, false);
    expect(ids.filter((id) => id === 1)).toHaveLength(1);
  });

  it('refuses a rewrite on a model without a chat template', () => {
    expect(() => modelInput(req({ rewrite: { selection: 'x', instruction: 'y' } }), plain.tokenizer)).toThrow(/instruct model with a chat template/);
  });
});
