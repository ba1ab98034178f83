// Valid requests built from a method's own zod schema (read through zod 4's def objects), so the
// fuzzer follows the contract as it grows. Ids become Ref markers that the runner resolves to
// ids the host really has (or leaves unknown); a few field names get realistic values so valid
// requests reach deep into the handlers (search syntax, grid axes, model ids, PNG bytes).
import fc from 'fast-check';
import type { z } from 'zod';
import { AXIS_FIELDS } from '../../shared/grids/axes';
import { PATH_LIKE, QUERY_EDGES, UNICODE_EDGES, UNKNOWN_IDS } from './nasty-values';

export type RefKind =
  | 'project'
  | 'document'
  | 'textDocument'
  | 'imageDocument'
  | 'iteration'
  | 'imageIteration'
  | 'job'
  | 'grid'
  | 'model'
  | 'textModel'
  | 'imageModel'
  | 'importPath'
  /** The document of the iteration `new Ref('iteration', n)` names (same n): a pair that belongs together. */
  | 'documentOf';

/** "The n-th id of this kind the host has made" (modulo how many there are). */
export class Ref {
  constructor(
    readonly kind: RefKind,
    readonly n: number,
  ) {}
}

interface Def {
  type: string;
  [key: string]: any;
}
const def = (s: z.ZodType): Def => (s as any)._zod.def;
const checksOf = (s: z.ZodType): Def[] => ((def(s).checks ?? []) as z.ZodType[]).map((c) => (c as any)._zod.def);

const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const MODEL_ID_PATTERN = '^[A-Za-z0-9_.-]{1,128}$';

const SERVICE_ID_KIND: Record<string, RefKind> = {
  projects: 'project',
  documents: 'document',
  history: 'iteration',
  images: 'iteration',
  grids: 'grid',
  jobs: 'job',
  models: 'model',
};

/** Which pool an id field draws from, by method and field name (images for image methods). */
function idKind(method: string, key: string | null): RefKind {
  const service = method.split('.')[0]!;
  if (key === 'projectId') return 'project';
  if (key === 'documentId') return method === 'generate.text' ? 'textDocument' : method === 'generate.image' ? 'imageDocument' : 'document';
  if (key === 'id') return method === 'images.get' ? 'imageIteration' : (SERVICE_ID_KIND[service] ?? 'iteration');
  if (method.startsWith('images.') || method === 'compare.images' || method === 'generate.image') return 'imageIteration';
  return 'iteration';
}

function modelKind(method: string): RefKind {
  return method === 'generate.text' ? 'textModel' : method === 'generate.image' ? 'imageModel' : 'model';
}

const refOrUnknown = (kind: RefKind) =>
  fc.oneof(
    { arbitrary: fc.nat(1000).map((n) => new Ref(kind, n)), weight: 5 },
    { arbitrary: fc.constantFrom(...UNKNOWN_IDS), weight: 1 },
  );

const prose = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 4 },
  { arbitrary: fc.constantFrom('In the beginning', 'a red dress', 'a sneaker', 'light and dark', 'cat'), weight: 3 },
  { arbitrary: fc.constantFrom(...UNICODE_EDGES), weight: 2 },
);

// A 1×1 PNG and broken variants of it: truncated, a bare signature, not base64 at all.
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNGS = [PNG_1X1, PNG_1X1.slice(0, 40), 'iVBORw0KGgo=', '', '!!!not base64!!!', 'AAAA'.repeat(2000), PNG_1X1.replace('IHDR', 'IHDX')];

const AXIS_SYNTAX = ['0.2-1.0 (+0.2)', '1-4', '10-1 (-3)', '0-1 [5]', '1,5,9', '1-3, 7', 'euler, ddim', 'S/R: cat, dog', '"a, b", c', '1-1000000000', '0-1 [0]', '0-1 [1e9]', '1e308-1e309', '5-1 (+1)', '1-2 (+0)', ',,', 'x'];

/** Realistic values for fields whose meaning a plain string cannot reach. */
function hint(key: string | null): fc.Arbitrary<unknown> | null {
  switch (key) {
    case 'q':
      return fc.oneof(prose, fc.constantFrom(...QUERY_EDGES), fc.constantFrom('cfg > 9', 'model:starter-gan', 'is:starred', 'tag:draft', 'steps:20', '"in the"', 'begin*'));
    case 'field':
      return fc.constantFrom(...AXIS_FIELDS.map((f) => f.field), 'temp', 'sampler', 'S/R', 'bogus', '__proto__');
    case 'path':
      // Model folders the fuzzer made (a real model, a broken one) and paths that must be refused.
      return fc.oneof({ arbitrary: fc.nat(1000).map((n) => new Ref('importPath', n)), weight: 1 }, { arbitrary: fc.constantFrom(...PATH_LIKE), weight: 1 });
    case 'values':
      return fc.constantFrom(...AXIS_SYNTAX);
    case 'imageBase64':
      return fc.constantFrom(...PNGS);
    case 'include':
      return fc.constantFrom('*.json', 'onnx/model.onnx', '**/*', '../outside', '/etc/passwd', '\u0000');
    case 'text':
    case 'prompt':
    case 'negativePrompt':
    case 'note':
    case 'memory':
    case 'suffix':
    case 'selection':
    case 'instruction':
      return prose;
    default:
      return null;
  }
}

const textAxis = fc.oneof(
  fc.record({ field: fc.constant('temperature'), values: fc.constantFrom<unknown>('0.2-1.0 (+0.4)', '0-1 [3]', [0.1, 0.5], '0.5') }),
  fc.record({ field: fc.constantFrom('seed', 'topK', 'maxNewTokens'), values: fc.constantFrom<unknown>('1-3', '1,5,9', [1, 2]) }),
  fc.record({ field: fc.constant('prompt'), values: fc.constantFrom<unknown>('S/R: beginning, end, middle', ['beginning', 'end']) }),
);
const imageAxis = fc.oneof(
  fc.record({ field: fc.constantFrom('seed', 'steps'), values: fc.constantFrom<unknown>('1-3', '1,5,9', [1, 2]) }),
  fc.record({ field: fc.constant('scheduler'), values: fc.constantFrom<unknown>('euler, ddim', ['lcm', 'euler-a']) }),
  fc.record({ field: fc.constant('cfg'), values: fc.constantFrom<unknown>('1-7 (+3)', '0-30 [4]') }),
);

/** Grid specs whose axes fit their kind (random axes almost never do), aimed at real documents. */
export function validGridSpec(): fc.Arbitrary<unknown> {
  const ref = (kind: RefKind) => fc.nat(1000).map((n) => new Ref(kind, n));
  const text = fc.record(
    {
      kind: fc.constant('text'),
      name: fc.constantFrom('Temperature sweep', 'grid ✓', 'שלום'),
      base: fc.record({ documentId: ref('textDocument'), prompt: prose, settings: fc.record({ maxNewTokens: fc.integer({ min: 1, max: 16 }) }) }, { requiredKeys: ['documentId', 'prompt'] }),
      x: textAxis,
      y: fc.constantFrom<unknown>(null, { field: 'seed', values: '1-2' }),
    },
    { requiredKeys: ['kind', 'base', 'x'] },
  );
  const image = fc.record(
    {
      kind: fc.constant('image'),
      base: fc.record({ documentId: ref('imageDocument'), model: ref('imageModel'), settings: fc.record({ prompt: prose, width: fc.constantFrom(64, 128), height: fc.constantFrom(64, 128) }, { requiredKeys: ['prompt'] }) }),
      x: imageAxis,
      y: fc.constantFrom<unknown>(null, { field: 'seed', values: '1-2' }),
    },
    { requiredKeys: ['kind', 'base', 'x'] },
  );
  return fc.oneof(text, image);
}

const INT_FORMATS = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

function numberArb(s: z.ZodType): fc.Arbitrary<number> {
  let lo = -1e6;
  let hi = 1e6;
  let loOpen = false;
  let hiOpen = false;
  let integer = false;
  for (const c of checksOf(s)) {
    if (c.check === 'number_format' && INT_FORMATS.has(c.format)) integer = true;
    if (c.check === 'greater_than') [lo, loOpen] = [c.value, !c.inclusive];
    if (c.check === 'less_than') [hi, hiOpen] = [c.value, !c.inclusive];
  }
  if (integer) {
    const min = Math.ceil(loOpen ? lo + 1 : lo);
    const max = Math.floor(hiOpen ? hi - 1 : hi);
    const inside = fc.double({ min, max, noNaN: true }).map((x) => Math.min(max, Math.max(min, Math.round(x))));
    // Small integers only where the range has some (a byte count's minimum can be far above 1000).
    const small = Math.max(min, -1000) <= Math.min(max, 1000) ? [{ arbitrary: fc.integer({ min: Math.max(min, -1000), max: Math.min(max, 1000) }), weight: 3 }] : [];
    return fc.oneof({ arbitrary: fc.constantFrom(min, max), weight: 1 }, ...small, { arbitrary: inside, weight: 2 });
  }
  const edges = [loOpen ? null : lo, hiOpen ? null : hi].filter((x): x is number => x !== null);
  const inside = fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true, minExcluded: loOpen, maxExcluded: hiOpen });
  return edges.length ? fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 1 }, { arbitrary: inside, weight: 4 }) : inside;
}

function stringArb(s: z.ZodType, method: string, key: string | null): fc.Arbitrary<unknown> {
  let min = 0;
  let max = Infinity;
  let pattern: RegExp | null = null;
  for (const c of checksOf(s)) {
    if (c.check === 'min_length') min = c.minimum;
    if (c.check === 'max_length') max = c.maximum;
    if (c.check === 'string_format' && c.format === 'regex') pattern = c.pattern;
  }
  if (pattern?.source === ID_PATTERN) return refOrUnknown(idKind(method, key));
  if (pattern?.source === MODEL_ID_PATTERN) return refOrUnknown(modelKind(method));
  const h = hint(key);
  if (h) return h.filter((v) => v instanceof Ref || s.safeParse(v).success);
  if (pattern) return fc.stringMatching(pattern).filter((v) => v.length >= min && v.length <= max && s.safeParse(v).success);
  return fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 24) });
}

/** Who-wrote-what spans (StoredSpans): sorted and apart by construction, as the schema's refinements want. */
function spansArb(): fc.Arbitrary<unknown> {
  const part = fc.record({ gap: fc.nat(5), len: fc.integer({ min: 1, max: 8 }), run: fc.boolean(), edited: fc.boolean(), first: fc.nat(5), more: fc.nat(3) });
  return fc.array(part, { maxLength: 4 }).map((parts) => {
    let pos = 0;
    return parts.map((p) => {
      const from = pos + p.gap;
      pos = from + p.len;
      if (p.run) return { from, to: pos, kind: 'model', it: 'gen-run', first: p.first, last: p.first + p.more };
      return { from, to: pos, kind: p.edited ? 'edited' : 'model' };
    });
  });
}

const OMITTABLE = new Set(['optional', 'default', 'prefault']);

/** An arbitrary of values `schema` accepts (Ids as Ref markers). Throws on a zod type it does not know. */
export function validArbitrary(schema: z.ZodType, method: string, key: string | null = null): fc.Arbitrary<unknown> {
  const d = def(schema);
  switch (d.type) {
    case 'string':
      return stringArb(schema, method, key);
    case 'number': {
      if (key === 'width' || key === 'height') return fc.integer({ min: 8, max: 256 }).map((n) => n * 8);
      // Refinements (multiples, finiteness) are kept by filtering.
      const custom = checksOf(schema).some((c) => c.check === 'custom');
      return custom ? numberArb(schema).filter((v) => schema.safeParse(v).success) : numberArb(schema);
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (key === 'spans') return spansArb();
      let min = 0;
      let max = 4;
      for (const c of checksOf(schema)) {
        if (c.check === 'min_length') min = c.minimum;
        if (c.check === 'max_length') max = Math.min(c.maximum, min + 4);
      }
      return fc.array(validArbitrary(d.element, method, key), { minLength: min, maxLength: Math.max(min, max) });
    }
    case 'optional':
    case 'default':
    case 'prefault':
      return validArbitrary(d.innerType, method, key);
    case 'nullable':
      return fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: validArbitrary(d.innerType, method, key), weight: 3 });
    case 'pipe': {
      // Generate what the output side accepts (its limits are the strict ones), unless it is a transform.
      const side = def(d.out).type === 'transform' ? d.in : d.out;
      return validArbitrary(side, method, key).filter((v) => schema.safeParse(v).success);
    }
    case 'union':
      return fc.oneof(...(d.options as z.ZodType[]).map((o) => validArbitrary(o, method, key)));
    case 'object': {
      const shape = d.shape as Record<string, z.ZodType>;
      const arbs: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(shape)) {
        arbs[k] = validArbitrary(v, method, k);
        if (!OMITTABLE.has(def(v).type)) required.push(k);
      }
      return fc.record(arbs, { requiredKeys: required });
    }
    default:
      throw new Error(`validArbitrary: zod type '${d.type}' is not supported yet`);
  }
}

/** Every field name a schema knows (all union branches, nested objects), for random shapes. */
export function fieldNames(schema: z.ZodType, out = new Set<string>()): Set<string> {
  const d = def(schema);
  if (d.type === 'object') {
    for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) {
      out.add(k);
      fieldNames(v, out);
    }
  } else if (d.type === 'union') for (const o of d.options as z.ZodType[]) fieldNames(o, out);
  else if (d.innerType) fieldNames(d.innerType, out);
  else if (d.type === 'pipe') fieldNames(d.in, out);
  else if (d.type === 'array') fieldNames(d.element, out);
  return out;
}
