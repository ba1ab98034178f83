// The fuzzer's requests: valid ones from each method's schema, near-valid ones (valid but for one
// mutated field: those reach the handlers), random shapes, bogus method names and junk frames.
import fc from 'fast-check';
import { METHOD_NAMES, methodSchema } from '../../shared/contract';
import { EXTRA_KEYS, nastyValue } from './nasty-values';
import { fieldNames, Ref, validArbitrary, validGridSpec } from './schema-arbitrary';
import type { Encoding } from './wire-text';

export type RequestKind = 'valid' | 'near-valid' | 'random' | 'bogus-method' | 'junk-frame';

export interface FuzzRequest {
  kind: RequestKind;
  method: unknown;
  params: unknown;
  encoding: Encoding;
  /** What was mutated, for near-valid requests ("replace settings.topP"). */
  mutation?: string;
  /** A whole frame sent as is (junk-frame requests). */
  frame?: string | Buffer;
}

type Op = 'replace' | 'delete' | 'extra' | 'wrap';

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  path: string;
}

function slots(value: unknown, path = '', out: Slot[] = []): Slot[] {
  if (value instanceof Ref || value === null || typeof value !== 'object') return out;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const p = path ? `${path}.${k}` : String(k);
    out.push({ parent: value as Slot['parent'], key: k, path: p });
    slots(v, p, out);
  }
  return out;
}

const setOwn = (obj: object, key: string, value: unknown) =>
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });

/** Changes one field of a valid request in place; returns what it did. */
export function mutate(params: Record<string, unknown>, pick: number, op: Op, nasty: unknown, extraKey: string, wrap: number): string {
  const all = slots(params);
  if (all.length === 0 || op === 'extra') {
    const objects = [params, ...all.map((s) => (s.parent as Record<string, unknown>)[s.key as never]).filter((v) => v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Ref))] as object[];
    const target = objects[pick % objects.length]!;
    setOwn(target, extraKey, nasty);
    return `extra key ${JSON.stringify(extraKey.slice(0, 20))}`;
  }
  const slot = all[pick % all.length]!;
  const { parent, key } = slot;
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
    return `delete ${slot.path}`;
  }
  if (op === 'wrap') {
    const old = (parent as Record<string | number, unknown>)[key];
    const asText = old instanceof Ref ? `ref-${old.n}` : (JSON.stringify(old) ?? 'undefined');
    const wrapped = [[old], typeof old === 'string' ? Number(old) : asText, { value: old }][wrap % 3];
    if (Array.isArray(parent)) parent[key as number] = wrapped;
    else setOwn(parent, key as string, wrapped);
    return `wrap ${slot.path}`;
  }
  if (Array.isArray(parent)) parent[key as number] = nasty;
  else setOwn(parent, key as string, nasty);
  return `replace ${slot.path}`;
}

const BOGUS_METHODS: unknown[] = [
  '',
  'projects',
  'projects.',
  '.list',
  'projects.list.extra',
  '__proto__.x',
  'constructor.name',
  'projects.__proto__',
  'projects.constructor',
  'projects.hasOwnProperty',
  'toString',
  'system.status\u0000',
  'SYSTEM.STATUS',
  'x'.repeat(101),
  'projects.list ',
  '../system.status',
  123,
  null,
  {},
  ['system.status'],
  true,
];

// Frames the host must answer with an id-less BAD_INPUT (or, for binary, the same).
const JUNK_FRAMES: (string | Buffer)[] = [
  '',
  'not json',
  '{',
  'null',
  '[]',
  '"system.status"',
  '123',
  '{"method":"system.status"}',
  '{"id":"1","method":"system.status"}',
  '{"id":1.5,"method":"system.status"}',
  '{"id":9007199254740993,"method":"system.status"}',
  '{"id":NaN,"method":"system.status"}',
  '{"id":-1e999,"method":"system.status"}',
  '\u0000',
  '\uFEFF{"id":1,"method":"system.status"}',
  Buffer.from([0xff, 0x00, 0x01, 0xfe]),
];

// A version and its own document: independent refs almost never make a pair history.checkout
// accepts, so most valid and near-valid checkouts would stop at NOT_FOUND / CONFLICT.
const checkoutPair = fc.nat(1000).map((n) => ({ documentId: new Ref('documentOf', n), iterationId: new Ref('iteration', n) }));

function methodArbitrary(method: string): fc.Arbitrary<Omit<FuzzRequest, 'encoding'>> {
  const schema = methodSchema(method)!;
  const fromSchema = validArbitrary(schema, method);
  const valid = (
    method === 'grids.plan' || method === 'grids.start'
      ? fc.oneof(fromSchema, validGridSpec())
      : method === 'history.checkout'
        ? fc.oneof({ arbitrary: checkoutPair, weight: 3 }, { arbitrary: fromSchema, weight: 1 })
        : fromSchema
  ) as fc.Arbitrary<Record<string, unknown>>;
  const keys = [...fieldNames(schema), ...EXTRA_KEYS];
  const nearValid = fc
    .tuple(valid, nastyValue, fc.nat(), fc.constantFrom<Op>('replace', 'replace', 'replace', 'delete', 'extra', 'wrap'), fc.constantFrom(...EXTRA_KEYS), fc.nat(2))
    .map(([params, nasty, pick, op, extraKey, wrap]) => {
      const mutation = mutate(params, pick, op, nasty, extraKey, wrap);
      return { kind: 'near-valid' as const, method, params, mutation };
    });
  const randomParams = fc.oneof(
    fc.constant(undefined),
    nastyValue,
    fc.dictionary(fc.constantFrom(...keys), nastyValue, { maxKeys: 5 }),
    fc.array(nastyValue, { maxLength: 4 }),
  );
  return fc.oneof(
    { arbitrary: valid.map((params) => ({ kind: 'valid' as const, method, params })), weight: 2 },
    { arbitrary: nearValid, weight: 5 },
    { arbitrary: randomParams.map((params) => ({ kind: 'random' as const, method, params })), weight: 2 },
  );
}

/**
 * A request whose frame is over the host's size limit (a well-formed commit of a 16 MiB + 1 KiB
 * text). Random draws make one only rarely (a huge string must land in a field of a short
 * request), so every run sends this one first: the oversized path is always exercised.
 */
export function oversizedRequest(limitBytes: number): FuzzRequest {
  return {
    kind: 'near-valid',
    method: 'history.commitText',
    params: { documentId: new Ref('textDocument', 0), text: 'x'.repeat(limitBytes + 1024) },
    encoding: 'json',
    mutation: 'replace text (the guaranteed oversized frame)',
  };
}

/** One request: every contract method equally often, plus a few bogus methods and junk frames. */
export function requestArbitrary(methods: readonly string[] = METHOD_NAMES): fc.Arbitrary<FuzzRequest> {
  const perMethod = fc.oneof(...methods.map(methodArbitrary));
  const bogus = fc.tuple(fc.constantFrom(...BOGUS_METHODS), fc.oneof(fc.constant(undefined), nastyValue)).map(([method, params]) => ({ kind: 'bogus-method' as const, method, params }));
  const junk = fc.constantFrom(...JUNK_FRAMES).map((frame) => ({ kind: 'junk-frame' as const, method: null, params: undefined, frame }));
  return fc
    .tuple(
      fc.oneof({ arbitrary: perMethod, weight: 38 }, { arbitrary: bogus, weight: 1 }, { arbitrary: junk, weight: 1 }),
      fc.constantFrom<Encoding>('json', 'json', 'json', 'extended'),
    )
    .map(([req, encoding]) => ({ ...req, encoding }));
}
