// A request's first schema problem, said about the flag the user typed rather than the field
// inside the request: "settings.maxNewTokens: Too small: expected number to be >=1" becomes
// "--max-tokens must be at least 1".
import type { z } from 'zod';

/** `flags` maps a request field (the last named step of an issue's path) to its flag. */
export function flagIssue(error: z.ZodError, flags: Record<string, string>): string {
  const issue = error.issues[0];
  if (!issue) return 'the request is not valid';
  const key = [...issue.path].reverse().find((p): p is string => typeof p === 'string' && p in flags);
  if (key === undefined) return `${issue.path.join('.') || 'request'}: ${issue.message}`;
  const flag = flags[key]!;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${flag} must not be empty`;
      return `${flag} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${size(issue.minimum, issue.origin)}`;
    case 'too_big':
      return `${flag} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${size(issue.maximum, issue.origin)}`;
    case 'invalid_type':
      return issue.expected === 'int' ? `${flag} must be a whole number` : `${flag} must be a ${issue.expected}`;
    case 'invalid_value':
      return `${flag} must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return `${flag}: ${issue.message}`;
  }
}

/** A limit with its unit: characters of a string, values of a list, a plain number otherwise. */
const size = (n: unknown, origin: string) => (origin === 'string' ? `${String(n)} characters` : origin === 'array' ? `${String(n)} values` : String(n));
