// The confirm question names exactly what goes, counted by the host.
import type { TrashSummary } from '../../../shared/contract';
import { plural } from '../../ui/formatTime';

export function trashMessage({ name, documents, iterations }: TrashSummary): string {
  if (documents === 0) return `Move '${name}' to the trash? It has no documents.`;
  return `Move '${name}' and its ${plural(documents, 'document')} (${plural(iterations, 'version')}) to the trash?`;
}
