// node:util parseArgs for the CLI, with two changes users hit:
// - a negative number after a flag that takes a value (`--temperature -1`) is that flag's value,
//   so the range check can say "--temperature must be at least 0" instead of Node refusing it as
//   "argument is ambiguous";
// - Node's multi-line parse errors become one sentence naming the flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/** Rewrites `--flag -1` as `--flag=-1` for options that take a string. */
function glueNegativeValues(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return out.concat(args.slice(i));
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    const next = args[i + 1];
    if (name && Object.hasOwn(options, name) && options[name]!.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** One sentence for each of parseArgs' refusals, naming the flag the user typed. */
export function argsProblem(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = String(e.message ?? err);
  const flag = /(?:Option|option) '(-[^' ]+)/.exec(message)?.[1] ?? /'(-[^' ]+)/.exec(message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    if (message.includes('does not take an argument')) return `${flag} takes no value`;
    if (message.includes('ambiguous')) return `${flag} needs a value; to give one that starts with '-', write ${flag}=-…`;
    return `${flag} needs a value`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `Unknown option ${flag}`;
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /Unexpected argument '([^']*)'/.exec(message)?.[1];
    return arg === undefined ? 'Unexpected argument' : `Unexpected argument '${arg}'`;
  }
  return message.split('\n')[0]!;
}

/** parseArgs that accepts negative numbers as values and throws Errors whose message is one sentence. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T) {
  const args = config.args ?? [];
  try {
    return parseArgs({ ...config, args: glueNegativeValues(args, config.options ?? {}) } as T);
  } catch (err) {
    throw new Error(argsProblem(err), { cause: err });
  }
}
