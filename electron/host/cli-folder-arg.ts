// A folder the user typed that is not there is a bad argument (exit 2, as README's exit codes
// say), refused before any work, in the words the other path flags use ("--model: there is no
// folder …"). Without this `--models DIR` reached the registry and exited 1 as a failure.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Why one of the folders given to `flag` cannot be used, or null when all are folders. */
export function folderArgProblem(flag: string, dirs: readonly string[]): string | null {
  for (const d of dirs) {
    const dir = resolve(d);
    if (!existsSync(dir)) return `${flag}: there is no folder ${dir}`;
    if (!statSync(dir).isDirectory()) return `${flag}: ${dir} is a file, not a folder`;
  }
  return null;
}
