// A prompt longer than the model reads: how many tokens at its start were left out, from the job's
// result or the generated version's recipe (where the count is kept), and the words that say so.
import type { Iteration } from '../../../shared/contract';
import { isTextRecipe } from './exportDoc';

export interface PromptCut {
  /** Tokens at the start of the prompt the model did not read. */
  left: number;
  /** Tokens it read: the most it takes with room for what it writes. */
  reads: number;
}

/** The cut a generated version's recipe records (null for a prompt that fit, or no recipe). */
export function promptCutOf(it: Pick<Iteration, 'recipe'> | null | undefined): PromptCut | null {
  const r = it?.recipe;
  if (!isTextRecipe(r) || !r.truncatedPromptTokens || r.truncatedPromptTokens <= 0) return null;
  return { left: r.truncatedPromptTokens, reads: r.promptTokens };
}

export function promptCutWords(cut: PromptCut): string {
  const first = cut.left === 1 ? 'The first token was' : `The first ${cut.left} tokens were`;
  return `${first} left out: the model reads at most ${cut.reads}.`;
}
