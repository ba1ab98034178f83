// A cheap fingerprint of a model folder's files (names, sizes, modification times, one level of
// subfolders deep), so a model kept warm is reloaded when its files change on disk — a re-run
// must use the model file as it is now, whose sha256 the recipe then records.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function folderStamp(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string, prefix: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (depth > 0) walk(p, `${prefix}${e.name}/`, depth - 1);
        continue;
      }
      try {
        const s = statSync(p);
        parts.push(`${prefix}${e.name}:${s.size}:${s.mtimeMs}`);
      } catch {
        // A file vanishing mid-walk changes the stamp the next time anyway.
      }
    }
  };
  walk(dir, '', 1);
  return parts.join('|');
}
