// What removing a model means for the work made with it, counted, in the same words in the
// Models view's confirm and `atelier models remove`: a writer wants to know whether any version
// depends on the model, not only that recipes are kept.
import type { ModelUsage } from './contract/models';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "12 versions in 3 documents were made with it; they keep their recipes." */
export function modelUsageSentence(u: Pick<ModelUsage, 'versions' | 'documents'>): string {
  if (u.versions === 0) return 'No version was made with it.';
  const made = u.versions === 1 ? 'was made with it; it keeps its recipe' : 'were made with it; they keep their recipes';
  return `${count(u.versions, 'version')} in ${count(u.documents, 'document')} ${made}.`;
}
