// Image data for the board: thumbnails (images.get with maxSide 256) and full images for the
// canvas, fetched a few at a time and kept in a small in-memory cache, so scrolling back and
// forth through a large board does not ask the host again.
import { useEffect, useState } from 'react';
import type { Client } from '../../../shared/client';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';

export interface LoadedImage {
  dataUrl: string;
  width: number;
  height: number;
}

export const THUMB_SIDE = 256;
const MAX_THUMBS = 800;
const MAX_FULL = 6;
const PARALLEL = 4;

const cache = new Map<string, LoadedImage>();
interface Request {
  promise: Promise<LoadedImage>;
  /** How many mounted components still want it; a request nobody wants when its turn comes is dropped. */
  wanted: number;
}
const inflight = new Map<string, Request>();
let running = 0;
const waiting: (() => void)[] = [];

/** Thrown (and ignored) for a request whose tile scrolled away before its turn. */
class Skipped extends Error {}

const cacheKey = (id: string, maxSide: number | null) => `${id}@${maxSide ?? 'full'}`;
/** Canvas-sized entries (full, or a fitted copy larger than a thumbnail) share the small cache. */
const isLarge = (key: string) => {
  const side = key.slice(key.lastIndexOf('@') + 1);
  return side === 'full' || Number(side) > THUMB_SIDE;
};

function remember(k: string, image: LoadedImage, full: boolean) {
  cache.delete(k);
  cache.set(k, image);
  const limit = full ? MAX_FULL : MAX_THUMBS;
  const same = [...cache.keys()].filter((key) => isLarge(key) === full);
  // Map order is insertion order: the oldest entries go first.
  for (const old of same.slice(0, Math.max(0, same.length - limit))) cache.delete(old);
}

/** Runs `fn` when one of the few slots is free; the newest request goes first (what is on screen now). */
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.pop()?.();
  }
}

/** Asks for an image (or joins the request already made); the caller releases it with `wanted--`. */
function request(client: Client, id: string, maxSide: number | null): Request {
  const k = cacheKey(id, maxSide);
  const known = inflight.get(k);
  if (known) {
    known.wanted++;
    return known;
  }
  const entry: Request = { wanted: 1, promise: Promise.resolve(null as unknown as LoadedImage) };
  entry.promise = slot(async () => {
    if (entry.wanted <= 0) throw new Skipped();
    return client.call('images.get', { id, maxSide });
  }).then(
    (image) => {
      inflight.delete(k);
      remember(k, image, maxSide === null || maxSide > THUMB_SIDE);
      return image;
    },
    (err: unknown) => {
      inflight.delete(k);
      throw err;
    },
  );
  inflight.set(k, entry);
  return entry;
}

/** The image for a version (null while it loads), or why it could not be loaded. */
export function useImage(id: string | null, maxSide: number | null): { image: LoadedImage | null; error: string | null } {
  const client = useClient();
  const [state, setState] = useState<{ key: string; image: LoadedImage | null; error: string | null } | null>(null);
  const k = id ? cacheKey(id, maxSide) : null;
  useEffect(() => {
    if (!id || !k || cache.has(k)) return;
    let live = true;
    const req = request(client, id, maxSide);
    req.promise.then(
      (image) => live && setState({ key: k, image, error: null }),
      (err: unknown) => live && !(err instanceof Skipped) && setState({ key: k, image: null, error: errorMessage(err) }),
    );
    return () => {
      live = false;
      req.wanted--;
    };
  }, [client, id, maxSide, k]);
  if (!k) return { image: null, error: null };
  const hit = cache.get(k);
  if (hit) return { image: hit, error: null };
  return state?.key === k ? { image: state.image, error: state.error } : { image: null, error: null };
}
