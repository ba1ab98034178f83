// The project list, kept fresh: loaded on mount and after a reconnect, reloaded whenever the host
// says a project changed (another window or tab may have made the change).
import { useCallback, useEffect, useState } from 'react';
import type { Project } from '../../../shared/contract';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';

export interface ProjectList {
  projects: Project[] | null;
  error: string | null;
  reload(): Promise<void>;
}

export function useProjects(trashed = false): ProjectList {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setProjects(await client.call('projects.list', { trashed }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [client, trashed]);

  useEffect(() => {
    void reload();
    return client.on('projects.changed', () => void reload());
  }, [client, reload, epoch]);

  return { projects, error, reload };
}
