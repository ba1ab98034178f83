// History search over every project: the parsed query (shared/search/query.ts) becomes one SQL
// statement over the index that migration 006's triggers keep (FTS5 words, numeric recipe params,
// labels) plus the versions' own columns (kind, star, tags, dates, trash). Newest first.
import { summarizeRecipe } from '../../shared/compare/recipe-summary';
import type { SearchResponse, SearchResult } from '../../shared/contract/search';
import { SEARCH_COUNT_CAP } from '../../shared/contract/search';
import type { DocumentKind, IterationSource, IterationStatus } from '../../shared/contract';
import { ftsExpression, parseSearchQuery, type CompareOp, type SearchTerm } from '../../shared/search/query';
import { buildSnippet } from '../../shared/search/snippet';
import type { Db } from './connection';

interface Row {
  id: string;
  document_id: string;
  kind: DocumentKind;
  source: IterationSource;
  status: IterationStatus;
  recipe_json: string | null;
  artifact_id: string;
  created_at: number;
  deleted_at: number | null;
  starred: number;
  note: string | null;
  title: string;
  project_id: string;
  project_name: string;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  projectId?: string;
  documentId?: string;
}

const SQL_OP: Record<Exclude<CompareOp, '=' | '!='>, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

/** Equality on stored doubles: a tolerance far below any setting's precision. */
const EPS = (v: number) => 1e-9 * Math.max(1, Math.abs(v));

interface Where {
  sql: string[];
  params: unknown[];
}

function numberCondition(t: Extract<SearchTerm, { type: 'number' }>, w: Where): void {
  let cond: string;
  if (t.op === '=' || t.op === '!=') {
    const e = EPS(t.value);
    cond = t.op === '=' ? 'value BETWEEN ? AND ?' : '(value < ? OR value > ?)';
    w.params.push(t.key, t.value - e, t.value + e);
  } else {
    cond = `value ${SQL_OP[t.op]} ?`;
    w.params.push(t.key, t.value);
  }
  w.sql.push(`r.iteration_id ${t.negate ? 'NOT IN' : 'IN'} (SELECT iteration_id FROM search_params WHERE key = ? AND ${cond})`);
}

export function buildWhere(terms: SearchTerm[], opts: SearchOptions): Where {
  const w: Where = { sql: ['d.deleted_at IS NULL', 'p.deleted_at IS NULL'], params: [] };
  const trashed = terms.some((t) => t.type === 'flag' && t.flag === 'trashed' && !t.negate);
  w.sql.push(trashed ? 'i.deleted_at IS NOT NULL' : 'i.deleted_at IS NULL');
  if (opts.projectId) {
    w.sql.push('d.project_id = ?');
    w.params.push(opts.projectId);
  }
  if (opts.documentId) {
    w.sql.push('i.document_id = ?');
    w.params.push(opts.documentId);
  }
  const words = terms.filter((t) => t.type === 'text' && !t.negate);
  if (words.length) {
    w.sql.push('r.n IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)');
    w.params.push(ftsExpression(words));
  }
  for (const t of terms) {
    switch (t.type) {
      case 'text':
        if (t.negate) {
          w.sql.push('r.n NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)');
          w.params.push(ftsExpression([{ ...t, negate: false }]));
        }
        break;
      case 'number':
        numberCondition(t, w);
        break;
      case 'label':
        w.sql.push(`r.iteration_id ${t.negate ? 'NOT IN' : 'IN'} (SELECT iteration_id FROM search_labels WHERE key = ? AND value = ?)`);
        w.params.push(t.field, t.value);
        break;
      case 'tag':
        w.sql.push(`r.iteration_id ${t.negate ? 'NOT IN' : 'IN'} (SELECT iteration_id FROM iteration_tags WHERE tag = ?)`);
        w.params.push(t.value);
        break;
      case 'kind':
        w.sql.push(t.negate ? 'i.kind <> ?' : 'i.kind = ?');
        w.params.push(t.value);
        break;
      case 'flag':
        if (t.flag === 'starred') w.sql.push(t.negate ? 'i.starred = 0' : 'i.starred = 1');
        break;
      case 'date': {
        const parts: string[] = [];
        if (t.from !== null) {
          parts.push('i.created_at >= ?');
          w.params.push(t.from);
        }
        if (t.to !== null) {
          parts.push('i.created_at < ?');
          w.params.push(t.to);
        }
        if (parts.length) w.sql.push(t.negate ? `NOT (${parts.join(' AND ')})` : parts.join(' AND '));
        break;
      }
    }
  }
  return w;
}

function parseRecipe(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

const FROM = `FROM search_rows r
  JOIN iterations i ON i.id = r.iteration_id
  JOIN documents d ON d.id = i.document_id
  JOIN projects p ON p.id = d.project_id`;

export class SearchRepo {
  constructor(private readonly db: Db) {}

  /** Runs a query string; throws BAD_INPUT for bad syntax. */
  query(q: string, opts: SearchOptions = {}): SearchResponse {
    const started = performance.now();
    const { terms } = parseSearchQuery(q);
    const w = buildWhere(terms, opts);
    const where = w.sql.join(' AND ');
    const limit = opts.limit ?? 50;
    const offset = opts.offset ?? 0;
    const rows = this.db
      .prepare(
        `SELECT i.id, i.document_id, i.kind, i.source, i.status, i.recipe_json, i.artifact_id, i.created_at, i.deleted_at,
                i.starred, i.note, d.title, d.project_id, p.name AS project_name
         ${FROM} WHERE ${where} ORDER BY r.n DESC LIMIT ? OFFSET ?`,
      )
      .all(...w.params, limit, offset) as Row[];
    let total = offset + rows.length;
    let totalCapped = false;
    if (rows.length === limit || offset > 0) {
      total = this.db
        .prepare(`SELECT count(*) FROM (SELECT 1 ${FROM} WHERE ${where} LIMIT ${SEARCH_COUNT_CAP + 1})`)
        .pluck()
        .get(...w.params) as number;
      totalCapped = total > SEARCH_COUNT_CAP;
      if (totalCapped) total = SEARCH_COUNT_CAP;
    }
    const tagsOf = this.db.prepare('SELECT tag FROM iteration_tags WHERE iteration_id = ? ORDER BY tag').pluck();
    const textOf = this.db.prepare('SELECT text FROM artifacts WHERE id = ?').pluck();
    const results: SearchResult[] = rows.map((r) => {
      const recipe = parseRecipe(r.recipe_json);
      const tags = tagsOf.all(r.id) as string[];
      const prompt = (recipe as { settings?: { prompt?: unknown } } | null)?.settings?.prompt;
      const snippet = buildSnippet(
        {
          prompt: typeof prompt === 'string' ? prompt : '',
          output: r.kind === 'text' ? ((textOf.get(r.artifact_id) as string | null) ?? '') : '',
          notes: r.note ?? '',
          tags: tags.join(' '),
        },
        terms,
      );
      return {
        iterationId: r.id,
        documentId: r.document_id,
        documentTitle: r.title,
        projectId: r.project_id,
        projectName: r.project_name,
        kind: r.kind,
        source: r.source,
        status: r.status,
        createdAt: r.created_at,
        trashed: r.deleted_at !== null,
        starred: r.starred === 1,
        tags,
        note: r.note,
        artifactId: r.artifact_id,
        snippet,
        recipe: summarizeRecipe(recipe),
      };
    });
    return { total, totalCapped, results, terms, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }
}
