/**
 * The per-document work of an export (Node side): reading a document and the chosen layer,
 * leaving out what no longer anchors, and serialising it in every format asked for, a batch of
 * documents at a time; what the exporting thread then stages and writes (corpus-export.ts). Run
 * in this thread or in worker threads (export-worker.ts, export-pool.ts): everything it takes
 * ({@link ExportWork}) and gives ({@link ExportedBatch}) can be posted between threads, files as
 * bytes that are handed over, not copied.
 */
import type { Manifest } from '../shared/corpus/manifest.js';
import type { FileProblem, Layer, Span } from '../shared/model.js';
import { formatAdapter, type ExportContext, type ExportDocument, type ExportLoss, type FormatName } from '../shared/formats/index.js';
import { CorpusError, type CorpusStore, type ReadLayerResult } from './corpus-store.js';
import { CollectionDigest, type DigestFacts } from './export-digest.js';
import { exportFilesAhead, readDocumentToExport } from './export-read.js';
import { IO_CONCURRENCY, mapBounded } from './parallel-io.js';
import { TextReadAhead } from './text-read-ahead.js';

/** Whose layer is exported: an annotator's (`layers/<name>/`), or the gold layer (`gold/`). */
export type ExportSource = { readonly annotator: string } | { readonly gold: true };

/** What exporting documents needs, checked already (corpus-export.ts): plain data, posted to a worker as it is. */
export interface ExportWork {
  readonly root: string;
  readonly manifest: Manifest;
  readonly source: ExportSource;
  readonly formats: readonly FormatName[];
  readonly context: ExportContext;
  /** Give each exported document back whole ({@link ExportedItem}'s `document`): a copy when it comes from a worker. */
  readonly documents: boolean;
}

/** A file an adapter wrote for a document: its path relative to the format's folder, and its UTF-8 bytes (its own buffer). */
export interface ExportedFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** One document of a batch: exported, or the problems that kept it from being read. */
export type ExportedItem =
  | { readonly id: string; readonly problems: readonly FileProblem[] }
  | {
      readonly id: string;
      /** Per format of {@link ExportWork.formats}, in that order: the files its adapter wrote for this document. */
      readonly files: readonly (readonly ExportedFile[])[];
      /** Per format, in the same order: what its adapter reported it could not express. */
      readonly losses: readonly (readonly ExportLoss[])[];
      /** The spans left out because they no longer anchor, and what named them. */
      readonly orphans: readonly ExportLoss[];
      /** Spans and relations exported. */
      readonly spans: number;
      readonly relations: number;
      /** The document as exported, when {@link ExportWork.documents} asks for it. */
      readonly document?: ExportDocument;
    };

/** The documents of a batch in id order, and the digest of those exported ({@link CollectionDigest}). */
export interface ExportedBatch {
  readonly items: readonly ExportedItem[];
  readonly digest: DigestFacts;
}

/**
 * Exports the documents `ids`, in order, a batch at a time ({@link next}). For an annotator's
 * layer the meta, text and layer file of every document are read ahead in a worker
 * (text-read-ahead.ts), at most two batches of `batch` documents beyond those exported; the
 * documents of a batch are read at once and serialised in id order. {@link close} it when done.
 */
export class DocumentExport {
  readonly #store: CorpusStore;
  readonly #work: ExportWork;
  readonly #ids: readonly string[];
  readonly #ahead: TextReadAhead | undefined;
  #next = 0;

  private constructor(store: CorpusStore, work: ExportWork, ids: readonly string[], batch: number) {
    this.#store = store;
    this.#work = work;
    this.#ids = ids;
    const { source } = work;
    // Document k's files are files 3k, 3k + 1 and 3k + 2 (exportFilesAhead).
    this.#ahead = 'gold' in source ? undefined : TextReadAhead.start(ids.flatMap((id) => exportFilesAhead(store, id, source.annotator)), 6 * batch);
  }

  /** Starts exporting `ids` (in that order) of `store`, `batch` at a time; never throws. */
  static start(store: CorpusStore, work: ExportWork, ids: readonly string[], batch: number): DocumentExport {
    return new DocumentExport(store, work, ids, batch);
  }

  /** Documents not exported yet. */
  get left(): number {
    return this.#ids.length - this.#next;
  }

  /**
   * The next `count` documents (fewer at the end) exported. Throws what is not a document's own
   * problem (a {@link CorpusError} of a document is its item's `problems`). Call once at a time.
   */
  async next(count: number): Promise<ExportedBatch> {
    const from = this.#next;
    const ids = this.#ids.slice(from, from + count);
    this.#next = from + ids.length;
    const loaded = await mapBounded(ids, Math.min(IO_CONCURRENCY, Math.max(1, ids.length)), (id, j) => this.#load(id, from + j));
    const { formats, context } = this.#work;
    const adapters = formats.map(formatAdapter);
    const digest = new CollectionDigest(context.schema);
    const items: ExportedItem[] = [];
    for (const [j, item] of loaded.entries()) {
      const id = ids[j] as string;
      if ('problems' in item) {
        items.push({ id, problems: item.problems });
        continue;
      }
      const { document, orphans } = item;
      const files: ExportedFile[][] = [];
      const losses: (readonly ExportLoss[])[] = [];
      for (const adapter of adapters) {
        const result = adapter.serialize([document], context);
        files.push(result.files.map((file) => ({ path: file.path, bytes: ownBytes(file.bytes ?? Buffer.from(file.content, 'utf8')) })));
        losses.push(result.losses);
      }
      digest.add(document);
      items.push({
        id,
        files,
        losses,
        orphans,
        spans: document.layer.spans.length,
        relations: document.layer.relations.length,
        ...(this.#work.documents ? { document } : {}),
      });
    }
    return { items, digest: digest.facts() };
  }

  /** Stops the reading ahead. */
  async close(): Promise<void> {
    await this.#ahead?.close();
  }

  /** The document `id` (number `k` of the ids) with its orphans left out, or the problems that kept it from being read. */
  async #load(id: string, k: number): Promise<{ readonly document: ExportDocument; readonly orphans: readonly ExportLoss[] } | { readonly problems: readonly FileProblem[] }> {
    const store = this.#store;
    const { source } = this.#work;
    const ahead = this.#ahead;
    try {
      const { meta, text, read } =
        'gold' in source
          ? { ...(await store.readDocument(id)), read: await store.readGold(id) }
          : await readDocumentToExport(store, id, source.annotator, ahead && (() => Promise.all([ahead.read(3 * k), ahead.read(3 * k + 1), ahead.read(3 * k + 2)])));
      const kept = withoutOrphans(read);
      return { document: { meta, text, layer: kept.layer }, orphans: kept.losses };
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      return { problems: error.problems };
    }
  }
}

/** `bytes` in a buffer of its own (a small `Buffer` is often a slice of a shared pool), so that it can be handed to another thread. */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/**
 * The layer without its orphaned spans, without relations naming them and without reference
 * values naming them (a format would write a dangling link), and what was left out.
 */
function withoutOrphans(read: Pick<ReadLayerResult, 'layer' | 'orphans'>): { readonly layer: Layer; readonly losses: readonly ExportLoss[] } {
  const { layer, orphans } = read;
  if (orphans.length === 0) return { layer, losses: [] };
  const document = layer.document;
  const gone = new Set(orphans.map((o) => o.spanId));
  const losses: ExportLoss[] = orphans.map((o) => ({ document, message: `span "${o.spanId}" not exported: it is orphaned (${o.message})` }));
  const spans: Span[] = [];
  for (const span of layer.spans) {
    if (gone.has(span.id)) continue;
    const dangling = Object.entries(span.attributes).filter(([, v]) => typeof v === 'string' && gone.has(v));
    for (const [name, value] of dangling) {
      losses.push({ document, message: `span "${span.id}": "${name}" not exported: it refers to the orphaned span "${String(value)}"` });
    }
    const names = new Set(dangling.map(([name]) => name));
    spans.push(names.size === 0 ? span : { ...span, attributes: Object.fromEntries(Object.entries(span.attributes).filter(([name]) => !names.has(name))) });
  }
  const relations = layer.relations.filter((r) => {
    const keep = !gone.has(r.from) && !gone.has(r.to);
    if (!keep) losses.push({ document, message: `relation "${r.id}" (${r.type}) not exported: it links the orphaned span "${gone.has(r.from) ? r.from : r.to}"` });
    return keep;
  });
  return { layer: { ...layer, spans, relations }, losses };
}

