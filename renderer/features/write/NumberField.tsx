// A number setting: its input (a draft that may be mid-typing, checked as typed), optional slider, hint and problem.
import { useEffect, useId, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number;
  onChange(value: number): void;
  issue: string | null;
  testId: string;
  min: number;
  max: number;
  step: number;
  hint?: string;
  /** Show a slider over this part of the range. */
  slider?: [number, number];
}

export function NumberField({ label, value, onChange, issue, testId, min, max, step, hint, slider }: NumberFieldProps) {
  const id = useId();
  const [draftIssue, setDraftIssue] = useState<string | null>(null);
  const shown = draftIssue ?? issue;
  return (
    <div className="field">
      <div className="field-line">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        <NumberInput
          id={id}
          label={label}
          value={value}
          onChange={onChange}
          onDraftIssue={setDraftIssue}
          min={min}
          max={max}
          step={step}
          testId={testId}
          invalid={!!shown}
          describedBy={shown ? `${id}-issue` : undefined}
        />
      </div>
      {slider && (
        <input
          type="range"
          className="field-slider"
          aria-label={`${label} slider`}
          tabIndex={-1}
          min={slider[0]}
          max={slider[1]}
          step={step}
          value={Math.min(slider[1], Math.max(slider[0], value))}
          onChange={(e) => onChange(Number(e.target.value))}
        />
      )}
      {shown ? (
        <p className="field-issue" id={`${id}-issue`} data-testid={`${testId}-error`}>
          {shown}
        </p>
      ) : (
        hint && <p className="field-hint">{hint}</p>
      )}
    </div>
  );
}

interface NumberInputProps {
  id?: string;
  label: string;
  value: number;
  onChange(value: number): void;
  onDraftIssue?(issue: string | null): void;
  min: number;
  max: number;
  step: number;
  testId: string;
  invalid: boolean;
  describedBy?: string;
  wide?: boolean;
}

/** A number box that lets people type freely ("0.", "-") and reports only whole numbers upward. */
export function NumberInput({ id, label, value, onChange, onDraftIssue, min, max, step, testId, invalid, describedBy, wide }: NumberInputProps) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => {
    // A preset or another control changed the value: show it, unless the draft already means it.
    setDraft((d) => (d.trim() !== '' && Number(d) === value ? d : String(value)));
  }, [value]);
  return (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      className={wide ? 'input input-number input-number-wide' : 'input input-number'}
      aria-label={id ? undefined : label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      data-testid={testId}
      min={min}
      max={max}
      step={step}
      value={draft}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        const n = text.trim() === '' ? NaN : Number(text);
        if (Number.isFinite(n)) {
          onDraftIssue?.(null);
          onChange(n);
        } else {
          onDraftIssue?.('Enter a number');
        }
      }}
      onBlur={() => {
        if (!Number.isFinite(Number(draft)) || draft.trim() === '') {
          setDraft(String(value));
          onDraftIssue?.(null);
        }
      }}
    />
  );
}
