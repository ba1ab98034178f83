// Hostile values for contract fuzzing: the inputs that break parsers, databases and file paths.
// Values that JSON cannot spell (NaN, Infinity, nesting deeper than JSON.stringify can recurse)
// are kept as markers and written by wire-text.ts.
import fc from 'fast-check';

/** JSON text written verbatim into a request (deep nesting, duplicate keys). */
export class RawJson {
  constructor(readonly text: string) {}
}

export const PATH_LIKE = [
  '../../etc/passwd',
  '../../../../../../../../etc/shadow',
  '/etc/passwd',
  '/etc/passwd\u0000.png',
  'a\u0000b',
  '\u0000',
  '/',
  '.',
  '..',
  '~/.ssh/id_rsa',
  'C:\\Windows\\System32\\config\\SAM',
  '..\\..\\..\\boot.ini',
  '\\\\server\\share\\model',
  'file:///etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '/dev/zero',
  '/dev/stdin',
  '/proc/self/environ',
  '/proc/self/fd/0',
  'atelier.db',
  'artifacts/../atelier.db',
  'models/../../outside',
  'CON',
  'NUL.txt',
  '--help',
  '-rf',
  '$(touch /tmp/atelier-fuzz-pwned)',
  '`id`',
  '; rm -rf /',
  '${HOME}',
];

export const UNICODE_EDGES = [
  '\uD800',
  '\uDFFF',
  'a\uDC00b',
  '\uD83D',
  '\u202Eevil\u202C',
  'שלום עולם',
  'مرحبا',
  '\u200B',
  'a\u200Db',
  '\uFEFF',
  '\u0000',
  'text\u0000more',
  '\u2028\u2029',
  '\uFFFF',
  '\uFFFE',
  'e\u0301\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'İı ß ǅ',
  '\u0085',
  '\r\n',
  '\t',
  '\u001b[31mred',
  '%s%n%x',
  '\\',
  '"',
  "'",
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"); DROP TABLE iteration; --',
  ' ',
  '',
];

/** Search-language and FTS5 syntax: operators, unbalanced quotes, filters with bad values. */
export const QUERY_EDGES = [
  'NEAR(',
  'NEAR(a b, -1)',
  '"unterminated',
  '*',
  'a*',
  'AND',
  'OR NOT',
  '^',
  'title:',
  '-',
  '- -',
  '(',
  ')',
  'cfg > ',
  'cfg > NaN',
  'cfg > 1e999',
  'cfg >= -0',
  'steps:abc',
  'model:',
  'model:../../x',
  'is:',
  'is:nothing',
  'tag:""',
  'seed:99999999999999999999999',
  '{a b}',
  'col:a',
  'a:b:c',
  '"a" "b"',
  '+-+-',
];

export const UNKNOWN_IDS = ['nonexistent', '0', '-', '_', 'a'.repeat(64), 'ZZZZZZZZZZZZZZZZ', 'starter-text-x', 'x-y_z'];

export const EDGE_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  -1,
  1,
  0.5,
  -0.5,
  1.5,
  7,
  8,
  16,
  63,
  64,
  150,
  151,
  2048,
  2049,
  4096,
  4097,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e-308,
];

/** Lengths on either side of the contract's limits, and a few far beyond them. */
const HUGE_LENGTHS = [65, 101, 129, 201, 2001, 4097, 10_001, 20_001, 100_001, 200_001, 1_000_001, 5_000_001];
const FILLS = ['a', ' ', '\u0000', 'é', '\uD800', '👍', 'ab\n', '/..'];

const hugeString = fc
  .tuple(fc.constantFrom(...HUGE_LENGTHS), fc.constantFrom(...FILLS))
  .map(([len, fill]) => fill.repeat(Math.ceil(len / fill.length)).slice(0, len));

const hugeArray = fc
  .tuple(fc.constantFrom(17, 33, 101, 1001, 100_001), fc.constantFrom<unknown>(0, 'a', null, {}, [], 'nonexistent'))
  .map(([len, item]) => new Array(len).fill(item));

const deepNesting = fc
  .tuple(fc.constantFrom(64, 1000, 100_000), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => new RawJson(open.repeat(depth) + '0' + (open === '[' ? ']' : '}').repeat(depth)));

const duplicateKeys = fc.constantFrom(
  new RawJson('{"id":"x","id":{"id":1}}'),
  new RawJson('{"__proto__":{"polluted":true}}'),
  new RawJson('{"constructor":{"prototype":{"polluted":true}}}'),
);

export const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' id', 'ID', 'extra', 'x'.repeat(300)];

const scalar = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE_NUMBERS), weight: 4 },
  { arbitrary: fc.constantFrom(...UNICODE_EDGES), weight: 3 },
  { arbitrary: fc.constantFrom(...PATH_LIKE), weight: 3 },
  { arbitrary: fc.constantFrom(...UNKNOWN_IDS), weight: 2 },
  { arbitrary: fc.constantFrom(...QUERY_EDGES), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>(true, false, null, 'true', '0', '1e999', '[]', '{}'), weight: 2 },
);

/** One hostile value: a scalar, a small random shape, or (rarely) something huge or deep. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: scalar, weight: 20 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 4 },
  { arbitrary: fc.array(scalar, { maxLength: 5 }), weight: 3 },
  { arbitrary: fc.dictionary(fc.constantFrom(...EXTRA_KEYS, 'id', 'name', 'text'), scalar, { maxKeys: 3 }), weight: 3 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: hugeArray, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: duplicateKeys, weight: 1 },
);
