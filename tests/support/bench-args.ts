// A benchmark script's command line: `--json` for machine-readable output, `--name N` for its sizes.
const argv = process.argv.slice(2);

/** Whether the script should print JSON instead of a table. */
export const wantsJson = argv.includes('--json');

/** The number after `--name`, else `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}
