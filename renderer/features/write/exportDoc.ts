// Export a version as Markdown whose YAML front matter carries its recipe (model and hash,
// settings, seed, version id, dates), or as plain text; docx/toDocx.ts writes the same fields into
// a Word file. Pure: ui/download.ts saves the file.
import type { HistoryGraph, Iteration, TextRecipe } from '../../../shared/contract';

export type Yaml = string | number | boolean | null | undefined | Yaml[] | { [key: string]: Yaml };

const PLAIN = /^[A-Za-z0-9_./+][A-Za-z0-9 _./+-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|-?\d[\d_.e+-]*|\.inf|\.nan)$/i;

/** A YAML scalar: bare when unambiguous, otherwise double-quoted with JSON escapes (valid YAML). */
export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '.nan';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (PLAIN.test(value) && !RESERVED.test(value) && !/\s$/.test(value)) return value;
  return JSON.stringify(value);
}

/** Block-style YAML for plain data (objects, arrays, scalars); undefined fields are left out. */
export function toYaml(value: { [key: string]: Yaml }, indent = 0): string {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const k = yamlScalar(key);
    if (Array.isArray(v)) {
      if (v.length === 0) lines.push(`${pad}${k}: []`);
      else if (v.every((x) => x === null || typeof x !== 'object')) {
        lines.push(`${pad}${k}:`);
        for (const x of v) lines.push(`${pad}  - ${yamlScalar(x as string | number | boolean | null)}`);
      } else {
        lines.push(`${pad}${k}:`);
        for (const x of v) {
          if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
            const body = toYaml(x, indent + 4).split('\n');
            lines.push(`${pad}  - ${(body[0] ?? '').trimStart()}`, ...body.slice(1));
          } else lines.push(`${pad}  - ${JSON.stringify(x)}`);
        }
      }
    } else if (v !== null && typeof v === 'object') {
      if (Object.values(v).every((x) => x === undefined)) lines.push(`${pad}${k}: {}`);
      else lines.push(`${pad}${k}:`, toYaml(v, indent + 2));
    } else {
      lines.push(`${pad}${k}: ${yamlScalar(v)}`);
    }
  }
  return lines.join('\n');
}

export function isTextRecipe(value: unknown): value is TextRecipe {
  const v = value as Partial<TextRecipe> | null;
  return typeof v === 'object' && v !== null && v.kind === 'text' && typeof v.model?.id === 'string';
}

export interface ExportInput {
  title: string;
  documentId: string;
  text: string;
  /** The version being exported (the head, or the one being viewed). */
  version: Iteration | null;
  /** The newest generated version on its path, whose recipe made the model's part of the text. */
  generated: Iteration | null;
  appVersion?: string;
}

/**
 * What an export records about a version: title, ids, dates, generator and, when a model wrote part
 * of the text, that generation's recipe. The Markdown front matter and the Word custom properties
 * both carry exactly these fields.
 */
export function exportFields(input: ExportInput, now: Date = new Date()): { [key: string]: Yaml } {
  const { version, generated } = input;
  const recipe = generated && isTextRecipe(generated.recipe) ? generated.recipe : null;
  const front: { [key: string]: Yaml } = {
    title: input.title,
    document: input.documentId,
    version: version?.id,
    source: version?.source,
    created: version ? new Date(version.createdAt).toISOString() : undefined,
    exported: now.toISOString(),
    generator: input.appVersion ? `Atelier ${input.appVersion}` : 'Atelier',
  };
  if (recipe && generated) {
    front.recipe = {
      version: generated.id,
      status: generated.status,
      created: new Date(generated.createdAt).toISOString(),
      model: { id: recipe.model.id, name: recipe.model.name, sha256: recipe.model.sha256 },
      seed: recipe.seed,
      device: recipe.device?.used,
      engine: recipe.engine,
      alternative: recipe.alternative,
      settings: recipe.settings as unknown as { [key: string]: Yaml },
    };
  }
  return front;
}

export function toMarkdown(input: ExportInput, now: Date = new Date()): string {
  const body = input.text.endsWith('\n') ? input.text : `${input.text}\n`;
  return `---\n${toYaml(exportFields(input, now))}\n---\n\n${body}`;
}

/** A file name from a title: letters, digits and dashes, never empty. */
export function fileName(title: string, ext: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'document'}.${ext}`;
}

/** The version exported and the generation whose recipe it carries: the nearest model version up its first-parent line. */
export function exportedVersions(graph: HistoryGraph | null, versionId: string | null): { version: Iteration | null; generated: Iteration | null } {
  const byId = new Map((graph?.iterations ?? []).map((i) => [i.id, i]));
  const version = versionId ? (byId.get(versionId) ?? null) : null;
  let generated: Iteration | null = null;
  for (let cur = version ?? undefined, n = 0; cur && n < 5000; n++) {
    if (cur.source === 'model') {
      generated = cur;
      break;
    }
    const parent = cur.parentIds[0];
    cur = parent ? byId.get(parent) : undefined;
  }
  return { version, generated };
}
