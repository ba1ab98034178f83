// The browser host's pure guards: the token comparator (through crypto.timingSafeEqual, never ===),
// loopback / Host / Origin rules, and the client-side frame size check.
import { describe, expect, it, vi } from 'vitest';

const compared = vi.hoisted(() => [] as [number, number][]);
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength]);
      return real.timingSafeEqual(a, b);
    },
  };
});

const { tokenMatches, newToken } = await import('../../electron/host/auth');
const { hostAllowed, originAllowed } = await import('../../electron/host/request-guard');
const { MAX_MESSAGE_BYTES, oversizedFrame, utf8Length } = await import('../../shared/contract/wire');

describe('tokenMatches', () => {
  const token = newToken();

  it('accepts only the exact token', () => {
    expect(tokenMatches(token, token)).toBe(true);
    for (const bad of [token.slice(0, -1), `${token}a`, token.toUpperCase(), `${token.slice(0, -1)}${token.at(-1) === 'A' ? 'B' : 'A'}`, ' ', 'é'.repeat(32)]) {
      expect(tokenMatches(token, bad), bad).toBe(false);
    }
  });

  it('refuses missing, empty and oversized tokens without comparing', () => {
    compared.length = 0;
    for (const bad of [null, undefined, '', 'x'.repeat(513)]) expect(tokenMatches(token, bad)).toBe(false);
    expect(compared).toEqual([]);
  });

  it('compares fixed-length digests in constant time, whatever the lengths given', () => {
    compared.length = 0;
    tokenMatches(token, 'a');
    tokenMatches(token, token);
    tokenMatches(token, 'b'.repeat(500));
    // Every comparison went through timingSafeEqual on two 32-byte digests: the length of the
    // guess never changes what is compared, and a prefix match stops nothing early.
    expect(compared).toEqual([
      [32, 32],
      [32, 32],
      [32, 32],
    ]);
  });

  it('mints 32 url-safe characters (192 bits) each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newToken()).not.toBe(a);
  });
});

describe('loopback, Host and Origin', () => {
  it('answers on loopback only to loopback names with its own port', () => {
    expect(hostAllowed('127.0.0.1:8080', '127.0.0.1', 8080)).toBe(true);
    expect(hostAllowed('localhost:8080', '127.0.0.1', 8080)).toBe(true);
    expect(hostAllowed('[::1]:8080', '::1', 8080)).toBe(true);
    expect(hostAllowed('evil.example:8080', '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed('127.0.0.1:8081', '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed('127.0.0.1', '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed(undefined, '127.0.0.1', 8080)).toBe(false);
  });

  it('a chosen address adds that address; every interface accepts any name (the token still guards)', () => {
    expect(hostAllowed('192.168.1.5:80', '192.168.1.5', 80)).toBe(true);
    expect(hostAllowed('evil.example:80', '192.168.1.5', 80)).toBe(false);
    expect(hostAllowed('studio.lan:80', '0.0.0.0', 80)).toBe(true);
  });

  it('takes an Origin only when it is this page (scripts may send none)', () => {
    expect(originAllowed(undefined, '127.0.0.1:80')).toBe(true);
    expect(originAllowed('http://127.0.0.1:80', '127.0.0.1:80')).toBe(true);
    for (const o of ['http://evil.example', 'null', 'https://127.0.0.1:80', 'http://127.0.0.1:81', 'http://127.0.0.1:80.evil.example']) {
      expect(originAllowed(o, '127.0.0.1:80'), o).toBe(false);
    }
    expect(originAllowed('http://127.0.0.1:80', undefined)).toBe(false);
  });
});

describe('frame size (checked by the browser transport before sending)', () => {
  it('measures UTF-8 without encoding', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀é€', '\ud800', 'x\udc00y']) {
      expect(utf8Length(s), JSON.stringify(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });

  it('lets a frame up to the limit through and refuses a bigger one with a typed error', () => {
    expect(oversizedFrame('a'.repeat(MAX_MESSAGE_BYTES))).toBeNull();
    expect(oversizedFrame('é'.repeat(MAX_MESSAGE_BYTES / 2))).toBeNull();
    expect(oversizedFrame('€'.repeat(6_000_000))).toEqual({
      code: 'BAD_INPUT',
      message: 'This request is 17.2 MiB; the Atelier host accepts at most 16.0 MiB at once. Shorten the text or split it.',
      details: { limitBytes: MAX_MESSAGE_BYTES },
    });
    expect(oversizedFrame(JSON.stringify({ id: 1, method: 'generate.text', params: { prompt: 'p'.repeat(50_000_000) } }))?.message).toBe(
      'This request is at least 47.7 MiB; the Atelier host accepts at most 16.0 MiB at once. Shorten the text or split it.',
    );
  });
});
