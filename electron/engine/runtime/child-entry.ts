// Where a child process's entry is: the TypeScript source when running from a checkout (the child
// then needs tsx's loader too), or the built .js next to the bundled main process.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The Node flags a child needs to run `entry`: tsx's loader for a .ts file, nothing otherwise. */
export function loaderArgs(entry: string): string[] {
  if (!entry.endsWith('.ts')) return [];
  const tsx = createRequire(__filename).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href];
}

/**
 * The source entry when it exists (checkout, tests), else the first built one that exists
 * (packaged app; code shared by two bundles lands in chunks/, one folder below the entries).
 */
export function childEntry(sourceEntry: string, builtEntry: string | string[]): { entry: string; execArgv: string[] } {
  const built = Array.isArray(builtEntry) ? builtEntry : [builtEntry];
  const entry = existsSync(sourceEntry) ? sourceEntry : (built.find((p) => existsSync(p)) ?? (built[0] as string));
  return { entry, execArgv: loaderArgs(entry) };
}
