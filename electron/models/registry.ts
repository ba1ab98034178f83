// Which models exist and where their files are. Starter models ship in resources/models; the
// model library (import, download) adds more later. Ids are stable: recipes refer to them.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AtelierError } from '../../shared/errors';

export interface ModelEntry {
  id: string;
  dir: string;
  starter: boolean;
}

/** resources/ beside the sources in a checkout; the packaged app passes process.resourcesPath. */
export function defaultResourcesDir(): string {
  return resolve(__dirname, '../../resources');
}

export class ModelRegistry {
  private readonly extra = new Map<string, ModelEntry>();

  constructor(private readonly resourcesDir = defaultResourcesDir()) {}

  starters(): ModelEntry[] {
    const dir = join(this.resourcesDir, 'models');
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'config.json')))
      .map((d) => ({ id: d.name, dir: join(dir, d.name), starter: true }));
  }

  /** Registers every model folder (with a config.json) inside `dir`, by folder name. */
  addFolder(dir: string): void {
    if (!existsSync(dir)) throw new AtelierError('NOT_FOUND', `Models folder not found: ${dir}`);
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (d.isDirectory() && existsSync(join(dir, d.name, 'config.json'))) this.add(d.name, join(dir, d.name));
    }
  }

  /** Registers a model folder under an id (tests, and later the model library). */
  add(id: string, dir: string): void {
    this.extra.set(id, { id, dir, starter: false });
  }

  list(): ModelEntry[] {
    return [...this.starters(), ...this.extra.values()];
  }

  resolve(id: string): ModelEntry {
    const found = this.extra.get(id) ?? this.starters().find((m) => m.id === id);
    if (!found) {
      const known = this.list().map((m) => m.id);
      throw new AtelierError('NOT_FOUND', `No model '${id}'${known.length ? ` (available: ${known.join(', ')})` : ''}`);
    }
    return found;
  }
}
