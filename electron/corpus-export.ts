/**
 * Exporting a corpus: one annotator's layer, or the gold layer, of every document (or a
 * selection) through the format adapters of `shared/formats/`, into an output folder.
 *
 * Documents are read and serialised a batch at a time ({@link EXPORT_BATCH}, never every text in
 * memory at once), in worker threads when there are many (export-pool.ts, export-documents.ts),
 * and taken in id order; what each adapter writes goes to temporary files beside their targets,
 * written while the next batches are exported, and only when every document has been through
 * every format are they flushed to disk (one `syncfs` per file system where Linux allows, else an
 * fsync per file) and renamed into place, so an export that fails half-way leaves the files of
 * the output folder as they were.
 */
import { randomBytes } from 'node:crypto';
import { appendFile as appendFileCallback, rename as renameCallback, unlink as unlinkCallback, writeFile as writeFileCallback } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FileProblem } from '../shared/model.js';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { formatAdapter, type ExportContext, type ExportDocument, type ExportFile, type ExportLoss, type FormatName, type OffsetUnit } from '../shared/formats/index.js';
import { utf8File } from '../shared/formats/utf8-writer.js';
import { appPaths } from './app-paths.js';
import { ATOMIC_TEMP_PREFIX } from './atomic-write.js';
import { CorpusError, GOLD_ANNOTATOR, GOLD_DIR, LAYERS_DIR, type CorpusStore } from './corpus-store.js';
import { CollectionDigest } from './export-digest.js';
import type { ExportedBatch, ExportSource, ExportWork } from './export-documents.js';
import { ExportBatches, type ExportRunning } from './export-pool.js';
import { syncFileSystems } from './file-system-sync.js';
import { sha256Hex } from './node-text.js';
import { IO_CONCURRENCY, mapBounded } from './parallel-io.js';

/** Documents exported at a time: a batch is staged while the files of the one before are written. */
export const EXPORT_BATCH = IO_CONCURRENCY;

/**
 * How exports run: from 64 documents on, in as many worker threads as there are cores (at most
 * four), bundled beside this module (dist/node for the CLI and the HTTP host, dist/electron for the
 * main process); when the sources run unbundled there is no worker script, and the documents are
 * exported in this thread.
 */
export const EXPORT_RUNNING: ExportRunning = {
  worker: new URL('./export-worker.js', import.meta.url),
  workerFrom: 64,
  workers: Math.max(1, Math.min(4, availableParallelism())),
  batch: EXPORT_BATCH,
};

// The callback forms: for thousands of small files far lighter than fs/promises' FileHandle round trips.
const writeFileQuick = promisify(writeFileCallback);
const appendFileQuick = promisify(appendFileCallback);
const renameQuick = promisify(renameCallback);
const unlinkQuick = promisify(unlinkCallback);

export type { ExportSource } from './export-documents.js';

export interface ExportOptions {
  /** One format; or give {@link formats}. */
  readonly format?: FormatName;
  /** Several formats: each goes into its own sub-folder `<outDir>/<format>/`. */
  readonly formats?: readonly FormatName[];
  readonly source: ExportSource;
  /** Document ids to export (each once; exported in id order); every document when absent. */
  readonly documents?: readonly string[];
  /** Created when missing. Refused when inside the corpus. Files of the same names are replaced. */
  readonly outDir: string;
  /** The unit of offsets for formats that let the user choose (doccano JSONL). Default: code points. */
  readonly offsets?: OffsetUnit;
  /** Called after each document (exported or failed) with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called with each document as it is exported (orphans left out), e.g. to count for a datasheet. */
  readonly onDocument?: (document: ExportDocument) => void;
  /** Write into `<outDir>/<format>/` even for one format. Default: only when there are several. */
  readonly subfolders?: boolean;
  /** Hashiya's version, for provenance. Default: the version in Hashiya's package.json. */
  readonly toolVersion?: string;
  /** UTC, ISO 8601 with `Z`. Default: now. */
  readonly exportedAt?: string;
}

export interface ExportedDocument {
  readonly document: string;
  /** Spans and relations exported (orphans and the relations that named them left out). */
  readonly spans: number;
  readonly relations: number;
}

export interface ExportReport {
  /** Absolute path of the output folder. */
  readonly outDir: string;
  /** Each format and the folder it was written to. */
  readonly formats: readonly { readonly format: FormatName; readonly dir: string }[];
  readonly documents: readonly ExportedDocument[];
  /** Number of files written. */
  readonly files: number;
  /**
   * Everything not exported, per document: orphaned spans (they no longer anchor in their text),
   * links to them, and what each format cannot express (prefixed with the format name).
   */
  readonly losses: readonly ExportLoss[];
  /** How many of {@link losses} each format gave, by format name; `orphans` for what no format got. */
  readonly lossCounts: ReadonlyMap<string, number>;
  /** Documents that could not be read (damaged files), naming file and line; the others are exported. */
  readonly failed: readonly FileProblem[];
}

/** `layers/<name>` or `gold`: how a source is named in messages and in {@link ExportContext.source}. */
export function sourceName(source: ExportSource): string {
  return 'gold' in source ? GOLD_ANNOTATOR : source.annotator;
}

/**
 * Exports the chosen layer of the chosen documents of `store` in every format asked for.
 *
 * Per document: the text, its meta and the layer are read (a missing layer file gives an empty
 * layer, so every document is exported); spans that no longer anchor are left out, with the
 * relations and reference values that name them, each listed in `losses`; each adapter's
 * `serialize` gets that one document, and what it reports it could not express is added to
 * `losses`. A file an adapter writes for every document is one file of the collection: the same
 * content each time is written once; content that extends what the adapter writes for an empty
 * collection (a CSV header, nothing for JSONL) has its rows appended, in document order; any other
 * (brat's `annotation.conf` declaring the values seen, an XMI type system) is written at the end
 * from one synthetic document holding every label, value, reference and relation type of the
 * collection ({@link CollectionDigest}), so the files are those one call over the whole collection
 * would write. A document whose files are damaged is listed in `failed`; the others still go out.
 *
 * Throws {@link CorpusError}, with nothing written, for: no format, an invalid annotator, an
 * annotator without a layer folder or a corpus without gold layers, unknown document ids, an
 * output folder inside the corpus, an adapter naming a path outside its folder.
 *
 * `running`: where the documents are read and serialised ({@link EXPORT_RUNNING}: in worker
 * threads when there are many); the files and the report are the same either way.
 */
export async function exportCorpus(store: CorpusStore, options: ExportOptions, running: ExportRunning = EXPORT_RUNNING): Promise<ExportReport> {
  const formats = [...new Set([...(options.format === undefined ? [] : [options.format]), ...(options.formats ?? [])])];
  if (formats.length === 0) throw new CorpusError([{ file: '', message: 'no export format given' }], 'invalid');
  const out = checkOutside(store, options.outDir);
  const source = await checkSource(store, options.source);
  const ids = await selectDocuments(store, options.documents);
  const subfolders = options.subfolders ?? formats.length > 1;
  const targets = formats.map((format) => ({ format, dir: subfolders ? path.join(out, format) : out }));
  const context: ExportContext = {
    schema: store.manifest.schema,
    source: sourceName(source),
    toolVersion: options.toolVersion ?? appPaths().version,
    exportedAt: options.exportedAt ?? new Date().toISOString(),
    offsets: options.offsets ?? 'codepoint',
  };

  await mkdir(out, { recursive: true });
  const staged = new StagedFiles();
  const outputs = targets.map(({ format, dir }) => ({ format, dir, adapter: formatAdapter(format), empty: emptyCollection(format, context) }));
  const digest = new CollectionDigest(context.schema);
  const documents: ExportedDocument[] = [];
  const losses: ExportLoss[] = [];
  const lossCounts = new Map<string, number>();
  const failed: FileProblem[] = [];
  // A loss about the collection as a whole (document '') comes with every document: it is kept once.
  const collectionLosses = new Set<string>();
  const report = (format: FormatName, lost: readonly ExportLoss[]): void => {
    for (const l of lost) {
      const message = `${format}: ${l.message}`;
      if (l.document === '') {
        if (collectionLosses.has(message)) continue;
        collectionLosses.add(message);
      }
      losses.push({ document: l.document, message });
      count(lossCounts, format, 1);
    }
  };
  const work: ExportWork = { root: store.root, manifest: store.manifest, source, formats, context, documents: options.onDocument !== undefined };
  const batches = ExportBatches.start(store, work, ids, running);
  /** Stages the files of a batch's documents in id order, and reports them, as one by one. */
  const stageBatch = (from: number, batch: ExportedBatch): void => {
    // In id order: what is reported and what the files get does not depend on which read finished first.
    for (const [j, item] of batch.items.entries()) {
      if ('problems' in item) failed.push(...item.problems);
      else {
        losses.push(...item.orphans);
        count(lossCounts, 'orphans', item.orphans.length);
        for (const [f, { format, dir, empty }] of outputs.entries()) {
          for (const file of item.files[f] ?? []) staged.add(dir, file.path, format, utf8File(file.path, file.bytes), empty.get(file.path));
          report(format, item.losses[f] ?? []);
        }
        if (item.document !== undefined) options.onDocument?.(item.document);
        documents.push({ document: item.id, spans: item.spans, relations: item.relations });
      }
      options.onProgress?.(from + j + 1, ids.length);
    }
    digest.merge(batch.digest);
  };
  try {
    // The writes started for the batch before: they go on while this batch is exported, and are
    // waited for before the writes of this one are (so at most two batches are being written).
    let writing: Promise<void> = Promise.resolve();
    for (let from = 0; from < ids.length; from += running.batch) {
      stageBatch(from, await batches.take());
      await writing;
      writing = staged.written();
      writing.catch(() => {}); // awaited with the next batch, or below
    }
    await writing;
    for (const { format, dir, adapter, empty } of outputs) {
      // With no document at all, the folder still gets the files of an empty collection.
      if (documents.length === 0) for (const [file, content] of empty) staged.add(dir, file, format, { content }, content);
      await staged.written();
      // A collection file that differs from document to document other than by added rows (the
      // brat annotation.conf, a type system) is written once more, from the digest of them all.
      const summaries = staged.summaries(dir);
      if (summaries.size === 0) continue;
      const whole = adapter.serialize([digest.document()], context);
      report(format, whole.losses.filter((l) => l.document === ''));
      for (const [relative, final] of summaries) {
        const content = whole.files.find((f) => f.path === relative)?.content;
        if (content !== undefined) await staged.replace(final, content);
        else {
          losses.push({ document: '', message: `${format}: ${relative} differs from document to document and could not be merged; it holds what the first document needed` });
          count(lossCounts, format, 1);
        }
      }
    }
    const files = await staged.commit();
    return { outDir: out, formats: targets, documents, files, losses, lossCounts, failed };
  } catch (error) {
    await staged.discard();
    throw error;
  } finally {
    await batches.close();
  }
}

function count(counts: Map<string, number>, key: string, n: number): void {
  if (n > 0) counts.set(key, (counts.get(key) ?? 0) + n);
}

/** The absolute output folder, refused when it is the corpus or inside it. */
export function checkOutside(store: CorpusStore, target: string): string {
  const out = path.resolve(target);
  const relative = path.relative(store.root, out);
  if (relative === '' || !(relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))) {
    throw new CorpusError([{ file: out, message: `refusing to export into the corpus folder ${store.root}` }], 'invalid');
  }
  return out;
}

async function checkSource(store: CorpusStore, source: ExportSource): Promise<ExportSource> {
  if ('gold' in source) {
    if ((await store.listGoldDocumentIds()).length === 0) {
      throw new CorpusError([{ file: path.join(store.root, GOLD_DIR), message: 'no gold layers in this corpus yet (adjudication writes them)' }], 'not_found');
    }
    return { gold: true };
  }
  const checked = validateAnnotatorName(source.annotator);
  if (!checked.ok) throw new CorpusError(checked.errors.map((e) => ({ ...e, file: store.root })), 'invalid');
  const annotators = await store.listAnnotatorFolders();
  if (!annotators.includes(source.annotator)) {
    throw new CorpusError(
      [{ file: path.join(store.root, LAYERS_DIR, source.annotator), message: `no layers of annotator "${source.annotator}" in this corpus (annotators: ${annotators.join(', ') || 'none'})` }],
      'not_found',
    );
  }
  return { annotator: source.annotator };
}

/** The ids to export, sorted; unknown ids refused all together. */
async function selectDocuments(store: CorpusStore, wanted: readonly string[] | undefined): Promise<readonly string[]> {
  const all = await store.listDocumentIds();
  if (wanted === undefined) return all;
  const known = new Set(all);
  const unknown = [...new Set(wanted)].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new CorpusError([{ file: store.root, message: `no document ${unknown.map((id) => `"${id}"`).join(', ')} in this corpus` }], 'not_found');
  }
  const chosen = new Set(wanted);
  return all.filter((id) => chosen.has(id));
}

/** What `format` writes for a collection of no document, by relative path. */
function emptyCollection(format: FormatName, context: ExportContext): ReadonlyMap<string, string> {
  return new Map(formatAdapter(format).serialize([], context).files.map((f) => [f.path, f.content]));
}

/**
 * How a file written for several documents is put together: `single` (written once, or the
 * same content each time), `rows` (each document's content after the empty collection's version
 * of the file, e.g. a CSV header, is appended) or `summary` (it differs otherwise; written again
 * at the end from the digest of the collection).
 */
type StagedMode = 'single' | 'rows' | 'summary';

interface StagedFile {
  readonly temp: string;
  /** The folder of the format, and the file's path relative to it, for {@link StagedFiles.summaries}. */
  readonly dir: string;
  readonly relative: string;
  /**
   * SHA-256 of the first content given for the file, so a repeat of it is written once; computed
   * (from the temporary file) only when a second content comes, which few files ever get.
   */
  firstSha: string | undefined;
  /** Whether the first content started with the empty collection's version of the file. */
  readonly firstExtendsEmpty: boolean;
  mode: StagedMode;
}

/**
 * Files of an export, written to temporary files beside their targets and renamed into place
 * only by {@link commit}; {@link discard} removes them. Holds paths and hashes, and the contents
 * of the writes not done yet ({@link written} waits for them); the writes of one file, and what
 * is decided from its earlier content, happen in the order of the {@link add} calls.
 */
class StagedFiles {
  readonly #files = new Map<string, StagedFile>();
  /**
   * The last write started on each target's temporary file while it runs (as a promise that
   * never rejects): writes of one file run in order, so it is done when every write of the file is.
   */
  readonly #tails = new Map<string, Promise<void>>();
  /** The first write that failed. */
  #failure: { readonly error: unknown } | undefined;
  /** Folders made (or being made), so each is made once. */
  readonly #folders = new Map<string, Promise<unknown>>();
  /** Temporary files are named `<prefix><name>.<pid>.<this>-<n>`: random once, then counted. */
  readonly #tempTag = `${process.pid}.${randomBytes(6).toString('hex')}`;
  #tempCount = 0;

  /**
   * Adds the content of `file` for the file `relative` (as the adapter of `format` named it)
   * under `dir`: its `bytes` when given, else its `content` encoded. `empty` is the file as the
   * format writes it for an empty collection (undefined when it writes no such file): see
   * {@link StagedMode}. The content of a file given before is read later (after the earlier
   * writes of the file), and only when still needed: never once the file is a `summary`, whose
   * content is written again at the end. The writing (and, for a file given before, the
   * comparison with what it holds) starts now, after the earlier ones of the same file, and ends
   * by {@link written}. Throws {@link CorpusError} for a path outside `dir`.
   */
  add(dir: string, relative: string, format: FormatName, file: Pick<ExportFile, 'content' | 'bytes'>, empty: string | undefined): void {
    const final = resolveInside(dir, relative, format);
    const known = this.#files.get(final);
    if (known === undefined) {
      this.#tempCount += 1;
      const temp = path.join(path.dirname(final), `${ATOMIC_TEMP_PREFIX}${path.basename(final)}.${this.#tempTag}-${this.#tempCount}`);
      const staged: StagedFile = { temp, dir, relative, firstSha: undefined, firstExtendsEmpty: empty === undefined || file.content.startsWith(empty), mode: 'single' };
      this.#files.set(final, staged);
      // Encoded now, so that a large string dies young instead of being kept, and copied by the
      // garbage collector, until its write comes.
      const bytes = file.bytes ?? Buffer.from(file.content, 'utf8');
      this.#write(final, async () => {
        await this.#folder(path.dirname(final));
        await writeFileQuick(temp, bytes, { flag: 'wx', mode: 0o644 }); // flushed in commit, all at once
      });
      return;
    }
    this.#write(final, async () => {
      if (known.mode === 'summary') return;
      if (known.mode === 'single') {
        // Still the first content alone in the temporary file: the same bytes as when it was given.
        known.firstSha ??= sha256Hex(await readFile(known.temp));
        if (sha256Hex(file.bytes ?? file.content) === known.firstSha) return;
      }
      const next = file.content;
      const head = empty ?? '';
      if (known.firstExtendsEmpty && next.startsWith(head)) {
        known.mode = 'rows';
        await appendFileQuick(known.temp, next.slice(head.length));
      } else known.mode = 'summary';
    });
  }

  /** Resolves when every write started so far is done; rejects with the first that failed (of any so far). */
  async written(): Promise<void> {
    await Promise.all([...this.#tails.values()]);
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  /** Runs `write` after the writes of `final` started before it (even failed ones: {@link written} reports those). */
  #write(final: string, write: () => Promise<void>): void {
    const previous = this.#tails.get(final);
    const running = (previous === undefined ? write() : previous.then(write)).catch((error: unknown) => {
      this.#failure ??= { error };
    });
    this.#tails.set(final, running);
    void running.then(() => {
      if (this.#tails.get(final) === running) this.#tails.delete(final);
    });
  }

  #folder(dir: string): Promise<unknown> {
    let made = this.#folders.get(dir);
    if (made === undefined) {
      made = mkdir(dir, { recursive: true });
      this.#folders.set(dir, made);
    }
    return made;
  }

  /** The summary files under `dir`: relative path (with `/`) → target. */
  summaries(dir: string): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const [final, file] of this.#files) if (file.mode === 'summary' && file.dir === dir) out.set(file.relative, final);
    return out;
  }

  /** Replaces the staged content of `final` (after its writes so far: call {@link written} first). */
  async replace(final: string, content: string): Promise<void> {
    const file = this.#files.get(final);
    if (file === undefined) return;
    await writeFileQuick(file.temp, content);
  }

  /**
   * Flushes every temporary file to disk — with one `syncfs` per file system where it can
   * ({@link syncFileSystems}), else with an fsync of each file — then renames each over its
   * target and flushes the folders (so the renames are on disk too); returns how many files
   * there were.
   */
  async commit(): Promise<number> {
    await this.written();
    const files = [...this.#files];
    const temps = files.map(([, file]) => file.temp);
    if (!(await syncFileSystems(temps))) await mapBounded(temps, IO_CONCURRENCY, syncFile);
    await mapBounded(files, IO_CONCURRENCY, ([final, file]) => renameQuick(file.temp, final));
    const folders = [...new Set(files.map(([final]) => path.dirname(final)))];
    await mapBounded(folders, IO_CONCURRENCY, syncFolder);
    this.#files.clear();
    return files.length;
  }

  /** Removes every temporary file, after the writes in flight are done (so none is made after its removal). */
  async discard(): Promise<void> {
    await this.written().catch(() => {});
    await mapBounded([...this.#files.values()], IO_CONCURRENCY, (file) => unlinkQuick(file.temp).catch(() => {}));
    this.#files.clear();
  }
}

/** `dir` joined with an adapter's relative path, refused when it would leave `dir`. */
function resolveInside(dir: string, relative: string, format: FormatName): string {
  const parts = relative.split('/');
  if (relative === '' || relative.includes('\\') || path.isAbsolute(relative) || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new CorpusError([{ file: dir, message: `the ${format} adapter named the file ${JSON.stringify(relative)}, which is not a relative path inside the output folder` }], 'invalid');
  }
  return path.join(dir, ...parts);
}

/** Flushes the file `file` to disk. */
async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return; // Windows cannot open a folder; its rename is durable enough there.
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the files themselves are synced.
  } finally {
    await handle.close();
  }
}
