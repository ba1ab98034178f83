// `atelier GROUP SUB [options]` for command groups (history, models): the subcommand, and its
// options checked against the ones that subcommand takes. Every mistake is a usage error of the
// group's own class, so the CLI exits 2 with the message.
import { type ParseArgsConfig } from 'node:util';
import { parseCliArgs } from './cli-parse';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseSubcommand<T extends Options>(
  group: string,
  args: string[],
  options: T,
  allowed: Record<string, (keyof T)[]>,
  /** What to say after an unknown subcommand, e.g. "use list or delete". */
  hint: string,
  usage: (message: string) => Error,
) {
  // Options may come before the subcommand (`atelier trash --data DIR list`): parse everything,
  // then the first positional is the subcommand.
  let parsed;
  try {
    parsed = parseCliArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usage((err as Error).message);
  }
  const [sub, ...positionals] = parsed.positionals;
  if (!sub || !Object.hasOwn(allowed, sub)) throw usage(`Unknown ${group} command '${sub ?? ''}' (${hint})`);
  const takes = allowed[sub] as (keyof T)[];
  const extra = Object.keys(parsed.values).find((k) => !takes.includes(k));
  if (extra) throw usage(`${group} ${sub} does not take --${extra}`);
  return { sub, values: parsed.values, positionals };
}
