// Messages between the host and the preflight child process.
import type { ModelKind, PreflightResult } from '../../shared/contract/models';
import type { WireError } from '../../shared/errors';
import type { PreflightOptions } from './preflight-checks';

export interface ToPreflight {
  type: 'preflight';
  dir: string;
  kind: ModelKind;
  options: PreflightOptions;
}

export type FromPreflight = { type: 'result'; result: PreflightResult } | { type: 'error'; error: WireError };
