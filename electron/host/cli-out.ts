// Where a CLI command will write its file, checked before any work starts: a typo in --out used
// to surface only at the final write, after a generation of minutes, as a raw ENOENT naming a
// temporary `.partial` file — and the images were gone. An existing file is never replaced
// unasked (--force replaces it): a script that reruns with the same --out must not silently
// lose the image or export it wrote before.
import { accessSync, closeSync, constants, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';

/** What is wrong with writing `out` (a sentence about `flag`; `example` names a file), or null when it can be written. */
export function outFileProblem(out: string, example: string, flag = '--out', opts: { replace?: boolean; files?: string[] } = {}): string | null {
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
  if (!opts.replace) {
    const taken = (opts.files ?? [file]).map((f) => resolve(f)).filter((f) => existsSync(f));
    if (taken.length === 1) return `${flag}: ${taken[0]} already exists; name another file, or add --force to replace it`;
    if (taken.length > 1) return `${flag}: ${taken.length} of the files to write already exist (${taken.map((f) => basename(f)).join(', ')}); name another file, or add --force to replace them`;
  }
  return null;
}

/** `name (2).png`, `name (3).png` …: the first free name beside `file`. */
function freeName(file: string): string {
  const ext = extname(file);
  for (let n = 2; ; n++) {
    const candidate = join(dirname(file), `${basename(file, ext)} (${n})${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * Writes beside the target and then moves it in, so a failed write (a full disk, Ctrl-C) leaves
 * no half a file. Without `replace` the move never replaces a file: one that appeared while the
 * command worked (another process) is kept, and this output takes the next free name. Returns the
 * path written.
 */
export function writeOutFile(file: string, bytes: Uint8Array | string, replace: boolean): string {
  const tmp = `${file}.${process.pid}.partial`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (replace) {
      renameSync(tmp, file);
      return file;
    }
    let target = file;
    for (;;) {
      try {
        linkSync(tmp, target);
        return target;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        target = freeName(file);
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}
