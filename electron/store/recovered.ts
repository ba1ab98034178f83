// <data>/recovered/: where start-up moves what a crash left that no row refers to (image files,
// model folders). Nothing there is ever deleted by Atelier on its own; the status panel lists each
// folder with how many things it holds and their size, so the user can find them again after the
// start-up notice is gone, and delete them when they ask to (after a confirm naming count and size).
import { existsSync, lstatSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeleteRecoveredResult, RecoveredFolder } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { byteSize, itemCount } from '../../shared/recovered-words';

/** `2026-11-28T13-52-07Z`: sortable and valid as a folder name everywhere. */
const stamp = (now: Date) => now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

/** The folder one start-up moves things into (created by whoever moves the first thing). */
export function recoveredDirFor(dataDir: string, now: Date): string {
  return join(dataDir, 'recovered', stamp(now));
}

const STAMP = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)Z$/;

/** Each recovered/<time>/ folder, newest first: its path, when, and how many things it holds. */
export function listRecovered(dataDir: string): RecoveredFolder[] {
  const root = join(dataDir, 'recovered');
  if (!existsSync(root)) return [];
  const out: RecoveredFolder[] = [];
  for (const name of readdirSync(root, { withFileTypes: true })) {
    if (!name.isDirectory()) continue;
    const path = join(root, name.name);
    // A moved model folder counts as one thing (it is put back or imported as a whole).
    const top = readdirSync(path, { withFileTypes: true });
    const models = top.find((e) => e.isDirectory() && e.name === 'models');
    const items = top.filter((e) => e !== models).length + (models ? readdirSync(join(path, 'models')).length : 0);
    const m = STAMP.exec(name.name);
    const at = m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) : null;
    out.push({ path, name: name.name, items, bytes: treeBytes(path), at });
  }
  return out.sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
}

/** Bytes of every file under `path`; links are not followed (a link is the size of itself). */
function treeBytes(path: string): number {
  let total = 0;
  const stack = [path];
  while (stack.length) {
    const p = stack.pop()!;
    let st;
    try {
      st = lstatSync(p);
    } catch {
      continue; // gone while we looked
    }
    if (st.isDirectory()) for (const e of readdirSync(p)) stack.push(join(p, e));
    else total += st.size;
  }
  return total;
}

/**
 * Deletes the named recovered/ folders for good, if together they still hold exactly the items
 * and bytes the user confirmed; otherwise nothing is deleted (CONFLICT). Only folders the listing
 * shows can be named, so no request reaches outside recovered/. A folder that cannot be removed
 * is reported in `failed` and stays listed with whatever it still holds.
 */
export function deleteRecovered(dataDir: string, req: { folders: string[]; items: number; bytes: number }): DeleteRecoveredResult {
  const listed = new Map(listRecovered(dataDir).map((f) => [f.name, f]));
  const chosen: RecoveredFolder[] = [];
  for (const name of req.folders) {
    const f = listed.get(name);
    if (!f) throw new AtelierError('NOT_FOUND', `There is no folder '${name}' in ${join(dataDir, 'recovered')} (already deleted?)`, { name });
    chosen.push(f);
  }
  const items = chosen.reduce((n, f) => n + f.items, 0);
  const bytes = chosen.reduce((n, f) => n + f.bytes, 0);
  if (items !== req.items || bytes !== req.bytes) {
    throw new AtelierError(
      'CONFLICT',
      `The recovered files changed since you looked: ${req.folders.length === 1 ? 'the folder now holds' : `the ${req.folders.length} folders now hold`} ` +
        `${itemCount(items)} (${byteSize(bytes)}), not ${itemCount(req.items)} (${byteSize(req.bytes)}). Nothing was deleted; look again first.`,
      { items, bytes },
    );
  }
  const result: DeleteRecoveredResult = { folders: 0, items: 0, bytes: 0, failed: [] };
  for (const f of chosen) {
    try {
      rmSync(f.path, { recursive: true });
      result.folders++;
      result.items += f.items;
      result.bytes += f.bytes;
    } catch (err) {
      result.failed.push({ name: f.name, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
    }
  }
  try {
    rmdirSync(join(dataDir, 'recovered')); // only when empty: a start-up makes it again when needed
  } catch {
    /* not empty, or gone */
  }
  return result;
}
