// The history search language (pure; the host runs it, the UI can check it as you type).
//
//   red dress              versions whose prompt, text, note or tags contain both words
//   "red dress"  sil*      a phrase; a word prefix
//   -blurry                without the word
//   prompt:cat  text:cat  note:cat     the word in that part only
//   cfg > 9   temperature >= 1.1   seed = 42   steps<=20   cfg != 7
//                          a number from the recipe (spaces around the operator are optional);
//                          `!=` means "has it, with another value"
//   model:tiny-sd  scheduler:euler  device:cuda  tag:keeper  kind:image
//   is:starred  is:trashed  starred:no
//   date >= 2025-01-31   after:2025-01-01   before:2025-02-01   (days, local time)
//   -tag:draft  -model:x   any filter can be negated with a leading '-'
//
// Bad syntax throws AtelierError('BAD_INPUT') with a message that says what to write instead.
import { AtelierError } from '../errors';

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type TextColumn = 'prompt' | 'output' | 'notes';
export type LabelField = 'model' | 'scheduler' | 'device';

export type SearchTerm =
  | { type: 'text'; text: string; phrase: boolean; prefix: boolean; column: TextColumn | null; negate: boolean }
  | { type: 'number'; field: string; key: string; op: CompareOp; value: number; negate: boolean }
  | { type: 'label'; field: LabelField; value: string; negate: boolean }
  | { type: 'tag'; value: string; negate: boolean }
  | { type: 'kind'; value: 'text' | 'image'; negate: boolean }
  | { type: 'flag'; flag: 'starred' | 'trashed'; negate: boolean }
  /** Created in [from, to) (epoch ms; null = open). */
  | { type: 'date'; from: number | null; to: number | null; negate: boolean };

export interface ParsedQuery {
  terms: SearchTerm[];
}

export const MAX_QUERY_TERMS = 32;

/** Recipe numbers that can be filtered on: canonical name → the key stored in the index (lower case). */
export const NUMERIC_FIELDS: Record<string, string> = {
  seed: 'seed',
  temperature: 'temperature',
  topK: 'topk',
  topP: 'topp',
  minP: 'minp',
  typicalP: 'typicalp',
  repetitionPenalty: 'repetitionpenalty',
  presencePenalty: 'presencepenalty',
  frequencyPenalty: 'frequencypenalty',
  penaltyWindow: 'penaltywindow',
  noRepeatNgram: 'norepeatngram',
  maxNewTokens: 'maxnewtokens',
  beams: 'beams',
  lengthPenalty: 'lengthpenalty',
  promptTokens: 'prompttokens',
  promptChars: 'promptchars',
  alternative: 'alternative',
  steps: 'steps',
  cfg: 'cfg',
  width: 'width',
  height: 'height',
  strength: 'strength',
  variationSeed: 'variationseed',
  variationStrength: 'variationstrength',
  batchIndex: 'batchindex',
};

const NUMERIC_ALIASES: Record<string, string> = {
  temp: 'temperature',
  tokens: 'maxNewTokens',
  maxtokens: 'maxNewTokens',
  guidance: 'cfg',
  cfgscale: 'cfg',
  denoise: 'strength',
};

const LABEL_ALIASES: Record<string, LabelField> = { model: 'model', scheduler: 'scheduler', sampler: 'scheduler', device: 'device', provider: 'device' };
const COLUMN_ALIASES: Record<string, TextColumn> = { prompt: 'prompt', text: 'output', output: 'output', note: 'notes', notes: 'notes' };
const OTHER_FIELDS = ['tag', 'kind', 'is', 'starred', 'date', 'after', 'before'];

/** Every field name the language knows, for help texts and suggestions. */
export const SEARCH_FIELDS: readonly string[] = [
  ...Object.keys(NUMERIC_FIELDS),
  ...Object.keys(LABEL_ALIASES).filter((k) => k !== 'sampler' && k !== 'provider'),
  'prompt',
  'text',
  'note',
  ...OTHER_FIELDS,
];

const norm = (field: string): string => field.toLowerCase().replace(/[_-]/g, '');
const NUMERIC_BY_NORM = new Map<string, string>([
  ...Object.keys(NUMERIC_FIELDS).map((k) => [norm(k), k] as [string, string]),
  ...Object.entries(NUMERIC_ALIASES),
]);

const OPS = ['>=', '<=', '!=', '=', '>', '<'] as const;
const OP_RE = /^(>=|<=|!=|==|=|>|<)(.*)$/s;
const FIELD_OP_RE = /^([A-Za-z][A-Za-z0-9_-]*)(>=|<=|!=|==|=|>|<|:)(.*)$/s;
const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

interface Token {
  text: string;
  /** The whole token was one quoted phrase. */
  quoted: boolean;
  negate: boolean;
  at: number;
}

function bad(message: string, at?: number): never {
  throw new AtelierError('BAD_INPUT', message, at === undefined ? undefined : { at });
}

function lex(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i]!)) {
      i++;
      continue;
    }
    const at = i;
    let negate = false;
    if (q[i] === '-' && i + 1 < q.length && /["\p{L}]/u.test(q[i + 1]!)) {
      negate = true;
      i++;
    }
    let text = '';
    let quoted = q[i] === '"';
    let quotes = 0;
    while (i < q.length && !/\s/.test(q[i]!)) {
      if (q[i] === '"') {
        const end = q.indexOf('"', i + 1);
        if (end < 0) bad(`Unclosed quote at character ${i + 1}: add the closing "`, i);
        text += q.slice(i + 1, end);
        quotes++;
        i = end + 1;
      } else {
        text += q[i];
        i++;
      }
    }
    quoted = quoted && quotes === 1 && q[i - 1] === '"';
    tokens.push({ text, quoted, negate, at });
  }
  return tokens;
}

function suggest(field: string): string {
  const n = norm(field);
  let best: string | null = null;
  let bestD = 3;
  for (const f of SEARCH_FIELDS) {
    const d = distance(n, norm(f));
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best ? ` Did you mean '${best}'?` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function parseDay(value: string, field: string, at: number): number {
  const m = DAY_RE.exec(value);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  if (!m || !d || d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) {
    bad(`${field} needs a day written YYYY-MM-DD, like 2025-01-31 (got '${value}')`, at);
  }
  return d.getTime();
}

function dateTerm(op: CompareOp, day: number, negate: boolean): SearchTerm {
  const next = day + DAY_MS;
  switch (op) {
    case '=':
      return { type: 'date', from: day, to: next, negate };
    case '!=':
      return { type: 'date', from: day, to: next, negate: !negate };
    case '>':
      return { type: 'date', from: next, to: null, negate };
    case '>=':
      return { type: 'date', from: day, to: null, negate };
    case '<':
      return { type: 'date', from: null, to: day, negate };
    case '<=':
      return { type: 'date', from: null, to: next, negate };
  }
}

function filterTerm(fieldRaw: string, opRaw: string, value: string, negate: boolean, at: number): SearchTerm {
  const op = (opRaw === '==' ? '=' : opRaw) as CompareOp | ':';
  const field = fieldRaw.toLowerCase();
  const equality = op === ':' || op === '=';
  const onlyEquality = (what: string) => {
    if (!equality && op !== '!=') bad(`${what} can only be matched with ':' or '=' (like ${what}:value), not '${op}'`, at);
  };
  if (value === '') bad(`'${fieldRaw}${opRaw}' needs a value after '${opRaw}'`, at);

  const numeric = NUMERIC_BY_NORM.get(norm(field));
  if (numeric) {
    if (!NUMBER_RE.test(value)) bad(`${numeric} needs a number, like ${numeric} ${op === ':' ? '=' : op} 7 (got '${value}')`, at);
    return { type: 'number', field: numeric, key: NUMERIC_FIELDS[numeric]!, op: op === ':' ? '=' : op, value: Number(value), negate };
  }
  const label = LABEL_ALIASES[field];
  if (label) {
    onlyEquality(label);
    return { type: 'label', field: label, value: value.toLowerCase(), negate: op === '!=' ? !negate : negate };
  }
  const column = COLUMN_ALIASES[field];
  if (column) {
    if (op !== ':') bad(`Write ${field}:word to search the ${field} only (got '${op}')`, at);
    return { ...textTerm(value, false, negate, at), column };
  }
  switch (field) {
    case 'tag':
      onlyEquality('tag');
      return { type: 'tag', value: value.trim().toLowerCase(), negate: op === '!=' ? !negate : negate };
    case 'kind': {
      onlyEquality('kind');
      const v = value.toLowerCase();
      if (v !== 'text' && v !== 'image') bad(`kind is text or image (got '${value}')`, at);
      return { type: 'kind', value: v, negate: op === '!=' ? !negate : negate };
    }
    case 'is': {
      if (op !== ':') bad(`Write is:starred or is:trashed (got 'is${op}')`, at);
      const v = value.toLowerCase();
      if (v !== 'starred' && v !== 'trashed') bad(`is: takes starred or trashed (got '${value}')`, at);
      return { type: 'flag', flag: v, negate };
    }
    case 'starred': {
      onlyEquality('starred');
      const v = value.toLowerCase();
      const yes = ['yes', 'true', '1'].includes(v);
      if (!yes && !['no', 'false', '0'].includes(v)) bad(`starred takes yes or no (got '${value}')`, at);
      return { type: 'flag', flag: 'starred', negate: (op === '!=') !== (yes ? negate : !negate) };
    }
    case 'date':
      return dateTerm(op === ':' ? '=' : op, parseDay(value, 'date', at), negate);
    case 'after':
    case 'before':
      if (op !== ':') bad(`Write ${field}:YYYY-MM-DD (got '${field}${op}')`, at);
      return dateTerm(field === 'after' ? '>=' : '<', parseDay(value, field, at), negate);
  }
  return bad(`Unknown field '${fieldRaw}'.${suggest(fieldRaw)} Put it in quotes to search for the text itself.`, at);
}

function textTerm(raw: string, phrase: boolean, negate: boolean, at: number): Extract<SearchTerm, { type: 'text' }> {
  const prefix = !phrase && raw.endsWith('*');
  const text = prefix ? raw.slice(0, -1) : raw;
  if (prefix && !/[\p{L}\p{N}]$/u.test(text)) bad(`A '*' goes right after a word, like sil* (got '${raw}')`, at);
  return { type: 'text', text, phrase, prefix, column: null, negate };
}

/** Parses a search query; throws BAD_INPUT with a helpful message on bad syntax. */
export function parseSearchQuery(q: string): ParsedQuery {
  const tokens = lex(q);
  const terms: SearchTerm[] = [];
  /** The first word with no letter or digit: FTS indexes none of it, so it matches nothing. */
  let skipped: Token | null = null;
  const skip = (t: Token) => {
    skipped ??= t;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.quoted) {
      if (/[\p{L}\p{N}]/u.test(t.text)) terms.push(textTerm(t.text, true, t.negate, t.at));
      else skip(t);
      continue;
    }
    const valueAfter = (rest: string, opText: string, field: string): string => {
      if (rest !== '') return rest;
      const next = tokens[i + 1];
      if (!next || OP_RE.test(next.text) || next.negate) bad(`'${field} ${opText}' needs a value after '${opText}'`, t.at);
      i++;
      return next.text;
    };
    const fo = FIELD_OP_RE.exec(t.text);
    if (fo) {
      const [, field, op, rest] = fo as unknown as [string, string, string, string];
      terms.push(filterTerm(field, op, valueAfter(rest, op, field), t.negate, t.at));
      continue;
    }
    const bareOp = OP_RE.exec(t.text);
    if (bareOp) bad(`'${bareOp[1]}' needs a field before it, like cfg ${bareOp[1]} 9`, t.at);
    const next = tokens[i + 1];
    const nextOp = next && !next.quoted && !next.negate ? OP_RE.exec(next.text) : null;
    if (nextOp && /^[A-Za-z][A-Za-z0-9_-]*$/.test(t.text)) {
      i++;
      const [, op, rest] = nextOp as unknown as [string, string, string];
      terms.push(filterTerm(t.text, op, valueAfter(rest, op, t.text), t.negate, t.at));
      continue;
    }
    if (/[\p{L}\p{N}]/u.test(t.text)) terms.push(textTerm(t.text, false, t.negate, t.at));
    else skip(t);
  }
  // Punctuation beside words is ignored ("rock & roll"); a query of punctuation alone would
  // otherwise have no terms and list every version.
  const only = skipped as Token | null;
  if (terms.length === 0 && only) {
    const shown = q.slice(only.at).split(/\s/)[0]!;
    bad(`Nothing to search for: '${shown}' at character ${only.at + 1} has no letters or digits. Search for words, or clear the box to list every version.`, only.at);
  }
  if (terms.length > MAX_QUERY_TERMS) bad(`A query can have at most ${MAX_QUERY_TERMS} terms (this one has ${terms.length})`);
  return { terms };
}

/** FTS5 query text for the positive word terms (each word quoted, so punctuation is harmless). */
export function ftsExpression(terms: SearchTerm[]): string {
  return terms
    .filter((t): t is Extract<SearchTerm, { type: 'text' }> => t.type === 'text')
    .map((t) => {
      const quoted = `"${t.text.replace(/"/g, '""')}"${t.prefix ? '*' : ''}`;
      return t.column ? `{${t.column}} : ${quoted}` : quoted;
    })
    .join(' AND ');
}

export { OPS as COMPARE_OPS };
