// Who wrote which characters of a text version, stored beside it: so a document opens with the
// tints it was saved with instead of rebuilding them from the history (which cannot tell an undo
// inside model text from an edit). Anything not covered by a span is the writer's own.
import { z } from 'zod';
import { Id } from './schemas';

/** Bounded so a request cannot exhaust memory; runs of tokens keep real lists far smaller. */
export const MAX_SPANS = 100_000;

/**
 * One stretch of text. A model run names the generated version whose tokens it holds, and the
 * first and last token index, so the popover can still show each token's alternatives; a run
 * without them is model text with no token data (a branch's chosen alternative).
 */
export const StoredSpan = z
  .strictObject({
    from: z.number().int().min(0),
    to: z.number().int().min(1),
    kind: z.enum(['model', 'edited']),
    it: Id.optional(),
    first: z.number().int().min(0).optional(),
    last: z.number().int().min(0).optional(),
  })
  .refine((s) => s.to > s.from, 'a span ends after it starts')
  .refine((s) => (s.it === undefined) === (s.first === undefined) && (s.first === undefined) === (s.last === undefined), 'it, first and last come together')
  .refine((s) => s.first === undefined || (s.last as number) >= s.first, 'a run’s last token comes after its first')
  .refine((s) => s.it === undefined || s.kind === 'model', 'only model text has token data');
export type StoredSpan = z.output<typeof StoredSpan>;

export const StoredSpans = z
  .array(StoredSpan)
  .max(MAX_SPANS, `at most ${MAX_SPANS} spans`)
  .refine((list) => list.every((s, i) => i === 0 || (list[i - 1] as StoredSpan).to <= s.from), 'spans are sorted and do not overlap');
