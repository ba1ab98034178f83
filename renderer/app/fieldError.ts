// Rewords the host's BAD_INPUT message for one field as a sentence about that field:
// "Invalid request for projects.create: name: must not be empty" → "The name must not be empty."
// Anything else (another code, another shape) is shown as the host wrote it.
import { AtelierError } from '../../shared/errors';
import { errorMessage } from './errorMessage';

const PREFIX = /^Invalid request for [\w.]+: (.+)$/s;

export function fieldError(err: unknown, field: string, noun: string): string {
  const raw = errorMessage(err);
  if (!(err instanceof AtelierError) || err.code !== 'BAD_INPUT') return raw;
  const match = PREFIX.exec(raw);
  const issue = match?.[1]?.split('; ').find((part) => part.startsWith(`${field}: `));
  if (!issue) return raw;
  const text = issue.slice(field.length + 2).trim();
  return `The ${noun} ${text}${/[.!?]$/.test(text) ? '' : '.'}`;
}
