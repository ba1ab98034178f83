// What the compare view loads for each pane, and how panes are lettered.
import type { DocumentInfo, IterationWithContent } from '../../../shared/contract';

export interface Loaded {
  /** `version` names the version as the tree does ("Model · alt 2"): panes of one document share its title. */
  items: { it: IterationWithContent; doc: DocumentInfo | null; version: string }[];
}

export interface CompareViewProps {
  ids: string[];
  onBack(): void;
  onOpenVersion?(target: { projectId: string; documentId: string; documentTitle: string; iterationId: string }): void;
}

export const LETTERS = ['A', 'B', 'C', 'D'];

export type Item = Loaded['items'][number];
