// Turns whatever a call rejected with into a sentence to show next to the control that failed.
import { isWireError } from '../../shared/errors';

export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (isWireError(err)) return err.message;
  return 'Something went wrong. Try again.';
}
