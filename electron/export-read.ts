/**
 * Reading what an export needs of one document (Node side): its meta, its verified text and one
 * annotator's layer with the spans that no longer anchor. `CorpusStore.readLayer` would also
 * check what an export does not use (values and relations against the schema) and read its
 * files through the thread pool; `CorpusStore.readLayersToCompare` reads the same layer, with
 * the same orphans and the same errors, without those checks and from files read ahead.
 */
import type { DocumentMeta } from '../shared/model.js';
import { CorpusError, type CorpusStore, type DocumentAhead, type LayerToCompare, type ReadLayerResult } from './corpus-store.js';
import type { AheadFile, TextRead } from './text-read-ahead.js';

/** A document as an export reads it: what `readDocument` gives, and of `readLayer` the layer and its orphans. */
export interface DocumentToExport {
  readonly meta: DocumentMeta;
  readonly text: string;
  readonly read: Pick<ReadLayerResult, 'layer' | 'orphans'>;
}

/**
 * The files of document `id` as {@link readDocumentToExport} takes them read ahead
 * (text-read-ahead.ts): its meta and text (`store.documentFilesAhead`), then `annotator`'s layer.
 */
export function exportFilesAhead(store: CorpusStore, id: string, annotator: string): readonly AheadFile[] {
  return [...store.documentFilesAhead(id), store.layerPath(id, annotator)];
}

/**
 * `store.readDocument(id)` and, of `store.readLayer(id, annotator)`, the layer and its orphans:
 * the same values, or the same `CorpusError` thrown. `ahead`, when given, takes the files of
 * {@link exportFilesAhead} as read ahead, all three at once: the same result.
 */
export async function readDocumentToExport(store: CorpusStore, id: string, annotator: string, ahead?: () => Promise<readonly TextRead[]>): Promise<DocumentToExport> {
  const reads = ahead?.();
  const document: DocumentAhead | undefined = reads && (async () => (await reads).slice(0, 2) as [TextRead, TextRead]);
  const layerFile = reads && (async () => (await reads)[2] as TextRead);
  const { meta, text, layers } = await store.readLayersToCompare(id, [annotator], layerFile, document);
  const read = layers.get(annotator) as LayerToCompare | CorpusError;
  if (read instanceof CorpusError) throw read;
  return { meta, text, read: { layer: read.layer, orphans: read.orphans } };
}
