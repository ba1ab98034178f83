// History search over every project: the parsed query (shared/search/query.ts) becomes one SQL
// statement over the index that migration 006's triggers keep (FTS5 words, numeric recipe params,
// labels) plus the versions' own columns (kind, star, tags, dates, trash). Newest first.
import { summarizeRecipe } from '../../shared/compare/recipe-summary';
import type { SearchResponse, SearchResult } from '../../shared/contract/search';
import { SEARCH_COUNT_CAP } from '../../shared/contract/search';
import { ftsExpression, parseSearchQuery, type CompareOp, type SearchTerm } from '../../shared/search/query';
import { buildSnippet } from '../../shared/search/snippet';
import type { Db } from './connection';
import type { IterationRow } from './history';

/** An iteration row joined with its document and project. */
interface Row extends IterationRow {
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

interface Part {
  sql: string;
  params: unknown[];
}

/** A set of search_rows.n to intersect (positive) or exclude (negated). */
function member(t: SearchTerm): Part | null {
  switch (t.type) {
    case 'text':
      return { sql: 'SELECT rowid FROM search_fts WHERE search_fts MATCH ?', params: [ftsExpression([{ ...t, negate: false }])] };
    case 'number': {
      if (t.op === '=' || t.op === '!=') {
        const e = EPS(t.value);
        const cond = t.op === '=' ? 'value BETWEEN ? AND ?' : '(value < ? OR value > ?)';
        return { sql: `SELECT n FROM search_params WHERE key = ? AND ${cond}`, params: [t.key, t.value - e, t.value + e] };
      }
      return { sql: `SELECT n FROM search_params WHERE key = ? AND value ${SQL_OP[t.op]} ?`, params: [t.key, t.value] };
    }
    case 'label':
      return { sql: 'SELECT n FROM search_labels WHERE key = ? AND value = ?', params: [t.field, t.value] };
    case 'tag':
      return { sql: 'SELECT r2.n FROM iteration_tags t JOIN search_rows r2 ON r2.iteration_id = t.iteration_id WHERE t.tag = ?', params: [t.value] };
    case 'flag':
      return {
        sql: `SELECT r2.n FROM iterations i2 JOIN search_rows r2 ON r2.iteration_id = i2.id WHERE ${t.flag === 'starred' ? 'i2.starred = 1' : 'i2.deleted_at IS NOT NULL'}`,
        params: [],
      };
    default:
      return null;
  }
}

/**
 * How a query runs. Words alone: FTS5 drives, newest rowid first, and stops at the page. With
 * index filters (numbers, labels, tags, star, trash, one document): the intersection of their row
 * sets is built first and walked newest first (no sort). Otherwise: all rows, newest first.
 * Everything else (trash state, live document and project, kind, dates, exclusions) filters rows
 * on the way.
 */
export interface SearchPlan {
  driver: 'fts' | 'rows';
  from: string;
  where: string;
  order: string;
  params: unknown[];
}

export function planSearch(terms: SearchTerm[], opts: SearchOptions): SearchPlan {
  const post: Part[] = [{ sql: 'd.deleted_at IS NULL AND p.deleted_at IS NULL', params: [] }];
  const positives: Part[] = [];
  const words = terms.filter((t) => t.type === 'text' && !t.negate);
  const trashed = terms.some((t) => t.type === 'flag' && t.flag === 'trashed' && !t.negate);
  post.push({ sql: trashed ? 'i.deleted_at IS NOT NULL' : 'i.deleted_at IS NULL', params: [] });
  if (opts.projectId) post.push({ sql: 'd.project_id = ?', params: [opts.projectId] });
  if (opts.documentId) {
    positives.push({ sql: 'SELECT r2.n FROM iterations i2 JOIN search_rows r2 ON r2.iteration_id = i2.id WHERE i2.document_id = ?', params: [opts.documentId] });
  }
  for (const t of terms) {
    if (t.type === 'text') {
      if (t.negate) post.push({ sql: 'r.n NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)', params: [ftsExpression([{ ...t, negate: false }])] });
    } else if (t.type === 'kind') {
      post.push({ sql: t.negate ? 'i.kind <> ?' : 'i.kind = ?', params: [t.value] });
    } else if (t.type === 'date') {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (t.from !== null) {
        parts.push('i.created_at >= ?');
        params.push(t.from);
      }
      if (t.to !== null) {
        parts.push('i.created_at < ?');
        params.push(t.to);
      }
      if (parts.length) post.push({ sql: t.negate ? `NOT (${parts.join(' AND ')})` : parts.join(' AND '), params });
    } else if (t.type === 'flag' && t.flag === 'trashed') {
      if (!t.negate) positives.push(member(t)!);
    } else if (t.type === 'flag' && t.negate) {
      post.push({ sql: 'i.starred = 0', params: [] });
    } else {
      const m = member(t)!;
      if (t.negate) post.push({ sql: `r.n NOT IN (${m.sql})`, params: m.params });
      else positives.push(m);
    }
  }
  const ftsPart: Part | null = words.length ? { sql: 'SELECT rowid FROM search_fts WHERE search_fts MATCH ?', params: [ftsExpression(words)] } : null;
  const tables = `JOIN iterations i ON i.id = r.iteration_id
    JOIN documents d ON d.id = i.document_id
    JOIN projects p ON p.id = d.project_id`;
  const conj = (parts: Part[]) => ({ sql: parts.map((x) => x.sql).join(' AND '), params: parts.flatMap((x) => x.params) });
  if (ftsPart && positives.length === 0) {
    const w = conj(post);
    return {
      driver: 'fts',
      from: `FROM search_fts f JOIN search_rows r ON r.n = f.rowid ${tables}`,
      where: `search_fts MATCH ? AND ${w.sql}`,
      order: 'f.rowid DESC',
      params: [...ftsPart.params, ...w.params],
    };
  }
  const sets = ftsPart ? [ftsPart, ...positives] : positives;
  const parts = sets.length ? [{ sql: `r.n IN (${sets.map((x) => x.sql).join(' INTERSECT ')})`, params: sets.flatMap((x) => x.params) }, ...post] : post;
  const w = conj(parts);
  return { driver: 'rows', from: `FROM search_rows r ${tables}`, where: w.sql, order: 'r.n DESC', params: w.params };
}

function parseRecipe(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

export class SearchRepo {
  constructor(private readonly db: Db) {}

  /** Runs a query string; throws BAD_INPUT for bad syntax. */
  query(q: string, opts: SearchOptions = {}): SearchResponse {
    const started = performance.now();
    const { terms } = parseSearchQuery(q);
    const plan = planSearch(terms, opts);
    const limit = opts.limit ?? 50;
    const offset = opts.offset ?? 0;
    const rows = this.db
      .prepare(
        `SELECT i.id, i.document_id, i.kind, i.source, i.status, i.recipe_json, i.artifact_id, i.created_at, i.deleted_at,
                i.starred, i.note, d.title, d.project_id, p.name AS project_name
         ${plan.from} WHERE ${plan.where} ORDER BY ${plan.order} LIMIT ? OFFSET ?`,
      )
      .all(...plan.params, limit, offset) as Row[];
    let total = offset + rows.length;
    let totalCapped = false;
    if (rows.length === limit || (offset > 0 && rows.length === 0)) {
      // Counting stops at the cap: "1,000+ results" needs no full scan of a broad query.
      total = this.db
        .prepare(`SELECT count(*) FROM (SELECT 1 ${plan.from} WHERE ${plan.where} LIMIT ${SEARCH_COUNT_CAP + 1})`)
        .pluck()
        .get(...plan.params) as number;
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
