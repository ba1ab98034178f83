// A row's new text as its token ids arrive, whole characters only. Byte-level tokens can end part
// way through a UTF-8 character; the decoder writes that open sequence as U+FFFD, which `stable`
// leaves out until a later token completes it. Decoding happens in the prompt's context, because
// SentencePiece decoders drop the leading space at the start of a string.
import type { TextTokenizer } from './tokenizer';

/** `text` without a trailing character still being written. */
export const stable = (text: string): string => text.replace(/\uFFFD+$/, '');

/** The text of `newIds` after `context`: decode(context + new) minus decode(context). */
export function decodeAfter(tok: TextTokenizer, context: readonly number[], newIds: readonly number[]): string {
  const before = tok.decode(context);
  const all = tok.decode([...context, ...newIds]);
  return all.startsWith(before) ? all.slice(before.length) : tok.decode(newIds);
}

/**
 * One row's text, re-decoding only the ids since its last stable point, so a step costs the
 * window, not the whole row.
 */
export class RowText {
  private committed = '';
  private committedCount = 0;

  constructor(
    private readonly tok: TextTokenizer,
    private readonly prompt: readonly number[],
  ) {}

  /** The text of all of `ids` (the row's new ids so far); may end in U+FFFD (see `stable`). */
  update(ids: readonly number[]): string {
    const context = [...this.prompt, ...ids.slice(0, this.committedCount)].slice(-3);
    const text = this.committed + decodeAfter(this.tok, context, ids.slice(this.committedCount));
    if (!text.endsWith('\uFFFD') && ids.length - this.committedCount >= 16) {
      this.committed = text;
      this.committedCount = ids.length;
    }
    return text;
  }
}

/**
 * Each token's share of the stable text of `ids` after `prompt`: a token that opens a character
 * gets nothing, the one that completes it gets the whole character. Joined, the shares are the
 * text, so provenance offsets line up with it.
 */
export function tokenShares(tok: TextTokenizer, prompt: readonly number[], ids: readonly number[]): string[] {
  const row = new RowText(tok, prompt);
  const shares: string[] = [];
  let done = 0;
  for (let i = 1; i <= ids.length; i++) {
    const text = stable(row.update(ids.slice(0, i)));
    shares.push(text.slice(done));
    done = Math.max(done, text.length);
  }
  return shares;
}
