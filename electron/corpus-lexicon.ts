/**
 * The lexicon of a corpus (Node side): every span text of every annotator's layer of every
 * document, for suggestions (`shared/search/suggest.ts`).
 */
import { stat } from 'node:fs/promises';
import { buildLexicon, type Lexicon } from '../shared/search/index.js';
import type { CorpusStore } from './corpus-store.js';
import { isErrnoCode } from './node-text.js';

/** Layer files stat'ed or read at the same time. */
const CONCURRENCY = 32;

interface LayerEntries {
  /** What identifies the file's version: mtime, size and inode (an atomic save makes a new inode). */
  readonly stamp: string;
  readonly entries: readonly { readonly label: string; readonly text: string }[];
  /** The layer did not read (no entries); it is tried again on every call. */
  readonly failed: boolean;
}

interface LexiconCache {
  /** Layer file path → its span texts, as of `stamp`. */
  readonly layers: Map<string, LayerEntries>;
  lexicon: Lexicon | undefined;
}

const caches = new WeakMap<CorpusStore, LexiconCache>();

async function inBatches<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) results.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(task))));
  return results;
}

/** The document ids to look at: from the metas, or, when a meta is damaged, every id with a meta file. */
async function documentIds(store: CorpusStore): Promise<readonly string[]> {
  try {
    return (await store.listDocuments()).map((m) => m.id);
  } catch {
    return store.listDocumentIds();
  }
}

/** The stamp of a layer file, `undefined` when it does not exist (or the path is refused). */
async function stampOf(store: CorpusStore, id: string, annotator: string): Promise<{ file: string; stamp: string } | undefined> {
  let file: string;
  try {
    file = store.layerPath(id, annotator);
  } catch {
    return undefined; // an annotator folder whose name is not an annotator name
  }
  try {
    const info = await stat(file);
    return info.isFile() ? { file, stamp: `${info.mtimeMs}:${info.size}:${info.ino}` } : undefined;
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}

/**
 * The lexicon built from the span texts of every layer of `store` (all annotators' folders, all
 * documents), cached per store. Each call checks every layer file's mtime, size and inode and
 * re-reads only the files that changed (or appeared); the lexicon is rebuilt only when something
 * changed. A layer that fails to read (damaged file, document text changed, ...) is skipped and
 * tried again on the next call; missing layer files and folders that are no annotator name are
 * skipped. When a document meta is damaged, the layers of every id with a meta file are still read.
 */
export async function corpusLexicon(store: CorpusStore): Promise<Lexicon> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = { layers: new Map(), lexicon: undefined };
    caches.set(store, cache);
  }
  const ids = await documentIds(store);
  const annotators = await store.listAnnotatorFolders();
  const pairs = annotators.flatMap((annotator) => ids.map((id) => ({ id, annotator })));
  const stamps = await inBatches(pairs, async (pair) => ({ ...pair, found: await stampOf(store, pair.id, pair.annotator) }));

  let changed = cache.lexicon === undefined;
  const seen = new Set<string>();
  const toRead = stamps.filter((s) => {
    if (s.found === undefined) return false;
    seen.add(s.found.file);
    const cached = cache.layers.get(s.found.file);
    return cached === undefined || cached.failed || cached.stamp !== s.found.stamp;
  });
  for (const file of [...cache.layers.keys()]) {
    if (!seen.has(file)) {
      cache.layers.delete(file);
      changed = true;
    }
  }
  // Stamped before reading: a save in between leaves an old stamp, so the file is read again next time.
  await inBatches(toRead, async ({ id, annotator, found }) => {
    const { file, stamp } = found as { file: string; stamp: string };
    const before = cache.layers.get(file);
    try {
      const { layer } = await store.readLayer(id, annotator);
      cache.layers.set(file, { stamp, entries: layer.spans.map((s) => ({ label: s.label, text: s.text })), failed: false });
      changed = true;
    } catch {
      cache.layers.set(file, { stamp, entries: [], failed: true });
      if (before !== undefined && !before.failed) changed = true;
    }
  });
  if (changed || cache.lexicon === undefined) {
    const files = [...cache.layers.keys()].sort();
    cache.lexicon = buildLexicon(files.flatMap((f) => (cache.layers.get(f) as LayerEntries).entries));
  }
  return cache.lexicon;
}
