/**
 * The documents of a corpus as agreement compares them, read one after another in id order
 * (internal to `corpus-agreement.ts`): each document's text and its candidates' counted layers
 * (labels and offsets only), or why it is refused, and who has a layer of it. Read in this thread
 * ({@link readAgreementDocuments}), or in a worker thread ({@link readAgreementDocumentsInWorker},
 * the script `agreement-reader.ts` bundled beside the CLI and the main process) so that reading,
 * parsing and checking the layers runs on one core while this thread tallies on the other: the
 * documents come back the same either way, as compact batches (offsets in typed arrays), since
 * handing over parsed objects costs about as much as parsing them. Layer files come from the
 * read-ahead worker as bytes: a plain, sound one is read straight from them
 * (`scanLayerForAgreement`), without decoding or parsing its quotes and context; any other is
 * decoded and read by the store, as everywhere else.
 */
import type { AgreementDocument, SpanLike } from '../shared/agreement/index.js';
import type { Manifest } from '../shared/corpus/manifest.js';
import { scanLayerForAgreement, scanText, type ScannedLayer, type ScanText } from '../shared/corpus/layer-scan.js';
import type { DocumentStatus, FileProblem } from '../shared/model.js';
import { startBundledWorker } from './bundled-worker.js';
import { CorpusError, type CorpusStore, type LayerToCompare } from './corpus-store.js';
import { mapBounded } from './parallel-io.js';
import { READ_AHEAD, TextReadAhead, asText, type TextRead } from './text-read-ahead.js';

/** A document that was not compared, with every reason (each naming its file). */
export interface RefusedDocument {
  readonly document: string;
  readonly problems: readonly FileProblem[];
}

/** One document read for agreement: compared or refused, and who has a counted layer of it. */
export interface AgreementRead {
  readonly made: AgreementDocument | RefusedDocument;
  /** The candidates with a counted layer of it (a damaged file may be one), in candidate order. */
  readonly has: readonly string[];
}

/** What the documents are read for: which, whose layers, and which layers count. */
export interface AgreementReadScope {
  readonly ids: readonly string[];
  /** The annotators whose layers are read, in report order. */
  readonly candidates: readonly string[];
  /** Count only layers marked `done` (else `in_progress` too). */
  readonly excludeIncomplete: boolean;
}

/** Whether a layer of a status counts: `in_progress` or `done`, only `done` with `excludeIncomplete`. */
export function countsLayer(excludeIncomplete: boolean): (status: DocumentStatus) => boolean {
  return (status) => (excludeIncomplete ? status === 'done' : status !== 'not_started');
}

/** One document as read for agreement: its text (undefined when refused), and its candidates' layers. */
interface DocumentRead {
  readonly id: string;
  readonly text: string | undefined;
  readonly textProblems: readonly FileProblem[];
  readonly layers: ReadonlyMap<string, ReadForAgreement | { readonly damaged: readonly FileProblem[] }>;
  /** The candidates with a counted layer of it (a damaged file may be one). */
  readonly has: ReadonlySet<string>;
}

/**
 * Documents read at once for agreement. The files come from the read-ahead worker, so few are
 * enough; each one in flight holds its parsed layers (quotes and all) across the young
 * generation's collections: 4 instead of IO_CONCURRENCY (32) cut their time by about a third
 * (10,000 documents, two annotators, --trace-gc: 4.6–4.9 s against 6.3–8.0 s, all threads).
 */
const IN_FLIGHT = 4;

/**
 * Reads the documents of `scope` for agreement in this thread and gives each to `each`, in id
 * order, as soon as it and those before it are read. Rejects on an error that is not a
 * document's problem (those refuse the document).
 */
export async function readAgreementDocuments(store: CorpusStore, scope: AgreementReadScope, each: (read: AgreementRead) => void): Promise<void> {
  const { ids, candidates } = scope;
  const counts = countsLayer(scope.excludeIncomplete);
  // Each layer file is read once, a bounded number of documents at a time.
  // Who has a counted layer of a chosen document (a damaged file may be one) is decided from the
  // same reads; where the text is refused, from the layer file alone (so a document refused for
  // its text still shows whose layers it has).
  // The document's text is loaded and verified once for all its layers (readLayersToCompare); its
  // meta, text and layer files are read ahead in a worker (text-read-ahead.ts): for document k,
  // files k·w … k·w + w − 1 with w = n + 2: meta, text, then the layer of each annotator a.
  const width = candidates.length + 2;
  const ahead = TextReadAhead.start(
    ids.flatMap((id) => [...store.documentFilesAhead(id), ...candidates.map((a) => ({ path: store.layerPath(id, a), bytes: true }))]),
    READ_AHEAD * width,
  );
  // Reads finish out of order (IN_FLIGHT at a time): each waits here until those before it are given.
  const done = new Map<number, AgreementRead>();
  let given = 0;
  await mapBounded(ids, IN_FLIGHT, async (id, k): Promise<void> => {
    const read = await readDocument(store, id, k, candidates, counts, ahead, width);
    done.set(k, { made: agreementDocumentOf(store, read, counts), has: candidates.filter((a) => read.has.has(a)) });
    for (let next = done.get(given); next !== undefined; next = done.get(given)) {
      done.delete(given);
      given += 1;
      each(next);
    }
  }).finally(() => ahead.close());
}

/**
 * Document `id`, the `k`-th of the run, read for agreement (its files from `ahead`, see
 * {@link readAgreementDocuments}). Its meta and text are loaded as the store loads them; each
 * layer file comes as bytes and is read straight from them when it is plain and sound
 * (`scanLayerForAgreement`, which gives what the store's reading would); the others by the
 * store, in one `readLayersToCompare`, which re-anchors, names the problems and refuses what is
 * damaged.
 */
async function readDocument(
  store: CorpusStore,
  id: string,
  k: number,
  candidates: readonly string[],
  counts: (status: DocumentStatus) => boolean,
  ahead: TextReadAhead,
  width: number,
): Promise<DocumentRead> {
  let text: string | undefined;
  const textProblems: FileProblem[] = [];
  const layers = new Map<string, ReadForAgreement | { readonly damaged: readonly FileProblem[] }>();
  const first = k * width;
  let documentReads: Promise<readonly [TextRead, TextRead]> | undefined;
  // Asked once: the store loads the document again, from the same reads, for the layers it reads.
  const document = (): Promise<readonly [TextRead, TextRead]> => (documentReads ??= Promise.all([ahead.read(first), ahead.read(first + 1)]));
  let taken = 0;
  try {
    const loaded = await store.readLayersToCompare(id, [], undefined, document);
    const scanned = new Map<string, ScannedLayer>();
    const left: { readonly annotator: string; readonly read: TextRead }[] = [];
    let prepared: ScanText | undefined;
    for (const [a, annotator] of candidates.entries()) {
      const read = await ahead.read(first + 2 + a);
      taken = a + 1;
      const layer =
        read.kind === 'bytes' ? scanLayerForAgreement(read.bytes, { document: id, annotator, textSha256: loaded.meta.sha256 }, (prepared ??= scanText(loaded.text))) : undefined;
      if (layer === undefined) left.push({ annotator, read });
      else scanned.set(annotator, layer);
    }
    // The layers the scan left (attributes, notes, relations, damage, …), read by the store in one call.
    const stored =
      left.length === 0
        ? undefined
        : (await store.readLayersToCompare(id, left.map((l) => l.annotator), (i) => Promise.resolve(asText(left[i]?.read ?? { kind: 'failed' })), document)).layers;
    for (const annotator of candidates) {
      const fast = scanned.get(annotator);
      if (fast !== undefined) {
        layers.set(annotator, { status: fast.status, problems: [], orphans: [], spans: fast.spans });
        continue;
      }
      const got = stored?.get(annotator) as LayerToCompare | CorpusError;
      layers.set(annotator, got instanceof CorpusError ? { damaged: got.problems } : readForAgreement(got));
    }
    text = loaded.text;
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    layers.clear();
    textProblems.push(...error.problems);
    if (documentReads === undefined) for (let f = 0; f < 2; f++) ahead.skip(first + f);
    for (let a = taken; a < candidates.length; a++) ahead.skip(first + 2 + a);
  }
  const has = new Set<string>();
  for (const annotator of candidates) {
    const got = layers.get(annotator);
    if (got === undefined) {
      const summary = await store.layerSummary(id, annotator);
      if (counts(summary.status) || summary.problems.length > 0) has.add(annotator);
    } else if ('damaged' in got || counts(got.status)) has.add(annotator);
  }
  return { id, text, textProblems, layers, has };
}

/**
 * The document of `read` as agreement compares it (its counted layers' spans), or why it is
 * refused. Only counted layers are taken, so a candidate with no counted layer anywhere is
 * absent from every document either way.
 */
function agreementDocumentOf(store: CorpusStore, read: DocumentRead, counts: (status: DocumentStatus) => boolean): AgreementDocument | RefusedDocument {
  const { id, text } = read;
  const problems: FileProblem[] = [...read.textProblems];
  const layers = new Map<string, readonly SpanLike[]>();
  for (const [annotator, got] of text === undefined ? [] : read.layers) {
    if ('damaged' in got) {
      problems.push(...got.damaged);
      continue;
    }
    if (!counts(got.status)) continue;
    const file = store.layerPath(id, annotator);
    problems.push(...got.problems, ...got.orphans.map((o) => ({ file, message: `span "${o.spanId}" does not anchor in the text: ${o.message}` })));
    layers.set(annotator, got.spans);
  }
  if (problems.length > 0 || text === undefined) {
    return { document: id, problems: problems.map((p) => ({ ...p, message: `${p.message}; not compared: agreement is not computed for document ${id}` })) };
  }
  return { id, text, layers };
}

/** What agreement keeps of a layer read: its status, problems and orphans, and of its spans only labels and offsets. */
interface ReadForAgreement extends Pick<LayerToCompare, 'problems' | 'orphans'> {
  readonly status: DocumentStatus;
  readonly spans: readonly SpanLike[];
}

/** What agreement keeps of `read` (quotes and context of the spans are not held for the whole corpus). */
function readForAgreement(read: LayerToCompare): ReadForAgreement {
  return { status: read.layer.status, problems: read.problems, orphans: read.orphans, spans: read.layer.spans.map(({ label, start, end }) => ({ label, start, end })) };
}

/** What the worker is given: the corpus (its manifest as this thread read it) and the scope. */
export interface AgreementReaderInput extends AgreementReadScope {
  readonly root: string;
  readonly manifest: Manifest;
  /** Documents per message (default {@link BATCH_DOCUMENTS}). */
  readonly batch?: number;
}

/**
 * Documents read by the worker, as it posts them: every span's label (an index into `labels`)
 * and offsets in typed arrays, in document, then layer, then span order.
 */
export interface ReadBatch {
  readonly reads: readonly BatchRead[];
  readonly labels: readonly string[];
  /** Per span: its label's index in `labels`. */
  readonly spanLabels: Uint32Array;
  /** Per span: start, then end (code points). */
  readonly offsets: Int32Array;
}

/** A document of a {@link ReadBatch}: refused (`problems`), or its text and the span count of each counted layer. */
type BatchRead =
  | { readonly document: string; readonly has: readonly string[]; readonly problems: readonly FileProblem[] }
  | { readonly id: string; readonly has: readonly string[]; readonly text: string; readonly layers: readonly (readonly [annotator: string, spans: number])[] };

/** Gathers reads into a {@link ReadBatch} (in the worker). */
export class ReadBatchWriter {
  #reads: BatchRead[] = [];
  #labels = new Map<string, number>();
  #spanLabels: number[] = [];
  #offsets: number[] = [];

  get size(): number {
    return this.#reads.length;
  }

  add({ made, has }: AgreementRead): void {
    if ('problems' in made) {
      this.#reads.push({ document: made.document, has, problems: made.problems });
      return;
    }
    const layers: (readonly [string, number])[] = [];
    for (const [annotator, spans] of made.layers) {
      layers.push([annotator, spans.length]);
      for (const s of spans) {
        let label = this.#labels.get(s.label);
        if (label === undefined) {
          label = this.#labels.size;
          this.#labels.set(s.label, label);
        }
        this.#spanLabels.push(label);
        this.#offsets.push(s.start, s.end);
      }
    }
    this.#reads.push({ id: made.id, has, text: made.text, layers });
  }

  /** The batch so far (its typed arrays' buffers may be transferred), and a fresh start. */
  take(): ReadBatch {
    const batch: ReadBatch = { reads: this.#reads, labels: [...this.#labels.keys()], spanLabels: Uint32Array.from(this.#spanLabels), offsets: Int32Array.from(this.#offsets) };
    this.#reads = [];
    this.#labels = new Map();
    this.#spanLabels = [];
    this.#offsets = [];
    return batch;
  }
}

/** The reads of `batch` (in this thread), in order. */
export function readsOfBatch(batch: ReadBatch): AgreementRead[] {
  const { labels, spanLabels, offsets } = batch;
  let span = 0;
  return batch.reads.map((r): AgreementRead => {
    if ('problems' in r) return { made: { document: r.document, problems: r.problems }, has: r.has };
    const layers = new Map<string, readonly SpanLike[]>();
    for (const [annotator, count] of r.layers) {
      const spans: SpanLike[] = [];
      for (let n = 0; n < count; n++, span++) {
        spans.push({ label: labels[spanLabels[span] as number] as string, start: offsets[2 * span] as number, end: offsets[2 * span + 1] as number });
      }
      layers.set(annotator, spans);
    }
    return { made: { id: r.id, text: r.text, layers }, has: r.has };
  });
}

/** Documents per message from the worker, by default. */
export const BATCH_DOCUMENTS = 32;

/** What the worker posts: a batch, the end, or why it stopped. */
export type ReaderMessage = { readonly batch: ReadBatch } | { readonly done: true } | { readonly error: string };

/**
 * The young generation of the reader's heap, in MB: its garbage (every quote parsed and dropped)
 * dies young, and a larger young generation collects it less often.
 */
const READER_YOUNG_GENERATION_MB = 96;

/**
 * {@link readAgreementDocuments} in a worker thread started from `script` (the bundled
 * `agreement-reader.ts`): `each` is given the same reads in the same order, as batches arrive.
 * Resolves `false`, having given nothing more, when the worker cannot run it (no such script, as
 * when the sources run unbundled; the worker failed or stopped): the caller then reads in this
 * thread, from the start. Rejects with what `each` throws (the worker is stopped).
 */
export async function readAgreementDocumentsInWorker(script: URL, input: AgreementReaderInput, each: (read: AgreementRead) => void): Promise<boolean> {
  const worker = startBundledWorker(script, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB } });
  if (worker === undefined) return false;
  return new Promise<boolean>((resolve, reject) => {
    let settled = false;
    const end = (outcome: { readonly ok: boolean } | { readonly error: unknown }): void => {
      if (settled) return;
      settled = true;
      if ('error' in outcome || !outcome.ok) void worker.terminate();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.ok);
    };
    worker.on('message', (message: ReaderMessage) => {
      if (settled) return;
      if (!('batch' in message)) {
        end({ ok: 'done' in message });
        return;
      }
      try {
        for (const read of readsOfBatch(message.batch)) each(read);
      } catch (error) {
        end({ error });
      }
    });
    worker.once('error', () => end({ ok: false }));
    worker.once('exit', () => end({ ok: false }));
  });
}
