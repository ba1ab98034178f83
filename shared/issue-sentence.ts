// One schema problem as a sentence about what the user set: zod's "Too small: expected number to
// be >=0" under settings.seed becomes "seed must be at least 0". For requests built from the
// user's own words (CLI flags, grid cells), where the request's inner field names and zod's
// wording would otherwise show through.
import type { z } from 'zod';

type Issue = z.ZodError['issues'][number];

/** `subject` names the setting as the user knows it (a flag, a field name). */
export function issueSentence(issue: Issue, subject: string): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${subject} must not be empty`;
      return `${subject} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${size(issue.minimum, issue.origin)}`;
    case 'too_big':
      return `${subject} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${size(issue.maximum, issue.origin)}`;
    case 'invalid_type':
      return issue.expected === 'int' ? `${subject} must be a whole number` : `${subject} must be a ${issue.expected}`;
    case 'invalid_value':
      return `${subject} must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return `${subject}: ${issue.message}`;
  }
}

/** The last named step of an issue's path: `settings.stop.0` → `stop`. */
export function issueField(issue: Issue): string | null {
  return [...issue.path].reverse().find((p): p is string => typeof p === 'string') ?? null;
}

/** A limit with its unit: characters of a string, values of a list, a plain number otherwise. */
const size = (n: unknown, origin: string) => (origin === 'string' ? `${String(n)} characters` : origin === 'array' ? `${String(n)} values` : String(n));
