// Reconnect delays: quick first retries (a host restart takes a second or two), then slower so
// a host that is gone for good is not hammered. Jitter spreads out several open windows.
const FIRST_MS = 250;
const MAX_MS = 5_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_MS, FIRST_MS * 2 ** attempt);
  return Math.round(base * (0.75 + random() * 0.5));
}
