// The provider fault seam for tests of device fallback: ATELIER_PROVIDER_FAULT names a file whose
// words make chosen execution providers fail (electron/engine/runtime/provider-faults.ts reads it), and the
// worker notes each provider it opened in `<file>.opened`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Points ATELIER_PROVIDER_FAULT at `<dir>/provider-fault` for this test file (restored after it).
 * Call at module level: it must be set before the core starts its job worker, which inherits it.
 */
export function useProviderFault(dir: string): { faultFile: string; cudaOpened: () => number } {
  const faultFile = join(dir, 'provider-fault');
  const before = process.env.ATELIER_PROVIDER_FAULT;
  process.env.ATELIER_PROVIDER_FAULT = faultFile;
  afterAll(() => {
    if (before === undefined) delete process.env.ATELIER_PROVIDER_FAULT;
    else process.env.ATELIER_PROVIDER_FAULT = before;
  });
  /** How many cuda sessions the worker has opened so far. */
  const cudaOpened = (): number => {
    try {
      return readFileSync(`${faultFile}.opened`, 'utf8').split('\n').filter((l) => l === 'cuda').length;
    } catch {
      return 0;
    }
  };
  return { faultFile, cudaOpened };
}
