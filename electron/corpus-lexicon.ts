/**
 * The lexicon of a corpus (Node side): every span text of every annotator's layer of every
 * document, for suggestions (`shared/search/suggest.ts`).
 */
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { LexiconCounts, keyedStrings, type KeyedString, type Lexicon } from '../shared/search/index.js';
import type { CorpusStore } from './corpus-store.js';
import { parseLayerWithLines } from '../shared/corpus/layer-file.js';
import { fileStamps } from './file-stamps.js';
import { lexiconCacheName, readLexiconCache, writeLexiconCache, type CachedLayerStrings } from './lexicon-cache-file.js';
import { decodeUtf8Strict } from './node-text.js';
import { readIfThere } from './quick-document-read.js';
import { pauseIfDue } from './time-slices.js';

interface LayerEntries {
  /** What identifies the file's version: `fileStamp` (mtime, ctime, size, inode: an atomic save makes a new inode). */
  readonly stamp: string;
  /** Its span texts as the lexicon counts them (keyed once, when read). */
  readonly strings: readonly KeyedString[];
  /** The layer did not read (no strings); it is tried again on every call. */
  readonly failed: boolean;
}

interface LexiconCache {
  /** Layer file path → its strings, as of `stamp`: what `counts` holds. */
  readonly layers: Map<string, LayerEntries>;
  readonly counts: LexiconCounts;
  /** The update under way, and the one to run after it for the calls that came meanwhile. */
  running: Promise<Lexicon> | undefined;
  queued: Promise<Lexicon> | undefined;
  /** Whether the cache file was read (by the first update). */
  fileRead: boolean;
  /** The cache file's writes, one after another; never rejects. */
  writing: Promise<void>;
}

/**
 * From how many layer files read in one update the cache file (lexicon-cache-file.ts) is
 * written again: a corpus read for the first time, or many files changed (a sync); not after
 * each save, whose one file is quickly read again the next time.
 */
export const LEXICON_CACHE_AFTER_READS = 64;

export interface CorpusLexiconOptions {
  /** See {@link LEXICON_CACHE_AFTER_READS} (the default). */
  readonly cacheAfterReads?: number;
}

const caches = new WeakMap<CorpusStore, LexiconCache>();

/** The layer files to look at: of every annotator folder that is an annotator name, for every document with a meta file. */
async function layerFiles(store: CorpusStore): Promise<{ readonly id: string; readonly annotator: string; readonly file: string }[]> {
  const ids = await store.listDocumentIds();
  const out: { id: string; annotator: string; file: string }[] = [];
  for (const annotator of await store.listAnnotatorFolders()) {
    if (!validateAnnotatorName(annotator).ok) continue; // a folder whose name is not an annotator name
    for (const id of ids) out.push({ id, annotator, file: store.layerPath(id, annotator) });
  }
  return out;
}

/**
 * The lexicon built from the span texts of every layer of `store` (all annotators' folders, all
 * documents), cached per store. Each call checks every layer file's mtime, size and inode and
 * re-reads only the files that changed (or appeared); the lexicon changes by the strings of those
 * files only (`LexiconCounts`), and is the same object when nothing changed. A layer file that
 * does not decode or parse is skipped and tried again on the next call; missing layer files and
 * folders that are no annotator name are skipped. The documents are not read: a layer counts the
 * quotes saved with its spans, whatever has become of its document's text since. When a document
 * meta is damaged, the layers of every id with a meta file are still read. The files are read in
 * slices of the thread's time (time-slices.ts): the host runs this in a worker, and where it runs
 * it in its own thread it still answers meanwhile. What each layer gave is also kept in the
 * corpus's cache file (lexicon-cache-file.ts): a store opened again (the next run of the app)
 * takes from it every layer whose stamp is the one recorded, and reads only the others.
 *
 * One update runs at a time: a call made while one runs waits for it and is answered by the next
 * (which starts after the call, so it sees every change made before it), shared by all the calls
 * that came meanwhile. Two updates at once read the same files twice and compete for the one thread.
 */
export function corpusLexicon(store: CorpusStore, options: CorpusLexiconOptions = {}): Promise<Lexicon> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = { layers: new Map(), counts: new LexiconCounts(), running: undefined, queued: undefined, fileRead: false, writing: Promise.resolve() };
    caches.set(store, cache);
  }
  const c = cache;
  const start = (): Promise<Lexicon> => {
    const run = update(store, c, options.cacheAfterReads ?? LEXICON_CACHE_AFTER_READS).finally(() => {
      c.running = undefined;
    });
    c.running = run;
    return run;
  };
  if (c.queued !== undefined) return c.queued;
  if (c.running === undefined) return start();
  const queued = c.running.then(
    () => undefined,
    () => undefined,
  ).then(() => {
    c.queued = undefined;
    return start();
  });
  c.queued = queued;
  return queued;
}

/**
 * The span strings of the layer file `file`, keyed (`keys`: see `keyedStrings`): read at once
 * (a few tens of microseconds for a layer in the page cache, against several thread-pool round
 * trips), decoded and parsed as the store reads a layer; none for a file that is gone; undefined
 * for one that does not decode or parse. The document is not loaded: the lexicon counts what
 * annotators labelled, the quote saved with each span, whether or not it still anchors in the
 * document's text (as the store gives orphans and re-anchored spans, with their quotes).
 */
function layerStrings(file: string, keys: Map<string, string | undefined>): readonly KeyedString[] | undefined {
  let bytes: Uint8Array | undefined;
  try {
    bytes = readIfThere(file);
  } catch {
    return undefined;
  }
  if (bytes === undefined) return [];
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) return undefined;
  const parsed = parseLayerWithLines(text, file);
  return parsed.ok ? keyedStrings(parsed.value.layer.spans, keys) : undefined;
}

/** Resolves when the cache file's writes asked for so far are done (written or failed). */
export function lexiconCacheWritten(store: CorpusStore): Promise<void> {
  return caches.get(store)?.writing ?? Promise.resolve();
}

/**
 * One update of `cache` from the layer files of `store` (see {@link corpusLexicon}). The first
 * takes from the cache file every layer whose stamp is the one recorded there; an update that
 * read `cacheAfterReads` files or more writes the file again, after it answered.
 */
async function update(store: CorpusStore, cache: LexiconCache, cacheAfterReads: number): Promise<Lexicon> {
  const files = await layerFiles(store);
  // Stat'ed in slices, synchronously (file-stamps.ts): 20,000 files in tens of milliseconds.
  const stamps = (await fileStamps(files.map((f) => f.file))).map((stamp, k) => ({ ...(files[k] as (typeof files)[number]), stamp }));

  const { counts } = cache;
  if (!cache.fileRead) {
    cache.fileRead = true;
    const kept = await readLexiconCache(store.root);
    for (const { file, stamp } of stamps) {
      const entry = stamp === undefined || cache.layers.has(file) ? undefined : kept.get(lexiconCacheName(store.root, file));
      if (entry === undefined || entry.stamp !== stamp) continue;
      counts.add(entry.strings);
      cache.layers.set(file, { stamp, strings: entry.strings, failed: false });
    }
  }
  const seen = new Set<string>();
  const toRead = stamps.filter((s) => {
    if (s.stamp === undefined) return false;
    seen.add(s.file);
    const cached = cache.layers.get(s.file);
    return cached === undefined || cached.failed || cached.stamp !== s.stamp;
  });
  for (const [file, entries] of [...cache.layers]) {
    if (seen.has(file)) continue;
    counts.remove(entries.strings);
    cache.layers.delete(file);
  }
  // Stamped before reading: a save in between leaves an old stamp, so the file is read again next time.
  const keys = new Map<string, string | undefined>();
  for (const { file, stamp } of toRead) {
    await pauseIfDue();
    const strings = layerStrings(file, keys);
    const before = cache.layers.get(file);
    if (before !== undefined) counts.remove(before.strings);
    counts.add(strings ?? []);
    cache.layers.set(file, { stamp: stamp as string, strings: strings ?? [], failed: strings === undefined });
  }
  if (toRead.length >= cacheAfterReads) {
    const entries = new Map<string, CachedLayerStrings>();
    for (const [file, { stamp, strings, failed }] of cache.layers) if (!failed) entries.set(lexiconCacheName(store.root, file), { stamp, strings });
    cache.writing = cache.writing.then(() => writeLexiconCache(store.root, entries)).catch(() => undefined);
  }
  return counts.lexicon();
}
