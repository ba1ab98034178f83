// Writes fuzzed params as JSON text. 'json' mode is what a well-behaved client sends
// (JSON.stringify: NaN and Infinity become null); 'extended' mode writes what JSON.stringify
// cannot: Infinity as 1e999 (JSON.parse reads it back as Infinity), NaN bare (invalid JSON),
// -0, and RawJson verbatim. Iterative, so 100 000-deep values cannot overflow our own stack.
import { RawJson } from './nasty-values';

export type Encoding = 'json' | 'extended';

function number(n: number, mode: Encoding): string {
  if (mode === 'json') return JSON.stringify(n);
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '1e999';
  if (n === -Infinity) return '-1e999';
  if (Object.is(n, -0)) return '-0';
  return JSON.stringify(n);
}

export function encode(value: unknown, mode: Encoding): string | undefined {
  if (value === undefined) return undefined;
  const out: string[] = [];
  // A stack of things to write: a value, or a literal piece of punctuation.
  const stack: ({ v: unknown } | { lit: string })[] = [{ v: value }];
  while (stack.length) {
    const top = stack.pop()!;
    if ('lit' in top) {
      out.push(top.lit);
      continue;
    }
    const v = top.v;
    if (v instanceof RawJson) out.push(v.text);
    else if (typeof v === 'number') out.push(number(v, mode));
    else if (v === null || typeof v === 'boolean' || typeof v === 'string') out.push(JSON.stringify(v));
    else if (typeof v === 'bigint') out.push(v.toString());
    else if (Array.isArray(v)) {
      stack.push({ lit: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        const item = v[i] === undefined || typeof v[i] === 'function' ? null : v[i];
        stack.push({ v: item });
        if (i > 0) stack.push({ lit: ',' });
      }
      out.push('[');
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as object).filter(([, x]) => x !== undefined && typeof x !== 'function');
      stack.push({ lit: '}' });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        stack.push({ v: x });
        stack.push({ lit: `${JSON.stringify(k)}:` });
        if (i > 0) stack.push({ lit: ',' });
      }
      out.push('{');
    } else out.push('null');
  }
  return out.join('');
}
