// A reproduction's outcome as one line: "identical", or "differs — <reasons>".
import type { Reproduction } from '../../../shared/contract';

/** "identical", or "differs — <reasons>". */
export function verdictText(r: Pick<Reproduction, 'outcome' | 'reasons'>): string {
  if (r.outcome === 'identical') return 'identical';
  const why = r.reasons.map((x) => x.message).join('; ');
  return why ? `differs — ${why}` : 'differs';
}
