// Tells the shell when the open document has been deleted for good in another window or tab: the
// host pushes documents.deleted to every client. A window that was disconnected then missed it,
// so after a reconnect the document is asked for once, and NOT_FOUND means the same. `outside`:
// another program (the atelier command line) deleted it, as the event says (not known after a reconnect).
import { useEffect, useRef } from 'react';
import { AtelierError } from '../../../shared/errors';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';

export function useDocumentGone(documentId: string | null, onGone: (documentId: string, outside: boolean) => void): void {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const latest = useRef(onGone);
  useEffect(() => {
    latest.current = onGone;
  });

  useEffect(() => {
    if (documentId === null) return;
    return client.on('documents.deleted', (e) => {
      if (e.documentId === documentId) latest.current(documentId, e.outside === true);
    });
  }, [client, documentId]);

  const firstEpoch = useRef(epoch);
  useEffect(() => {
    if (documentId === null || epoch === firstEpoch.current) return;
    let live = true;
    client.call('documents.get', { id: documentId }).catch((err: unknown) => {
      if (live && err instanceof AtelierError && err.code === 'NOT_FOUND') latest.current(documentId, false);
    });
    return () => {
      live = false;
    };
  }, [client, documentId, epoch]);
}
