/**
 * Reading what an export needs of one document (Node side): its meta, its verified text and one
 * annotator's layer with the spans that no longer anchor. `CorpusStore.readLayer` loads the
 * document a second time, reads the layer file through several round trips of the thread pool,
 * and checks what an export does not use (values and relations against the schema); for the
 * 10,000 documents of an export that costs the main thread more than the export's own work on
 * the layer. So the common case — a layer file that parses, made on this very text, every span of
 * it anchoring — is read here, its file at the same time as the document, and everything else by
 * the store itself, so that a failure, a re-anchored layer or an orphan (with its message) is
 * always the store's own.
 */
import type { DocumentMeta, Layer } from '../shared/model.js';
import { checkAnchors } from '../shared/corpus/anchoring.js';
import { parseLayerWithLines } from '../shared/corpus/layer-file.js';
import { CodePointIndex } from '../shared/text/code-points.js';
import type { CorpusStore, ReadLayerResult } from './corpus-store.js';
import { decodeUtf8Strict } from './node-text.js';
import { readFileBytes } from './parallel-io.js';

/** A document as an export reads it: what `readDocument` gives, and of `readLayer` the layer and its orphans. */
export interface DocumentToExport {
  readonly meta: DocumentMeta;
  readonly text: string;
  readonly read: Pick<ReadLayerResult, 'layer' | 'orphans'>;
}

/**
 * `store.readDocument(id)` and, of `store.readLayer(id, annotator)`, the layer and its orphans:
 * the same values, or the same `CorpusError` thrown. The layer is read here when its file is
 * UTF-8, parses, names the text's SHA-256 and has no orphan; otherwise by the store (a missing
 * layer file included, which the store gives as an empty layer).
 */
export async function readDocumentToExport(store: CorpusStore, id: string, annotator: string): Promise<DocumentToExport> {
  const file = store.layerPath(id, annotator);
  const [{ meta, text }, bytes] = await Promise.all([store.readDocument(id), readFileBytes(file).catch(() => undefined)]);
  const quick = bytes === undefined ? undefined : quickLayer(file, bytes, meta, text);
  if (quick !== undefined) return { meta, text, read: { layer: quick, orphans: [] } };
  const { layer, orphans } = await store.readLayer(id, annotator);
  return { meta, text, read: { layer, orphans } };
}

/** The layer in `bytes` (read from `file`) when it can be taken without the store (see {@link readDocumentToExport}); else undefined. */
function quickLayer(file: string, bytes: Uint8Array, meta: DocumentMeta, text: string): Layer | undefined {
  const decoded = decodeUtf8Strict(bytes);
  if (decoded === undefined) return undefined;
  const parsed = parseLayerWithLines(decoded, file);
  if (!parsed.ok || parsed.value.layer.textSha256 !== meta.sha256) return undefined;
  const { layer } = parsed.value;
  return checkAnchors(layer.spans, new CodePointIndex(text)).length === 0 ? layer : undefined;
}
