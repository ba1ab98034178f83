// How a project goes to the trash (useTrashFlow): the confirm question names exactly what goes,
// counted by the host; the Undo restores it whole. It takes every open editor of its documents.
import type { Project, TrashSummary } from '../../../shared/contract';
import type { TrashKind } from '../../app/useTrashFlow';
import { plural } from '../../ui/formatTime';

export function trashMessage({ name, documents, iterations }: TrashSummary): string {
  if (documents === 0) return `Move '${name}' to the trash? It has no documents.`;
  return `Move '${name}' and its ${plural(documents, 'document')} (${plural(iterations, 'version')}) to the trash?`;
}

export const projectTrash: TrashKind<Project> = {
  summary: (client, p) => client.call('projects.trashSummary', { id: p.id }),
  trash: (client, p) => client.call('projects.trash', { id: p.id }),
  restore: (client, p) => client.call('projects.restore', { id: p.id }),
  question: trashMessage,
  whereAfter: 'You can restore it from the Trash at any time.',
  covers: (p) => ({ has: (d) => d.projectId === p.id, projectName: p.name }),
  rows: '[data-testid="project-item"]',
  row: (p) => `[data-testid="project-item"][data-project-id="${CSS.escape(p.id)}"]`,
  noRows: '[data-testid="new-project"]',
};
