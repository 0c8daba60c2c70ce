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
import type { FileProblem } from '../shared/model.js';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { AgreementTally, agreementMarkdown, agreementReport, disagreementCsv, labelConfusion, labelListOf, type AgreementDocument, type AgreementReport, type LabelConfusion } from '../shared/agreement/index.js';
import { readAgreementDocuments, readAgreementDocumentsInWorker, type AgreementRead, type RefusedDocument } from './agreement-reads.js';
import { writeFileAtomic } from './atomic-write.js';
import { CorpusError, LAYERS_DIR, type CorpusStore } from './corpus-store.js';
import type { AgreementSummary } from './export-bundle.js';
import { IO_CONCURRENCY, mapBounded } from './parallel-io.js';

export interface CorpusAgreementOptions {
  /** Whose layers to compare, in this order (the first of a pair is the reference). Default: every annotator folder, sorted. */
  readonly annotators?: readonly string[];
  /** Which documents. Default: all, by id. An id not in the corpus throws {@link CorpusError} `not_found`. */
  readonly documents?: readonly string[];
  /** Count only layers marked `done`; layers in progress are then missing data too. Default false. */
  readonly excludeIncomplete?: boolean;
  /**
   * Whether the result holds the documents compared (`documents`). Default true. Without, it is
   * empty and the documents' texts and spans are not held in memory while the report is made
   * (the CLI, which prints only the report).
   */
  readonly keepDocuments?: boolean;
}

export type { RefusedDocument } from './agreement-reads.js';

/** An annotator left out for having no counted layer; `file` is their layer folder. */
export interface AnnotatorWithoutLayers extends FileProblem {
  readonly annotator: string;
}

export interface CorpusAgreementResult {
  /** The figures, over the documents not refused, among the annotators that have layers. */
  readonly report: AgreementReport;
  readonly refused: readonly RefusedDocument[];
  readonly withoutLayers: readonly AnnotatorWithoutLayers[];
  /** The token label confusion of each pair of the report (`labelConfusion` of the documents compared, with the report's labels). */
  readonly confusion: readonly LabelConfusion[];
  /**
   * The documents compared, with the counted layers' spans (labels and offsets): what the report
   * was computed from. Empty with `keepDocuments: false`.
   */
  readonly documents: readonly AgreementDocument[];
}

/**
 * Reads and compares (see the module comment). Throws {@link CorpusError} for an invalid
 * annotator name (`invalid`) or a document id not in the corpus (`not_found`); every problem of a
 * document is reported in `refused` instead, and the other documents are still compared. The
 * report may have fewer than two annotators (then every figure is `null`): the caller says so.
 * `reading`: where the documents are read (the result is the same either way; a worker that
 * cannot run or fails is given up, and everything is read again in this thread).
 */
export async function corpusAgreement(store: CorpusStore, options: CorpusAgreementOptions = {}, reading: AgreementReading = WORKER_READING): Promise<CorpusAgreementResult> {
  const scope = await agreementScope(store, options);
  const labels = labelListOf(store.manifest.schema.labels.map((l) => l.name), []);
  const input = { root: store.root, manifest: store.manifest, ids: scope.ids, candidates: scope.candidates, excludeIncomplete: scope.excludeIncomplete };
  const keep = options.keepDocuments ?? true;
  const read = async (hold: boolean): Promise<CorpusAgreementResult | undefined> => {
    if (reading.worker !== null && scope.ids.length >= reading.workerFrom) {
      const tally = new TallyAsRead(store, scope, labels, hold);
      if (await readAgreementDocumentsInWorker(reading.worker, input, (r) => tally.add(r))) return tally.result();
    }
    const tally = new TallyAsRead(store, scope, labels, hold);
    await readAgreementDocuments(store, input, (r) => tally.add(r));
    return tally.result();
  };
  // Without keeping the documents, a report that cannot come from the tally (see TallyAsRead)
  // needs them all: they are read again, held.
  const result = (await read(keep)) ?? (await read(true));
  if (result === undefined) throw new Error('a tally that holds its documents always has a result');
  return keep ? result : { ...result, documents: [] };
}

/**
 * The documents of `scope` tallied as they are read, among all candidates over `labels` (the
 * schema's); when the reads show otherwise (a candidate with no counted layer anywhere, a label
 * outside the schema), {@link result} makes the report again from the documents kept, as
 * agreementReport decides both from them.
 *
 * Not told to `hold` them all, it holds the documents only until every candidate has shown a layer (from then
 * on only a label outside the schema can make the tally wrong: rare); then {@link result} is
 * undefined when the documents were needed after all, and the caller reads them again, kept.
 */
class TallyAsRead {
  readonly #tally: AgreementTally;
  readonly #known: ReadonlySet<string>;
  #documents: AgreementDocument[] = [];
  readonly #refused: RefusedDocument[] = [];
  readonly #has = new Set<string>();
  /** Whether every document so far went into the tally (no label outside `labels`). */
  #tallied = true;
  /** Whether documents compared were let go (not told to `hold`): the tally's report is then the only one. */
  #dropped = false;

  constructor(
    readonly store: CorpusStore,
    readonly scope: AgreementScope,
    readonly labels: readonly string[],
    /** Whether to hold every document compared (else see the class comment). */
    readonly hold: boolean,
  ) {
    this.#tally = new AgreementTally(scope.candidates, labels);
    this.#known = new Set(labels);
  }

  /** The next read, in id order. */
  add(read: AgreementRead): void {
    for (const a of read.has) this.#has.add(a);
    const { made } = read;
    if ('problems' in made) {
      this.#refused.push(made);
      return;
    }
    if (this.#tallied) for (const spans of made.layers.values()) for (const s of spans) if (!this.#known.has(s.label)) this.#tallied = false;
    if (this.#tallied) this.#tally.add(made);
    if (this.hold) this.#documents.push(made);
    else if (!this.#dropped) {
      if (this.#tallied && this.#has.size === this.scope.candidates.length) {
        this.#documents = [];
        this.#dropped = true;
      } else this.#documents.push(made);
    }
  }

  /** The result; undefined when its report needs documents that were let go (see the class comment). */
  result(): CorpusAgreementResult | undefined {
    const { store, scope, labels } = this;
    const withLayers = scope.candidates.filter((a) => this.#has.has(a));
    const fromTally = this.#tallied && withLayers.length === scope.candidates.length;
    if (!fromTally && this.#dropped) return undefined;
    const report = fromTally ? this.#tally.report() : agreementReport(this.#documents, withLayers, { labels });
    const confusion = fromTally ? this.#tally.confusion() : labelConfusion(this.#documents, report.corpus.pairs, report.labels);
    return { report, refused: this.#refused, withoutLayers: withoutLayersOf(store, scope, withLayers), confusion, documents: this.#documents };
  }
}

/** Where {@link corpusAgreement} reads the documents. */
export interface AgreementReading {
  /** The reader's worker script (`agreement-reader.ts` bundled); null: read in this thread. */
  readonly worker: URL | null;
  /** Read in the worker only from this many documents on (a thread's start is not worth it for a few). */
  readonly workerFrom: number;
}

/**
 * In the worker bundled beside this module (dist/node for the CLI and the HTTP host, dist/electron
 * for the main process) from 64 documents on; when the sources run unbundled there is none, and
 * the documents are read in this thread.
 */
const WORKER_READING: AgreementReading = { worker: new URL('./agreement-reader.js', import.meta.url), workerFrom: 64 };

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
  return { folders, annotators, ids, candidates: annotators.filter((a) => folders.includes(a)), excludeIncomplete };
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
  const result = await corpusAgreement(store, { documents, excludeIncomplete: true, keepDocuments: false });
  const { report } = result;
  if (report.annotators.length < 2 || report.corpus.documents === 0) return undefined;
  const n = report.corpus.documents;
  const refused = result.refused.length === 0 ? '' : ` ${result.refused.length} document${result.refused.length === 1 ? ' was' : 's were'} not compared: a layer was made on another text or is damaged.`;
  const intro =
    `Between ${report.annotators.join(', ')}, over the ${n} exported document${n === 1 ? '' : 's'} that at least two of them marked done ` +
    `(${report.corpus.complete_documents} done by all; layers in progress are left out).${refused}`;
  return agreementMarkdown(report, intro);
};
