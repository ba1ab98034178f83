// Saving a kept text (keptTexts.ts) as its document's newest version, once the host answers again:
// on start-up, after a reconnect, and before a trash that takes its document. A document in the
// trash (itself or with its project) or deleted for good takes none: the caller offers the text
// back instead. Saving twice adds nothing (a head that already holds the text is taken as saved),
// so two tabs of one browser, or a save whose answer was lost, do not make copies.
import type { Client } from '../../../shared/client';
import type { DocumentInfo } from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { errorMessage } from '../../app/errorMessage';
import type { KeptText } from './keptTexts';

export type KeptOutcome =
  | { how: 'saved' }
  | { how: 'deleted' }
  | { how: 'trashed'; doc: DocumentInfo }
  /** Not saved, still kept: the host did not answer, or refused it. */
  | { how: 'failed'; why: string };

const notFound = (err: unknown) => err instanceof AtelierError && err.code === 'NOT_FOUND';

export async function saveKept(client: Client, kept: KeptText): Promise<KeptOutcome> {
  let doc: DocumentInfo;
  try {
    doc = await client.call('documents.get', { id: kept.documentId });
  } catch (err) {
    return notFound(err) ? { how: 'deleted' } : { how: 'failed', why: errorMessage(err) };
  }
  if (doc.deletedAt !== null || doc.projectDeletedAt !== null) return { how: 'trashed', doc };
  try {
    if (doc.headIterationId && (await client.call('history.get', { id: doc.headIterationId })).text === kept.text) return { how: 'saved' };
    const commit = (parentIds: string[]) =>
      client.call('history.commitText', { documentId: doc.id, parentIds, text: kept.text, source: kept.spans.length > 0 ? 'mixed' : 'user', spans: kept.spans });
    try {
      await commit(kept.baseId ? [kept.baseId] : []);
    } catch (err) {
      // The version it was edited from is gone for good meanwhile: it follows the head instead.
      if (!notFound(err) || !doc.headIterationId) throw err;
      await commit([doc.headIterationId]);
    }
    return { how: 'saved' };
  } catch (err) {
    return { how: 'failed', why: errorMessage(err) };
  }
}
