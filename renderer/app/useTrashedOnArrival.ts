// A document view reached by Back/Forward, a reload or an old link whose document was moved to
// the trash meanwhile: the host still answers for it (the trash keeps it), but opening its editor
// would let people write into a trashed document. Each arrival asks the host first (the open
// document's live info may still be the answer from before it left); a trashed one (itself, or
// with its project) is not shown and the caller falls back. A document trashed while open here is
// left to the flows watching it.
import { useEffect, useRef, useState } from 'react';
import type { DocumentInfo } from '../../shared/contract';
import { useClient } from './ClientContext';

/** True until the host has said that this arrival at the open document (`key`) is at a live one. */
export function useTrashedOnArrival(open: { id: string; key: string } | null, onTrashed: (doc: DocumentInfo) => void): boolean {
  const client = useClient();
  const [cleared, setCleared] = useState<string | null>(null);
  const trashed = useRef(onTrashed);
  trashed.current = onTrashed;
  const key = open?.key ?? null;
  const id = open?.id ?? null;
  useEffect(() => {
    if (key === null || id === null) {
      setCleared(null);
      return;
    }
    let stale = false;
    client.call('documents.get', { id }).then(
      (doc) => {
        if (stale) return;
        if (doc.deletedAt === null && doc.projectDeletedAt === null) setCleared(key);
        else trashed.current(doc);
      },
      // Gone for good or unreachable: the document view shows that error with its way back.
      () => {
        if (!stale) setCleared(key);
      },
    );
    return () => {
      stale = true;
    };
  }, [client, key, id]);
  return key !== null && cleared !== key;
}
