/**
 * The lexicon of a corpus (Node side): every span text of every annotator's layer of every
 * document, for suggestions (`shared/search/suggest.ts`).
 */
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { LexiconCounts, keyedStrings, type KeyedString, type Lexicon } from '../shared/search/index.js';
import type { CorpusStore } from './corpus-store.js';
import { fileStamps } from './file-stamps.js';

/** Layer files stat'ed or read at the same time. */
const CONCURRENCY = 32;

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
}

const caches = new WeakMap<CorpusStore, LexiconCache>();

async function inBatches<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) results.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(task))));
  return results;
}

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
 * files only (`LexiconCounts`), and is the same object when nothing changed. A layer that fails to
 * read (damaged file, document text changed, ...) is skipped and tried again on the next call;
 * missing layer files and folders that are no annotator name are skipped. When a document meta is
 * damaged, the layers of every id with a meta file are still read.
 *
 * One update runs at a time: a call made while one runs waits for it and is answered by the next
 * (which starts after the call, so it sees every change made before it), shared by all the calls
 * that came meanwhile. Two updates at once read the same files twice and compete for the one thread.
 */
export function corpusLexicon(store: CorpusStore): Promise<Lexicon> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = { layers: new Map(), counts: new LexiconCounts(), running: undefined, queued: undefined };
    caches.set(store, cache);
  }
  const c = cache;
  const start = (): Promise<Lexicon> => {
    const run = update(store, c).finally(() => {
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

/** One update of `cache` from the layer files of `store` (see {@link corpusLexicon}). */
async function update(store: CorpusStore, cache: LexiconCache): Promise<Lexicon> {
  const files = await layerFiles(store);
  // Stat'ed in slices, synchronously (file-stamps.ts): 20,000 files in tens of milliseconds.
  const stamps = (await fileStamps(files.map((f) => f.file))).map((stamp, k) => ({ ...(files[k] as (typeof files)[number]), stamp }));

  const { counts } = cache;
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
  await inBatches(toRead, async ({ id, annotator, file, stamp }) => {
    let strings: readonly KeyedString[] = [];
    let failed = false;
    try {
      const { layer } = await store.readLayer(id, annotator);
      strings = keyedStrings(layer.spans);
    } catch {
      failed = true;
    }
    const before = cache.layers.get(file);
    if (before !== undefined) counts.remove(before.strings);
    counts.add(strings);
    cache.layers.set(file, { stamp: stamp as string, strings, failed });
  });
  return counts.lexicon();
}
