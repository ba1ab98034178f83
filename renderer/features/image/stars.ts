// Stars for a board's images. Kept in this browser's localStorage for now (the contract has no
// field for them yet), so they do not travel with the data folder.
import { useCallback, useState } from 'react';

const key = (documentId: string) => `atelier.image.stars.${documentId}`;

function load(documentId: string): Set<string> {
  try {
    const raw = localStorage.getItem(key(documentId));
    const list: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : []);
  } catch {
    return new Set();
  }
}

export function useStars(documentId: string): [ReadonlySet<string>, (id: string) => void] {
  const [stars, setStars] = useState(() => load(documentId));
  const toggle = useCallback(
    (id: string) => {
      setStars((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        try {
          localStorage.setItem(key(documentId), JSON.stringify([...next]));
        } catch {
          // Not remembered across reloads; the star still shows now.
        }
        return next;
      });
    },
    [documentId],
  );
  return [stars, toggle];
}
