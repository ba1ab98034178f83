// Why a generation ended, in words: short on an alternative's card, longer in the status line.
import type { StopReason } from '../../../shared/contract';

export const SHORT_STOP_LABELS: Record<StopReason, string> = {
  eos: 'ended',
  'max-tokens': 'max tokens',
  'stop-string': 'stop string',
  cancelled: 'stopped',
  'context-full': 'context full',
};

export const STOP_LABELS: Record<StopReason, string> = {
  eos: 'the model ended it',
  'max-tokens': 'reached max tokens',
  'stop-string': 'hit a stop string',
  cancelled: 'stopped',
  'context-full': 'the context is full',
};
