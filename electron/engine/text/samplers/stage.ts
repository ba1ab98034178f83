// A logits stage: reads the context, edits the candidate list in place.
import type { Candidates } from './candidates';

export interface SamplingContext {
  /** Every token in the context so far (prompt + generated), oldest first. */
  history: readonly number[];
}

export type Stage = (c: Candidates, ctx: SamplingContext) => void;
