// A document's history for people and for programs:
// - Markdown: one section per version (oldest first), each opening with YAML front matter (id,
//   parents, time, source, status, star, tags, note, recipe), then the text in a fence (or, for
//   an image, where its PNG is kept).
// - JSON: the whole DAG — document, every version with its recipe (and text), and the edges.
import type { HistoryExport, Iteration } from '../../shared/contract';
import type { Store } from '../store';

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const scalar = (v: unknown): string => {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(String(v));
};

const isInline = (v: unknown): boolean =>
  v === null ||
  typeof v !== 'object' ||
  (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) ||
  Object.keys(v).length === 0;

const inline = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(scalar).join(', ')}]` : v !== null && typeof v === 'object' ? '{}' : scalar(v);

/** YAML lines of a mapping (undefined values left out; arrays of scalars inline). */
export function yamlLines(obj: Record<string, unknown>, indent = ''): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const key = PLAIN_KEY.test(k) ? k : JSON.stringify(k);
    if (isInline(v)) lines.push(`${indent}${key}: ${inline(v)}`);
    else if (Array.isArray(v)) {
      lines.push(`${indent}${key}:`);
      for (const item of v) {
        const inner = isInline(item) ? [`${indent}    ${inline(item)}`] : yamlLines(item as Record<string, unknown>, `${indent}    `);
        inner[0] = `${indent}  - ${inner[0]!.trimStart()}`;
        lines.push(...inner);
      }
    } else lines.push(`${indent}${key}:`, ...yamlLines(v as Record<string, unknown>, `${indent}  `));
  }
  return lines;
}

function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}${text.endsWith('\n') ? '' : '\n'}${ticks}`;
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._ -]+/g, '_').trim().slice(0, 80) || 'document';

export function exportHistory(store: Store, documentId: string, format: 'md' | 'json'): HistoryExport {
  const doc = store.documents.get(documentId);
  const project = store.projects.get(doc.projectId);
  const graph = store.history.graph(documentId);
  const textOf = (it: Iteration) => (it.kind === 'text' ? store.artifacts.text(it.artifactId) : null);
  const fileName = `${safeName(doc.title)}.history.${format}`;
  if (format === 'json') {
    const body = {
      format: 'atelier-history/1',
      exportedAt: new Date().toISOString(),
      project: { id: project.id, name: project.name },
      document: doc,
      iterations: graph.iterations.map((it) => ({
        ...it,
        text: textOf(it),
        reproduction: store.reproductions.get(it.id),
        ...(it.kind === 'image' ? { file: `artifacts/${it.artifactId.slice(0, 2)}/${it.artifactId}` } : {}),
      })),
      edges: graph.edges,
    };
    return { format, mime: 'application/json', fileName, text: `${JSON.stringify(body, null, 2)}\n` };
  }
  const out: string[] = [
    `# ${doc.title}`,
    '',
    `${project.name} · ${doc.kind === 'text' ? 'text document' : 'image board'} · ${graph.iterations.length} ${graph.iterations.length === 1 ? 'version' : 'versions'} · exported ${new Date().toISOString()}`,
    '',
  ];
  graph.iterations.forEach((it, n) => {
    const rep = store.reproductions.get(it.id);
    const meta = {
      id: it.id,
      parents: it.parentIds,
      created: new Date(it.createdAt).toISOString(),
      source: it.source,
      status: it.status,
      head: doc.headIterationId === it.id ? true : undefined,
      trashed: it.deletedAt !== null ? true : undefined,
      starred: it.starred ? true : undefined,
      tags: it.tags?.length ? it.tags : undefined,
      note: it.note ?? undefined,
      reproducedFrom: rep ? rep.originalId : undefined,
      outcome: rep ? rep.outcome : undefined,
      recipe: it.recipe ?? undefined,
    };
    out.push(`## Version ${n + 1}`, '', '---', ...yamlLines(meta), '---', '');
    const text = textOf(it);
    if (text !== null) out.push(fence(text), '');
    else out.push(`Image: \`artifacts/${it.artifactId.slice(0, 2)}/${it.artifactId}\` (in the data folder)`, '');
  });
  return { format, mime: 'text/markdown', fileName, text: out.join('\n') };
}
