// The titles of the documents the queue's jobs write into, kept fresh by projects.changed (which
// a rename or a trash announces). A document that cannot be read has no title here: its job then
// shows only its prompt, if it has one.
import type { DocumentInfo } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';

const NONE: ReadonlyMap<string, string> = new Map();

export function useDocumentTitles(ids: readonly string[]): ReadonlyMap<string, string> {
  const key = [...new Set(ids)].sort().join(',');
  const { data } = useLiveQuery(
    key === '' ? null : key,
    async (client) => {
      const docs = await Promise.all(key.split(',').map((id) => client.call('documents.get', { id }).catch(() => null)));
      return new Map(docs.filter((d): d is DocumentInfo => d !== null).map((d) => [d.id, d.title]));
    },
    (client, reload) => client.on('projects.changed', reload),
  );
  return data ?? NONE;
}
