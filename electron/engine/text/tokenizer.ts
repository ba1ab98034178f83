// Tokenization through @huggingface/tokenizers on the model's own tokenizer.json; special tokens
// are added exactly as its post-processor says. Chat templates render with @huggingface/jinja.
import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';
import { AtelierError } from '../../../shared/errors';
import type { TextModelFolder } from './model-folder';

const ids = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : typeof v === 'number' ? [v] : [];

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export class TextTokenizer {
  private readonly tok: Tokenizer;
  readonly eosIds: number[];
  readonly bosId: number | null;
  private readonly chatTemplate: string | null;

  constructor(folder: Pick<TextModelFolder, 'tokenizerJson' | 'tokenizerConfig' | 'config' | 'generationConfig' | 'name'>) {
    try {
      this.tok = new Tokenizer(folder.tokenizerJson, folder.tokenizerConfig);
    } catch (err) {
      throw new AtelierError('MODEL_INVALID', `tokenizer.json of ${folder.name} could not be loaded: ${(err as Error).message}`);
    }
    const eos = ids(folder.generationConfig.eos_token_id);
    this.eosIds = eos.length ? eos : ids(folder.config.eos_token_id);
    const special = (key: string): number[] => {
      const v = folder.tokenizerConfig[key];
      const content = typeof v === 'string' ? v : typeof v === 'object' && v && 'content' in v ? String((v as { content: unknown }).content) : null;
      const id = content === null ? undefined : this.tok.token_to_id(content);
      return id === undefined ? [] : [id];
    };
    if (this.eosIds.length === 0) this.eosIds = special('eos_token');
    this.bosId = ids(folder.generationConfig.bos_token_id)[0] ?? ids(folder.config.bos_token_id)[0] ?? special('bos_token')[0] ?? null;
    const tpl = folder.tokenizerConfig.chat_template;
    this.chatTemplate = typeof tpl === 'string' ? tpl : null;
  }

  encode(text: string, addSpecialTokens = true): number[] {
    return this.tok.encode(text, { add_special_tokens: addSpecialTokens }).ids;
  }

  decode(tokenIds: readonly number[], skipSpecialTokens = true): string {
    return this.tok.decode([...tokenIds], { skip_special_tokens: skipSpecialTokens, clean_up_tokenization_spaces: false });
  }

  /**
   * Text that `id` adds after `context` (the tokens before it). Decoding in context keeps the
   * leading spaces that SentencePiece-style decoders drop at the start of a string.
   */
  textAfter(context: readonly number[], id: number): string {
    const tail = context.slice(-3);
    const before = this.decode(tail);
    const after = this.decode([...tail, id]);
    return after.startsWith(before) ? after.slice(before.length) : this.decode([id]);
  }

  get hasChatTemplate(): boolean {
    return this.chatTemplate !== null;
  }

  applyChatTemplate(messages: ChatMessage[], addGenerationPrompt = true): string {
    if (!this.chatTemplate) throw new AtelierError('BAD_INPUT', 'This model has no chat template; it is not an instruct model');
    const token = (id: number | null) => (id === null ? '' : (this.tok.id_to_token(id) ?? ''));
    return new Template(this.chatTemplate).render({
      messages,
      add_generation_prompt: addGenerationPrompt,
      bos_token: token(this.bosId),
      eos_token: token(this.eosIds[0] ?? null),
    });
  }
}
