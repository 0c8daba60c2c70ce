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
 * the same values, or the same `CorpusError` thrown. The layer is read here when its file is
 * UTF-8, parses, names the text's SHA-256 and has no orphan; otherwise by the store (a missing
 * layer file included, which the store gives as an empty layer). `ahead`, when given, takes the
 * files of {@link exportFilesAhead} as read ahead, all three at once: the same result.
 */
export async function readDocumentToExport(store: CorpusStore, id: string, annotator: string, ahead?: () => Promise<readonly TextRead[]>): Promise<DocumentToExport> {
  const file = store.layerPath(id, annotator);
  let layerText: Promise<string | undefined>;
  let document: Promise<{ readonly meta: DocumentMeta; readonly text: string }>;
  if (ahead === undefined) {
    layerText = readFileBytes(file).then(decodeUtf8Strict, () => undefined);
    document = store.readDocument(id);
  } else {
    const reads = ahead();
    document = store.readDocument(id, async () => {
      const [meta, text] = (await reads) as [TextRead, TextRead];
      return [meta, text];
    });
    layerText = reads.then(async ([, , layer]) => {
      if (layer?.kind === 'text') return layer.text;
      if (layer?.kind !== 'failed') return undefined;
      return readFileBytes(file).then(decodeUtf8Strict, () => undefined);
    });
  }
  const [{ meta, text }, decoded] = await Promise.all([document, layerText]);
  const quick = decoded === undefined ? undefined : quickLayer(file, decoded, meta, text);
  if (quick !== undefined) return { meta, text, read: { layer: quick, orphans: [] } };
  const { layer, orphans } = await store.readLayer(id, annotator);
  return { meta, text, read: { layer, orphans } };
}

/** The layer in `decoded` (the text of `file`) when it can be taken without the store (see {@link readDocumentToExport}); else undefined. */
function quickLayer(file: string, decoded: string, meta: DocumentMeta, text: string): Layer | undefined {
  const parsed = parseLayerWithLines(decoded, file);
  if (!parsed.ok || parsed.value.layer.textSha256 !== meta.sha256) return undefined;
  const { layer } = parsed.value;
  return checkAnchors(layer.spans, new CodePointIndex(text)).length === 0 ? layer : undefined;
}
