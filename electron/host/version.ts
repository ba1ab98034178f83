// The app version from package.json, read once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | null = null;

export function appVersion(): string {
  if (cached) return cached;
  for (const dir of [join(__dirname, '../..'), join(__dirname, '../../..'), process.cwd()]) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'atelier' && pkg.version) return (cached = pkg.version);
    } catch {
      // try the next candidate
    }
  }
  return (cached = 'unknown');
}
