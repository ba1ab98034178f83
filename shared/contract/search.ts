// search.query: the history search language (shared/search/query.ts) over every project.
import { z } from 'zod';
import type { RecipeSummary } from '../compare/recipe-summary';
import type { SearchTerm } from '../search/query';
import type { DocumentKind, IterationSource, IterationStatus } from './entities';
import { Id } from './schemas';

export const SearchRequest = z.strictObject({
  q: z.string().max(2000, 'must be at most 2,000 characters'),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  /** Narrow to one project or one document. */
  projectId: Id.optional(),
  documentId: Id.optional(),
});
export type SearchRequest = z.output<typeof SearchRequest>;

export interface SearchSnippet {
  /** Which part matched: the prompt, the text, the note or the tags (null: no word terms). */
  field: 'prompt' | 'output' | 'notes' | 'tags' | null;
  text: string;
  /** [start, end) character ranges of the matched words within `text`. */
  highlights: [number, number][];
}

export interface SearchResult {
  iterationId: string;
  documentId: string;
  documentTitle: string;
  projectId: string;
  projectName: string;
  kind: DocumentKind;
  source: IterationSource;
  status: IterationStatus;
  createdAt: number;
  trashed: boolean;
  starred: boolean;
  tags: string[];
  note: string | null;
  artifactId: string;
  snippet: SearchSnippet;
  recipe: RecipeSummary;
}

export interface SearchResponse {
  /** How many versions match (counted up to `SEARCH_COUNT_CAP`; `totalCapped` says when it stopped). */
  total: number;
  totalCapped: boolean;
  results: SearchResult[];
  /** The query as understood (for chips in the UI). */
  terms: SearchTerm[];
  tookMs: number;
}

export const SEARCH_COUNT_CAP = 1_000;
