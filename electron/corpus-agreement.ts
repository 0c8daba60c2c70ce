/**
 * Inter-annotator agreement of a corpus (Node side): reads the chosen annotators' layers of the
 * chosen documents from the store and hands them to `shared/agreement`. It only reads: no layer,
 * text or meta file is ever written or touched by computing agreement (the disagreement CSV is
 * written only where the caller asks, never inside the corpus).
 *
 * What is compared, and what is not:
 * - a layer counts when its status is `in_progress` or `done` (with `excludeIncomplete`: only
 *   `done`); no layer file, or `not_started`, is missing data for that document, not `O`;
 * - a document is **refused** — not compared at all, and named with the file and the reason —
 *   when its text no longer matches the hash in its meta, when a counted layer was made on
 *   another text (its `textSha256` differs from the text's), names another document or annotator
 *   in its header, holds spans that no longer anchor, or does not parse. A wrong number is worse
 *   than none;
 * - an annotator with no counted layer in any chosen document is left out and named.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentStatus, FileProblem } from '../shared/model.js';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { agreementMarkdown, agreementReport, disagreementCsv, type AgreementDocument, type AgreementReport, type SpanLike } from '../shared/agreement/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { CorpusError, LAYERS_DIR, type CorpusStore, type LayerToCompare } from './corpus-store.js';
import type { AgreementSummary } from './export-bundle.js';
import { IO_CONCURRENCY, mapBounded } from './parallel-io.js';
import { READ_AHEAD, TextReadAhead, type TextRead } from './text-read-ahead.js';

export interface CorpusAgreementOptions {
  /** Whose layers to compare, in this order (the first of a pair is the reference). Default: every annotator folder, sorted. */
  readonly annotators?: readonly string[];
  /** Which documents. Default: all, by id. An id not in the corpus throws {@link CorpusError} `not_found`. */
  readonly documents?: readonly string[];
  /** Count only layers marked `done`; layers in progress are then missing data too. Default false. */
  readonly excludeIncomplete?: boolean;
}

/** A document that was not compared, with every reason (each naming its file). */
export interface RefusedDocument {
  readonly document: string;
  readonly problems: readonly FileProblem[];
}

/** An annotator left out for having no counted layer; `file` is their layer folder. */
export interface AnnotatorWithoutLayers extends FileProblem {
  readonly annotator: string;
}

export interface CorpusAgreementResult {
  /** The figures, over the documents not refused, among the annotators that have layers. */
  readonly report: AgreementReport;
  readonly refused: readonly RefusedDocument[];
  readonly withoutLayers: readonly AnnotatorWithoutLayers[];
  /** The documents compared, with the counted layers' spans (labels and offsets): what the report was computed from. */
  readonly documents: readonly AgreementDocument[];
}

/**
 * Reads and compares (see the module comment). Throws {@link CorpusError} for an invalid
 * annotator name (`invalid`) or a document id not in the corpus (`not_found`); every problem of a
 * document is reported in `refused` instead, and the other documents are still compared. The
 * report may have fewer than two annotators (then every figure is `null`): the caller says so.
 */
export async function corpusAgreement(store: CorpusStore, options: CorpusAgreementOptions = {}): Promise<CorpusAgreementResult> {
  const scope = await agreementScope(store, options);
  const read = await readDocuments(store, scope.ids, scope.candidates, scope.counts);
  const withLayers = scope.candidates.filter((a) => read.some((r) => r.has.has(a)));
  const documents: AgreementDocument[] = [];
  const refused: RefusedDocument[] = [];
  for (const r of read) {
    const made = agreementDocumentOf(store, r, scope.counts);
    if ('problems' in made) refused.push(made);
    else documents.push(made);
  }
  const labels = store.manifest.schema.labels.map((l) => l.name);
  return { report: agreementReport(documents, withLayers, { labels }), refused, withoutLayers: withoutLayersOf(store, scope, withLayers), documents };
}

/** What {@link corpusAgreement} compares, worked out from its options before anything is read. */
interface AgreementScope {
  /** The annotator folders of the corpus. */
  readonly folders: readonly string[];
  /** The annotators asked for (every folder by default), each once. */
  readonly annotators: readonly string[];
  /** The documents, in report order. */
  readonly ids: readonly string[];
  /** The annotators asked for that have a folder: whose layers are read. */
  readonly candidates: readonly string[];
  readonly excludeIncomplete: boolean;
  /** Whether a layer of this status counts. */
  readonly counts: (status: DocumentStatus) => boolean;
}

/** The scope of `options` (see {@link corpusAgreement} for what throws). */
async function agreementScope(store: CorpusStore, options: CorpusAgreementOptions): Promise<AgreementScope> {
  const folders = await store.listAnnotatorFolders();
  const chosen = options.annotators ?? folders.filter((name) => validateAnnotatorName(name).ok);
  const invalid = chosen.flatMap((name) => {
    const checked = validateAnnotatorName(name);
    return checked.ok ? [] : checked.errors.map((e) => ({ ...e, file: store.root }));
  });
  if (invalid.length > 0) throw new CorpusError(invalid, 'invalid');
  const annotators = [...new Set(chosen)];

  const ids = options.documents === undefined ? await store.listDocumentIds() : [...new Set(options.documents)];
  if (options.documents !== undefined) {
    const known = await mapBounded(ids, IO_CONCURRENCY, (id) => store.hasDocument(id));
    const unknown: FileProblem[] = ids.filter((_, i) => !known[i]).map((id) => ({ file: store.metaPath(id), message: `no document "${id}" in this corpus` }));
    if (unknown.length > 0) throw new CorpusError(unknown, 'not_found');
  }
  const excludeIncomplete = options.excludeIncomplete ?? false;
  return { folders, annotators, ids, candidates: annotators.filter((a) => folders.includes(a)), excludeIncomplete, counts: countsLayer(excludeIncomplete) };
}

/** Whether a layer of a status counts: `in_progress` or `done`, only `done` with `excludeIncomplete`. */
function countsLayer(excludeIncomplete: boolean): (status: DocumentStatus) => boolean {
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

/** Reads the documents `ids` for agreement, the layers of `candidates`; the reads in id order. */
async function readDocuments(store: CorpusStore, ids: readonly string[], candidates: readonly string[], counts: (status: DocumentStatus) => boolean): Promise<DocumentRead[]> {
  // Each layer file is read once, a bounded number of documents at a time.
  // Who has a counted layer of a chosen document (a damaged file may be one) is decided from the
  // same reads; where the text is refused, from the layer file alone (so a document refused for
  // its text still shows whose layers it has).
  // The document's text is loaded and verified once for all its layers (readLayersToCompare); its
  // meta, text and layer files are read ahead in a worker (text-read-ahead.ts): for document k,
  // files k·w … k·w + w − 1 with w = n + 2: meta, text, then the layer of each annotator a.
  const width = candidates.length + 2;
  const ahead = TextReadAhead.start(
    ids.flatMap((id) => [...store.documentFilesAhead(id), ...candidates.map((a) => store.layerPath(id, a))]),
    READ_AHEAD * width,
  );
  return mapBounded(ids, IN_FLIGHT, async (id, k): Promise<DocumentRead> => {
    let text: string | undefined;
    const textProblems: FileProblem[] = [];
    let found: ReadonlyMap<string, LayerToCompare | CorpusError> | undefined;
    const first = k * width;
    let asked = false;
    const document = async (): Promise<readonly [TextRead, TextRead]> => {
      asked = true;
      return Promise.all([ahead.read(first), ahead.read(first + 1)]);
    };
    try {
      ({ text, layers: found } = await store.readLayersToCompare(id, candidates, (a) => ahead.read(first + 2 + a), document));
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      textProblems.push(...error.problems);
      if (!asked) for (let f = 0; f < 2; f++) ahead.skip(first + f);
      for (let a = 0; a < candidates.length; a++) ahead.skip(first + 2 + a);
    }
    const layers = new Map<string, ReadForAgreement | { readonly damaged: readonly FileProblem[] }>();
    const has = new Set<string>();
    for (const annotator of candidates) {
      if (found === undefined) {
        const summary = await store.layerSummary(id, annotator);
        if (counts(summary.status) || summary.problems.length > 0) has.add(annotator);
        continue;
      }
      const got = found.get(annotator) as LayerToCompare | CorpusError;
      if (got instanceof CorpusError) {
        layers.set(annotator, { damaged: got.problems });
        has.add(annotator);
        continue;
      }
      layers.set(annotator, readForAgreement(got));
      if (counts(got.layer.status)) has.add(annotator);
    }
    return { id, text, textProblems, layers, has };
  }).finally(() => ahead.close());
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

/** The annotators of `scope` not in `withLayers`, each with why. */
function withoutLayersOf(store: CorpusStore, scope: AgreementScope, withLayers: readonly string[]): AnnotatorWithoutLayers[] {
  const { ids, folders } = scope;
  const chosen = ids.length === 1 ? 'the chosen document' : `the ${ids.length} chosen documents`;
  const none = scope.excludeIncomplete ? `marked none of ${chosen} done` : `started none of ${chosen} (no layer, or not started)`;
  return scope.annotators
    .filter((a) => !withLayers.includes(a))
    .map((annotator) => ({
      annotator,
      file: path.join(store.root, LAYERS_DIR, annotator),
      message: folders.includes(annotator) ? `annotator "${annotator}" has ${none}: left out` : `annotator "${annotator}" has no layers in this corpus: left out`,
    }));
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

/**
 * Writes the disagreement table of `report` as CSV (see `disagreementCsv`: RFC 4180, UTF-8 with a
 * byte order mark) to `file`, atomically, creating its folder. Refused with {@link CorpusError}
 * `invalid` inside the corpus folder (it would be a stray file there). Returns the absolute path.
 */
export async function writeDisagreementCsv(store: CorpusStore, file: string, report: AgreementReport): Promise<string> {
  const out = path.resolve(file);
  const relative = path.relative(store.root, out);
  if (relative === '' || !(relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))) {
    throw new CorpusError([{ file: out, message: `refusing to write the disagreement table into the corpus folder ${store.root}` }], 'invalid');
  }
  await mkdir(path.dirname(out), { recursive: true });
  await writeFileAtomic(out, disagreementCsv(report.disagreements, report.annotators));
  return out;
}

/**
 * The result as the plain JSON of `hashiya agreement --json`: the report (figures named
 * `cohen_kappa`, `fleiss_kappa`, `krippendorff_alpha`, `alpha_u`, `f1_exact`, `f1_overlap`, ...,
 * `null` where undefined), then `refused` (one entry per problem) and `annotators_without_layers`;
 * `shown` rewrites file paths (the CLI makes them relative).
 */
export function agreementJson(result: CorpusAgreementResult, shown: (file: string) => string = (f) => f): unknown {
  const { report } = result;
  return {
    annotators: report.annotators,
    labels: report.labels,
    corpus: report.corpus,
    documents: report.documents,
    refused: result.refused.flatMap((r) =>
      r.problems.map((p) => ({ document: r.document, file: shown(p.file), ...(p.line === undefined ? {} : { line: p.line }), message: p.message })),
    ),
    annotators_without_layers: result.withoutLayers.map((w) => ({ annotator: w.annotator, file: shown(w.file), message: w.message })),
    disagreements: report.disagreements,
  };
}

/**
 * The agreement section of a bundle's datasheet (the `AgreementSummary` hook of export-bundle.ts):
 * figures over the exported documents, counting only layers marked done — a published figure
 * should not mix in work in progress. Undefined ("not computed") when fewer than two annotators
 * marked any exported document done. Documents refused are counted in the text.
 */
export const corpusAgreementSummary: AgreementSummary = async (store, documents) => {
  if (documents.length === 0) return undefined;
  const result = await corpusAgreement(store, { documents, excludeIncomplete: true });
  const { report } = result;
  if (report.annotators.length < 2 || report.corpus.documents === 0) return undefined;
  const n = report.corpus.documents;
  const refused = result.refused.length === 0 ? '' : ` ${result.refused.length} document${result.refused.length === 1 ? ' was' : 's were'} not compared: a layer was made on another text or is damaged.`;
  const intro =
    `Between ${report.annotators.join(', ')}, over the ${n} exported document${n === 1 ? '' : 's'} that at least two of them marked done ` +
    `(${report.corpus.complete_documents} done by all; layers in progress are left out).${refused}`;
  return agreementMarkdown(report, intro);
};
