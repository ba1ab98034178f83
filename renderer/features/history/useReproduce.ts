// Reproduce from the tree: asks the host to re-run a version's exact recipe (a normal job), then
// follows that job to its end and reads the verdict the host recorded: identical (same output
// hash) or differs, with the reasons it knows. The re-run is a new child of the original.
import { useEffect, useRef, useState } from 'react';
import type { Job, Reproduction } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';

export type ReproduceState =
  | { phase: 'running'; originalId: string; notes: string[] }
  | { phase: 'done'; originalId: string; reproduction: Reproduction; notes: string[] }
  | { phase: 'failed'; originalId: string; message: string };

const FINISHED = new Set(['done', 'failed', 'cancelled']);

/** Follows the re-run's job to its end; `start` resolves with the final state. */
export function useReproduce(): { state: ReproduceState | null; start(id: string): Promise<ReproduceState> } {
  const client = useClient();
  const [state, setState] = useState<ReproduceState | null>(null);
  const off = useRef<(() => void) | null>(null);
  useEffect(() => () => off.current?.(), []);

  function verdict(originalId: string, notes: string[], job: Job): ReproduceState {
    const result = job.result as { reproduction?: Reproduction | null } | null;
    if (job.status === 'done' && result?.reproduction) return { phase: 'done', originalId, reproduction: result.reproduction, notes };
    if (job.status === 'failed') return { phase: 'failed', originalId, message: job.error?.message ?? 'The re-run failed' };
    return { phase: 'failed', originalId, message: 'The re-run was stopped before it finished, so there is nothing to compare' };
  }

  async function start(id: string): Promise<ReproduceState> {
    off.current?.();
    setState({ phase: 'running', originalId: id, notes: [] });
    let final: ReproduceState;
    try {
      const started = await client.call('history.reproduce', { id });
      setState({ phase: 'running', originalId: id, notes: started.notes });
      const job = await new Promise<Job>((resolve, reject) => {
        off.current = client.on('jobs.changed', (j) => {
          if (j.id === started.jobId && FINISHED.has(j.status)) resolve(j);
        });
        // The job may have ended before the subscription: look once.
        client.call('jobs.list', { limit: 200 }).then((jobs) => {
          const j = jobs.find((x) => x.id === started.jobId);
          if (j && FINISHED.has(j.status)) resolve(j);
        }, reject);
      });
      off.current?.();
      off.current = null;
      final = verdict(id, started.notes, job);
    } catch (err) {
      final = { phase: 'failed', originalId: id, message: errorMessage(err) };
    }
    setState(final);
    return final;
  }

  return { state, start };
}
