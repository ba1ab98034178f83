// Asking how to rewrite the marked selection.
import { PenLine, Sparkles, TriangleExclamationPoint } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { Keys } from './Keys';
import { INSTRUCTION_MAX, QUICK_PICKS } from './rewrite';
import type { RewriteAsk } from './sessionTypes';

/** The instruction for rewriting the marked selection: typed, or one of the quick picks. */
export function RewriteBar({
  ask,
  model,
  onRun,
  onCancel,
  onChooseModel,
}: {
  ask: RewriteAsk;
  model: string | null;
  onRun(instruction: string): void;
  onCancel(): void;
  onChooseModel(): void;
}) {
  const id = useId();
  const [instruction, setInstruction] = useState(ask.instruction);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const needsInstructModel = ask.error !== null && /chat template|instruct model/i.test(ask.error);
  return (
    <form
      className="rewrite-bar"
      data-testid="write-rewrite-bar"
      aria-label="Rewrite the selection"
      onSubmit={(e) => {
        e.preventDefault();
        onRun(instruction);
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }}
    >
      <div className="rewrite-bar-row">
        <label className="rewrite-bar-label" htmlFor={`${id}-instruction`}>
          <PenLine size={14} aria-hidden />
          Rewrite {ask.chars.toLocaleString('en-US')} {ask.chars === 1 ? 'character' : 'characters'}
        </label>
        <input
          ref={input}
          id={`${id}-instruction`}
          className="input rewrite-bar-input"
          data-testid="write-rewrite-instruction"
          placeholder="How should it change?"
          maxLength={INSTRUCTION_MAX}
          value={instruction}
          onChange={(e) => setInstruction(e.target.value)}
          aria-invalid={ask.error ? true : undefined}
          aria-describedby={ask.error ? `${id}-error` : undefined}
          autoComplete="off"
        />
        <Button type="submit" small variant="primary" icon={<Sparkles size={14} />} data-testid="write-rewrite-run" title={model ? `Rewrite with ${model} (Enter)` : 'Rewrite (Enter)'}>
          Rewrite <Keys keys={['↵']} />
        </Button>
        <Button small onClick={onCancel} data-testid="write-rewrite-cancel" title="Cancel (Esc): the selection stays as it is">
          Cancel <Keys keys={['Esc']} />
        </Button>
      </div>
      <div className="rewrite-bar-picks">
        <span className="muted small">Try</span>
        {QUICK_PICKS.map((pick) => (
          <button
            key={pick}
            type="button"
            className="rewrite-pick"
            data-testid="write-rewrite-pick"
            data-pick={pick}
            onClick={() => {
              setInstruction(pick);
              onRun(pick);
            }}
          >
            {pick}
          </button>
        ))}
      </div>
      {ask.error && (
        <p className="inline-error rewrite-bar-error" role="alert" id={`${id}-error`} data-testid="write-rewrite-error">
          <TriangleExclamationPoint size={14} aria-hidden />
          <span>
            {ask.error}
            {needsInstructModel && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={onChooseModel} data-testid="write-rewrite-choose-model">
                  Choose another model
                </button>
              </>
            )}
          </span>
        </p>
      )}
    </form>
  );
}
