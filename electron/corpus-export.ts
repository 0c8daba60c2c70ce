/**
 * Exporting a corpus: one annotator's layer, or the gold layer, of every document (or a
 * selection) through the format adapters of `shared/formats/`, into an output folder.
 *
 * Documents are read a few at a time ({@link EXPORT_BATCH}, never every text in memory at once;
 * an annotator's meta, text and layer files read ahead in a worker thread, text-read-ahead.ts)
 * and serialised one after another in id order; what each adapter writes goes to temporary files
 * beside their targets, written while the next documents are read and serialised, and only when
 * every document has been through every format are they flushed to disk (one `syncfs` per file
 * system where Linux allows, else an fsync per file) and renamed into place, so an export that
 * fails half-way leaves the files of the output folder as they were.
 */
import { randomBytes } from 'node:crypto';
import { appendFile as appendFileCallback, rename as renameCallback, unlink as unlinkCallback, writeFile as writeFileCallback } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AttributeValue, FileProblem, Layer, Relation, Schema, Span } from '../shared/model.js';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { formatAdapter, type ExportContext, type ExportDocument, type ExportFile, type ExportLoss, type FormatName, type OffsetUnit } from '../shared/formats/index.js';
import { appPaths } from './app-paths.js';
import { ATOMIC_TEMP_PREFIX } from './atomic-write.js';
import { CorpusError, GOLD_ANNOTATOR, GOLD_DIR, LAYERS_DIR, type CorpusStore, type ReadLayerResult } from './corpus-store.js';
import { exportFilesAhead, readDocumentToExport } from './export-read.js';
import { syncFileSystems } from './file-system-sync.js';
import { sha256Hex } from './node-text.js';
import { IO_CONCURRENCY, mapBounded } from './parallel-io.js';
import { TextReadAhead } from './text-read-ahead.js';

/** Documents read at a time: one batch is serialised, then the next is read while its files are written. */
export const EXPORT_BATCH = IO_CONCURRENCY;

// The callback forms: for thousands of small files far lighter than fs/promises' FileHandle round trips.
const writeFileQuick = promisify(writeFileCallback);
const appendFileQuick = promisify(appendFileCallback);
const renameQuick = promisify(renameCallback);
const unlinkQuick = promisify(unlinkCallback);

/** Whose layer is exported: an annotator's (`layers/<name>/`), or the gold layer (`gold/`). */
export type ExportSource = { readonly annotator: string } | { readonly gold: true };

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
 */
export async function exportCorpus(store: CorpusStore, options: ExportOptions): Promise<ExportReport> {
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
  // An annotator's layers: the meta, text and layer file of document k (of `ids`) are read ahead
  // in a worker (text-read-ahead.ts) as files 3k, 3k + 1 and 3k + 2; two batches' worth at most.
  const ahead = 'gold' in source ? undefined : TextReadAhead.start(ids.flatMap((id) => exportFilesAhead(store, id, source.annotator)), 6 * EXPORT_BATCH);
  /** The document `ids[k]` with its orphans left out, or the problems that kept it from being read. */
  const load = async (id: string, k: number): Promise<{ readonly document: ExportDocument; readonly orphans: readonly ExportLoss[] } | { readonly problems: readonly FileProblem[] }> => {
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
  };
  const loadBatch = (from: number) => {
    const reading = mapBounded(ids.slice(from, from + EXPORT_BATCH), EXPORT_BATCH, (id, j) => load(id, from + j));
    reading.catch(() => {}); // awaited below; not an unhandled rejection while the files before it are written
    return reading;
  };
  /** Serialises the documents of the batch from `from` in id order, as one by one, and stages their files. */
  const exportBatch = (from: number, loaded: Awaited<ReturnType<typeof loadBatch>>): void => {
    // In id order: what is reported and what the files get does not depend on which read finished first.
    for (const [j, item] of loaded.entries()) {
      if ('problems' in item) failed.push(...item.problems);
      else {
        const { document } = item;
        losses.push(...item.orphans);
        count(lossCounts, 'orphans', item.orphans.length);
        for (const { format, dir, adapter, empty } of outputs) {
          const result = adapter.serialize([document], context);
          for (const file of result.files) staged.add(dir, file.path, format, file, empty.get(file.path));
          report(format, result.losses);
        }
        digest.add(document);
        options.onDocument?.(document);
        documents.push({ document: ids[from + j] as string, spans: document.layer.spans.length, relations: document.layer.relations.length });
      }
      options.onProgress?.(from + j + 1, ids.length);
    }
  };
  try {
    let reading = ids.length > 0 ? loadBatch(0) : undefined;
    // The writes started for the batch before: they go on while this batch is serialised, and
    // are waited for before the writes of this one are (so at most two batches are in flight).
    let writing: Promise<void> = Promise.resolve();
    for (let from = 0; from < ids.length; from += EXPORT_BATCH) {
      exportBatch(from, await (reading as ReturnType<typeof loadBatch>));
      // The next batch is read once this one is serialised, not before: the texts and layers of
      // one batch are all that is held at a time (the writes go on meanwhile).
      reading = from + EXPORT_BATCH < ids.length ? loadBatch(from + EXPORT_BATCH) : undefined;
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
    await ahead?.close();
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

/**
 * What a collection-wide file (brat's `annotation.conf`, an XMI type system) can depend on,
 * gathered from every exported layer without keeping any text: each label, each attribute value
 * of each label (a reference as the label it points to), each relation type with the labels it
 * links, and whether notes occur. {@link document} turns that into one small synthetic document
 * holding each of them once, which an adapter serialises into the same collection files as the
 * whole collection, while the texts went one at a time.
 */
class CollectionDigest {
  readonly #labels = new Set<string>();
  /** `label \0 attribute \0 JSON value` → the value. */
  readonly #values = new Map<string, { readonly label: string; readonly name: string; readonly value: AttributeValue }>();
  /** `label \0 attribute \0 target label`. */
  readonly #references = new Set<string>();
  /** `type \0 from label \0 to label`. */
  readonly #relations = new Set<string>();
  #notes = false;
  readonly #referenceNames: ReadonlySet<string>;

  constructor(readonly schema: Schema) {
    this.#referenceNames = new Set(schema.labels.flatMap((l) => l.attributes.filter((a) => a.type === 'reference').map((a) => `${l.name}\0${a.name}`)));
  }

  add(doc: ExportDocument): void {
    const labelOf = new Map(doc.layer.spans.map((s) => [s.id, s.label]));
    for (const span of doc.layer.spans) {
      this.#labels.add(span.label);
      if (span.note !== '') this.#notes = true;
      for (const [name, value] of Object.entries(span.attributes)) {
        const target = typeof value === 'string' && this.#referenceNames.has(`${span.label}\0${name}`) ? labelOf.get(value) : undefined;
        if (target !== undefined) this.#references.add(`${span.label}\0${name}\0${target}`);
        else this.#values.set(`${span.label}\0${name}\0${JSON.stringify(value)}`, { label: span.label, name, value });
      }
    }
    for (const r of doc.layer.relations) {
      const from = labelOf.get(r.from);
      const to = labelOf.get(r.to);
      if (from !== undefined && to !== undefined) this.#relations.add(`${r.type}\0${from}\0${to}`);
    }
  }

  /** The synthetic document: text `x x x …`, one one-letter span per fact, relations between them. */
  document(): ExportDocument {
    const spans: Span[] = [];
    const span = (label: string, attributes: Readonly<Record<string, AttributeValue>> = {}): Span => {
      const n = spans.length;
      const made: Span = { id: `s${n + 1}`, label, start: 2 * n, end: 2 * n + 1, text: 'x', prefix: '', suffix: '', attributes, note: '' };
      spans.push(made);
      return made;
    };
    const first = new Map<string, Span>();
    const second = new Map<string, Span>();
    const base = (label: string): Span => first.get(label) ?? (first.set(label, span(label)).get(label) as Span);
    for (const label of this.#labels) base(label);
    for (const { label, name, value } of this.#values.values()) span(label, { [name]: value });
    for (const key of this.#references) {
      const [label, name, target] = key.split('\0') as [string, string, string];
      span(label, { [name]: base(target).id });
    }
    const relations: Relation[] = [];
    for (const key of this.#relations) {
      const [type, fromLabel, toLabel] = key.split('\0') as [string, string, string];
      const from = base(fromLabel);
      const to = fromLabel === toLabel ? (second.get(toLabel) ?? (second.set(toLabel, span(toLabel)).get(toLabel) as Span)) : base(toLabel);
      relations.push({ id: `r${relations.length + 1}`, type, from: from.id, to: to.id });
    }
    if (this.#notes && spans[0] !== undefined) spans[0] = { ...spans[0], note: 'x' };
    const text = spans.map(() => 'x').join(' ');
    const sha256 = sha256Hex(text);
    const id = 'collection';
    return {
      meta: { id, source: '', importedAt: '1970-01-01T00:00:00.000Z', sha256, length: text.length, canonicalisation: { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] } },
      text,
      layer: { document: id, annotator: 'collection', textSha256: sha256, revision: 1, status: 'done', spans, relations, rejected: [] },
    };
  }
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
