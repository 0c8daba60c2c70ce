/**
 * The document list of a corpus (Node side): each document's title, length and hash, and an
 * annotator's status and span count of it, as `listDocuments`, the progress view and corpus
 * search need them.
 *
 * Reading all of it means reading three files per document (meta, text, layer, the layer parsed
 * in full): seconds for 10,000 documents. So what was read is kept, in memory and (for the app's
 * host, see {@link DocumentListing.useCacheFile}) in the cache file document-list-cache-file.ts,
 * each entry with the stamps (parallel-io.ts `fileStamp`) of the files it came from. Every call
 * stats the files again (tens of milliseconds for 10,000) and uses an entry only while its
 * stamps are the same: anything else is read again. No call is answered from data older than
 * the call: each entry given was read, or its files stat'ed, after the call began. Texts never
 * change after import: a text's stamp is compared once per process ({@link DocumentListing.preload}
 * or the first list; the meta's hash says which text it is); a text changed after that is the
 * store's to notice when it is read (CorpusStore.readText).
 *
 * Reads run in the background, a few at once, each between slices of the event loop's time
 * (time-slices.ts): the first {@link LIST_FIRST} documents first, then every meta and text
 * (titles), then the layers. An answer gives the documents still being read as pending
 * ({@link ListedDocument.pending}) once the first ones are complete (waiting up to
 * {@link LIST_BUDGET_MS} when only a few are left), so that a corpus opened for the first time
 * lists at once and fills in; the reads go on, and the next call gives more.
 */
import path from 'node:path';
import type { DocumentStatus, FileProblem } from '../shared/model.js';
import { CorpusError, summariseLayerBytes, type CorpusStore, type LayerSummary } from './corpus-store.js';
import { readDocumentListCache, writeDocumentListCache, type CachedDocument, type CachedLayer } from './document-list-cache-file.js';
import { fileStampSync, fileStamps } from './file-stamps.js';
import { PriorityJobQueue } from './priority-job-queue.js';
import { readDocumentQuickly, readIfThere } from './quick-document-read.js';

/** Title shown in the document list: the first non-empty line, at most this many code points. */
const TITLE_LENGTH = 90;

/** Documents, in id order, that every answer gives complete: the first screenfuls of the list. */
export const LIST_FIRST = 32;

/**
 * How long an answer waits, once its first {@link LIST_FIRST} documents are complete, for the
 * others before it gives them as pending: only when few are left to read (at most
 * {@link LIST_FIRST}), as after files changed; a corpus read for the first time is answered at once.
 */
const LIST_BUDGET_MS = 150;

/** While reads go on, the cache file is written at most this often (and when they are done), so that an app closed during a long first read keeps what it read. */
const SAVE_EVERY_MS = 5000;

/** The list's title of a text: its first non-empty line, trimmed, cut to {@link TITLE_LENGTH} code points (`…` added when cut). */
function titleOf(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length > 0) ?? '';
  const chars = Array.from(line.trim());
  return chars.length > TITLE_LENGTH ? `${chars.slice(0, TITLE_LENGTH).join('')}…` : chars.join('');
}

/** One document as listed. */
export interface ListedDocument {
  readonly id: string;
  /** The meta's SHA-256 of the text ('' while `pending` is `text`). */
  readonly sha256: string;
  /** The meta's length in code points (0 while `pending` is `text`). */
  readonly length: number;
  /** {@link titleOf} the text ('' while `pending` is `text`). */
  readonly title: string;
  /** The annotator's layer (not started, no spans, no problems while pending, or when no annotator was asked for). */
  readonly layer: LayerSummary;
  /**
   * What was still being read when the call was answered: `text` (the meta and text, and so
   * the layer too), `layer` (only the annotator's layer); null when the entry is complete.
   */
  readonly pending: 'text' | 'layer' | null;
}

export interface ListOptions {
  /** `all`: wait until every document is complete; `first` (the default): see {@link LIST_BUDGET_MS}. */
  readonly wait?: 'first' | 'all';
}

/** A document's meta and text as read (a cache entry) and when its files were stat'ed. */
interface KnownDocument extends CachedDocument {
  /** {@link clock} when the files were stat'ed before reading; 0 for an entry of the cache file. */
  readonly at: number;
  /** Whether the text's stamp was compared in this process (not yet for an entry of the cache file). */
  textChecked: boolean;
}

interface KnownLayer {
  readonly stamp: string;
  readonly at: number;
  readonly summary: LayerSummary;
}

/** A read that failed, and when its files were stat'ed. */
interface Failure {
  readonly at: number;
  readonly error: unknown;
}

/** The stamp recorded for a file that was not there (a layer not started): a missing file is "unchanged" while it stays missing. */
const MISSING = '-';

/** A valid document id, for asking the store where its folders are. */
const SAMPLE_ID = 'x';

/** Orders stats and passes: an entry read at a later tick than a call began is fresh for it. */
let clock = 0;
const tick = (): number => (clock += 1);

/**
 * Reads running at once. Reads are synchronous when all is well (quick-document-read.ts), one
 * after another between slices of the event loop's time; this bounds the others (the store's
 * own reads of a document that is not all well), whose hashing and parsing run in one go when
 * they complete.
 */
const READS_AT_ONCE = 8;

const LANE_FIRST = 0;
const LANE_TEXTS = 1;
const LANE_LAYERS = 2;

const NOT_STARTED: LayerSummary = Object.freeze({ status: 'not_started' as DocumentStatus, spans: 0, problems: Object.freeze([]) as readonly FileProblem[] });

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A document that is gone: its meta file was removed after the folder was listed. */
const isGone = (error: unknown): boolean => error instanceof CorpusError && error.kind === 'not_found';

/** The document list of one store: see the module comment. Get it with {@link documentListing}. */
export class DocumentListing {
  readonly #store: CorpusStore;
  readonly #documents = new Map<string, KnownDocument>();
  readonly #failures = new Map<string, Failure>();
  /** Annotator → document id → layer. */
  readonly #layers = new Map<string, Map<string, KnownLayer>>();
  /** Annotator → document id → a layer whose summary could not be made (a file that cannot be stat'ed or read). */
  readonly #layerFailures = new Map<string, Map<string, Failure>>();
  readonly #queue = new PriorityJobQueue(3, READS_AT_ONCE, () => void this.#save());
  readonly #textListeners = new Set<(id: string, sha256: string, text: string) => void>();
  /** Whether the cache file is read and written ({@link useCacheFile}). */
  #cacheFile = false;
  #loaded: Promise<void> | undefined;
  /** Entries changed since the cache file was last written. */
  #dirty = false;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;
  /** The next write while reads go on ({@link SAVE_EVERY_MS}), when one is due. */
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(store: CorpusStore) {
    this.#store = store;
  }

  /**
   * Every document of the corpus in id order (those with a meta file), with `who`'s layer
   * (none for null). See the module comment for what is read and when an answer may give
   * documents as pending. Rejects with a {@link CorpusError} (`damaged`) naming every problem
   * known when it answers: a meta that does not parse or names another document, a text that is
   * missing or changed after import. A layer that does not parse is no failure: its problems
   * are in its `layer.problems`. Other failures (a file that cannot be read) are thrown as they are.
   */
  async list(who: string | null, options: ListOptions = {}): Promise<ListedDocument[]> {
    const start = tick();
    const began = performance.now();
    const store = this.#store;
    // The folders, through the store's own paths (which also check the annotator's name).
    const documentsDir = path.dirname(store.metaPath(SAMPLE_ID));
    const layersDir = who === null ? '' : path.dirname(store.layerPath(SAMPLE_ID, who));
    await this.#load();
    const ids = await store.listDocumentIds();
    const knownIds = ids.filter((id) => this.#documents.has(id));
    if (this.#keepsOthersThan(ids, knownIds.length)) this.#forgetAllBut(ids, start);
    const metaStamps = await this.#stamps(knownIds, (id) => `${documentsDir}${path.sep}${id}.meta.json`);
    // Entries of the cache file whose meta is unchanged: their texts' stamps, once per process.
    const unchecked = knownIds.filter((id) => {
      const known = this.#documents.get(id) as KnownDocument;
      return !known.textChecked && known.metaStamp === metaStamps.get(id);
    });
    const textStamps = await this.#stamps(unchecked, (id) => `${documentsDir}${path.sep}${id}.txt`);
    for (const id of unchecked) {
      const known = this.#documents.get(id);
      if (known !== undefined && known.textStamp !== MISSING && known.textStamp === textStamps.get(id)) known.textChecked = true;
    }
    const layers = who === null ? undefined : this.#layersOf(who);
    const layerStamps = await this.#stamps(layers === undefined ? [] : ids.filter((id) => layers.has(id)), (id) => `${layersDir}${path.sep}${id}.jsonl`);

    const textReady = new Uint8Array(ids.length);
    const layerReady = new Uint8Array(ids.length);
    const waitAll = options.wait === 'all';
    // The first documents' reads are awaited one by one, until fresh; the others' are queued,
    // and (unless all are waited for) the answer gives what is fresh by then.
    const urgent: Promise<void>[] = [];
    const queuedTexts: number[] = [];
    const queuedLayers: number[] = [];
    // The jobs' own promises (one per job, however many calls wait for it).
    const queueText = (i: number): Promise<void> => {
      const id = ids[i] as string;
      return this.#queue.run(`t\0${id}`, LANE_TEXTS, () => this.#readDocument(id));
    };
    const queueLayer = (i: number): Promise<void> => {
      const id = ids[i] as string;
      return this.#queue.run(`l\0${who}\0${id}`, LANE_LAYERS, () => this.#readLayer(who as string, id));
    };
    ids.forEach((id, i) => {
      const known = this.#documents.get(id);
      if (known !== undefined && known.textChecked && known.metaStamp === metaStamps.get(id) && known.metaStamp !== MISSING) textReady[i] = 1;
      else if (i < LIST_FIRST) urgent.push(this.#settle(`t\0${id}`, LANE_FIRST, () => this.#documentReadSince(id, start), () => this.#readDocument(id)));
      else queuedTexts.push(i);
      if (layers === undefined || who === null) layerReady[i] = 1;
      else {
        const stamp = layerStamps.get(id);
        if (stamp !== undefined && layers.get(id)?.stamp === stamp) layerReady[i] = 1;
        else if (i < LIST_FIRST) urgent.push(this.#settle(`l\0${who}\0${id}`, LANE_FIRST, () => this.#layerReadSince(who, id, start), () => this.#readLayer(who, id)));
        else queuedLayers.push(i);
      }
    });
    const queueAll = (texts: readonly number[], layerReads: readonly number[]): Promise<void>[] => [...texts.map(queueText), ...layerReads.map(queueLayer)];
    const queued = queuedTexts.length + queuedLayers.length;
    if (waitAll) {
      // Until every queued read is fresh: a read already running when this call began is run again.
      let texts = queuedTexts;
      let layerReads = queuedLayers;
      let waiting = queueAll(texts, layerReads);
      await Promise.all(urgent);
      while (waiting.length > 0) {
        await Promise.all(waiting);
        texts = texts.filter((i) => !this.#documentReadSince(ids[i] as string, start));
        layerReads = layerReads.filter((i) => !this.#layerReadSince(who as string, ids[i] as string, start));
        waiting = queueAll(texts, layerReads);
      }
    } else if (queued <= LIST_FIRST) {
      // A few reads left (files changed since the last call): worth a moment to answer complete.
      const jobs = queueAll(queuedTexts, queuedLayers);
      await Promise.all(urgent);
      const left = LIST_BUDGET_MS - (performance.now() - began);
      if (queued > 0 && left > 0) await Promise.race([Promise.all(jobs), delay(left)]);
    } else {
      // Many (a corpus read for the first time): answered as pending; their reads are queued
      // on the next turn of the event loop, once the answer is on its way (making 20,000 jobs
      // takes a while: not worth holding the answer up for).
      await Promise.all(urgent);
      const answer = this.#answer(ids, who, start, textReady, layerReady);
      setImmediate(() => void queueAll(queuedTexts, queuedLayers));
      return answer;
    }
    if (this.#queue.size === 0) void this.#save();
    return this.#answer(ids, who, start, textReady, layerReady);
  }

  /**
   * Id, SHA-256 and length of every document, in id order, all read or stat'ed after the call
   * began ({@link list} without an annotator, waiting for all). Rejects as {@link list} does.
   */
  async metas(): Promise<readonly { readonly id: string; readonly sha256: string; readonly length: number }[]> {
    return (await this.list(null, { wait: 'all' })).map(({ id, sha256, length }) => ({ id, sha256, length }));
  }

  /**
   * Calls `listener` with every text this listing reads (verified against its meta's hash, as
   * `CorpusStore.readDocument` gives it) from now on, so that whoever needs the texts too (corpus
   * search) need not read them again. Returns the function that stops it.
   */
  onText(listener: (id: string, sha256: string, text: string) => void): () => void {
    this.#textListeners.add(listener);
    return () => this.#textListeners.delete(listener);
  }

  /**
   * From now on, reads the corpus's cache file (`.hashiya/cache/document-list.json`, once, before
   * the next list) and writes it whenever the background reads are done and something changed.
   * The app's host does this; a listing made for a one-off pass (a command, a test) writes
   * nothing into the corpus folder.
   */
  useCacheFile(): void {
    this.#cacheFile = true;
  }

  /**
   * Reads the cache file now (when it is used and was not read yet) and compares the stamps of
   * the texts it has titles of (which is done once per process), so that the first {@link list}
   * need not. Never rejects.
   */
  async preload(): Promise<void> {
    await this.#load();
    const unchecked = [...this.#documents].filter(([, known]) => !known.textChecked && known.textStamp !== MISSING);
    const documentsDir = path.dirname(this.#store.metaPath(SAMPLE_ID));
    const stamps = await fileStamps(unchecked.map(([id]) => `${documentsDir}${path.sep}${id}.txt`)).catch(() => []);
    unchecked.forEach(([, known], i) => {
      if (known.textStamp === stamps[i]) known.textChecked = true;
    });
  }

  /**
   * Writes the cache file if it is used and anything changed since it was last written, then
   * writes no more: reads still running finish, unsaved. Resolves when every write asked for so
   * far is done; never rejects.
   */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#saveTimer);
    await this.#save(true);
  }

  /** Loads the cache file once; its entries count as read at tick 0 (fresh only while their stamps are the same). */
  #load(): Promise<void> {
    if (!this.#cacheFile) return Promise.resolve();
    this.#loaded ??= readDocumentListCache(this.#store.root).then((cache) => {
      for (const [id, entry] of cache.documents) if (!this.#documents.has(id)) this.#documents.set(id, { ...entry, at: 0, textChecked: false });
      for (const [who, entries] of cache.layers) {
        const layers = this.#layersOf(who);
        for (const [id, entry] of entries) if (!layers.has(id)) layers.set(id, { stamp: entry.stamp, at: 0, summary: { status: entry.status, spans: entry.spans, problems: [] } });
      }
    });
    return this.#loaded;
  }

  #layersOf(who: string): Map<string, KnownLayer> {
    let layers = this.#layers.get(who);
    if (layers === undefined) {
      layers = new Map();
      this.#layers.set(who, layers);
    }
    return layers;
  }

  /**
   * The stamps of the files `fileOf` names for `ids`, by id ({@link MISSING} for a file that is
   * not there); only files something is known of are stat'ed: for the others there is nothing
   * to compare.
   */
  async #stamps(ids: readonly string[], fileOf: (id: string) => string): Promise<Map<string, string>> {
    const stamps = await fileStamps(ids.map(fileOf));
    return new Map(ids.map((id, i) => [id, stamps[i] ?? MISSING]));
  }

  /** Whether anything is kept of documents not in `ids` (`known` of which have an entry): lookups only, no set of the ids built. */
  #keepsOthersThan(ids: readonly string[], known: number): boolean {
    if (this.#documents.size > known || this.#failures.size > 0) return true;
    for (const failures of this.#layerFailures.values()) if (failures.size > 0) return true;
    for (const layers of this.#layers.values()) {
      if (layers.size > ids.length) return true;
      let listed = 0;
      for (const id of ids) if (layers.has(id)) listed += 1;
      if (layers.size > listed) return true;
    }
    return false;
  }

  /**
   * Drops what is kept of documents not in `ids` (the corpus as a call that began at `start`
   * listed it), except what was read after that (by a later call, which listed them).
   */
  #forgetAllBut(ids: readonly string[], start: number): void {
    const listed = new Set(ids);
    const drop = (map: Map<string, { readonly at: number }>): void => {
      for (const [id, entry] of map) {
        if (listed.has(id) || entry.at > start) continue;
        map.delete(id);
        this.#dirty = true;
      }
    };
    drop(this.#documents);
    drop(this.#failures);
    for (const layers of this.#layers.values()) drop(layers);
    for (const failures of this.#layerFailures.values()) drop(failures);
  }

  /** Runs `read` as job `key` until what it records is fresh (`fresh`: read after the call began; a job already running then is waited for, and run again). */
  async #settle(key: string, lane: number, fresh: () => boolean, read: () => Promise<void>): Promise<void> {
    while (!fresh()) await this.#queue.run(key, lane, read);
  }

  #documentReadSince(id: string, start: number): boolean {
    return (this.#documents.get(id)?.at ?? 0) > start || (this.#failures.get(id)?.at ?? 0) > start;
  }

  #layerReadSince(who: string, id: string, start: number): boolean {
    return (this.#layers.get(who)?.get(id)?.at ?? 0) > start || (this.#layerFailures.get(who)?.get(id)?.at ?? 0) > start;
  }

  /** Reads a document's meta and text (verified as the store verifies them: quick-document-read.ts), recording the entry under the stamps taken just before, or the failure. */
  async #readDocument(id: string): Promise<void> {
    const at = tick();
    const store = this.#store;
    try {
      const metaStamp = fileStampSync(store.metaPath(id)) ?? MISSING;
      const textStamp = fileStampSync(store.textPath(id)) ?? MISSING;
      const { meta, text } = await readDocumentQuickly(store, id);
      this.#documents.set(id, { metaStamp, textStamp, sha256: meta.sha256, length: meta.length, title: titleOf(text), at, textChecked: true });
      this.#failures.delete(id);
      this.#changed();
      for (const listener of this.#textListeners) listener(id, meta.sha256, text);
    } catch (error) {
      if (this.#documents.delete(id)) this.#dirty = true;
      this.#failures.set(id, { at, error });
    }
  }

  /**
   * Summarises `who`'s layer of `id` (parsed in full, as the store does: `summariseLayerBytes`),
   * recorded under the stamp taken just before, or the failure. Read synchronously (see
   * quick-document-read.ts): one small file, between two slices of the event loop's time.
   */
  async #readLayer(who: string, id: string): Promise<void> {
    const at = tick();
    const layers = this.#layersOf(who);
    try {
      const file = this.#store.layerPath(id, who);
      const stamp = fileStampSync(file) ?? MISSING;
      const bytes = stamp === MISSING ? undefined : readIfThere(file);
      const summary = bytes === undefined ? NOT_STARTED : summariseLayerBytes(file, bytes);
      layers.set(id, { stamp, at, summary });
      this.#layerFailures.get(who)?.delete(id);
      this.#changed();
    } catch (error) {
      layers.delete(id);
      let failures = this.#layerFailures.get(who);
      if (failures === undefined) {
        failures = new Map();
        this.#layerFailures.set(who, failures);
      }
      failures.set(id, { at, error });
    }
  }

  /** The answer of a call that began at `start`, from what is fresh for it now. */
  #answer(ids: readonly string[], who: string | null, start: number, textReady: Uint8Array, layerReady: Uint8Array): ListedDocument[] {
    const listed: ListedDocument[] = [];
    const problems: FileProblem[] = [];
    let other: { readonly error: unknown } | undefined;
    const fail = (error: unknown): void => {
      if (error instanceof CorpusError) problems.push(...error.problems);
      else other ??= { error };
    };
    ids.forEach((id, i) => {
      if (!textReady[i] && !this.#documentReadSince(id, start)) {
        listed.push({ id, sha256: '', length: 0, title: '', layer: NOT_STARTED, pending: 'text' });
        return;
      }
      const failure = this.#failures.get(id);
      const known = this.#documents.get(id);
      if (known === undefined || (failure !== undefined && failure.at > known.at && failure.at > start)) {
        if (failure !== undefined && !isGone(failure.error)) fail(failure.error);
        return;
      }
      let layer = NOT_STARTED;
      let pending: ListedDocument['pending'] = null;
      if (!layerReady[i] && (who === null || !this.#layerReadSince(who, id, start))) pending = 'layer';
      else if (who !== null) {
        const layerFailure = this.#layerFailures.get(who)?.get(id);
        if (layerFailure !== undefined && layerFailure.at > start) fail(layerFailure.error);
        else layer = this.#layers.get(who)?.get(id)?.summary ?? NOT_STARTED;
      }
      listed.push({ id, sha256: known.sha256, length: known.length, title: known.title, layer, pending });
    });
    if (other !== undefined) throw other.error;
    if (problems.length > 0) throw new CorpusError(problems, 'damaged');
    return listed;
  }

  /** Marks the cache file out of date, and has it written within {@link SAVE_EVERY_MS} if reads go on that long. */
  #changed(): void {
    this.#dirty = true;
    if (this.#saveTimer !== undefined || !this.#cacheFile || this.#closed) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      void this.#save();
    }, SAVE_EVERY_MS);
    this.#saveTimer.unref();
  }

  /** Writes the cache file when entries changed (one write at a time; failures ignored: it is only a shortcut). */
  #save(closing = false): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      if (!this.#cacheFile || !this.#dirty || (this.#closed && !closing)) return;
      this.#dirty = false;
      const documents = new Map<string, CachedDocument>();
      for (const [id, d] of this.#documents) documents.set(id, { metaStamp: d.metaStamp, textStamp: d.textStamp, sha256: d.sha256, length: d.length, title: d.title });
      const layers = new Map<string, Map<string, CachedLayer>>();
      for (const [who, entries] of this.#layers) {
        const kept = new Map<string, CachedLayer>();
        for (const [id, l] of entries) if (l.summary.problems.length === 0) kept.set(id, { stamp: l.stamp, status: l.summary.status, spans: l.summary.spans });
        layers.set(who, kept);
      }
      try {
        await writeDocumentListCache(this.#store.root, { documents, layers });
      } catch {
        // A folder that cannot be written (read-only media, say): the list works without the file.
      }
    });
    return this.#writing;
  }
}

const listings = new WeakMap<CorpusStore, DocumentListing>();

/** The {@link DocumentListing} of `store` (one per store, made on first use). */
export function documentListing(store: CorpusStore): DocumentListing {
  let listing = listings.get(store);
  if (listing === undefined) {
    listing = new DocumentListing(store);
    listings.set(store, listing);
  }
  return listing;
}
