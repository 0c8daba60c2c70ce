/**
 * Exporting one annotator's layers to brat standoff: `<id>.txt` (the canonical text, so brat's
 * code point offsets are ours), `<id>.ann`, and one `annotation.conf` for the folder.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FileProblem } from '../shared/model.js';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { bratAnnotationConf, serializeBratAnn } from '../shared/formats/brat.js';
import { writeFileAtomic } from './atomic-write.js';
import { CorpusError, type CorpusStore } from './corpus-store.js';

export interface BratExportedDocument {
  readonly document: string;
  readonly txtFile: string;
  readonly annFile: string;
  /** Spans written (orphans excluded). */
  readonly spans: number;
}

export interface BratExportReport {
  readonly outDir: string;
  readonly documents: readonly BratExportedDocument[];
  /** Spans left out because they no longer anchor in their text. */
  readonly orphans: readonly { readonly document: string; readonly spanId: string; readonly message: string }[];
  /** Per document, what of the layer brat export does not write yet: attribute values, notes, relations. */
  readonly notExported: readonly { readonly document: string; readonly message: string }[];
  /** Documents that could not be exported (damaged files), naming file and line. */
  readonly failed: readonly FileProblem[];
}

/**
 * Writes every document of `store` with `annotator`'s layer as brat standoff into `outDir`
 * (created when missing; files of the same names are replaced), plus `annotation.conf` from the
 * corpus schema. A document without a layer gets an empty `.ann`. Orphaned spans are not
 * exported and are listed in the report; attribute values, notes and relations are not written
 * yet and are counted in `notExported` (rejected suggestions are no annotation and are not
 * counted); a document whose files are damaged is listed in `failed` and the others are still
 * exported.
 *
 * Throws {@link CorpusError} for an invalid annotator, an annotator with no layers in the corpus,
 * or an `outDir` inside the corpus.
 */
export async function exportBrat(store: CorpusStore, annotator: string, outDir: string): Promise<BratExportReport> {
  const checked = validateAnnotatorName(annotator);
  if (!checked.ok) throw new CorpusError(checked.errors.map((e) => ({ ...e, file: store.root })), 'invalid');
  const out = path.resolve(outDir);
  const relative = path.relative(store.root, out);
  if (relative === '' || !(relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))) {
    throw new CorpusError([{ file: out, message: `refusing to export into the corpus folder ${store.root}` }], 'invalid');
  }
  const annotators = await store.listAnnotatorFolders();
  if (!annotators.includes(annotator)) {
    throw new CorpusError(
      [{ file: path.join(store.root, 'layers', annotator), message: `no layers of annotator "${annotator}" in this corpus (annotators: ${annotators.join(', ') || 'none'})` }],
      'not_found',
    );
  }

  await mkdir(out, { recursive: true });
  const documents: BratExportedDocument[] = [];
  const orphans: { document: string; spanId: string; message: string }[] = [];
  const notExported: { document: string; message: string }[] = [];
  const failed: FileProblem[] = [];
  for (const id of await store.listDocumentIds()) {
    try {
      const text = await store.readText(id);
      const { layer, orphans: lost } = await store.readLayer(id, annotator);
      const lostIds = new Set(lost.map((o) => o.spanId));
      const spans = layer.spans.filter((s) => !lostIds.has(s.id));
      const txtFile = path.join(out, `${id}.txt`);
      const annFile = path.join(out, `${id}.ann`);
      await writeFileAtomic(txtFile, text);
      await writeFileAtomic(annFile, serializeBratAnn(spans, text));
      documents.push({ document: id, txtFile, annFile, spans: spans.length });
      orphans.push(...lost.map((o) => ({ document: id, spanId: o.spanId, message: o.message })));
      const left = leftOut(spans.reduce((n, s) => n + Object.keys(s.attributes).length, 0), spans.filter((s) => s.note !== '').length, layer.relations.length);
      if (left !== undefined) notExported.push({ document: id, message: `${left} not exported: brat export writes text-bound spans only, for now` });
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      failed.push(...error.problems);
    }
  }
  await writeFileAtomic(path.join(out, 'annotation.conf'), bratAnnotationConf(store.manifest.schema));
  return { outDir: out, documents, orphans, notExported, failed };
}

/** "3 attribute values, 1 note and 2 relations", or undefined when all are zero. */
function leftOut(attributes: number, notes: number, relations: number): string | undefined {
  const parts = [
    [attributes, 'attribute value', 'attribute values'],
    [notes, 'note', 'notes'],
    [relations, 'relation', 'relations'],
  ] as const;
  const named = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  if (named.length === 0) return undefined;
  return named.length === 1 ? (named[0] as string) : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1] as string}`;
}
