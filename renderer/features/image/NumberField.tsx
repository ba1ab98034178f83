// One numeric input of the prompt panel. The value stays text as typed (a half-typed "1." is not
// fought); the shared schema checks it when Generate is pressed.
import type { InputHTMLAttributes } from 'react';

type Width = 'xs' | 'sm' | 'seed';

interface NumberFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange' | 'className'> {
  value: string;
  onValue(text: string): void;
  width: Width;
  testId: string;
  invalid?: boolean;
}

export function NumberField({ value, onValue, width, testId, invalid, ...rest }: NumberFieldProps) {
  return (
    <input
      {...rest}
      className={`input img-num img-w-${width}`}
      type="number"
      data-testid={testId}
      value={value}
      aria-invalid={invalid || undefined}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}
