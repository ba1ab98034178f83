// Which models exist and where their files are. Starter models ship in resources/models; `--models
// DIR` adds folders; the model library (the store's imported models) adds the rest when a core
// passes it in. Without a library the registry still works (CLI generate with folders). Ids are
// stable: recipes refer to them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AtelierError } from '../../shared/errors';

export type ModelKind = 'text' | 'diffusion' | 'gan' | 'upscaler';

export interface ModelEntry {
  id: string;
  dir: string;
  starter: boolean;
  kind: ModelKind;
  /** Where it comes from: resources/models, a --models folder, or the library in the store. */
  source?: 'starter' | 'folder' | 'library';
  name?: string;
}

/** The library's live imported models (read from the store on every call, so never stale). */
export type ImportedModels = () => ModelEntry[];

/** The store's live library rows as registry entries (`store.models` fits `repo`). */
export function importedEntries(repo: { list(): { id: string; dir: string; kind: ModelKind; name: string }[] }): ModelEntry[] {
  return repo.list().map((m) => ({ id: m.id, dir: m.dir, starter: false, kind: m.kind, source: 'library', name: m.name }));
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

  constructor(
    private readonly resourcesDir = defaultResourcesDir(),
    private readonly imported: ImportedModels = () => [],
  ) {}

  starters(): ModelEntry[] {
    const dir = join(this.resourcesDir, 'models');
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const kind = d.isDirectory() ? detectKind(join(dir, d.name)) : null;
      return kind ? [{ id: d.name, dir: join(dir, d.name), starter: true, kind, source: 'starter' as const }] : [];
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
    this.extra.set(id, { id, dir, starter: false, kind, source: 'folder' });
  }

  list(): ModelEntry[] {
    const own = [...this.starters(), ...this.extra.values()];
    const taken = new Set(own.map((m) => m.id));
    return [...own, ...this.imported().filter((m) => !taken.has(m.id))];
  }

  /** The folders given with --models (not part of the library: they cannot be removed from it). */
  folders(): ModelEntry[] {
    return [...this.extra.values()];
  }

  resolve(id: string, kinds?: ModelKind[]): ModelEntry {
    const found = this.extra.get(id) ?? this.starters().find((m) => m.id === id) ?? this.imported().find((m) => m.id === id);
    if (found && kinds && !kinds.includes(found.kind)) {
      throw new AtelierError('BAD_INPUT', `'${id}' is a ${found.kind} model; this needs a ${kinds.join(' or ')} model`);
    }
    if (!found) {
      const known = this.list()
        .filter((m) => !kinds || kinds.includes(m.kind))
        .map((m) => m.id);
      const hint = known.length ? ` (available: ${known.join(', ')})` : kinds ? ` and no ${kinds.join(' or ')} model is installed yet: import one in the model library` : '';
      throw new AtelierError('NOT_FOUND', `No model '${id}'${hint}`);
    }
    return found;
  }
}
