// The notice that a prompt was longer than the model reads: its start was left out. Shown for a
// generation just made (from the job's result) and for a generated version shown later (from its
// recipe, where the count is kept), so a reload does not hide it.
import { Scissors } from 'lucide-react';
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

export function PromptCutNotice({ cut }: { cut: PromptCut }) {
  return (
    <p className="write-prompt-cut" role="status" data-testid="write-truncated" data-left={cut.left} data-reads={cut.reads}>
      <Scissors size={14} aria-hidden />
      <span>{promptCutWords(cut)}</span>
    </p>
  );
}
