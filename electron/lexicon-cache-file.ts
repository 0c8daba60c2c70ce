/**
 * The corpus lexicon's cache file, `.hashiya/cache/lexicon.json`: the keyed span strings
 * (`KeyedString`: key and label) of each layer file as corpus-lexicon.ts read them, with the
 * stamp ({@link fileStamp} of parallel-io.ts) the file had. Reading 20,000 layer files for the
 * lexicon of a corpus of 10,000 documents takes seconds each time the corpus is opened; with the
 * cache only the files whose stamp changed are read again.
 *
 * Like the document list's cache (document-list-cache-file.ts): this machine's state, never synced
 * and never the truth. An entry is used only while its file's stamp is the same, so the file may
 * be stale, damaged, from another copy of the corpus or missing: nothing is ever counted from a
 * layer file as it no longer is. The keys are `lexiconKey`'s of the version it names
 * (`LEXICON_KEY_VERSION`); a file of another version is not read.
 *
 * The file holds each label and key once (`labels`, `keys`), and per layer file (by its path
 * relative to the corpus, with `/`) its stamp and its strings as pairs of indexes into them.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LEXICON_KEY_VERSION, type KeyedString } from '../shared/search/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { CACHE_DIR } from './document-list-cache-file.js';
import { ensureStateDir, STATE_DIR } from './layer-history.js';

/** The cache file's name in `.hashiya/cache/`. */
export const LEXICON_CACHE_NAME = 'lexicon.json';
const FORMAT = 'hashiya-lexicon-cache';
const VERSION = 1;

/** A layer file's strings, read when the file had `stamp`. */
export interface CachedLayerStrings {
  readonly stamp: string;
  readonly strings: readonly KeyedString[];
}

/** Layer file path relative to the corpus (`layers/<annotator>/<id>.jsonl`) → its strings. */
export type LexiconCacheEntries = ReadonlyMap<string, CachedLayerStrings>;

/** The path of the cache file of the corpus in `root`. */
export function lexiconCachePath(root: string): string {
  return path.join(root, STATE_DIR, CACHE_DIR, LEXICON_CACHE_NAME);
}

/** `file` (inside the corpus in `root`) as the cache file names it: relative, with `/`. */
export function lexiconCacheName(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

/**
 * The entries of a cache file's text. Never throws: text that is not JSON, not this format and
 * version, or of another key version gives none; an entry without the expected shape (an index
 * out of range included) is left out, the others kept.
 */
export function parseLexiconCache(text: string): Map<string, CachedLayerStrings> {
  const entries = new Map<string, CachedLayerStrings>();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return entries;
  }
  if (!isObject(value) || value.format !== FORMAT || value.version !== VERSION || value.keyVersion !== LEXICON_KEY_VERSION) return entries;
  const { labels, keys, layers } = value;
  if (!isStrings(labels) || !isStrings(keys) || !isObject(layers)) return entries;
  for (const [name, entry] of Object.entries(layers)) {
    if (!Array.isArray(entry) || entry.length !== 2) continue;
    const [stamp, pairs] = entry as unknown[];
    if (typeof stamp !== 'string' || !Array.isArray(pairs) || pairs.length % 2 !== 0) continue;
    const strings: KeyedString[] = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const label = labels[pairs[i] as number];
      const key = keys[pairs[i + 1] as number];
      if (!Number.isInteger(pairs[i]) || !Number.isInteger(pairs[i + 1]) || label === undefined || key === undefined) break;
      strings.push({ key, label });
    }
    if (strings.length === pairs.length / 2) entries.set(name, { stamp, strings });
  }
  return entries;
}

/** The text of a cache file holding `entries` (file names sorted; each label and key written once). */
export function serializeLexiconCache(entries: LexiconCacheEntries): string {
  const labels = new Map<string, number>();
  const keys = new Map<string, number>();
  const index = (table: Map<string, number>, s: string): number => {
    let at = table.get(s);
    if (at === undefined) {
      at = table.size;
      table.set(s, at);
    }
    return at;
  };
  // An object without a prototype: any name is an own property.
  const layers: Record<string, unknown> = Object.create(null);
  for (const name of [...entries.keys()].sort()) {
    const { stamp, strings } = entries.get(name) as CachedLayerStrings;
    const pairs: number[] = [];
    for (const { key, label } of strings) pairs.push(index(labels, label), index(keys, key));
    layers[name] = [stamp, pairs];
  }
  return `${JSON.stringify({ format: FORMAT, version: VERSION, keyVersion: LEXICON_KEY_VERSION, labels: [...labels.keys()], keys: [...keys.keys()], layers })}\n`;
}

/** The cache of the corpus in `root`. Never throws: a missing, unreadable or damaged file gives no entries. */
export async function readLexiconCache(root: string): Promise<Map<string, CachedLayerStrings>> {
  try {
    return parseLexiconCache(await readFile(lexiconCachePath(root), 'utf8'));
  } catch {
    return new Map();
  }
}

/**
 * Replaces the cache file of the corpus in `root` with `entries`, atomically; `.hashiya/` and
 * `cache/` are made when missing. Failures are thrown; the caller may ignore them.
 */
export async function writeLexiconCache(root: string, entries: LexiconCacheEntries): Promise<void> {
  const file = lexiconCachePath(root);
  await ensureStateDir(path.join(root, STATE_DIR));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, serializeLexiconCache(entries));
}
