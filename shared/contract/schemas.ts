// Reusable request-field schemas. Limits live here so every method shares them.
import { z } from 'zod';

/** Ids are opaque tokens we mint; anything path-like or oversized is rejected outright. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid id');

/** A user-visible name: trimmed, non-empty, one line, bounded. */
export const Name = z
  .string()
  .max(200, 'is longer than 200 characters')
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be a single line without control characters'),
  );

/** Body text of one version; generous, but bounded so a request cannot exhaust memory. */
export const MAX_TEXT_CHARS = 5_000_000;
export const Text = z.string().max(MAX_TEXT_CHARS, `is longer than ${MAX_TEXT_CHARS} characters`);

export const DocumentKindSchema = z.enum(['text', 'image']);
export const SourceSchema = z.enum(['user', 'model', 'mixed']);

export const Empty = z.strictObject({});
