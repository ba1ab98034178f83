// The version graph: immutable iterations joined by parent→child edges. Saving never overwrites;
// it adds a node and moves the document's head to it.
import type {
  DocumentKind,
  IterationTokens,
  HistoryGraph,
  Iteration,
  IterationSource,
  IterationStatus,
  IterationWithContent,
} from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import type { ArtifactsRepo } from './artifacts';
import type { Db } from './connection';
import type { DocumentsRepo } from './documents';
import { newId } from './ids';

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

  graph(documentId: string): HistoryGraph {
    this.documents.get(documentId);
    const rows = this.db
      .prepare('SELECT * FROM iterations WHERE document_id = ? ORDER BY created_at, rowid')
      .all(documentId) as Row[];
    const edges = this.db
      .prepare(
        `SELECT e.parent_id AS parentId, e.child_id AS childId FROM iteration_edges e
         JOIN iterations i ON i.id = e.child_id WHERE i.document_id = ? ORDER BY i.created_at, i.rowid`,
      )
      .all(documentId) as { parentId: string; childId: string }[];
    const parents = new Map<string, string[]>();
    for (const e of edges) parents.set(e.childId, [...(parents.get(e.childId) ?? []), e.parentId]);
    return { iterations: rows.map((r) => this.toIteration(r, parents.get(r.id) ?? [])), edges };
  }

  get(id: string): IterationWithContent {
    const row = this.db.prepare('SELECT * FROM iterations WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AtelierError('NOT_FOUND', `No iteration with id ${id}`);
    const parentIds = (
      this.db.prepare('SELECT parent_id FROM iteration_edges WHERE child_id = ? ORDER BY rowid').all(id) as {
        parent_id: string;
      }[]
    ).map((p) => p.parent_id);
    return { ...this.toIteration(row, parentIds), text: this.artifacts.text(row.artifact_id) };
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

  commitText(documentId: string, parentIds: string[], text: string, source: IterationSource): Iteration {
    const doc = this.documents.requireLive(documentId);
    if (doc.kind !== 'text') throw new AtelierError('BAD_INPUT', `'${doc.title}' is an image board, not a text document`);
    return this.db.transaction(() => {
      const artifactId = this.artifacts.putText(text);
      const { text: _t, ...it } = this.add({ documentId, parentIds, source, artifactId });
      return it;
    })();
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
  checkout(documentId: string, iterationId: string): void {
    this.documents.requireLive(documentId);
    const it = this.get(iterationId);
    if (it.documentId !== documentId) throw new AtelierError('BAD_INPUT', 'That version belongs to another document');
    this.documents.setHead(documentId, iterationId);
  }

  /** Moves a version to the trash (its content and edges stay; restore brings it back). */
  setTrashed(id: string, trashed: boolean): IterationWithContent {
    const it = this.get(id);
    this.documents.requireLive(it.documentId);
    this.db.prepare('UPDATE iterations SET deleted_at = ? WHERE id = ?').run(trashed ? Date.now() : null, id);
    return this.get(id);
  }

  tokens(id: string): IterationTokens | null {
    this.get(id);
    const row = this.db.prepare('SELECT start, tokens_json FROM iteration_tokens WHERE iteration_id = ?').get(id) as
      | { start: number; tokens_json: string }
      | undefined;
    return row ? { start: row.start, tokens: JSON.parse(row.tokens_json) } : null;
  }

  private toIteration(r: Row, parentIds: string[]): Iteration {
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
    };
  }
}
