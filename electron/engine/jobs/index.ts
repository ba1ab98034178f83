// The job kinds the worker can run, by name. Payloads were validated by the contract already.
import type { JobKind } from '../../../shared/contract';
import type { JobRunner } from './context';
import { runGenerateText } from './generate-text';
import { runSelfTest } from './self-test';

export const jobRunners: Record<JobKind, JobRunner<never>> = {
  'self-test': runSelfTest as JobRunner<never>,
  'generate-text': runGenerateText as JobRunner<never>,
};
