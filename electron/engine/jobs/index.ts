// The job kinds the worker can run, by name. Payloads were validated by the contract already.
import type { JobKind } from '../../../shared/contract';
import { runDownloadModel } from '../../models/download-job';
import type { JobRunner } from './context';
import { runEnhanceImage } from './enhance-image';
import { runGenerateImage } from './generate-image';
import { runGenerateText } from './generate-text';
import { runSelfTest } from './self-test';

export const jobRunners: Record<JobKind, JobRunner<never>> = {
  'self-test': runSelfTest as JobRunner<never>,
  'generate-text': runGenerateText as JobRunner<never>,
  'generate-image': runGenerateImage as JobRunner<never>,
  'enhance-image': runEnhanceImage as JobRunner<never>,
  'download-model': runDownloadModel as JobRunner<never>,
};
