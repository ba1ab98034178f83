// Ids a window makes for itself (its tab, a request it sends): 128 random bits in URL-safe base64.
// crypto.getRandomValues, not randomUUID: it is there also on pages not served from a secure origin.
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
