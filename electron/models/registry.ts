// Which models exist and where their files are. Starter models ship in resources/models; the
// model library (import, download) adds more later. Ids are stable: recipes refer to them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AtelierError } from '../../shared/errors';

export type ModelKind = 'text' | 'diffusion' | 'gan' | 'upscaler';

export interface ModelEntry {
  id: string;
  dir: string;
  starter: boolean;
  kind: ModelKind;
}

/** What a folder holds, from the files in it; null when it is not a model folder. */
export function detectKind(dir: string): ModelKind | null {
  if (existsSync(join(dir, 'model_index.json'))) return 'diffusion';
  if (existsSync(join(dir, 'atelier.json'))) {
    try {
      const kind = (JSON.parse(readFileSync(join(dir, 'atelier.json'), 'utf8')) as { kind?: unknown }).kind;
      if (kind === 'gan' || kind === 'upscaler' || kind === 'text' || kind === 'diffusion') return kind;
    } catch {
      return null;
    }
  }
  if (existsSync(join(dir, 'config.json'))) return 'text';
  return null;
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
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const kind = d.isDirectory() ? detectKind(join(dir, d.name)) : null;
      return kind ? [{ id: d.name, dir: join(dir, d.name), starter: true, kind }] : [];
    });
  }

  /** Registers every model folder (with a config.json) inside `dir`, by folder name. */
  addFolder(dir: string): void {
    if (!existsSync(dir)) throw new AtelierError('NOT_FOUND', `Models folder not found: ${dir}`);
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (d.isDirectory() && detectKind(join(dir, d.name))) this.add(d.name, join(dir, d.name));
    }
  }

  /** Registers a model folder under an id (tests, and later the model library). */
  add(id: string, dir: string): void {
    const kind = detectKind(dir);
    if (!kind) throw new AtelierError('MODEL_INVALID', `${dir} is not a model folder (no config.json, model_index.json or atelier.json)`);
    this.extra.set(id, { id, dir, starter: false, kind });
  }

  list(): ModelEntry[] {
    return [...this.starters(), ...this.extra.values()];
  }

  resolve(id: string, kinds?: ModelKind[]): ModelEntry {
    const found = this.extra.get(id) ?? this.starters().find((m) => m.id === id);
    if (found && kinds && !kinds.includes(found.kind)) {
      throw new AtelierError('BAD_INPUT', `'${id}' is a ${found.kind} model; this needs a ${kinds.join(' or ')} model`);
    }
    if (!found) {
      const known = this.list().map((m) => m.id);
      throw new AtelierError('NOT_FOUND', `No model '${id}'${known.length ? ` (available: ${known.join(', ')})` : ''}`);
    }
    return found;
  }
}
