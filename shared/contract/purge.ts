// Deleting projects and documents in the trash for good: what the confirm is shown (exactly what
// goes, counted by the host) and what the delete takes back (the ids that confirm named, so
// nothing restored or added meanwhile goes unasked).
import { z } from 'zod';
import { Id } from './schemas';

const Ids = (max: number) => z.array(Id).max(max).default([]);

export const PurgeScopeRequest = z.strictObject({
  /** Trashed projects, each with all its documents (also those trashed on their own) and versions. */
  projectIds: Ids(10_000),
  /** Trashed documents, each with all its versions. */
  documentIds: Ids(100_000),
  /** Empty trash: every project and document in the trash, and the single versions the Trash page lists. */
  everything: z.boolean().default(false),
});
export type PurgeScopeRequest = z.output<typeof PurgeScopeRequest>;

/** One project or document the confirm names, with what goes with it. */
export interface PurgeItem {
  kind: 'project' | 'document';
  id: string;
  /** The project's name or the document's title. */
  name: string;
  /** The document's project (for a project, its own name). */
  projectName: string;
  documents: number;
  versions: number;
  /** Image files only the deleted versions use (removed from disk), and their size. */
  files: number;
  bytes: number;
}

export interface PurgeSummary {
  /** Projects first (most recently trashed first), then documents. */
  items: PurgeItem[];
  projects: number;
  /** Every document that goes: those of the projects and those named on their own. */
  documents: number;
  /** Every version that goes, the single ones included. */
  versions: number;
  /** Trashed versions of live documents (Empty trash only; 0 otherwise). */
  singleVersions: number;
  files: number;
  bytes: number;
  /** Image files of these versions that stay on disk because a version kept elsewhere uses them too. */
  sharedFiles: number;
  /** What to hand back to trash.deleteForGood. */
  projectIds: string[];
  documentIds: string[];
  iterationIds: string[];
}

export const PurgeRequest = z.strictObject({
  projectIds: Ids(10_000),
  documentIds: Ids(100_000),
  /** Every version the confirm named (those of the projects and documents too). */
  iterationIds: Ids(1_000_000),
});
export type PurgeRequest = z.output<typeof PurgeRequest>;

/** A document deleted for good, and the project it was in (which may have gone with it). */
export interface DeletedDocument {
  documentId: string;
  projectId: string;
}

export interface PurgeResult {
  projects: number;
  documents: number;
  iterations: number;
  /** Artifacts (texts and files) no remaining version uses, deleted; files removed from disk and their size. */
  artifacts: number;
  files: number;
  bytes: number;
  /** Named projects and documents left alone: restored meanwhile, or holding a version the confirm did not name. */
  skipped: number;
  /** Projects whose contents changed (the deleted ones included), for projects.changed. */
  projectIds: string[];
  /** Live documents that lost single versions, for history.changed. */
  documentIds: string[];
}
