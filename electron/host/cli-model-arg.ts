// What `--model ID|PATH` names for `atelier generate text|image`: a model folder, a starter
// model, a folder inside `--models DIR`, or a model imported into the library of the data folder
// (`atelier models import` puts it there; before this, generate could not find it by id).
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AtelierError } from '../../shared/errors';
import { detectKind, ModelRegistry, type ModelEntry, type ModelKind } from '../models/registry';
import { startCliCore } from './cli-core';
import { folderArgProblem } from './cli-folder-arg';

export interface ModelArg {
  /** The `--model` value, or null for the default. */
  model: string | null;
  /** The starter model used without --model. */
  fallback: string;
  kinds: ModelKind[];
  /** --models DIR folders. */
  folders: string[];
  dataDir: string;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** A refusal of the --model value (the CLI exits 2). */
export class ModelArgError extends Error {}

function checkKind(entry: ModelEntry, kinds: ModelKind[], named: string): ModelEntry {
  if (!kinds.includes(entry.kind)) throw new ModelArgError(`--model: '${named}' is ${article(entry.kind)} model; this needs ${article(kinds.join(' or '))} model`);
  return entry;
}

/** Resolves the model; the library is opened only when the id is not a starter or a folder. */
export async function resolveModelArg(arg: ModelArg, err: (s: string) => void): Promise<ModelEntry> {
  const badFolder = folderArgProblem('--models', arg.folders);
  if (badFolder) throw new ModelArgError(badFolder);
  const name = arg.model ?? arg.fallback;
  const asPath = resolve(name);
  const looksLikePath = name.includes('/') || name.includes('\\') || name.startsWith('.');
  if (existsSync(asPath) && statSync(asPath).isDirectory() && (looksLikePath || detectKind(asPath))) {
    const kind = detectKind(asPath);
    if (!kind) throw new ModelArgError(`--model: ${asPath} is not a model folder (no config.json, model_index.json or atelier.json in it)`);
    return checkKind({ id: basename(asPath), dir: asPath, starter: false, kind, source: 'folder' }, arg.kinds, name);
  }
  if (looksLikePath) throw new ModelArgError(`--model: there is no folder ${asPath}`);
  const registry = new ModelRegistry();
  for (const d of arg.folders) registry.addFolder(resolve(d));
  const own = registry.list().find((m) => m.id === name);
  if (own) return checkKind(own, arg.kinds, name);
  // Imported models live in the data folder's library; a folder without a database has none.
  if (!existsSync(join(arg.dataDir, 'atelier.db'))) return refuse(registry, arg, name);
  const core = await startCliCore({ dataDir: arg.dataDir, transport: 'cli', runJobs: false, modelDirs: arg.folders.map((d) => resolve(d)) }, err);
  try {
    const found = core.models.list().find((m) => m.id === name);
    if (found) return checkKind(found, arg.kinds, name);
    const trashed = core.store.models.find(name);
    if (trashed?.deletedAt) throw new ModelArgError(`--model: '${name}' is in the models trash; restore it first (atelier models restore ${name})`);
    return refuse(core.models, arg, name);
  } finally {
    await core.close();
  }
}

function refuse(registry: ModelRegistry, arg: ModelArg, name: string): never {
  try {
    registry.resolve(name, arg.kinds);
  } catch (e) {
    if (e instanceof AtelierError) throw new ModelArgError(`--model: ${e.message}`);
    throw e;
  }
  throw new ModelArgError(`--model: no model '${name}'`);
}
