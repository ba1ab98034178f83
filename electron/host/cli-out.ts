// Where a CLI command will write its file, checked before any work starts: a typo in --out used
// to surface only at the final write, after a generation of minutes, as a raw ENOENT naming a
// temporary `.partial` file — and the images were gone.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** What is wrong with writing `out` (a sentence about `flag`; `example` names a file), or null when it can be written. */
export function outFileProblem(out: string, example: string, flag = '--out'): string | null {
  const file = resolve(out);
  if (existsSync(file) && statSync(file).isDirectory()) return `${flag}: ${file} is a folder; name the file to write, e.g. ${join(file, example)}`;
  const dir = dirname(file);
  if (!existsSync(dir)) return `${flag}: there is no folder ${dir}; create it first`;
  if (!statSync(dir).isDirectory()) return `${flag}: ${dir} is a file, not a folder`;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `${flag}: cannot write in ${dir} (no permission)`;
  }
  return null;
}
