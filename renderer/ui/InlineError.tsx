// An error shown where the action happened, announced to screen readers as it appears.
import { TriangleExclamationPoint } from 'lucide-react';

export function InlineError({ message, id, testId }: { message: string | null; id?: string; testId?: string }) {
  if (!message) return null;
  return (
    <p className="inline-error" role="alert" id={id} data-testid={testId ?? 'inline-error'}>
      <TriangleExclamationPoint size={14} aria-hidden />
      <span>{message}</span>
    </p>
  );
}
