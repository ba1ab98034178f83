// Scheduler by name.
import { createDdim } from './ddim';
import { createDpmpp2mKarras } from './dpmpp-2m';
import { createEuler } from './euler';
import { createLcm } from './lcm';
import type { SchedulerConfig } from './noise-schedule';
import type { Scheduler, SchedulerName } from './types';

export function createScheduler(name: SchedulerName, config: SchedulerConfig, steps: number): Scheduler {
  switch (name) {
    case 'euler':
      return createEuler(config, steps, false);
    case 'euler-a':
      return createEuler(config, steps, true);
    case 'ddim':
      return createDdim(config, steps);
    case 'lcm':
      return createLcm(config, steps);
    case 'dpmpp-2m-karras':
      return createDpmpp2mKarras(config, steps);
  }
}

export { SCHEDULER_NAMES, type Scheduler, type SchedulerName } from './types';
export { readConfig, SD_DEFAULTS, type SchedulerConfig } from './noise-schedule';
