// One icon per document kind, used in lists and headers alike.
import { FileText, Image } from 'lucide-react';
import type { DocumentKind } from '../../../shared/contract';

export function DocumentKindIcon({ kind, size = 16 }: { kind: DocumentKind; size?: number }) {
  return kind === 'text' ? (
    <FileText size={size} aria-label="Text document" role="img" />
  ) : (
    <Image size={size} aria-label="Image board" role="img" />
  );
}

export const KIND_LABEL: Record<DocumentKind, string> = { text: 'Text document', image: 'Image board' };
