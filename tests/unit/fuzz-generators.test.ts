// The contract fuzzer's own parts: valid requests really are valid, mutations change one thing,
// and the wire writer spells what JSON.stringify cannot.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, methodSchema } from '../../shared/contract';
import { RawJson } from '../fuzz/nasty-values';
import { mutate, requestArbitrary } from '../fuzz/requests';
import { Ref, validArbitrary } from '../fuzz/schema-arbitrary';
import { encode } from '../fuzz/wire-text';

const withIds = (v: unknown): unknown =>
  v instanceof Ref ? `id-${v.kind}-${v.n}` : Array.isArray(v) ? v.map(withIds) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withIds(x)])) : v;

describe('fuzz generators', () => {
  it('builds requests each method schema accepts (ids filled in)', () => {
    for (const method of METHOD_NAMES) {
      const schema = methodSchema(method)!;
      const samples = fc.sample(validArbitrary(schema, method), { seed: 42, numRuns: 40 });
      const valid = samples.filter((s) => schema.safeParse(withIds(s)).success).length;
      expect(valid, method).toBeGreaterThanOrEqual(36);
    }
  });

  it('mutates exactly one field of a valid request', () => {
    const params = { id: 'abc', settings: { steps: 20, cfg: 7 } };
    expect(mutate(params, 2, 'replace', NaN, 'x', 0)).toBe('replace settings.steps');
    expect(params).toEqual({ id: 'abc', settings: { steps: NaN, cfg: 7 } });
    expect(mutate(params, 0, 'delete', null, 'x', 0)).toBe('delete id');
    expect(params).toEqual({ settings: { steps: NaN, cfg: 7 } });
    expect(mutate(params, 0, 'extra', 1, '__proto__', 0)).toBe('extra key "__proto__"');
    expect(Object.keys(params)).toEqual(['settings', '__proto__']);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
  });

  it('writes Infinity as 1e999, NaN bare, deep nesting and own __proto__ keys', () => {
    const obj = { a: [1, Infinity, -Infinity, -0], b: 'x\u0000\uD800' };
    expect(encode(obj, 'json')).toBe(JSON.stringify(obj));
    expect(encode(obj, 'extended')).toBe('{"a":[1,1e999,-1e999,-0],"b":"x\\u0000\\ud800"}');
    expect(JSON.parse(encode({ n: Infinity }, 'extended')!).n).toBe(Infinity);
    expect(encode([NaN], 'extended')).toBe('[NaN]');
    const deep = new RawJson('['.repeat(100_000) + ']'.repeat(100_000));
    expect(encode({ d: deep }, 'json')!.length).toBe(200_006);
    const proto = JSON.parse('{"__proto__":{"polluted":true}}');
    expect(encode(proto, 'json')).toBe('{"__proto__":{"polluted":true}}');
    expect(encode(undefined, 'json')).toBe(undefined);
  });

  it('covers every method and every kind of request', () => {
    const reqs = fc.sample(requestArbitrary(), { seed: 1, numRuns: 4000 });
    const methods = new Set(reqs.map((r) => r.method));
    for (const m of METHOD_NAMES) expect(methods.has(m), m).toBe(true);
    const kinds = new Set(reqs.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['bogus-method', 'junk-frame', 'near-valid', 'random', 'valid']);
  });
});
