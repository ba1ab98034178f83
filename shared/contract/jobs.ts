// Job kinds the queue accepts. Each kind has its own payload schema; later issues add kinds.
import { z } from 'zod';

export const SelfTestPayload = z.strictObject({
  /** How many ONNX runs to make; each is checked against a JavaScript reference. */
  steps: z.number().int().min(1).max(10_000).default(20),
  /** Pause between runs so progress and cancel can be watched. */
  stepMs: z.number().int().min(0).max(60_000).default(100),
  /** Diagnostics only: abort the worker process at this step to prove crash isolation. */
  crashAtStep: z.number().int().min(0).max(10_000).optional(),
});
export type SelfTestPayload = z.infer<typeof SelfTestPayload>;

export const JobRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('self-test'), payload: SelfTestPayload.default({ steps: 20, stepMs: 100 }) }),
]);
export type JobRequest = z.infer<typeof JobRequest>;
/** Kinds a client may enqueue directly, plus kinds other services create (generate.text). */
export type JobKind = JobRequest['kind'] | 'generate-text' | 'generate-image' | 'enhance-image' | 'download-model';

export interface SelfTestResult {
  steps: number;
  maxAbsError: number;
  executionProvider: string;
  ortVersion: string;
}
