// A request's first schema problem, said about the flag the user typed rather than the field
// inside the request: "settings.maxNewTokens: Too small: expected number to be >=1" becomes
// "--max-tokens must be at least 1".
import type { z } from 'zod';
import { issueSentence } from '../../shared/issue-sentence';

/** `flags` maps a request field (the last named step of an issue's path) to its flag. */
export function flagIssue(error: z.ZodError, flags: Record<string, string>): string {
  const issue = error.issues[0];
  if (!issue) return 'the request is not valid';
  const key = [...issue.path].reverse().find((p): p is string => typeof p === 'string' && p in flags);
  if (key === undefined) return `${issue.path.join('.') || 'request'}: ${issue.message}`;
  return issueSentence(issue, flags[key]!);
}
