/**
 * A corpus folder on disk (Node side):
 *
 * ```
 * hashiya.json                         manifest (name, schema)
 * documents/<id>.txt                   canonical text: UTF-8, no BOM, LF, NFC; never modified
 * documents/<id>.meta.json             DocumentMeta (source, hash, length, canonicalisation)
 * layers/<annotator>/<id>.jsonl        one annotator's layer of one document
 * gold/<id>.jsonl                      the gold (adjudicated) layer of one document
 * .hashiya/                            this machine's state, not part of the corpus (never validated,
 *                                      ignored by git through its own .gitignore): previous/ (the
 *                                      version each save replaced, layer-history.ts) and locks/
 *                                      (which process writes whose layers, corpus-lock.ts)
 * ```
 *
 * The gold layer is stored in the layer file format with the annotator {@link GOLD_ANNOTATOR} in
 * its header and the provenance of each decision (shared/corpus/gold-file.ts); it is read with
 * that provenance ({@link CorpusStore.readGold}), validated like any layer, and written only by
 * {@link CorpusStore.saveGold}, which never touches `layers/`.
 *
 * Every id and annotator name is validated and every path checked to stay inside the root before
 * it is touched. Writes are atomic; saves of one layer file are serialised; a layer file that does
 * not parse is never overwritten. Offsets are code points into the canonical text.
 */
import type { Dirent } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Canonicalisation, DocumentMeta, DocumentStatus, FileProblem, Layer, RejectedSuggestion, Relation, Result, Schema } from '../shared/model.js';
import { validateAnnotatorName, validateDocumentId } from '../shared/corpus/ids.js';
import { ASSIGNMENTS_FILE, parseAssignments } from '../shared/corpus/assignments.js';
import { DEFAULT_SCHEMA, MANIFEST_FILE, parseManifest, serializeManifest, type Manifest } from '../shared/corpus/manifest.js';
import { parseDocumentMeta, serializeDocumentMeta } from '../shared/corpus/document-meta.js';
import { DOCUMENT_STATUSES, parseLayerWithLines, serializeLayer, type LocatedLayer } from '../shared/corpus/layer-file.js';
import {
  GOLD_ANNOTATOR,
  parseGoldWithLines,
  serializeGold,
  type GoldDecision,
  type GoldLayer,
  type GoldRelation,
  type GoldSpan,
  type LocatedGold,
  type SpanProvenance,
} from '../shared/corpus/gold-file.js';
import { checkAnchors, type Orphan } from '../shared/corpus/anchoring.js';
import { layerProblems, layerRelationProblems, layerValueProblems, unfitSpanValues, type SpanUnfit } from '../shared/corpus/layer-checks.js';
import { scanLayerForAgreement, scanText } from '../shared/corpus/layer-scan.js';
import { buildLayerSpans, type SpanInput } from '../shared/corpus/span-input.js';
import { applySpanChanges, type SpanChanges } from '../shared/corpus/span-changes.js';
import { buildLayerRelations, buildRejectedSuggestions } from '../shared/corpus/relation-input.js';
import { linkRefusals } from '../shared/corpus/link-refusals.js';
import type { RelationProblem } from '../shared/schema/check-relations.js';
import { schemaChangeReport, type SchemaChangeUnfit } from '../shared/schema/schema-change-report.js';
import { validateSchema } from '../shared/schema/validate-schema.js';
import { CodePointIndex, codePointLength } from '../shared/text/code-points.js';
import { reanchorLayer, type MovedSpan } from '../shared/corpus/reanchor-layer.js';
import { ATOMIC_TEMP_PREFIX, writeFileAtomic } from './atomic-write.js';
import { acquireLock, describeOwner, inspectLock, type HeldLock, type LockOptions, type LockOwner } from './corpus-lock.js';
import { LOCKS_DIR, PREVIOUS_DIR, STATE_DIR, ensureStateDir, keepPreviousVersion, previousSavedAt } from './layer-history.js';
import { decodeUtf8Strict, isErrnoCode, sha256Hex } from './node-text.js';
import { removeStaleTempFiles } from './stale-temp-files.js';
import { IO_CONCURRENCY, fileStamp, mapBounded, readFileBytes, statFile, type FileStampParts } from './parallel-io.js';
import { READ_AHEAD, TextReadAhead, asText, type AheadFile, type TextRead } from './text-read-ahead.js';

/**
 * `locked`: another Hashiya process holds the annotator's write lock (see corpus-lock.ts).
 */
export type CorpusErrorKind = 'invalid' | 'not_found' | 'conflict' | 'damaged' | 'locked';

/** `file:line: message` (or `file: message` without a line; just the message without a file). */
export function formatFileProblem(problem: FileProblem): string {
  const where = `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}`;
  return where === '' ? problem.message : `${where}: ${problem.message}`;
}

/**
 * A refusal or a damaged file, with every problem naming its file (and line when known).
 * `kind`: `invalid` (a bad argument or input), `not_found`, `conflict` (someone else saved
 * first), `damaged` (a stored file does not parse or does not match).
 */
/** One annotator's layer of one document, as the document list shows it. */
export interface LayerSummary {
  readonly status: DocumentStatus;
  readonly spans: number;
  /** Why the layer file could not be read (it is left as it is); empty when it reads. */
  readonly problems: readonly FileProblem[];
}

export class CorpusError extends Error {
  constructor(
    readonly problems: readonly FileProblem[],
    readonly kind: CorpusErrorKind = 'invalid',
  ) {
    super(problems.map(formatFileProblem).join('\n') || 'corpus error');
    this.name = 'CorpusError';
  }
}

/**
 * What the store returns for a layer: the layer, non-fatal problems, spans that no longer anchor,
 * and stored values that do not fit the corpus schema (all kept, none dropped).
 */
export interface ReadLayerResult {
  readonly layer: Layer;
  /** The header naming another document or annotator, a layer made on another text. */
  readonly problems: readonly FileProblem[];
  readonly orphans: readonly Orphan[];
  /** Unknown labels, attribute values that do not fit, dangling references, reference cycles. */
  readonly unfit: readonly SpanUnfit[];
  /** Relations of an unknown type, with a dangling end, or with a label their type does not allow at an end. */
  readonly relationProblems: readonly RelationProblem[];
  /**
   * True when the layer was made on another text than the document's (its `textSha256` differs)
   * and its spans were placed again in the current text by quote and context: `layer` then is
   * not what the file holds, and saving it records the new places (and the current text's hash).
   * Always false for the gold layer, which is never re-anchored (see {@link CorpusStore.readGold}).
   */
  readonly reanchored: boolean;
  /** The spans re-anchoring moved (`layer` holds them at their new offsets); empty when none did. */
  readonly moved: readonly MovedSpan[];
}

/**
 * The meta and text files of a document as read ahead (`TextReadAhead`, the files of
 * {@link CorpusStore.documentFilesAhead} in that order), both taken at once.
 */
export type DocumentAhead = () => Promise<readonly [TextRead, TextRead]>;

/** A layer as {@link CorpusStore.readLayersToCompare} gives it: {@link ReadLayerResult} without the schema checks. */
export type LayerToCompare = Omit<ReadLayerResult, 'unfit' | 'relationProblems'>;

/** The meta and verified text of a document and the layers {@link CorpusStore.readLayersToCompare} read, by annotator. */
export interface LayersToCompare {
  readonly meta: DocumentMeta;
  readonly text: string;
  readonly layers: ReadonlyMap<string, LayerToCompare | CorpusError>;
}

/** A layer as an editor saves it; the shape `saveLayerInput` of shared/host-contract.ts validates. */
export interface SaveLayerInput {
  readonly spans: readonly SpanInput[];
  readonly relations: readonly Relation[];
  readonly rejected: readonly RejectedSuggestion[];
  readonly status: DocumentStatus;
  /** The revision the caller read; the save is refused when the file is at another one. */
  readonly expectedRevision: number;
}

/** What changed in a layer since `expectedRevision`; the shape `saveLayerChangesInput` of shared/host-contract.ts validates. */
export interface SaveLayerChangesInput extends Omit<SaveLayerInput, 'spans'>, SpanChanges {}

/** The gold layer as {@link CorpusStore.readGold} returns it: the plain layer, checked as any layer is, and its provenance. */
export interface ReadGoldResult extends ReadLayerResult {
  /** The gold with provenance and decisions; `layer` is the same without them. */
  readonly gold: GoldLayer;
  /** The line of each span, relation and decision (empty maps when there is no file). */
  readonly located: LocatedGold;
  /** Absolute path of the gold file. */
  readonly file: string;
}

/** A gold layer as adjudication saves it; a {@link GoldLayer} is one. Prefix and suffix are recomputed. */
export interface SaveGoldInput {
  readonly spans: readonly (SpanInput & { readonly provenance: SpanProvenance | null })[];
  readonly relations: readonly GoldRelation[];
  readonly decisions: readonly GoldDecision[];
  readonly rejected?: readonly RejectedSuggestion[];
  readonly status: DocumentStatus;
  readonly quorum: number | null;
}

/** The previous version of a layer file (see electron/layer-history.ts): what restoring it would bring back. */
export interface PreviousVersion {
  /** Absolute path of the kept copy. */
  readonly file: string;
  readonly revision: number;
  readonly status: DocumentStatus;
  readonly spans: number;
  readonly relations: number;
  /** When that version was saved (ISO 8601 UTC): the kept copy's modification time. */
  readonly savedAt: string;
  /** True when it was made on another text than the document's: restoring re-anchors its spans first. */
  readonly onOtherText: boolean;
}

/** Whether this store may write an annotator's layers ({@link CorpusStore.lockAnnotator}). */
export type WriteLockResult =
  | { readonly ok: true }
  /** Another live Hashiya process holds the lock: saves of this annotator's layers are refused. */
  | { readonly ok: false; readonly holder: LockOwner | null; readonly message: string };

/** A write lock this store asked for: held, or refused (then `problem` says why). */
interface AnnotatorLock {
  held: HeldLock | undefined;
  problem: string | null;
  readonly options: LockOptions;
}

export interface NewDocument {
  readonly id: string;
  /** Base name of the imported file. */
  readonly source: string;
  /** Canonical text (no BOM, LF only, NFC). */
  readonly text: string;
  readonly canonicalisation: Canonicalisation;
  /** ISO 8601 UTC; now when omitted. */
  readonly importedAt?: string;
}

/** Saves of one file in this process run one after another (keyed by absolute path). */
const fileQueues = new Map<string, Promise<unknown>>();

function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = fileQueues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  fileQueues.set(key, next);
  const cleanup = (): void => {
    forgetCachedFile(key);
    if (fileQueues.get(key) === next) fileQueues.delete(key);
  };
  next.then(cleanup, cleanup);
  return next;
}

/**
 * What the store keeps of files it read, by absolute path, with the stamp ({@link fileStamp}) of
 * the version read: parsed document metas, layer summaries, and the last texts verified against
 * their meta. Each is a function of the file's bytes alone, so every store of a folder shares
 * them. An entry serves only while its file's stamp is unchanged (a file changed by another
 * process is read again), and a save of this process drops the entries of the file it wrote
 * ({@link serialised}).
 */
class StampedCache<T> {
  readonly #entries = new Map<string, { readonly stamp: string; readonly value: T }>();
  readonly #reading = new Map<string, { readonly stamp: string; readonly value: Promise<T> }>();

  /**
   * The value of `file` at `stamp`: the one kept, the one being read for the same stamp (two
   * callers never read one version twice), or what `read` gives (kept; a rejection is not).
   */
  async get(file: string, stamp: string, read: () => Promise<T>): Promise<T> {
    const known = this.#entries.get(file);
    if (known?.stamp === stamp) return known.value;
    const reading = this.#reading.get(file);
    if (reading?.stamp === stamp) return reading.value;
    const entry = { stamp, value: read() };
    this.#reading.set(file, entry);
    try {
      const value = await entry.value;
      if (this.#reading.get(file) === entry) this.#entries.set(file, { stamp, value });
      return value;
    } finally {
      if (this.#reading.get(file) === entry) this.#reading.delete(file);
    }
  }

  forget(file: string): void {
    this.#entries.delete(file);
    this.#reading.delete(file);
  }
}

const metaCache = new StampedCache<Result<DocumentMeta>>();
const summaryCache = new StampedCache<LayerSummary>();
/** Text file → its text, verified against the SHA-256 `sha256`; the most recently used {@link TEXT_CACHE_SIZE}. */
const textCache = new Map<string, { readonly stamp: string; readonly sha256: string; readonly text: string }>();
/** Texts kept in {@link textCache}: enough for the reads of one document in a row (meta, text, layers), not a corpus. */
const TEXT_CACHE_SIZE = 128;

function forgetCachedFile(file: string): void {
  metaCache.forget(file);
  summaryCache.forget(file);
  textCache.delete(file);
  if (file.endsWith('.meta.json')) textCache.delete(`${file.slice(0, -'.meta.json'.length)}.txt`);
}

/**
 * `parse` of the bytes of `file`, or what `cache` holds of it while the file's stamp is the same
 * as when that was read. The stamp is taken before the file is read, so a file replaced meanwhile
 * is only ever read again. Failures to stat or read (`ENOENT`, ...) are thrown, never kept.
 */
async function readCached<T>(cache: StampedCache<T>, file: string, parse: (bytes: Buffer) => T): Promise<T> {
  let stamp: string;
  try {
    stamp = fileStamp(await statFile(file));
  } catch (error) {
    cache.forget(file);
    throw error;
  }
  return cache.get(file, stamp, async () => parse(await readFileBytes(file)));
}

/**
 * The {@link LayerSummary} of the bytes of layer file `file`, as {@link CorpusStore.layerSummaries}
 * gives it: parsed in full, so that bytes that are not UTF-8 or a damaged line anywhere give
 * their problems (status `not_started`, no spans), as opening the layer would. No I/O: for
 * callers that read many layer files their own way (the document list).
 */
export function summariseLayerBytes(file: string, bytes: Uint8Array): LayerSummary {
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) return { status: 'not_started', spans: 0, problems: [{ file, message: 'not valid UTF-8' }] };
  const parsed = parseLayerWithLines(text, file);
  if (!parsed.ok) return { status: 'not_started', spans: 0, problems: parsed.errors };
  return { status: parsed.value.layer.status, spans: parsed.value.layer.spans.length, problems: [] };
}

export const DOCUMENTS_DIR = 'documents';
export const LAYERS_DIR = 'layers';
/** The folder of the gold layer: `gold/<id>.jsonl`, one file per adjudicated document. */
export const GOLD_DIR = 'gold';
/** The annotator name in the header of every gold layer file (`gold`); see shared/corpus/gold-file.ts. */
export { GOLD_ANNOTATOR };

export class CorpusStore {
  #manifest: Manifest;
  /** Write locks this store asked for, by annotator (see {@link lockAnnotator}). */
  readonly #locks = new Map<string, AnnotatorLock>();
  #removedTempFiles: readonly string[] = [];
  #stateDirReady = false;
  /** Annotator names that passed {@link validateAnnotatorName} (see {@link #checkAnnotator}). */
  readonly #validAnnotators = new Set<string>();

  private constructor(
    /** Absolute path of the corpus folder. */
    readonly root: string,
    manifest: Manifest,
  ) {
    this.#manifest = manifest;
  }

  /**
   * The corpus at `root` (absolute) with the manifest another store of it read, for reading in
   * another thread: nothing is read or checked, and no housekeeping is done (see {@link open}).
   */
  static forReading(root: string, manifest: Manifest): CorpusStore {
    return new CorpusStore(root, manifest);
  }

  /** The corpus name and schema, as last read or saved ({@link saveSchema} replaces it). */
  get manifest(): Manifest {
    return this.#manifest;
  }

  /**
   * Opens the corpus in `dir`. A folder with `hashiya.json` opens (a damaged manifest throws
   * {@link CorpusError} naming the file and line). A missing or empty folder becomes a new corpus
   * with {@link DEFAULT_SCHEMA} when `create` is true (named `name`, else after the folder; a
   * folder holding only OS litter such as `.DS_Store`, or `.git`, counts as empty);
   * otherwise, and for a non-empty folder without a manifest, a {@link CorpusError} is thrown.
   *
   * Opening an existing corpus removes the temporary files of atomic writes (`.hashiya-tmp-*`)
   * a minute old or older, left by a process killed in the middle of a save (the file it was
   * replacing is whole: the old version or the new one), from the root, `documents/`, `layers/`,
   * each annotator's folder, `gold/` and `.hashiya/previous/`; see {@link removedTempFiles}.
   * Younger ones may belong to a save in progress and are left (`validate` warns of them).
   */
  static async open(dir: string, options: { readonly create?: boolean; readonly name?: string } = {}): Promise<CorpusStore> {
    const root = path.resolve(dir);
    const manifestFile = path.join(root, MANIFEST_FILE);
    let entries: string[] | undefined;
    try {
      const info = await stat(root);
      if (!info.isDirectory()) throw new CorpusError([{ file: root, message: 'is a file, not a corpus folder' }], 'invalid');
      entries = await readdir(root);
    } catch (error) {
      if (!isErrnoCode(error, 'ENOENT')) throw error;
    }
    if (entries?.includes(MANIFEST_FILE)) {
      const parsed = parseManifest(await readFile(manifestFile, 'utf8'), manifestFile);
      if (!parsed.ok) throw new CorpusError(parsed.errors, 'damaged');
      const store = new CorpusStore(root, parsed.value);
      // Housekeeping never stops a corpus from opening (a folder that cannot be listed is skipped).
      store.#removedTempFiles = await store.#tempFileFolders().then(removeStaleTempFiles, () => []);
      return store;
    }
    if (entries !== undefined && entries.some((name) => !IGNORED_NAMES.has(name))) {
      throw new CorpusError(
        [{ file: manifestFile, message: `missing: ${root} is not empty and is not a Hashiya corpus (no ${MANIFEST_FILE})` }],
        'not_found',
      );
    }
    if (!options.create) {
      throw new CorpusError(
        entries === undefined
          ? [{ file: root, message: 'no such folder: there is no corpus here' }]
          : [{ file: manifestFile, message: `missing: ${root} is an empty folder, not a Hashiya corpus yet` }],
        'not_found',
      );
    }
    const manifest: Manifest = { name: options.name ?? path.basename(root), schema: DEFAULT_SCHEMA };
    await mkdir(path.join(root, DOCUMENTS_DIR), { recursive: true });
    await mkdir(path.join(root, LAYERS_DIR), { recursive: true });
    await writeFileAtomic(manifestFile, serializeManifest(manifest));
    return new CorpusStore(root, manifest);
  }

  /** Every document's meta, sorted by id. A meta file that does not parse throws (all listed). */
  async listDocuments(): Promise<readonly DocumentMeta[]> {
    const metas: DocumentMeta[] = [];
    const problems: FileProblem[] = [];
    const read = await mapBounded(await this.#documentIds(), IO_CONCURRENCY, async (id) => {
      const file = this.metaPath(id);
      return { id, file, parsed: await readCached(metaCache, file, (bytes) => parseDocumentMeta(bytes.toString('utf8'), file)) };
    });
    for (const { id, file, parsed } of read) {
      if (!parsed.ok) problems.push(...parsed.errors);
      else if (parsed.value.id !== id) problems.push({ file, message: `names document "${parsed.value.id}", not "${id}"` });
      else metas.push(parsed.value);
    }
    if (problems.length > 0) throw new CorpusError(problems, 'damaged');
    return metas;
  }

  /** Ids of the documents (those with a meta file), sorted; nothing is parsed or verified. */
  async listDocumentIds(): Promise<readonly string[]> {
    return this.#documentIds();
  }

  /** Whether a document with this id exists (its meta file is there). */
  async hasDocument(id: string): Promise<boolean> {
    return exists(this.metaPath(id));
  }

  /**
   * The canonical text of `id`, verified against the SHA-256 and length in its meta; a missing
   * or changed file throws {@link CorpusError} naming it.
   */
  async readText(id: string): Promise<string> {
    return (await this.#loadDocument(id)).text;
  }

  /** The meta of `id`, after verifying its text as {@link readText} does. */
  async readMeta(id: string): Promise<DocumentMeta> {
    return (await this.#loadDocument(id)).meta;
  }

  /**
   * The meta and the verified text of `id` at once ({@link readMeta} and {@link readText} in one
   * read); `ahead`: its files as read ahead ({@link documentFilesAhead}), the same result.
   */
  async readDocument(id: string, ahead?: DocumentAhead): Promise<{ readonly meta: DocumentMeta; readonly text: string }> {
    return this.#loadDocument(id, ahead);
  }

  /**
   * One annotator's layer of a document. A missing layer file gives an empty layer (revision 0,
   * `not_started`); a layer file that does not parse throws {@link CorpusError} (`damaged`) naming
   * file and line, and, when a previous version is kept, where it is (one more problem). Spans that
   * do not anchor are returned in the layer and listed in `orphans`; values and relations that do
   * not fit the current schema are returned as stored and listed in `unfit` and `relationProblems`.
   *
   * A layer made on another text than the document's (its `textSha256` differs: the text was
   * replaced, or the layer came from a copy of the corpus with an older text) is re-anchored:
   * every span is looked for by quote and context near its old place, exact first, then fuzzy
   * (shared/corpus/reanchor.ts). Spans found elsewhere are returned at their new offsets and listed
   * in `moved`; spans found nowhere are returned as stored and listed in `orphans` with the reason;
   * `reanchored` is true and the header problem still says the file was made on another text, until
   * the layer is saved. Rejected suggestions that run past the end of the text are left out (one
   * problem says which). Nothing is written.
   */
  async readLayer(id: string, annotator: string): Promise<ReadLayerResult> {
    const file = this.layerPath(id, annotator);
    try {
      return await this.#readLayerAt(id, annotator, file, () => this.#readLayerFile(file), true);
    } catch (error) {
      throw await this.#withPreviousVersionHint(error, file, this.previousLayerPath(id, annotator));
    }
  }

  /**
   * The layers of `annotators` of document `id`, each as {@link readLayer} gives it (the same
   * layer, re-anchored the same way, with the same problems and orphans), or, for a layer file
   * that does not parse, the {@link CorpusError} readLayer throws (previous-version hint
   * included); the document's meta and text are loaded and verified once for all of them, and
   * returned with them. What comparing and exporting layers need: values and relations are not
   * checked against the schema (no `unfit`, no `relationProblems`). Throws {@link CorpusError} when the
   * document itself does not load (as {@link readText}), or for an invalid id or annotator name.
   * `source(k)`, when given, is where the text of the layer file of `annotators[k]` comes from
   * (read ahead: text-read-ahead.ts); it is asked only once the document has loaded. `document`,
   * when given, gives the document's own files as read ahead ({@link documentFilesAhead}).
   */
  async readLayersToCompare(id: string, annotators: readonly string[], source?: (k: number) => Promise<TextRead>, document?: DocumentAhead): Promise<LayersToCompare> {
    const loaded = await this.#loadDocument(id, document);
    const layers = new Map<string, LayerToCompare | CorpusError>();
    let index: CodePointIndex | undefined;
    for (const [k, annotator] of annotators.entries()) {
      const file = this.layerPath(id, annotator);
      try {
        const located = await this.#readLayerFile(file, '', source === undefined ? undefined : () => source(k));
        index ??= new CodePointIndex(loaded.text);
        const { unfit: _unfit, relationProblems: _relations, ...read } = this.#layerResult(id, annotator, file, loaded, located, true, false, index);
        layers.set(annotator, read);
      } catch (error) {
        const hinted = await this.#withPreviousVersionHint(error, file, this.previousLayerPath(id, annotator));
        if (!(hinted instanceof CorpusError)) throw hinted;
        layers.set(annotator, hinted);
      }
    }
    return { meta: loaded.meta, text: loaded.text, layers };
  }

  /**
   * The gold layer of a document (`gold/<id>.jsonl`), read and checked exactly as
   * {@link readLayer} reads an annotator's layer, with annotator {@link GOLD_ANNOTATOR}: a missing
   * file gives an empty layer (revision 0, `not_started`); a file that does not parse throws
   * {@link CorpusError} (`damaged`) naming file and line (and where its previous version is kept,
   * if one is). Unlike a layer, gold made on another text is not re-anchored: its provenance names
   * review items by their offsets in the annotators' layers, which moving the gold spans alone
   * would contradict; its spans that no longer anchor are orphans.
   */
  async readGold(id: string): Promise<ReadGoldResult> {
    const file = this.goldPath(id);
    let located: LocatedGold | undefined;
    const read = await this.#readLayerAt(id, GOLD_ANNOTATOR, file, async () => {
      located = await this.#readGoldFile(file);
      return located;
    }).catch(async (error: unknown) => {
      throw await this.#withPreviousVersionHint(error, file, this.previousGoldPath(id));
    });
    if (located === undefined) {
      const gold: GoldLayer = { ...read.layer, quorum: null, spans: [], relations: [], decisions: [] };
      return { ...read, gold, located: { layer: read.layer, gold, spanLines: new Map(), relationLines: new Map(), decisionLines: new Map() }, file };
    }
    return { ...read, problems: [...read.problems, ...(await this.#goldAnnotatorProblems(id, file, located))], gold: located.gold, located, file };
  }

  /**
   * Saves the gold layer of `id` (`gold/<id>.jsonl`) with `revision + 1`, after checking
   * everything, nothing written on refusal: the file must be at `expectedRevision` (else
   * `conflict`) and must parse (a damaged gold file is never overwritten: `damaged`); spans,
   * relations and rejected suggestions are checked as {@link saveLayer} checks them; the
   * provenance must read back (`parseGoldWithLines`: no item decided twice, no automatic edit,
   * ...), and every annotator it names must have a layer of the document. Refusals are `invalid`
   * and list every problem. Prefix and suffix are recomputed, everything sorted, the header gets
   * annotator {@link GOLD_ANNOTATOR} and the document's `textSha256`. Writes atomically, only
   * under `gold/`: no annotator's layer is read for writing, created or changed. Saves of one gold
   * file never interleave. The file it replaces is kept as the gold's previous version
   * ({@link previousGold}, one generation). Gold saves take no write lock: the revision check
   * alone keeps two curators from overwriting each other. Returns the gold as written.
   */
  async saveGold(id: string, input: SaveGoldInput, expectedRevision: number): Promise<GoldLayer> {
    const file = this.goldPath(id);
    return serialised(file, () => this.#writeGold(id, file, input, expectedRevision)).catch(async (error: unknown) => {
      throw await this.#withPreviousVersionHint(error, file, this.previousGoldPath(id));
    });
  }

  /**
   * {@link saveGold} within the file's queue. `baseline`: the layer whose spans may be kept as they
   * are although they do not anchor, and whose broken links may stay (default: the file's
   * current content); a restore passes the version it restores. The file's current content is
   * kept as its previous version before it is replaced.
   */
  async #writeGold(id: string, file: string, input: SaveGoldInput, expectedRevision: number, baseline?: Layer): Promise<GoldLayer> {
    const { meta, text } = await this.#loadDocument(id);
    if (!DOCUMENT_STATUSES.includes(input.status)) {
      throw new CorpusError([{ file, message: `status ${JSON.stringify(input.status)} is not one of ${DOCUMENT_STATUSES.join(', ')}` }]);
    }
    if (!Number.isSafeInteger(expectedRevision) || expectedRevision < 0) {
      throw new CorpusError([{ file, message: `expected revision ${String(expectedRevision)} is not a revision number` }]);
    }
    if (input.quorum !== null && (!Number.isSafeInteger(input.quorum) || input.quorum < 1)) {
      throw new CorpusError([{ file, message: `quorum ${String(input.quorum)} is not a whole number of annotators` }]);
    }
    const current = await this.#readGoldFile(file, 'refusing to save over a gold file that does not parse: ');
    const revision = current?.layer.revision ?? 0;
    if (revision !== expectedRevision) {
      throw new CorpusError(
        [{ file, message: `the gold layer is at revision ${revision}, not ${expectedRevision}: it was saved elsewhere meanwhile; reload it before saving` }],
        'conflict',
      );
    }
    const index = new CodePointIndex(text);
    const stored = baseline ?? current?.layer ?? emptyLayer(id, GOLD_ANNOTATOR, meta.sha256);
    const spans = buildLayerSpans(input.spans, { file, text: index, labels: this.#labels(), stored: stored.spans });
    const relations = buildLayerRelations(input.relations, file);
    const rejected = buildRejectedSuggestions(input.rejected ?? [], index.length, file);
    const refusals = [...(spans.ok ? [] : spans.errors), ...(relations.ok ? [] : relations.errors), ...(rejected.ok ? [] : rejected.errors)];
    if (spans.ok && relations.ok) refusals.push(...linkRefusals({ spans: spans.value, relations: relations.value }, stored, this.#manifest.schema, file));
    if (refusals.length > 0 || !spans.ok || !relations.ok || !rejected.ok) throw new CorpusError(refusals, 'invalid');
    const spanProvenance = new Map(input.spans.map((s) => [s.id, s.provenance ?? null]));
    const relationProvenance = new Map(input.relations.map((r) => [r.id, r.provenance ?? null]));
    let serialized: string;
    try {
      // Provenance is copied member by member and the gold read back below: whatever the caller's objects hold, only what reads back is written.
      const gold: GoldLayer = {
        document: id,
        annotator: GOLD_ANNOTATOR,
        textSha256: meta.sha256,
        revision: revision + 1,
        status: input.status,
        quorum: input.quorum,
        spans: spans.value.map((s): GoldSpan => ({ ...s, provenance: plainSpanProvenance(spanProvenance.get(s.id) ?? null) })),
        relations: relations.value.map((r): GoldRelation => ({ ...r, provenance: plainRelationProvenance(relationProvenance.get(r.id) ?? null) })),
        rejected: rejected.value,
        decisions: input.decisions.map((d) => ({ item: d.item, decision: d.decision, decidedBy: d.decidedBy })),
      };
      serialized = serializeGold(gold);
    } catch (error) {
      throw new CorpusError([{ file, message: `refusing a gold layer that cannot be written: ${error instanceof Error ? error.message : String(error)}` }], 'invalid');
    }
    const reread = parseGoldWithLines(serialized, file);
    if (!reread.ok) throw new CorpusError(reread.errors.map((p) => ({ file, message: `refusing a gold layer that would not read back: ${p.message}` })), 'invalid');
    const missing = await this.#goldAnnotatorProblems(id, file, reread.value);
    if (missing.length > 0) throw new CorpusError(missing.map(({ line: _line, ...p }) => p), 'invalid');
    if (current !== undefined) await this.#keepPrevious(file, this.previousGoldPath(id));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, serialized);
    return reread.value.gold;
  }

  /**
   * Problems of a gold file's provenance naming annotators without a layer file of document `id`,
   * on the line naming them. Only looks under `layers/`.
   */
  async #goldAnnotatorProblems(id: string, file: string, located: LocatedGold): Promise<readonly FileProblem[]> {
    const problems: FileProblem[] = [];
    const known = new Map<string, boolean>();
    const hasLayer = async (name: string): Promise<boolean> => {
      let found = known.get(name);
      if (found === undefined) {
        found = validateAnnotatorName(name).ok && (await exists(this.layerPath(id, name)));
        known.set(name, found);
      }
      return found;
    };
    const check = async (what: string, line: number | undefined, names: readonly string[]): Promise<void> => {
      for (const name of names) {
        if (await hasLayer(name)) continue;
        const message = `${what} names annotator "${name}", who has no layer of "${id}" (no ${LAYERS_DIR}/${name}/${id}.jsonl)`;
        problems.push(line === undefined ? { file, message } : { file, line, message });
      }
    };
    for (const span of located.gold.spans) await check(`span "${span.id}"`, located.spanLines.get(span.id), span.provenance?.annotators ?? []);
    for (const relation of located.gold.relations) await check(`relation "${relation.id}"`, located.relationLines.get(relation.id), relation.provenance?.annotators ?? []);
    return problems;
  }

  /** Ids of the documents that have a gold layer file (valid ids only, unparsed), sorted. */
  async listGoldDocumentIds(): Promise<readonly string[]> {
    return (await readdirOrEmpty(path.join(this.root, GOLD_DIR)))
      .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
      .map((e) => e.name.slice(0, -'.jsonl'.length))
      .filter((id) => validateDocumentId(id).ok)
      .sort();
  }

  async #readLayerAt(
    id: string,
    annotator: string,
    file: string,
    read: () => Promise<LocatedLayer | undefined> = () => this.#readLayerFile(file),
    reanchor = false,
  ): Promise<ReadLayerResult> {
    const document = await this.#loadDocument(id);
    return this.#layerResult(id, annotator, file, document, await read(), reanchor, true);
  }

  /**
   * What {@link readLayer} returns for `located` (read from `file`; undefined: no file) in the
   * loaded `document`, re-anchored when `reanchor` and made on another text. With `values` false,
   * `unfit` and `relationProblems` are left empty (not computed).
   */
  #layerResult(
    id: string,
    annotator: string,
    file: string,
    { meta, text }: { readonly meta: DocumentMeta; readonly text: string },
    located: LocatedLayer | undefined,
    reanchor: boolean,
    values: boolean,
    index?: CodePointIndex,
  ): ReadLayerResult {
    if (located === undefined) {
      return { layer: emptyLayer(id, annotator, meta.sha256), problems: [], orphans: [], unfit: [], relationProblems: [], reanchored: false, moved: [] };
    }
    const { spanLines } = located;
    const schema = this.#manifest.schema;
    const onLine = (o: Orphan): Orphan => ({ spanId: o.spanId, message: `${o.message}${spanLines.has(o.spanId) ? ` (line ${spanLines.get(o.spanId)})` : ''}` });
    const problems = layerProblems(file, located, { id, annotator, meta });
    if (reanchor && located.layer.textSha256 !== meta.sha256) {
      const placed = reanchorLayer(located.layer, text);
      const outside = placed.outside.map(
        (r): FileProblem => ({ file, message: `rejected suggestion ${r.label} ${r.start}–${r.end} lies past the end of the changed text: left out (it may be suggested again)` }),
      );
      return {
        layer: placed.layer,
        problems: [...problems, ...outside],
        orphans: placed.orphans.map(onLine),
        unfit: values ? unfitSpanValues(placed.layer, schema) : [],
        relationProblems: values ? layerRelationProblems(placed.layer, schema) : [],
        reanchored: true,
        moved: placed.moved,
      };
    }
    const { layer } = located;
    return {
      layer,
      problems,
      orphans: checkAnchors(layer.spans, index ?? new CodePointIndex(text)).map(onLine),
      unfit: values ? unfitSpanValues(layer, schema) : [],
      relationProblems: values ? layerRelationProblems(layer, schema) : [],
      reanchored: false,
      moved: [],
    };
  }

  /**
   * Saves a layer with `revision + 1`, after checking everything (nothing is written on refusal):
   * the file on disk must be at `expectedRevision` (else `conflict`) and must parse (a damaged
   * file is never overwritten: `damaged`); every span must anchor in the text and carry a schema
   * label, except a span with the offsets, quote and label of a stored one, which keeps them as
   * stored (see `buildLayerSpans`); relation ids must be unique; rejected suggestions must lie in
   * the text; references and relation ends must name spans of the layer, and references must not
   * form a cycle, except links already broken that way in the stored layer (see `linkRefusals`).
   * Refusals are `invalid` and list every problem. Values and relations that do not fit the
   * schema are kept, not refused (`readLayer` reports them). Prefix and suffix are recomputed,
   * everything sorted, `textSha256` taken from the meta. Saves of one file never interleave.
   * Refused (`locked`) while another live Hashiya process holds the annotator's write lock
   * ({@link lockAnnotator}), or when this store's lock was taken over. The file it replaces is
   * kept as the layer's previous version ({@link previousLayer}, one generation). A span whose
   * offsets changed (re-anchored by {@link readLayer}, or an orphan placed by hand) is accepted
   * like any span that anchors. Returns the layer as written.
   */
  async saveLayer(id: string, annotator: string, input: SaveLayerInput): Promise<Layer> {
    return this.#saveLayerFile(id, annotator, input);
  }

  /**
   * {@link saveLayer} of the layer on disk with `input`'s changes applied (see
   * shared/corpus/span-changes.ts): the spans of `upsert` in place of the stored ones of their
   * ids or added, those of `remove` taken away; relations, rejected suggestions and status as
   * given. Checked and written exactly as {@link saveLayer} does, in the same queue. Refused as
   * `conflict` when the file is not at `expectedRevision`, or when the changes were not made
   * against it (an id removed that it does not hold). Returns the layer as written.
   */
  async saveLayerChanges(id: string, annotator: string, input: SaveLayerChangesInput): Promise<Layer> {
    return this.#saveLayerFile(id, annotator, input);
  }

  /** {@link saveLayer} or {@link saveLayerChanges}: written in the file's queue, a refusal of a damaged file with the previous version's hint. */
  async #saveLayerFile(id: string, annotator: string, input: SaveLayerInput | SaveLayerChangesInput): Promise<Layer> {
    const file = this.layerPath(id, annotator);
    return serialised(file, () => this.#writeLayer(id, annotator, file, input)).catch(async (error: unknown) => {
      throw await this.#withPreviousVersionHint(error, file, this.previousLayerPath(id, annotator));
    });
  }

  /**
   * {@link saveLayer} within the file's queue; for changes ({@link saveLayerChanges}), their spans
   * applied to the file's current ones first. `baseline`: the layer whose spans may be kept as they
   * are although they do not anchor, and whose broken links may stay (default: the file's current
   * content); a restore passes the version it restores. Refused (`locked`) while another process
   * holds the annotator's write lock. The file's current content is kept as its previous version
   * before it is replaced.
   */
  async #writeLayer(id: string, annotator: string, file: string, input: SaveLayerInput | SaveLayerChangesInput, baseline?: Layer): Promise<Layer> {
    await this.#checkWriteLock(annotator, file);
    const { meta, text } = await this.#loadDocument(id);
    if (!DOCUMENT_STATUSES.includes(input.status)) {
      throw new CorpusError([{ file, message: `status ${JSON.stringify(input.status)} is not one of ${DOCUMENT_STATUSES.join(', ')}` }]);
    }
    if (!Number.isSafeInteger(input.expectedRevision) || input.expectedRevision < 0) {
      throw new CorpusError([{ file, message: `expected revision ${String(input.expectedRevision)} is not a revision number` }]);
    }
    const current = await this.#readLayerFile(file, 'refusing to save over a layer file that does not parse: ');
    const revision = current?.layer.revision ?? 0;
    if (revision !== input.expectedRevision) {
      throw new CorpusError(
        [{ file, message: `the layer is at revision ${revision}, not ${input.expectedRevision}: it was saved elsewhere meanwhile; reload it before saving` }],
        'conflict',
      );
    }
    const sent = 'upsert' in input ? applySpanChanges<SpanInput>(current?.layer.spans ?? [], input) : input.spans;
    if (sent === null) {
      throw new CorpusError([{ file, message: `the changes sent were not made against revision ${revision} of the layer (a span they remove or change twice is not there); reload it before saving` }], 'conflict');
    }
    const index = new CodePointIndex(text);
    const stored = baseline ?? current?.layer ?? emptyLayer(id, annotator, meta.sha256);
    const spans = buildLayerSpans(sent, { file, text: index, labels: this.#labels(), stored: stored.spans });
    const relations = buildLayerRelations(input.relations, file);
    const rejected = buildRejectedSuggestions(input.rejected, index.length, file);
    const refusals = [...(spans.ok ? [] : spans.errors), ...(relations.ok ? [] : relations.errors), ...(rejected.ok ? [] : rejected.errors)];
    if (spans.ok && relations.ok) refusals.push(...linkRefusals({ spans: spans.value, relations: relations.value }, stored, this.#manifest.schema, file));
    if (refusals.length > 0 || !spans.ok || !relations.ok || !rejected.ok) throw new CorpusError(refusals, 'invalid');
    const layer: Layer = {
      document: id,
      annotator,
      textSha256: meta.sha256,
      revision: revision + 1,
      status: input.status,
      spans: spans.value,
      relations: relations.value,
      rejected: rejected.value,
    };
    if (current !== undefined) await this.#keepPrevious(file, this.previousLayerPath(id, annotator));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, serializeLayer(layer));
    return layer;
  }

  /** Temporary files of interrupted saves that {@link open} removed (absolute paths, sorted). */
  get removedTempFiles(): readonly string[] {
    return this.#removedTempFiles;
  }

  /** Where the previous version of a layer file is kept; throws {@link CorpusError} for an invalid id or annotator. */
  previousLayerPath(id: string, annotator: string): string {
    this.#checkId(id);
    this.#checkAnnotator(annotator);
    return this.#inside(STATE_DIR, PREVIOUS_DIR, LAYERS_DIR, annotator, `${id}.jsonl`);
  }

  /** Where the previous version of a gold file is kept; throws {@link CorpusError} for an invalid id. */
  previousGoldPath(id: string): string {
    this.#checkId(id);
    return this.#inside(STATE_DIR, PREVIOUS_DIR, GOLD_DIR, `${id}.jsonl`);
  }

  /** The lock file of an annotator's layers (`.hashiya/locks/<annotator>.lock`). */
  lockPath(annotator: string): string {
    this.#checkAnnotator(annotator);
    return this.#inside(STATE_DIR, LOCKS_DIR, `${annotator}.lock`);
  }

  /**
   * The version of `annotator`'s layer of `id` that the last save replaced, or null when none is
   * kept (never saved twice, or saved only by a version without this). A kept copy that does not
   * parse throws {@link CorpusError} (`damaged`).
   */
  async previousLayer(id: string, annotator: string): Promise<PreviousVersion | null> {
    const previous = this.previousLayerPath(id, annotator);
    return this.#previousVersion(id, previous, () => this.#readLayerFile(previous, 'the previous version does not parse: '));
  }

  /** {@link previousLayer} of the gold layer of `id`. */
  async previousGold(id: string): Promise<PreviousVersion | null> {
    const previous = this.previousGoldPath(id);
    return this.#previousVersion(id, previous, () => this.#readGoldFile(previous, 'the previous version does not parse: '));
  }

  /**
   * Puts the previous version of `annotator`'s layer of `id` back: an ordinary {@link saveLayer}
   * of its spans, relations, rejected suggestions and status at `expectedRevision + 1`, in the
   * file's queue, with every check and refusal of a save (`conflict` when the layer is no longer
   * at `expectedRevision`, `damaged` when the current file does not parse: it is never
   * overwritten, `locked`). Its spans that do not anchor are kept as they are in it. Made on
   * another text, it is re-anchored first as {@link readLayer} does. The version it replaces
   * becomes the previous one, so restoring again undoes the restore. `not_found` when no previous
   * version is kept. Returns the layer as written.
   */
  async restorePreviousLayer(id: string, annotator: string, expectedRevision: number): Promise<Layer> {
    const file = this.layerPath(id, annotator);
    const previous = this.previousLayerPath(id, annotator);
    return serialised(file, async () => {
      const kept = await this.#readLayerFile(previous, 'the previous version does not parse: ');
      if (kept === undefined) throw new CorpusError([{ file: previous, message: `no previous version of ${annotator}'s layer of "${id}" is kept` }], 'not_found');
      const { meta, text } = await this.#loadDocument(id);
      const layer = kept.layer.textSha256 === meta.sha256 ? kept.layer : reanchorLayer(kept.layer, text).layer;
      // A damaged layer file (the reason to restore) is moved aside, never deleted: then there is
      // no revision on disk to compare with, and the restore writes over nothing.
      const damaged = await this.#readLayerFile(file).then(
        () => false,
        (error: unknown) => {
          if (error instanceof CorpusError && error.kind === 'damaged') return true;
          throw error;
        },
      );
      if (damaged) await this.#setAside(file, path.join(STATE_DIR, 'damaged', LAYERS_DIR, annotator, id));
      const input = { spans: layer.spans, relations: layer.relations, rejected: layer.rejected, status: layer.status, expectedRevision: damaged ? 0 : expectedRevision };
      return this.#writeLayer(id, annotator, file, input, kept.layer);
    }).catch(async (error: unknown) => {
      throw await this.#withPreviousVersionHint(error, file, previous);
    });
  }

  /**
   * {@link restorePreviousLayer} for the gold layer of `id`: an ordinary {@link saveGold} of the
   * previous version with its provenance and decisions (never re-anchored, see {@link readGold}).
   */
  async restorePreviousGold(id: string, expectedRevision: number): Promise<GoldLayer> {
    const file = this.goldPath(id);
    const previous = this.previousGoldPath(id);
    return serialised(file, async () => {
      const kept = await this.#readGoldFile(previous, 'the previous version does not parse: ');
      if (kept === undefined) throw new CorpusError([{ file: previous, message: `no previous version of the gold layer of "${id}" is kept` }], 'not_found');
      return this.#writeGold(id, file, kept.gold, expectedRevision, kept.layer);
    }).catch(async (error: unknown) => {
      throw await this.#withPreviousVersionHint(error, file, previous);
    });
  }

  /**
   * Takes the write lock of `annotator`'s layers in this corpus for this store (see
   * electron/corpus-lock.ts: a stale lock, of a process gone or silent, is taken over and logged).
   * `{ok: false}` when another live Hashiya process holds it: this store's saves of that
   * annotator's layers are then refused (`locked`), each save trying the lock again first, and
   * {@link writeLockProblem} says why. Asking again while held does nothing. Released by
   * {@link releaseAnnotator}, {@link close}, or the process's normal exit.
   */
  async lockAnnotator(annotator: string, options: LockOptions = {}): Promise<WriteLockResult> {
    const file = this.lockPath(annotator);
    const known = this.#locks.get(annotator);
    if (known?.held !== undefined && !known.held.lost) return { ok: true };
    const entry: AnnotatorLock = { held: undefined, problem: null, options };
    this.#locks.set(annotator, entry);
    let result;
    try {
      await this.#ensureStateDir();
      result = await acquireLock(file, options);
    } catch (error) {
      // A folder that cannot be written (read-only media, …): the corpus still reads.
      const message = `the write lock of annotator "${annotator}" cannot be taken (${error instanceof Error ? error.message : String(error)})`;
      if (this.#locks.get(annotator) === entry) entry.problem = message;
      return { ok: false, holder: null, message };
    }
    if (this.#locks.get(annotator) !== entry) {
      // Released, or asked for again, meanwhile: this request is void; the newer one decides.
      if (result.ok) await result.lock.release();
      const problem = this.writeLockProblem(annotator);
      return problem === null ? { ok: true } : { ok: false, holder: result.ok ? null : result.holder, message: problem };
    }
    if (!result.ok) {
      const message = lockedMessage(annotator, result.holder);
      entry.problem = message;
      return { ok: false, holder: result.holder, message };
    }
    entry.held = result.lock;
    result.lock.onLost((holder) => {
      entry.held = undefined;
      entry.problem = holder === null ? `the write lock of annotator "${annotator}" (${file}) was removed and could not be taken again` : lockedMessage(annotator, holder);
      options.log?.(`lost the write lock of annotator "${annotator}": ${entry.problem}`);
    });
    return { ok: true };
  }

  /**
   * Why this store may not write `annotator`'s layers (another process holds the lock it asked
   * for, or took it over), or null: held, or never asked for.
   */
  writeLockProblem(annotator: string): string | null {
    return this.#locks.get(annotator)?.problem ?? null;
  }

  /** Lets go of the write lock of `annotator` (nothing when this store does not hold it). */
  async releaseAnnotator(annotator: string): Promise<void> {
    const entry = this.#locks.get(annotator);
    this.#locks.delete(annotator);
    await entry?.held?.release();
  }

  /** Lets go of every write lock this store holds. The store may still be read (and written, lock permitting). */
  async close(): Promise<void> {
    for (const annotator of [...this.#locks.keys()]) await this.releaseAnnotator(annotator);
  }

  /**
   * Refuses (`locked`) a write of `annotator`'s layer `file` when this store's lock is not (or no
   * longer) held and cannot be taken now, or, in a store that never asked for it (a command-line
   * import), when another live process holds it.
   */
  async #checkWriteLock(annotator: string, file: string): Promise<void> {
    const entry = this.#locks.get(annotator);
    if (entry?.held !== undefined && (await entry.held.verify())) return;
    if (entry !== undefined) {
      const again = await this.lockAnnotator(annotator, entry.options);
      if (again.ok) return;
      throw new CorpusError([{ file, message: `not saved: ${again.message}` }], 'locked');
    }
    let state;
    try {
      state = await inspectLock(this.lockPath(annotator));
    } catch {
      return; // An unreadable lock file stops no one who did not ask for the lock.
    }
    if (state.kind === 'held') throw new CorpusError([{ file, message: `not saved: ${lockedMessage(annotator, state.owner)}` }], 'locked');
  }

  /** Keeps `file` as `previous` (layer-history.ts), in the state folder. */
  async #keepPrevious(file: string, previous: string): Promise<void> {
    await this.#ensureStateDir();
    await keepPreviousVersion(file, previous);
  }

  /** `.hashiya/` with its `.gitignore`, made once per store. */
  async #ensureStateDir(): Promise<void> {
    if (this.#stateDirReady) return;
    await ensureStateDir(this.#inside(STATE_DIR));
    this.#stateDirReady = true;
  }

  /** What {@link previousLayer} and {@link previousGold} return, from the kept copy `previous`. */
  async #previousVersion(id: string, previous: string, read: () => Promise<LocatedLayer | undefined>): Promise<PreviousVersion | null> {
    const savedAt = await previousSavedAt(previous);
    const kept = savedAt === undefined ? undefined : await read();
    if (savedAt === undefined || kept === undefined) return null;
    const { layer } = kept;
    const meta = await this.readMeta(id);
    return { file: previous, revision: layer.revision, status: layer.status, spans: layer.spans.length, relations: layer.relations.length, savedAt, onOtherText: layer.textSha256 !== meta.sha256 };
  }

  /**
   * `error`, with one more problem when it says that `file` does not parse and a previous version
   * of it is kept in `previous` (and parses): which revision, from when, and where.
   */
  async #withPreviousVersionHint(error: unknown, file: string, previous: string): Promise<unknown> {
    if (!(error instanceof CorpusError) || error.kind !== 'damaged' || !error.problems.some((p) => p.file === file)) return error;
    try {
      const savedAt = await previousSavedAt(previous);
      const kept = savedAt === undefined ? undefined : await this.#readLayerFile(previous);
      if (savedAt === undefined || kept === undefined) return error;
      const where = path.relative(this.root, previous);
      const message =
        `a previous version is kept (revision ${kept.layer.revision}, ${kept.layer.spans.length} span${kept.layer.spans.length === 1 ? '' : 's'}, ` +
        `saved ${savedAt}) in ${where}: fix the line named above, or restore that version (Hashiya keeps the damaged file in .hashiya/damaged/)`;
      return new CorpusError([...error.problems, { file, message }], error.kind);
    } catch {
      return error;
    }
  }

  /** Folders where atomic writes put their temporary files (existing or not). */
  async #tempFileFolders(): Promise<readonly string[]> {
    const subfolders = async (dir: string): Promise<string[]> =>
      (await readdirOrEmpty(dir)).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
    const layers = path.join(this.root, LAYERS_DIR);
    const previous = path.join(this.root, STATE_DIR, PREVIOUS_DIR);
    return [
      this.root,
      path.join(this.root, DOCUMENTS_DIR),
      layers,
      ...(await subfolders(layers)),
      path.join(this.root, GOLD_DIR),
      path.join(previous, GOLD_DIR),
      ...(await subfolders(path.join(previous, LAYERS_DIR))),
    ];
  }

  /**
   * Adds a document: writes its text, then its meta (the meta is what makes it exist), then,
   * when `layer` is given, that annotator's first layer (revision 1, no relations). Everything is
   * checked first (the id, that the text is canonical, that it does not exist yet, every span and
   * reference, as {@link saveLayer} does); on a write failure what was written is removed again.
   */
  async addDocument(
    doc: NewDocument,
    layer?: { readonly annotator: string; readonly spans: readonly SpanInput[]; readonly status?: DocumentStatus },
  ): Promise<{ readonly meta: DocumentMeta; readonly layer?: Layer }> {
    const textFile = this.textPath(doc.id);
    const metaFile = this.metaPath(doc.id);
    const layerFile = layer && this.layerPath(doc.id, layer.annotator);
    return serialised(metaFile, async () => {
      if (doc.text.startsWith('\uFEFF') || doc.text.includes('\r') || doc.text.normalize('NFC') !== doc.text) {
        throw new CorpusError([{ file: textFile, message: 'refusing a text that is not canonical (BOM, CR or not NFC)' }]);
      }
      if (await exists(metaFile)) throw new CorpusError([{ file: metaFile, message: `document "${doc.id}" already exists` }], 'conflict');
      const meta: DocumentMeta = {
        id: doc.id,
        source: doc.source,
        importedAt: doc.importedAt ?? new Date().toISOString(),
        sha256: sha256Hex(doc.text),
        length: codePointLength(doc.text),
        canonicalisation: doc.canonicalisation,
      };
      let newLayer: Layer | undefined;
      if (layer && layerFile) {
        if (await exists(layerFile)) throw new CorpusError([{ file: layerFile, message: 'a layer file already exists for a document not yet imported' }], 'conflict');
        const spans = buildLayerSpans(layer.spans, {
          file: layerFile,
          text: new CodePointIndex(doc.text),
          labels: this.#labels(),
          stored: [],
        });
        if (!spans.ok) throw new CorpusError(spans.errors, 'invalid');
        const refusals = linkRefusals({ spans: spans.value, relations: [] }, { spans: [], relations: [] }, this.#manifest.schema, layerFile);
        if (refusals.length > 0) throw new CorpusError(refusals, 'invalid');
        newLayer = {
          document: doc.id,
          annotator: layer.annotator,
          textSha256: meta.sha256,
          revision: 1,
          status: layer.status ?? 'in_progress',
          spans: spans.value,
          relations: [],
          rejected: [],
        };
      }
      const written: string[] = [];
      try {
        await mkdir(path.dirname(textFile), { recursive: true });
        await writeFileAtomic(textFile, doc.text);
        written.push(textFile);
        if (newLayer && layerFile) {
          await mkdir(path.dirname(layerFile), { recursive: true });
          await writeFileAtomic(layerFile, serializeLayer(newLayer));
          written.push(layerFile);
        }
        await writeFileAtomic(metaFile, serializeDocumentMeta(meta));
      } catch (error) {
        for (const file of written.reverse()) await unlink(file).catch(() => {});
        throw error;
      }
      return newLayer ? { meta, layer: newLayer } : { meta };
    });
  }

  /**
   * Replaces the corpus schema. Refused with {@link CorpusError} `invalid` naming every problem
   * `validateSchema` finds, and nothing is written. Otherwise computes which stored values of
   * every readable layer (all annotators) fit the current schema but not `schema`
   * (`schemaChangeReport`; layer files that do not parse are left out), writes the manifest
   * atomically, and from then on {@link manifest} holds the new schema. No layer is touched:
   * values that stop fitting are kept, and reported by this and by {@link readLayer}.
   */
  async saveSchema(schema: Schema): Promise<{ readonly unfit: readonly SchemaChangeUnfit[] }> {
    const file = path.join(this.root, MANIFEST_FILE);
    return serialised(file, async () => {
      const problems = validateSchema(schema);
      if (problems.length > 0) throw new CorpusError(problems.map((message) => ({ file, message })), 'invalid');
      const next: Manifest = { name: this.#manifest.name, schema: plainSchema(schema) };
      const text = serializeManifest(next);
      const reread = parseManifest(text, file);
      if (!reread.ok) throw new CorpusError(reread.errors.map((p) => ({ file, message: `refusing a schema that would not read back: ${p.message}` })), 'invalid');
      const unfit = schemaChangeReport(this.#manifest.schema, next.schema, await this.#readableLayers());
      await writeFileAtomic(file, text);
      this.#manifest = next;
      return { unfit };
    });
  }

  /** Every layer file of the corpus that parses, by annotator folder then document id, then the gold layers. */
  async #readableLayers(): Promise<readonly Layer[]> {
    const layers: Layer[] = [];
    for (const annotator of await this.listAnnotatorFolders()) {
      if (!validateAnnotatorName(annotator).ok) continue;
      const names = (await readdirOrEmpty(path.join(this.root, LAYERS_DIR, annotator)))
        .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
        .map((e) => e.name.slice(0, -'.jsonl'.length))
        .filter((id) => validateDocumentId(id).ok)
        .sort();
      for (const id of names) {
        try {
          const located = await this.#readLayerFile(this.layerPath(id, annotator));
          if (located) layers.push(located.layer);
        } catch (error) {
          if (!(error instanceof CorpusError)) throw error;
        }
      }
    }
    for (const id of await this.listGoldDocumentIds()) {
      try {
        const located = await this.#readGoldFile(this.goldPath(id));
        if (located) layers.push(located.layer);
      } catch (error) {
        if (!(error instanceof CorpusError)) throw error;
      }
    }
    return layers;
  }

  /**
   * Status and span count of `annotator`'s layer of every document (`not_started`, 0 where there
   * is no layer file). A layer file that does not parse is reported in `problems` of its
   * document (the others still list), and is left untouched.
   */
  async layerSummaries(annotator: string): Promise<ReadonlyMap<string, LayerSummary>> {
    this.#checkAnnotator(annotator);
    const ids = await this.#documentIds();
    const summaries = await mapBounded(ids, IO_CONCURRENCY, (id) => this.#layerSummary(this.layerPath(id, annotator)));
    return new Map(ids.map((id, i) => [id, summaries[i] as LayerSummary]));
  }

  /** {@link layerSummaries} of one document: the status and span count of `annotator`'s layer of `id`. */
  async layerSummary(id: string, annotator: string): Promise<LayerSummary> {
    return this.#layerSummary(this.layerPath(id, annotator));
  }

  /**
   * The summary of one layer file, parsed in full (so a damaged line anywhere is a problem, as
   * when the layer is opened) and kept in {@link summaryCache} while the file is unchanged.
   */
  async #layerSummary(file: string): Promise<LayerSummary> {
    const missing: LayerSummary = { status: 'not_started', spans: 0, problems: [] };
    let stamp: string;
    try {
      stamp = fileStamp(await statFile(file));
    } catch (error) {
      summaryCache.forget(file);
      if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return missing;
      throw error;
    }
    return summaryCache.get(file, stamp, async () => {
      let bytes: Uint8Array;
      try {
        bytes = await readFileBytes(file);
      } catch (error) {
        // Removed since the stat (kept under the old stamp, which no file has now).
        if (isErrnoCode(error, 'ENOENT')) return missing;
        throw error;
      }
      return summariseLayerBytes(file, bytes);
    });
  }

  /**
   * Checks every file of the corpus and returns the problems found, sorted by file and line
   * (empty when all is well): the manifest; each document (meta parses, text present, hash and
   * length match, text canonical); each layer (parses, belongs to its path, made on the current
   * text, every span anchors, every label and value fits the schema, every reference and relation
   * end names a span of the layer, no reference cycle, every relation fits its type); folders and
   * files that do not belong.
   */
  async validate(): Promise<readonly FileProblem[]> {
    const problems: FileProblem[] = [];
    const manifestFile = path.join(this.root, MANIFEST_FILE);
    let manifest = this.manifest;
    try {
      const parsed = parseManifest(await readFile(manifestFile, 'utf8'), manifestFile);
      if (parsed.ok) manifest = parsed.value;
      else problems.push(...parsed.errors);
    } catch (error) {
      if (!isErrnoCode(error, 'ENOENT')) throw error;
      problems.push({ file: manifestFile, message: 'missing: the folder is no longer a corpus' });
    }

    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      const file = path.join(this.root, entry.name);
      if (entry.name === MANIFEST_FILE || IGNORED_NAMES.has(entry.name)) continue;
      if (entry.name === ASSIGNMENTS_FILE && entry.isFile()) {
        const text = decodeUtf8Strict(await readFile(file));
        const checked = text === undefined ? { ok: false as const, errors: [{ file, message: 'not valid UTF-8' }] } : parseAssignments(text, file);
        if (!checked.ok) problems.push(...checked.errors);
        continue;
      }
      if ((entry.name === DOCUMENTS_DIR || entry.name === LAYERS_DIR || entry.name === GOLD_DIR) && entry.isDirectory()) continue;
      problems.push(strayProblem(file, entry.name));
    }

    // Every folder is listed first, so that the documents' meta and text files, then the layer
    // files, are read (in a worker: text-read-ahead.ts) while the documents are checked.
    const listed = await this.#listDocumentFiles(problems);
    const folders: LayerFolder[] = [];
    for (const annotator of await this.listAnnotatorFolders()) folders.push(await layerFolder(path.join(this.root, LAYERS_DIR, annotator), annotator, false));
    folders.push(await layerFolder(path.join(this.root, GOLD_DIR), GOLD_ANNOTATOR, true));
    // The documents that have both files are loaded, document k from files 2k (meta) and 2k + 1 (text).
    const loadable = listed.ids.filter((id) => listed.metas.has(id) && listed.texts.has(id));
    const documentFiles = new Map(loadable.map((id, k) => [id, 2 * k]));
    // Annotators' layer files come as bytes (see #validateLayers); gold files as text.
    const layerFiles = folders.flatMap((f): readonly AheadFile[] => (f.gold ? f.files : f.files.map((file) => ({ path: file, bytes: true }))));
    const ahead = TextReadAhead.start([...loadable.flatMap((id) => this.documentFilesAhead(id)), ...layerFiles], 2 * READ_AHEAD);
    try {
      const documents = await this.#validateDocuments(listed, problems, (id) => {
        const k = documentFiles.get(id) as number;
        return Promise.all([ahead.read(k), ahead.read(k + 1)]);
      });
      let first = 2 * loadable.length;
      for (const folder of folders) {
        const offset = first;
        await this.#validateLayers(folder, documents, manifest.schema, problems, (k) => ahead.read(offset + k));
        first += folder.files.length;
      }
    } finally {
      await ahead.close();
    }
    for (const entry of await readdirOrEmpty(path.join(this.root, LAYERS_DIR))) {
      if (!entry.isDirectory() && !IGNORED_NAMES.has(entry.name)) problems.push(strayProblem(path.join(this.root, LAYERS_DIR, entry.name), entry.name));
    }
    return problems.sort(compareProblems);
  }

  /** Lists `documents/`: the ids with a meta file, with a text file, and all of them, sorted; the files that do not belong are problems. */
  async #listDocumentFiles(problems: FileProblem[]): Promise<DocumentFiles> {
    const dir = path.join(this.root, DOCUMENTS_DIR);
    const texts = new Set<string>();
    const metas = new Set<string>();
    for (const entry of await readdirOrEmpty(dir)) {
      const file = path.join(dir, entry.name);
      if (IGNORED_NAMES.has(entry.name)) continue;
      const id = entry.name.endsWith('.meta.json') ? entry.name.slice(0, -'.meta.json'.length) : entry.name.endsWith('.txt') ? entry.name.slice(0, -'.txt'.length) : undefined;
      if (!entry.isFile() || id === undefined) {
        problems.push(strayProblem(file, entry.name));
        continue;
      }
      const checked = validateDocumentId(id, file);
      if (!checked.ok) {
        problems.push(...checked.errors);
        continue;
      }
      (entry.name.endsWith('.txt') ? texts : metas).add(id);
    }
    return { ids: [...new Set([...texts, ...metas])].sort(), texts, metas };
  }

  /**
   * Checks the documents `listed` ({@link #listDocumentFiles}); returns those whose meta and text
   * are sound, by id. `ahead(id)`: the meta and text files of a document with both, as read ahead.
   */
  async #validateDocuments(listed: DocumentFiles, problems: FileProblem[], ahead: (id: string) => ReturnType<DocumentAhead>): Promise<ReadonlyMap<string, { meta: DocumentMeta; text: string }>> {
    const { ids, texts, metas } = listed;
    const sound = new Map<string, { meta: DocumentMeta; text: string }>();
    // Read a bounded number at a time; the problems are added in id order, as one by one.
    const checked = await mapBounded(ids, IO_CONCURRENCY, async (id) => {
      const found: FileProblem[] = [];
      if (!metas.has(id)) {
        found.push({ file: this.textPath(id), message: `has no ${id}.meta.json: an import did not finish, or the meta was deleted` });
        return { found };
      }
      if (!texts.has(id)) {
        found.push({ file: this.metaPath(id), message: `has no ${id}.txt: the document text is missing` });
        return { found };
      }
      try {
        const loaded = await this.#loadDocument(id, () => ahead(id));
        const textFile = this.textPath(id);
        const length = codePointLength(loaded.text);
        if (length !== loaded.meta.length) {
          found.push({ file: this.metaPath(id), message: `gives length ${loaded.meta.length}, but the text has ${length} code points` });
        }
        if (loaded.text.startsWith('\uFEFF') || loaded.text.includes('\r') || loaded.text.normalize('NFC') !== loaded.text) {
          found.push({ file: textFile, message: 'is not canonical (a byte order mark, a CR, or not NFC)' });
        }
        return { found, loaded };
      } catch (error) {
        if (!(error instanceof CorpusError)) throw error;
        found.push(...error.problems);
        return { found };
      }
    });
    ids.forEach((id, i) => {
      const { found, loaded } = checked[i] as { found: FileProblem[]; loaded?: { meta: DocumentMeta; text: string } };
      problems.push(...found);
      if (loaded !== undefined) sound.set(id, loaded);
    });
    return sound;
  }

  /**
   * Checks the layer files of `folder` (an annotator's folder, or the gold folder); `read(k)`
   * gives the text of its `k`th file to read (`folder.files`).
   */
  async #validateLayers(
    folder: LayerFolder,
    documents: ReadonlyMap<string, { meta: DocumentMeta; text: string }>,
    schema: Schema,
    problems: FileProblem[],
    read: (k: number) => Promise<TextRead>,
  ): Promise<void> {
    const { dir, annotator, gold } = folder;
    if (folder.entries === undefined) {
      problems.push(...folder.nameProblems);
      return;
    }
    const labels = new Set(schema.labels.map((l) => l.name));
    // Read a bounded number at a time; the problems are added in the order of the folder listing, as one by one.
    const found = await mapBounded(folder.entries, IO_CONCURRENCY, async (entry, e): Promise<readonly FileProblem[]> => {
      const file = path.join(dir, entry.name);
      if (IGNORED_NAMES.has(entry.name)) return [];
      if (!entry.isFile() || !entry.name.endsWith('.jsonl')) return [strayProblem(file, entry.name)];
      const id = entry.name.slice(0, -'.jsonl'.length);
      const checked = validateDocumentId(id, file);
      if (!checked.ok) return checked.errors;
      const doc = documents.get(id);
      const got = await read(folder.fileOf[e] as number);
      // A plain, sound layer file (scanLayerForAgreement: the form the app writes, its header
      // naming this document, annotator and text, every quote where its offsets say) whose
      // labels are all in the schema has no problem to report: the reader, the header, value and
      // anchoring checks below would find none. It is not parsed. Any other is, as before.
      if (!gold && doc !== undefined && got.kind === 'bytes') {
        const scanned = scanLayerForAgreement(got.bytes, { document: id, annotator, textSha256: doc.meta.sha256 }, scanText(doc.text));
        if (scanned !== undefined && scanned.spans.every((span) => labels.has(span.label))) return [];
      }
      const source = (): Promise<TextRead> => Promise.resolve(asText(got));
      let located: LocatedLayer | undefined;
      let locatedGold: LocatedGold | undefined;
      try {
        if (gold) located = locatedGold = await this.#readGoldFile(file, '', source);
        else located = await this.#readLayerFile(file, '', source);
      } catch (error) {
        if (!(error instanceof CorpusError)) throw error;
        return error.problems;
      }
      if (located === undefined) return [];
      if (doc === undefined) {
        return (await exists(this.metaPath(id))) ? [] : [{ file, message: `is a layer of "${id}", which is not a document of this corpus` }];
      }
      const out: FileProblem[] = [...layerProblems(file, located, { id, annotator, meta: doc.meta }), ...layerValueProblems(file, located, schema)];
      if (locatedGold !== undefined) out.push(...(await this.#goldAnnotatorProblems(id, file, locatedGold)));
      // (One layer per document in a folder: the index is made for it alone.)
      for (const orphan of checkAnchors(located.layer.spans, new CodePointIndex(doc.text))) {
        out.push({ file, line: located.spanLines.get(orphan.spanId), message: `span "${orphan.spanId}" is orphaned: ${orphan.message}` });
      }
      return out;
    });
    for (const list of found) problems.push(...list);
  }

  /** Annotator folders under `layers/` (names as on disk, unchecked), sorted. */
  async listAnnotatorFolders(): Promise<readonly string[]> {
    try {
      const entries = await readdir(path.join(this.root, LAYERS_DIR), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT')) return [];
      throw error;
    }
  }

  /** Absolute path of a document's text file; throws {@link CorpusError} for an invalid id. */
  textPath(id: string): string {
    this.#checkId(id);
    return this.#inside(DOCUMENTS_DIR, `${id}.txt`);
  }

  /** Absolute path of a document's meta file; throws {@link CorpusError} for an invalid id. */
  metaPath(id: string): string {
    this.#checkId(id);
    return this.#inside(DOCUMENTS_DIR, `${id}.meta.json`);
  }

  /** Absolute path of a layer file; throws {@link CorpusError} for an invalid id or annotator. */
  layerPath(id: string, annotator: string): string {
    this.#checkId(id);
    this.#checkAnnotator(annotator);
    return this.#inside(LAYERS_DIR, annotator, `${id}.jsonl`);
  }

  /** Absolute path of a document's gold layer file; throws {@link CorpusError} for an invalid id. */
  goldPath(id: string): string {
    this.#checkId(id);
    return this.#inside(GOLD_DIR, `${id}.jsonl`);
  }

  /** Reads and parses a layer file: `undefined` when missing; {@link CorpusError} when damaged. */
  /**
   * Moves `file` to `<root>/<under>.<UTC time>.jsonl` (folders made as needed), so a damaged file
   * replaced by a restore stays available to read or mend by hand.
   */
  async #setAside(file: string, under: string): Promise<string> {
    const target = this.#inside(`${under}.${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
    await ensureStateDir(path.join(this.root, STATE_DIR));
    await mkdir(path.dirname(target), { recursive: true });
    await rename(file, target);
    return target;
  }

  async #readLayerFile(file: string, prefix = '', source?: () => Promise<TextRead>): Promise<LocatedLayer | undefined> {
    return readParsed(file, prefix, parseLayerWithLines, source);
  }

  /** Reads and parses a gold file: `undefined` when missing; {@link CorpusError} when damaged. */
  async #readGoldFile(file: string, prefix = '', source?: () => Promise<TextRead>): Promise<LocatedGold | undefined> {
    return readParsed(file, prefix, parseGoldWithLines, source);
  }

  /**
   * Meta and text of a document, the text verified against the meta. `ahead`, when given, gives
   * the two files as read ahead ({@link documentFilesAhead}, in that order): what was read there
   * is taken as read here (a read that `failed` is made here); the same values, the same errors.
   */
  async #loadDocument(id: string, ahead?: DocumentAhead): Promise<{ readonly meta: DocumentMeta; readonly text: string }> {
    const metaFile = this.metaPath(id);
    const textFile = this.textPath(id);
    const [metaRead, textRead] = ahead === undefined ? [] : await ahead();
    const parseMeta = (text: string): Result<DocumentMeta> => parseDocumentMeta(text, metaFile);
    const notFound = (): CorpusError => new CorpusError([{ file: metaFile, message: `no document "${id}" in this corpus` }], 'not_found');
    if (metaRead?.kind === 'missing') {
      metaCache.forget(metaFile);
      throw notFound();
    }
    let parsed: Result<DocumentMeta>;
    try {
      parsed =
        metaRead?.kind === 'text' && metaRead.stamp !== undefined
          ? await metaCache.get(metaFile, fileStamp(metaRead.stamp), () => Promise.resolve(parseMeta(metaRead.text)))
          : await readCached(metaCache, metaFile, (bytes) => parseMeta(bytes.toString('utf8')));
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT')) throw notFound();
      throw error;
    }
    if (!parsed.ok) throw new CorpusError(parsed.errors, 'damaged');
    const meta = parsed.value;
    if (meta.id !== id) throw new CorpusError([{ file: metaFile, message: `names document "${meta.id}", not "${id}"` }], 'damaged');
    const gone = (): CorpusError => new CorpusError([{ file: textFile, message: 'missing: the document text is gone' }], 'damaged');
    if (textRead?.kind === 'missing') {
      textCache.delete(textFile);
      throw gone();
    }
    // The text as read ahead: its stamp, hash and decoded text (undefined: not UTF-8).
    const read = textRead !== undefined && textRead.kind !== 'failed' && textRead.stamp !== undefined && textRead.sha256 !== undefined ? textRead : undefined;
    let textStamp: string;
    if (read !== undefined) textStamp = fileStamp(read.stamp as FileStampParts);
    else {
      try {
        textStamp = fileStamp(await statFile(textFile));
      } catch (error) {
        textCache.delete(textFile);
        if (isErrnoCode(error, 'ENOENT')) throw gone();
        throw error;
      }
    }
    const known = textCache.get(textFile);
    if (known !== undefined && known.stamp === textStamp && known.sha256 === meta.sha256) {
      textCache.delete(textFile); // most recently used last
      textCache.set(textFile, known);
      return { meta, text: known.text };
    }
    let hash: string;
    let text: string | undefined;
    if (read !== undefined) {
      hash = read.sha256 as string;
      text = read.kind === 'text' ? read.text : undefined;
    } else {
      let bytes: Uint8Array;
      try {
        bytes = await readFileBytes(textFile);
      } catch (error) {
        if (isErrnoCode(error, 'ENOENT')) throw gone();
        throw error;
      }
      hash = sha256Hex(bytes);
      if (hash === meta.sha256) text = decodeUtf8Strict(bytes);
    }
    if (hash !== meta.sha256) {
      throw new CorpusError(
        [{ file: textFile, message: `the text changed after import (SHA-256 ${hash.slice(0, 12)}…, the meta says ${meta.sha256.slice(0, 12)}…): annotations point into the imported text, which must never change` }],
        'damaged',
      );
    }
    if (text === undefined) throw new CorpusError([{ file: textFile, message: 'not valid UTF-8' }], 'damaged');
    textCache.delete(textFile);
    textCache.set(textFile, { stamp: textStamp, sha256: meta.sha256, text });
    if (textCache.size > TEXT_CACHE_SIZE) textCache.delete(textCache.keys().next().value as string);
    return { meta, text };
  }

  /**
   * The files of document `id` as {@link TextReadAhead} should read them for {@link readDocument}
   * and {@link readLayersToCompare} (`ahead`): its meta, then its text, each with its stamp.
   * Throws {@link CorpusError} for an invalid id.
   */
  documentFilesAhead(id: string): readonly [AheadFile, AheadFile] {
    return [
      { path: this.metaPath(id), stamp: true, loose: true },
      { path: this.textPath(id), stamp: true, sha256: true },
    ];
  }

  /** Ids of documents that have a meta file, sorted. */
  async #documentIds(): Promise<readonly string[]> {
    let names: string[];
    try {
      names = await readdir(path.join(this.root, DOCUMENTS_DIR));
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT')) return [];
      throw error;
    }
    return names
      .filter((n) => n.endsWith('.meta.json'))
      .map((n) => n.slice(0, -'.meta.json'.length))
      .filter((id) => validateDocumentId(id).ok)
      .sort();
  }

  #labels(): ReadonlySet<string> {
    return new Set(this.#manifest.schema.labels.map((l) => l.name));
  }

  #checkId(id: string): void {
    const checked = validateDocumentId(id);
    if (!checked.ok) throw new CorpusError(checked.errors.map((e) => ({ ...e, file: this.root })), 'invalid');
  }

  #checkAnnotator(annotator: string): void {
    // A corpus has a few annotators and a pass builds a path per layer file (20,000 in a corpus
    // of 10,000 documents): each name is checked once.
    if (this.#validAnnotators.has(annotator)) return;
    const checked = validateAnnotatorName(annotator);
    if (!checked.ok) throw new CorpusError(checked.errors.map((e) => ({ ...e, file: this.root })), 'invalid');
    this.#validAnnotators.add(annotator);
  }

  /** Resolves `parts` under the root; throws when the result would leave it. */
  #inside(...parts: string[]): string {
    // Names with no separator, no drive colon and no dot segment, under an absolute root, resolve
    // to the root and the names joined: what path.resolve gives, without its normalising of the
    // whole path (per file of a corpus-wide pass), and never outside the root.
    if (parts.length > 0 && parts.every(isPlainName)) return (this.root.endsWith(path.sep) ? this.root : this.root + path.sep) + parts.join(path.sep);
    const resolved = path.resolve(this.root, ...parts);
    const relative = path.relative(this.root, resolved);
    if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      throw new CorpusError([{ file: this.root, message: `refusing a path outside the corpus: ${parts.join('/')}` }], 'invalid');
    }
    return resolved;
  }
}

/**
 * Names that are no business of the corpus and never reported: version control, OS litter, and
 * `.hashiya/`, this machine's state for the corpus (previous versions, locks: layer-history.ts),
 * which is not part of the corpus, is not to be shared and should be left out of version control.
 */
const IGNORED_NAMES: ReadonlySet<string> = new Set(['.git', '.gitignore', '.gitattributes', '.DS_Store', 'Thumbs.db', 'desktop.ini', STATE_DIR]);

/** A name that is one path segment on every platform: not empty, not `.` or `..`, no `/`, `\\` or `:`. */
function isPlainName(part: string): boolean {
  return part !== '' && part !== '.' && part !== '..' && !/[/\\:]/.test(part);
}

/**
 * What validation says of a name that does not belong. A temporary file of an atomic write is
 * only a warning: the file it was to replace is whole (the old version or the new one), opening
 * the corpus removes such files once they are a minute old, and a younger one may be a save in
 * progress in another process.
 */
function strayProblem(file: string, name: string): FileProblem {
  if (name.startsWith(ATOMIC_TEMP_PREFIX)) {
    return { file, message: 'left over from an interrupted save, or a save in progress; removed when the corpus is opened once it is a minute old', severity: 'warning' };
  }
  return { file, message: 'does not belong to a Hashiya corpus (stray file or folder)' };
}

/** Why a save of `annotator`'s layers is refused while `holder` holds their write lock. */
function lockedMessage(annotator: string, holder: LockOwner | null): string {
  return holder === null
    ? `annotator "${annotator}" is being opened in another Hashiya window`
    : `annotator "${annotator}" is open in another Hashiya window (${describeOwner(holder)})`;
}

/** The files of `documents/` by kind, as validate lists them: ids (sorted) with a text file, with a meta file, and all. */
interface DocumentFiles {
  readonly ids: readonly string[];
  readonly texts: ReadonlySet<string>;
  readonly metas: ReadonlySet<string>;
}

/** A layer folder as `validate` lists it before checking it. */
interface LayerFolder {
  readonly dir: string;
  readonly annotator: string;
  readonly gold: boolean;
  /** The folder's entries; undefined when the annotator name is refused (see {@link nameProblems}). */
  readonly entries: readonly Dirent[] | undefined;
  readonly nameProblems: readonly FileProblem[];
  /** The layer files to read (absolute paths), in listing order. */
  readonly files: readonly string[];
  /** For each entry, its index in {@link files} (undefined for an entry not read). */
  readonly fileOf: readonly (number | undefined)[];
}

/** Lists `dir`, the layer folder of `annotator` (the gold folder when `gold`), and which of its files are layers to read. */
async function layerFolder(dir: string, annotator: string, gold: boolean): Promise<LayerFolder> {
  const name = validateAnnotatorName(annotator, dir);
  if (!name.ok) return { dir, annotator, gold, entries: undefined, nameProblems: name.errors, files: [], fileOf: [] };
  const entries = await readdirOrEmpty(dir);
  const files: string[] = [];
  const fileOf = entries.map((entry) => {
    if (IGNORED_NAMES.has(entry.name) || !entry.isFile() || !entry.name.endsWith('.jsonl')) return undefined;
    if (!validateDocumentId(entry.name.slice(0, -'.jsonl'.length)).ok) return undefined;
    files.push(path.join(dir, entry.name));
    return files.length - 1;
  });
  return { dir, annotator, gold, entries, nameProblems: [], files, fileOf };
}

function compareProblems(a: FileProblem, b: FileProblem): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0);
}

async function readdirOrEmpty(dir: string): Promise<readonly Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return [];
    throw error;
  }
}

/** Provenance with exactly the members of the model, whatever else the caller's object carries. */
function plainSpanProvenance(p: SpanProvenance | null): SpanProvenance | null {
  if (p === null) return null;
  return { item: p.item, annotators: [...p.annotators], decidedBy: p.decidedBy, decision: p.decision, pending: Object.fromEntries(Object.entries(p.pending ?? {})) };
}

function plainRelationProvenance(p: GoldRelation['provenance']): GoldRelation['provenance'] {
  return p === null ? null : { annotators: [...p.annotators], decidedBy: p.decidedBy, decision: p.decision };
}

function emptyLayer(document: string, annotator: string, textSha256: string): Layer {
  return { document, annotator, textSha256, revision: 0, status: 'not_started', spans: [], relations: [], rejected: [] };
}

/**
 * Reads `file` as strict UTF-8 and parses it with `parse`: `undefined` when the file is missing;
 * {@link CorpusError} (`damaged`, messages prefixed with `prefix`) when it does not decode or parse.
 * `source`, when given, is where the text comes from (read ahead: text-read-ahead.ts); a read it
 * could not make (`failed`) is made here, which throws the error itself.
 */
async function readParsed<T>(file: string, prefix: string, parse: (text: string, file: string) => Result<T>, source?: () => Promise<TextRead>): Promise<T | undefined> {
  const ahead = source === undefined ? undefined : await source();
  let text: string | undefined;
  if (ahead?.kind === 'text') text = ahead.text;
  else if (ahead?.kind === 'missing') return undefined;
  else if (ahead?.kind !== 'invalid') {
    let bytes: Uint8Array;
    try {
      bytes = await readFileBytes(file);
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT')) return undefined;
      throw error;
    }
    text = decodeUtf8Strict(bytes);
  }
  if (text === undefined) throw new CorpusError([{ file, message: `${prefix}not valid UTF-8` }], 'damaged');
  const parsed = parse(text, file);
  if (!parsed.ok) throw new CorpusError(parsed.errors.map((p) => ({ ...p, message: `${prefix}${p.message}` })), 'damaged');
  return parsed.value;
}

/** A copy of `schema` holding exactly the members of the model, whatever else the caller's objects carry. */
function plainSchema(schema: Schema): Schema {
  return {
    labels: schema.labels.map((l) => ({
      name: l.name,
      color: l.color,
      key: l.key,
      attributes: l.attributes.map((a) => ({ name: a.name, type: a.type, choices: [...a.choices], targets: [...a.targets], help: a.help })),
    })),
    relations: schema.relations.map((r) => ({ name: r.name, from: [...r.from], to: [...r.to] })),
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return false;
    throw error;
  }
}
