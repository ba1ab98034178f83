// The notice that a prompt was longer than the model reads: its start was left out. Shown for a
// generation just made and for a generated version shown later, so a reload does not hide it.
import { Scissors } from 'lucide-react';
import { promptCutWords, type PromptCut } from './promptCut';

export function PromptCutNotice({ cut }: { cut: PromptCut }) {
  return (
    <p className="write-prompt-cut" role="status" data-testid="write-truncated" data-left={cut.left} data-reads={cut.reads}>
      <Scissors size={14} aria-hidden />
      <span>{promptCutWords(cut)}</span>
    </p>
  );
}
