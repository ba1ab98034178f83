// A generation that does not run, put in the writer's words: nothing to continue from, or a
// failure that says what to do (a missing model). Wording rules with no editor or connection
// behind them, so they sit apart from the run that shows them.
import { AtelierError } from '../../../shared/errors';
import { errorMessage } from '../../app/errorMessage';
import { MOD } from '../../ui/platformKeys';

/** Why a continuation cannot start (null: it can): the model continues from the text before the cursor. */
export function promptProblem(job: { prompt: string; suffix: string; rewrite: object | null }): string | null {
  if (job.rewrite || job.prompt.trim() !== '') return null;
  return job.suffix.trim() !== ''
    ? `The cursor is at the start: put it where the model should carry on (${MOD}+End goes to the end).`
    : 'Write a few words first: the model continues from the text before the cursor.';
}

/** A generation error as a sentence that says what to do. */
export function friendlyGenerationError(err: unknown, model: string | null): string {
  const message = typeof err === 'string' ? err : errorMessage(err);
  if (err instanceof AtelierError && err.code === 'NOT_FOUND' && /^No model/.test(message)) {
    return `${message}. Pick an installed model in the settings panel${model === 'starter-text' ? ' — the starter model is not installed on this machine yet' : ''}.`;
  }
  return message;
}
