// The project list, kept fresh: reloaded whenever the host says a project changed (another window
// or tab may have made the change).
import type { Project } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';

export interface ProjectList {
  projects: Project[] | null;
  error: string | null;
  reload(): Promise<void>;
}

export function useProjects(trashed = false): ProjectList {
  const { data, error, reload } = useLiveQuery(
    trashed ? 'trashed' : 'live',
    (client) => client.call('projects.list', { trashed }),
    (client, reload) => client.on('projects.changed', reload),
  );
  return { projects: data, error, reload };
}
