// Version metadata, trash emptying, reproduce and export: what the history.* additions take and
// return. The core history methods (graph, get, commitText, …) stay in index.ts.
import { z } from 'zod';
import { Id } from './schemas';

/** A tag: trimmed, lower case, one line, 1–50 chars. */
export const Tag = z
  .string()
  .max(200)
  .transform((s) => s.trim().toLowerCase().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'a tag must not be empty')
      .max(50, 'a tag is at most 50 characters')
      .regex(/^[^\u0000-\u001f\u007f,]*$/, 'a tag is one line without commas'),
  );

export const MAX_TAGS = 32;
export const MAX_NOTE_CHARS = 20_000;

export const AnnotateRequest = z.strictObject({
  id: Id,
  starred: z.boolean().optional(),
  /** Replaces the version's tags (duplicates dropped). */
  tags: z.array(Tag).max(MAX_TAGS, `at most ${MAX_TAGS} tags`).optional(),
  /** null or '' clears the note. */
  note: z.string().max(MAX_NOTE_CHARS, `a note is at most ${MAX_NOTE_CHARS} characters`).nullable().optional(),
});
export type AnnotateRequest = z.output<typeof AnnotateRequest>;

/**
 * A version's marks as they are now, carried by history.changed when a change touched nothing
 * else (history.annotate): a client holding the graph puts them on that version in place instead
 * of fetching the whole graph again.
 */
export interface VersionMarks {
  id: string;
  starred: boolean;
  /** Sorted, as history.graph lists them. */
  tags: string[];
  note: string | null;
}

export const TrashScopeRequest = z.strictObject({
  /** One document's trash; all documents when omitted. */
  documentId: Id.optional(),
});

/** One document's share of what emptying the trash would delete. */
export interface TrashedVersionsOf {
  documentId: string;
  title: string;
  projectName: string;
  iterations: number;
}

/**
 * What emptying the trash would delete, for a confirm that names it: the versions themselves (to
 * hand back to history.emptyTrash, so nothing else goes), how many of each document's, and the bytes
 * freed. Without a document, the scope is the trashed versions of live documents in live projects,
 * the ones the Trash page lists; trashed versions of a document or project that is in the trash
 * itself wait for it and are only counted (inTrashedDocuments).
 */
export interface HistoryTrashSummary {
  iterations: number;
  /** Bytes of artifact files only these versions use (freed on emptying). */
  bytes: number;
  iterationIds: string[];
  /** Most versions first, then by title. */
  documents: TrashedVersionsOf[];
  /** Trashed versions left out of the scope because their document or project is in the trash (0 for one document). */
  inTrashedDocuments: number;
}

export const EmptyTrashRequest = z.strictObject({
  /** One document's trash; all documents when omitted. */
  documentId: Id.optional(),
  /**
   * Only these versions (the ones the confirm named, from history.trashSummary): any that is no
   * longer trashed or is outside the scope is left alone. Omitted: the whole scope as it is now.
   */
  iterationIds: z.array(Id).max(1_000_000).optional(),
});
export type EmptyTrashRequest = z.output<typeof EmptyTrashRequest>;

export interface EmptyTrashResult {
  /** Versions deleted for good. */
  iterations: number;
  /** Artifacts (texts and files) no longer used by any version, deleted. */
  artifacts: number;
  /** Files removed from the artifact folder, and their size. */
  files: number;
  bytes: number;
  documentIds: string[];
}

export type ReproduceOutcome = 'identical' | 'differs';

export interface ReproduceReason {
  code: 'model-changed' | 'other-device' | 'engine-changed' | 'settings-differ' | 'unknown';
  message: string;
}

export interface Reproduction {
  /** The re-run (a child of the original). */
  iterationId: string;
  originalId: string;
  outcome: ReproduceOutcome;
  /** Why it differs, when that is known; may also hold notes for an identical result. */
  reasons: ReproduceReason[];
  /** What was hashed: the generated text, or the decoded pixels (not the PNG file). */
  hashKind: 'text' | 'pixels';
  originalHash: string;
  newHash: string;
  createdAt: number;
}

export const ExportFormat = z.enum(['md', 'json']);
export const ExportHistoryRequest = z.strictObject({ documentId: Id, format: ExportFormat.default('md') });

export interface HistoryExport {
  format: 'md' | 'json';
  mime: string;
  fileName: string;
  text: string;
}

/** What history.reproduce answers at once; the outcome is recorded when the job ends. */
export interface ReproduceStarted {
  /** A normal generation job (generate-text / generate-image / enhance-image). */
  jobId: string;
  originalId: string;
  /** The execution provider asked for (the one the original used, when this build has it). */
  provider: string;
  /** What could not be repeated exactly before running (e.g. an unknown request detail). */
  notes: string[];
}
