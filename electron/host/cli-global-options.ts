// Options every command takes may come before the command (`atelier --data DIR status`), as in
// most command lines; before this the CLI read `--data` as the command ("Unknown command
// '--data'"). They are moved after the command's words, where each command parses them.

/** The options the usage lists for every command, each taking a value. */
const GLOBAL = ['--data', '--models'];

/** argv with leading global options moved to the end (before a `--`); a missing value is an error message. */
export function moveGlobalOptions(argv: readonly string[]): { argv: string[] } | { problem: string } {
  const moved: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const name = GLOBAL.find((g) => a === g || a.startsWith(`${g}=`));
    if (!name) break;
    if (a === name) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) return { problem: `${name} needs a value` };
      moved.push(name, value);
      i++;
    } else moved.push(a);
  }
  const rest = argv.slice(i);
  // Options alone (`atelier --data DIR`) are no command: the caller shows the usage, as for nothing.
  if (rest.length === 0) return { argv: [] };
  const dashes = rest.indexOf('--');
  return { argv: dashes < 0 ? [...rest, ...moved] : [...rest.slice(0, dashes), ...moved, ...rest.slice(dashes)] };
}
