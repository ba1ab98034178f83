// The version graph: immutable iterations joined by parent→child edges. Saving never overwrites;
// it adds a node and moves the document's head to it.
import type { EmptyTrashResult, HistoryTrashSummary } from '../../shared/contract/history';
import type {
  DocumentKind,
  IterationTokens,
  HistoryGraph,
  Iteration,
  IterationSource,
  IterationStatus,
  IterationWithContent,
  StoredSpan,
} from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import type { ArtifactsRepo } from './artifacts';
import type { Db } from './connection';
import type { DocumentsRepo } from './documents';
import { newId } from './ids';

/** An `iterations` table row as SQLite returns it. */
export interface IterationRow {
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
}

export interface NewIteration {
  documentId: string;
  parentIds: string[];
  source: IterationSource;
  status?: IterationStatus;
  /** False for candidates (alternatives) the user has not picked yet. */
  moveHead?: boolean;
  recipe?: unknown;
  artifactId: string;
}

export class HistoryRepo {
  constructor(
    private readonly db: Db,
    private readonly documents: DocumentsRepo,
    private readonly artifacts: ArtifactsRepo,
  ) {}

  /**
   * Every version of a document with its edges. `recipes: false` leaves the recipes out (null):
   * a big tree opens several times faster and history.get has them when a version is picked.
   */
  graph(documentId: string, opts: { recipes?: boolean } = {}): HistoryGraph {
    this.documents.get(documentId);
    const columns = opts.recipes === false ? 'id, document_id, kind, source, status, NULL AS recipe_json, artifact_id, created_at, deleted_at, starred, note' : '*';
    const rows = this.db
      .prepare(`SELECT ${columns} FROM iterations WHERE document_id = ? ORDER BY created_at, rowid`)
      .all(documentId) as IterationRow[];
    const edges = this.db
      .prepare(
        `SELECT e.parent_id AS parentId, e.child_id AS childId FROM iteration_edges e
         JOIN iterations i ON i.id = e.child_id WHERE i.document_id = ? ORDER BY i.created_at, i.rowid`,
      )
      .all(documentId) as { parentId: string; childId: string }[];
    const parents = new Map<string, string[]>();
    for (const e of edges) {
      const list = parents.get(e.childId);
      if (list) list.push(e.parentId);
      else parents.set(e.childId, [e.parentId]);
    }
    const tags = new Map<string, string[]>();
    const tagRows = this.db
      .prepare(
        `SELECT t.iteration_id AS id, t.tag FROM iteration_tags t JOIN iterations i ON i.id = t.iteration_id
         WHERE i.document_id = ? ORDER BY t.tag`,
      )
      .all(documentId) as { id: string; tag: string }[];
    for (const t of tagRows) {
      const list = tags.get(t.id);
      if (list) list.push(t.tag);
      else tags.set(t.id, [t.tag]);
    }
    // Re-runs carry their verdict, so the tree badges them without asking per row.
    const reruns = new Map(
      (
        this.db
          .prepare(
            `SELECT r.iteration_id AS id, r.original_id AS originalId, r.outcome FROM reproductions r
             JOIN iterations i ON i.id = r.iteration_id WHERE i.document_id = ?`,
          )
          .all(documentId) as { id: string; originalId: string; outcome: 'identical' | 'differs' }[]
      ).map((r) => [r.id, { originalId: r.originalId, outcome: r.outcome }]),
    );
    const iterations = rows.map((r) => {
      const it = this.toIteration(r, parents.get(r.id) ?? [], tags.get(r.id) ?? []);
      const rerun = reruns.get(r.id);
      return rerun ? { ...it, reproduces: rerun } : it;
    });
    return { iterations, edges };
  }

  get(id: string): IterationWithContent {
    const row = this.db.prepare('SELECT * FROM iterations WHERE id = ?').get(id) as IterationRow | undefined;
    if (!row) throw new AtelierError('NOT_FOUND', `No version with id ${id}`);
    const parentIds = (
      this.db.prepare('SELECT parent_id FROM iteration_edges WHERE child_id = ? ORDER BY rowid').all(id) as {
        parent_id: string;
      }[]
    ).map((p) => p.parent_id);
    return { ...this.toIteration(row, parentIds, this.tagsOf(id)), text: this.artifacts.text(row.artifact_id) };
  }

  /** Adds a node with its edges and moves the head, all in one transaction. */
  add(input: NewIteration): IterationWithContent {
    const doc = this.documents.requireLive(input.documentId);
    const parents = [...new Set(input.parentIds)];
    return this.db.transaction(() => {
      for (const p of parents) {
        const owner = this.db.prepare('SELECT document_id FROM iterations WHERE id = ?').get(p) as
          | { document_id: string }
          | undefined;
        if (!owner) throw new AtelierError('NOT_FOUND', `No parent iteration with id ${p}`);
        if (owner.document_id !== doc.id) throw new AtelierError('BAD_INPUT', 'A parent iteration belongs to another document');
      }
      const id = newId();
      const now = Date.now();
      this.db
        .prepare(
          `INSERT INTO iterations (id, document_id, kind, source, status, recipe_json, artifact_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          doc.id,
          doc.kind,
          input.source,
          input.status ?? 'ok',
          input.recipe === undefined ? null : JSON.stringify(input.recipe),
          input.artifactId,
          now,
        );
      const edge = this.db.prepare('INSERT INTO iteration_edges (parent_id, child_id) VALUES (?, ?)');
      for (const p of parents) edge.run(p, id);
      if (input.moveHead !== false) this.documents.setHead(doc.id, id, now);
      return this.get(id);
    })();
  }

  /** `spans`: who wrote which characters, stored with the version (absent: not known). */
  commitText(documentId: string, parentIds: string[], text: string, source: IterationSource, moveHead = true, spans?: StoredSpan[]): Iteration {
    const doc = this.documents.requireLive(documentId);
    if (doc.kind !== 'text') throw new AtelierError('BAD_INPUT', `'${doc.title}' is an image board, not a text document`);
    if (spans) checkSpans(spans, text.length);
    return this.db.transaction(() => {
      const artifactId = this.artifacts.putText(text);
      const { text: _t, ...it } = this.add({ documentId, parentIds, source, artifactId, moveHead });
      if (spans) this.db.prepare('INSERT INTO iteration_spans (iteration_id, spans_json) VALUES (?, ?)').run(it.id, JSON.stringify(spans));
      return it;
    })();
  }

  /**
   * Keeps the spans of a version that has none stored yet (a generated version when it is accepted:
   * only then is it known what the text before it was). Stored spans never change, like the text.
   */
  keepSpans(id: string, spans: StoredSpan[]): void {
    const it = this.get(id);
    if (it.kind !== 'text') throw new AtelierError('BAD_INPUT', 'Only text versions have who-wrote-what spans');
    checkSpans(spans, (it.text ?? '').length);
    this.db.prepare('INSERT OR IGNORE INTO iteration_spans (iteration_id, spans_json) VALUES (?, ?)').run(id, JSON.stringify(spans));
  }

  /** The spans stored with a version; null when none are (saved before they were kept, or not accepted yet). */
  spans(id: string): StoredSpan[] | null {
    this.get(id);
    const json = this.db.prepare('SELECT spans_json FROM iteration_spans WHERE iteration_id = ?').pluck().get(id) as string | undefined;
    return json === undefined ? null : (JSON.parse(json) as StoredSpan[]);
  }

  /** A generated version: its full text, its recipe and its per-token data, in one transaction. */
  addGeneratedText(input: {
    documentId: string;
    parentIds: string[];
    text: string;
    status: IterationStatus;
    recipe: unknown;
    tokens: IterationTokens;
  }): Iteration {
    return this.db.transaction(() => {
      const artifactId = this.artifacts.putText(input.text);
      const { text: _t, ...it } = this.add({ ...input, source: 'model', artifactId, moveHead: false });
      this.db
        .prepare('INSERT INTO iteration_tokens (iteration_id, start, tokens_json) VALUES (?, ?, ?)')
        .run(it.id, input.tokens.start, JSON.stringify(input.tokens.tokens));
      return it;
    })();
  }

  /** Makes a version the one the editor shows (accepting an alternative, restoring an old one). */
  checkout(documentId: string, iterationId: string, spans?: StoredSpan[]): void {
    this.documents.requireLive(documentId);
    const it = this.get(iterationId);
    if (it.documentId !== documentId) throw new AtelierError('BAD_INPUT', 'That version belongs to another document');
    this.db.transaction(() => {
      if (spans) this.keepSpans(iterationId, spans);
      this.documents.setHead(documentId, iterationId);
    })();
  }

  /** Moves a version to the trash (its content and edges stay; restore brings it back). */
  setTrashed(id: string, trashed: boolean): IterationWithContent {
    const it = this.get(id);
    this.documents.requireLive(it.documentId);
    this.db.prepare('UPDATE iterations SET deleted_at = ? WHERE id = ?').run(trashed ? Date.now() : null, id);
    return this.get(id);
  }

  /** Sets the star, the tags (replacing them) and/or the note; the content stays as it is. */
  annotate(id: string, input: { starred?: boolean; tags?: string[]; note?: string | null }): IterationWithContent {
    const it = this.get(id);
    this.documents.requireLive(it.documentId);
    this.db.transaction(() => {
      if (input.starred !== undefined) this.db.prepare('UPDATE iterations SET starred = ? WHERE id = ?').run(input.starred ? 1 : 0, id);
      if (input.note !== undefined) {
        const note = input.note?.trim() ? input.note : null;
        this.db.prepare('UPDATE iterations SET note = ? WHERE id = ?').run(note, id);
      }
      if (input.tags !== undefined) {
        const want = new Set(input.tags);
        const have = new Set(it.tags ?? []);
        const del = this.db.prepare('DELETE FROM iteration_tags WHERE iteration_id = ? AND tag = ?');
        const add = this.db.prepare('INSERT INTO iteration_tags (iteration_id, tag) VALUES (?, ?)');
        for (const t of have) if (!want.has(t)) del.run(id, t);
        for (const t of want) if (!have.has(t)) add.run(id, t);
      }
    })();
    return this.get(id);
  }

  /**
   * The versions emptying the trash would delete (one document's, or those of every live document
   * in a live project), by document, and the bytes only they use.
   */
  trashSummary(documentId?: string): HistoryTrashSummary {
    if (documentId !== undefined) this.documents.get(documentId);
    const ids = this.trashedIds(documentId);
    const documents = this.db
      .prepare(
        `SELECT d.id AS documentId, d.title, p.name AS projectName, count(*) AS iterations
         FROM iterations i JOIN documents d ON d.id = i.document_id JOIN projects p ON p.id = d.project_id
         WHERE i.deleted_at IS NOT NULL AND ${documentId === undefined ? 'd.deleted_at IS NULL AND p.deleted_at IS NULL' : 'd.id = @documentId'}
         GROUP BY d.id ORDER BY iterations DESC, d.title, d.id`,
      )
      .all(documentId === undefined ? {} : { documentId }) as HistoryTrashSummary['documents'];
    const inTrashedDocuments =
      documentId === undefined ? (this.db.prepare('SELECT count(*) FROM iterations WHERE deleted_at IS NOT NULL').pluck().get() as number) - ids.length : 0;
    return { iterations: ids.length, bytes: this.artifacts.exclusiveBytes(ids), iterationIds: ids, documents, inTrashedDocuments };
  }

  /**
   * Deletes the versions in the trash for good (one document's, or all): their tokens, tags,
   * search rows and reproduction records, and every artifact no other version uses (files too).
   * Lineage survives: a kept child of a deleted version is linked to the deleted one's nearest
   * kept ancestors. A document whose head was deleted gets the nearest kept ancestor (or its
   * newest kept version) as head. The scope is trashSummary's; `only` narrows it to the versions a
   * confirm named, so one trashed (or restored) meanwhile is not deleted unasked.
   */
  emptyTrash(documentId?: string, only?: string[]): EmptyTrashResult {
    if (documentId !== undefined) this.documents.get(documentId);
    const result = this.db.transaction(() => {
      const named = only && new Set(only);
      return this.deleteVersions(this.trashedIds(documentId).filter((id) => !named || named.has(id)));
    })();
    const { paths, ...counts } = result;
    this.artifacts.unlinkFiles(paths);
    return counts;
  }

  /**
   * Deletes these versions for good, inside the caller's transaction, as emptyTrash does; the
   * caller removes the returned paths (unlinkFiles) once it has committed. Used for whole
   * documents too (purge), where the kept children to relink are in other documents, if any.
   */
  deleteVersions(ids: string[]): EmptyTrashResult & { paths: string[] } {
    const doomed = new Set(ids);
    const parentsOf = this.db.prepare('SELECT parent_id AS id FROM iteration_edges WHERE child_id = ?').pluck();
    const childrenOf = this.db.prepare('SELECT child_id AS id FROM iteration_edges WHERE parent_id = ?').pluck();
    const kept = new Map<string, string[]>();
    const keptAncestors = (id: string, seen = new Set<string>()): string[] => {
      const memo = kept.get(id);
      if (memo) return memo;
      const out: string[] = [];
      for (const p of parentsOf.all(id) as string[]) {
        if (seen.has(p)) continue;
        seen.add(p);
        for (const a of doomed.has(p) ? keptAncestors(p, seen) : [p]) if (!out.includes(a)) out.push(a);
      }
      kept.set(id, out);
      return out;
    };
    const link = this.db.prepare('INSERT OR IGNORE INTO iteration_edges (parent_id, child_id) VALUES (?, ?)');
    for (const id of ids) {
      for (const child of childrenOf.all(id) as string[]) {
        if (doomed.has(child)) continue;
        for (const a of keptAncestors(id)) if (a !== child) link.run(a, child);
      }
    }
    const documentIds = new Set<string>();
    const docOf = this.db.prepare('SELECT document_id FROM iterations WHERE id = ?').pluck();
    const heads = this.db.prepare('SELECT id, head_iteration_id AS head FROM documents WHERE head_iteration_id = ?');
    const newest = this.db.prepare(
      'SELECT id FROM iterations WHERE document_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1',
    ).pluck();
    const artifactIds = new Set<string>();
    const artifactOf = this.db.prepare('SELECT artifact_id FROM iterations WHERE id = ?').pluck();
    for (const id of ids) {
      documentIds.add(docOf.get(id) as string);
      artifactIds.add(artifactOf.get(id) as string);
      for (const d of heads.all(id) as { id: string }[]) {
        const next = keptAncestors(id)[0] ?? (newest.get(d.id) as string | undefined) ?? null;
        this.db.prepare('UPDATE documents SET head_iteration_id = ? WHERE id = ?').run(next, d.id);
      }
    }
    const run = (sql: string) => {
      const stmt = this.db.prepare(sql);
      for (const id of ids) stmt.run(id);
    };
    run('DELETE FROM iteration_edges WHERE parent_id = ?');
    run('DELETE FROM iteration_edges WHERE child_id = ?');
    run('DELETE FROM iteration_tokens WHERE iteration_id = ?');
    run('DELETE FROM iteration_spans WHERE iteration_id = ?');
    run('DELETE FROM iteration_tags WHERE iteration_id = ?');
    run('DELETE FROM reproductions WHERE original_id = ?');
    run('DELETE FROM reproductions WHERE iteration_id = ?');
    run('UPDATE grid_cells SET iteration_id = NULL WHERE iteration_id = ?');
    run('DELETE FROM iterations WHERE id = ?');
    const freed = this.artifacts.deleteUnused([...artifactIds]);
    return { iterations: ids.length, ...freed, documentIds: [...documentIds] };
  }

  /** Trashed versions of one document, or of every document that is live in a live project (the Trash page's list). */
  private trashedIds(documentId?: string): string[] {
    return (
      documentId === undefined
        ? this.db
            .prepare(
              `SELECT i.id FROM iterations i JOIN documents d ON d.id = i.document_id JOIN projects p ON p.id = d.project_id
               WHERE i.deleted_at IS NOT NULL AND d.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY i.created_at, i.rowid`,
            )
            .pluck()
            .all()
        : this.db.prepare('SELECT id FROM iterations WHERE deleted_at IS NOT NULL AND document_id = ? ORDER BY created_at, rowid').pluck().all(documentId)
    ) as string[];
  }

  tokens(id: string): IterationTokens | null {
    this.get(id);
    const row = this.db.prepare('SELECT start, tokens_json FROM iteration_tokens WHERE iteration_id = ?').get(id) as
      | { start: number; tokens_json: string }
      | undefined;
    return row ? { start: row.start, tokens: JSON.parse(row.tokens_json) } : null;
  }

  tagsOf(id: string): string[] {
    return (this.db.prepare('SELECT tag FROM iteration_tags WHERE iteration_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((t) => t.tag);
  }

  private toIteration(r: IterationRow, parentIds: string[], tags: string[]): Iteration {
    return {
      id: r.id,
      documentId: r.document_id,
      kind: r.kind,
      source: r.source,
      status: r.status,
      recipe: r.recipe_json === null ? null : JSON.parse(r.recipe_json),
      artifactId: r.artifact_id,
      createdAt: r.created_at,
      deletedAt: r.deleted_at,
      parentIds,
      starred: r.starred === 1,
      tags,
      note: r.note,
    };
  }
}

/** Spans must lie inside the text they describe (the schema already checked their order). */
function checkSpans(spans: readonly StoredSpan[], length: number): void {
  const last = spans.at(-1);
  if (last && last.to > length) {
    throw new AtelierError('BAD_INPUT', `The who-wrote-what spans run to character ${last.to}, past the end of the ${length}-character text`);
  }
}
