// Grid axes (pure): which recipe settings can be swept, and the value syntax.
//
//   0.2-1.0 (+0.2)   a range with a step (the end is included when the step lands on it)
//   1-4              integers, step 1        10-1 (-3)   counting down
//   0-1 [5]          five evenly spaced values from 0 to 1
//   1,5,9            a list; items may mix with ranges: 1-3, 7
//   euler, ddim      words (scheduler, model); "quoted, values" keep their commas
//   S/R: cat, dog    prompt search/replace: the first value is the text to find, each cell
//                    replaces it with its value (the first cell keeps the prompt as it is)
//
// Bad syntax throws AtelierError('BAD_INPUT') naming the axis and the item.
import { AtelierError } from '../errors';
import type { AxisValue, GridAxis, GridAxisInput } from '../contract/grids';
import { MAX_AXIS_VALUES } from '../contract/grids';
import { IMAGE_SCHEDULERS } from '../contract/image';
import { readsSetting } from '../image-setting-use';

export type AxisType = 'number' | 'integer' | 'scheduler' | 'model' | 'prompt';

export interface AxisField {
  field: string;
  type: AxisType;
  kinds: ('text' | 'image')[];
  /** How a cell's label names a value: `cfg 7`. */
  label: string;
  /** How the editor and every error name the axis: `CFG` ("CFG axis: …"). */
  name: string;
}

const F = (field: string, type: AxisType, kinds: AxisField['kinds'], name: string, label = field): AxisField => ({ field, type, kinds, label, name });

export const AXIS_FIELDS: AxisField[] = [
  F('seed', 'integer', ['text', 'image'], 'Seed'),
  F('model', 'model', ['text', 'image'], 'Model'),
  F('prompt', 'prompt', ['text', 'image'], 'Prompt search/replace'),
  F('temperature', 'number', ['text'], 'Temperature', 'temp'),
  F('topP', 'number', ['text'], 'Top-p', 'top-p'),
  F('minP', 'number', ['text'], 'Min-p', 'min-p'),
  F('topK', 'integer', ['text'], 'Top-k', 'top-k'),
  F('typicalP', 'number', ['text'], 'Typical-p', 'typical-p'),
  F('repetitionPenalty', 'number', ['text'], 'Repetition penalty', 'rep. penalty'),
  F('maxNewTokens', 'integer', ['text'], 'Max new tokens', 'tokens'),
  F('steps', 'integer', ['image'], 'Steps'),
  F('cfg', 'number', ['image'], 'CFG'),
  F('scheduler', 'scheduler', ['image'], 'Scheduler'),
  F('strength', 'number', ['image'], 'Strength (img2img)'),
  F('width', 'integer', ['image'], 'Width'),
  F('height', 'integer', ['image'], 'Height'),
  F('variationStrength', 'number', ['image'], 'Variation strength', 'variation'),
];

/** The axis' name as the editor and every error say it ("Seed"), for a field key ("seed"). */
export function axisName(field: string): string {
  return AXIS_FIELDS.find((a) => a.field === field)?.name ?? field;
}

/** The image settings a grid can sweep on a model of this kind: those it reads (shared/image-setting-use). */
export function imageAxesReadBy(modelKind: string | null | undefined): AxisField[] {
  return AXIS_FIELDS.filter((f) => f.kinds.includes('image') && readsSetting(modelKind, f.field));
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
const ALIASES: Record<string, string> = { temp: 'temperature', sampler: 'scheduler', guidance: 'cfg', tokens: 'maxNewTokens', promptsr: 'prompt', sr: 'prompt' };

export function axisField(name: string, kind: 'text' | 'image'): AxisField {
  const n = ALIASES[norm(name)] ?? name;
  const f = AXIS_FIELDS.find((a) => norm(a.field) === norm(n));
  const choices = AXIS_FIELDS.filter((a) => a.kinds.includes(kind)).map((a) => a.field);
  if (!f) throw new AtelierError('BAD_INPUT', `'${name}' is not a setting a grid can sweep; for ${kind} grids use one of: ${choices.join(', ')}`);
  if (!f.kinds.includes(kind)) throw new AtelierError('BAD_INPUT', `${f.field} is not ${kind === 'image' ? 'an' : 'a'} ${kind} setting; for ${kind} grids use one of: ${choices.join(', ')}`);
  return f;
}

const NUM = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const RANGE_RE = new RegExp(String.raw`^(${NUM})\s*-\s*(${NUM})\s*(?:\(\s*(${NUM})\s*\)|\[\s*(\d+)\s*\])?$`);
const NUMBER_RE = new RegExp(`^${NUM}$`);

const decimals = (s: string): number => {
  const m = /\.(\d+)/.exec(s);
  return m ? m[1]!.length : 0;
};

function bad(axis: string, message: string): never {
  throw new AtelierError('BAD_INPUT', `${axis} axis: ${message}`);
}

/** Splits on commas outside double quotes; quotes are removed, items trimmed. */
export function splitList(spec: string, axis: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  for (const ch of spec) {
    if (ch === '"') {
      if (!quoted && !wasQuoted && cur.trim() === '') cur = '';
      quoted = !quoted;
      wasQuoted = true;
    } else if (!quoted && wasQuoted && /\s/.test(ch)) {
      // Spaces between a closing quote and the comma are not part of the value.
    } else if (ch === ',' && !quoted) {
      out.push(wasQuoted ? cur : cur.trim());
      cur = '';
      wasQuoted = false;
    } else cur += ch;
  }
  if (quoted) bad(axis, 'a quote is not closed');
  out.push(wasQuoted ? cur : cur.trim());
  return out;
}

function expandRange(item: string, axis: string, integer: boolean): number[] {
  const m = RANGE_RE.exec(item);
  if (!m) {
    if (NUMBER_RE.test(item)) return [Number(item)];
    bad(axis, `'${item}' is not a number or a range (write 1-4, 0.2-1.0 (+0.2), 0-1 [5] or 1,5,9)`);
  }
  const [, a, b, stepText, countText] = m;
  const start = Number(a);
  const end = Number(b);
  if (countText !== undefined) {
    const count = Number(countText);
    if (count < 1) bad(axis, `'${item}' asks for no values`);
    if (count > MAX_AXIS_VALUES) bad(axis, `'${item}' asks for ${count} values; at most ${MAX_AXIS_VALUES} per axis`);
    if (count === 1) return [start];
    return Array.from({ length: count }, (_, i) => {
      const v = start + ((end - start) * i) / (count - 1);
      return integer ? Math.round(v) : Math.round(v * 1e6) / 1e6;
    });
  }
  const step = stepText === undefined ? (end >= start ? 1 : -1) : Number(stepText);
  if (step === 0) bad(axis, `'${item}' has a step of 0`);
  if ((end - start) * step < 0) bad(axis, `'${item}' never reaches ${b} with a step of ${stepText ?? step}; use ${step > 0 ? '-' : '+'}${Math.abs(step)}`);
  const places = Math.min(10, Math.max(decimals(a!), decimals(b!), decimals(stepText ?? '')));
  const count = Math.floor(Math.abs((end - start) / step) + 1e-9) + 1;
  if (count > MAX_AXIS_VALUES) bad(axis, `'${item}' makes ${count} values; at most ${MAX_AXIS_VALUES} per axis`);
  return Array.from({ length: count }, (_, i) => Number((start + i * step).toFixed(places)));
}

const fmt = (v: AxisValue): string => (typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : v);

/** Parses one axis' values (text or list) for a field; see the file comment for the syntax. */
export function parseAxis(input: GridAxisInput, kind: 'text' | 'image'): GridAxis {
  const f = axisField(input.field, kind);
  const axis = f.field;
  const who = f.name;
  let values: AxisValue[];
  let search: string | null = null;
  if (f.type === 'prompt') {
    let items: string[];
    if (typeof input.values === 'string') {
      const spec = input.values.replace(/^\s*(prompt\s*)?s\s*\/\s*r\s*:/i, '');
      items = splitList(spec, who);
    } else items = input.values.map(String);
    if (items[0] === '') bad(who, 'the text to replace (the first value) must not be empty');
    if (items.length < 2) bad(who, 'S/R needs the text to find and at least one replacement, like S/R: cat, dog, fox');
    search = items[0]!;
    values = items;
  } else if (f.type === 'number' || f.type === 'integer') {
    const items = typeof input.values === 'string' ? splitList(input.values, who) : input.values;
    values = [];
    for (const item of items) {
      if (typeof item === 'number') {
        if (!Number.isFinite(item)) bad(who, `${item} is not a finite number`);
        values.push(item);
      } else {
        if (item === '') bad(who, 'an empty value (two commas in a row?)');
        values.push(...expandRange(item, who, f.type === 'integer'));
      }
    }
    if (f.type === 'integer') {
      const frac = values.find((v) => !Number.isInteger(v));
      if (frac !== undefined) bad(who, `whole numbers only (got ${frac})`);
    }
  } else {
    values = (typeof input.values === 'string' ? splitList(input.values, who) : input.values.map(String)).map((v) => v.trim());
    if (values.some((v) => v === '')) bad(who, 'an empty value (two commas in a row?)');
    if (f.type === 'scheduler') {
      for (const v of values) {
        if (!(IMAGE_SCHEDULERS as readonly string[]).includes(v as string)) bad(who, `'${v}' is not a scheduler (${IMAGE_SCHEDULERS.join(', ')})`);
      }
    }
  }
  if (values.length === 0) bad(who, 'give at least one value');
  if (values.length > MAX_AXIS_VALUES) bad(who, `${values.length} values; at most ${MAX_AXIS_VALUES} per axis`);
  const labels = values.map((v) => (f.type === 'prompt' || f.type === 'model' || f.type === 'scheduler' ? fmt(v) : `${f.label} ${fmt(v)}`));
  return { field: axis, values, labels, search };
}
