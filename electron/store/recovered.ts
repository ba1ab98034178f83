// <data>/recovered/: where start-up moves what a crash left that no row refers to (image files,
// model folders). Nothing there is ever deleted by Atelier; the status panel lists each folder
// with how many things it holds, so the user can find them again after the start-up notice is gone.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RecoveredFolder } from '../../shared/contract';

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
    out.push({ path, items, at });
  }
  return out.sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
}
