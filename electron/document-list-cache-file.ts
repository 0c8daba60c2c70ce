/**
 * The document list's cache file, `.hashiya/cache/document-list.json`: what the list showed of
 * each document (meta hash and length, title, each annotator's status and span count), with
 * the stamp ({@link fileStamp}) of every file it was read from. This machine's state, like the
 * rest of `.hashiya/`: never synced, never validated, never the truth. Whoever reads it checks
 * every stamp against the file on disk and uses an entry only while the stamp is the same, so
 * the cache can be stale, damaged, from another copy of the corpus or missing, and nothing shown
 * is ever stale: it only decides what has to be read again.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import type { DocumentStatus } from '../shared/model.js';
import { writeFileAtomic } from './atomic-write.js';
import { ensureStateDir, STATE_DIR } from './layer-history.js';
import { removeStaleTempFiles } from './stale-temp-files.js';

/** Under {@link STATE_DIR}: the folder of caches (machine state that can always be rebuilt). */
export const CACHE_DIR = 'cache';
/** The cache file's name in {@link CACHE_DIR}. */
export const DOCUMENT_LIST_CACHE_NAME = 'document-list.json';
/** What the file says it is; another value (another format, a later version) is not read. */
const FORMAT = 'hashiya-document-list-cache';
const VERSION = 1;

/** A document's meta and text as the list uses them, read when the two files had these stamps. */
export interface CachedDocument {
  /** Stamp of `documents/<id>.meta.json` when it was read. */
  readonly metaStamp: string;
  /** Stamp of `documents/<id>.txt` when it was read and verified against the meta's hash. */
  readonly textStamp: string;
  /** The meta's SHA-256 of the text. */
  readonly sha256: string;
  /** The meta's length of the text in code points. */
  readonly length: number;
  /** The document list's title of the text. */
  readonly title: string;
}

/** An annotator's layer of a document, as the list shows it, read when the file had `stamp`. Only layers that read without a problem are kept. */
export interface CachedLayer {
  readonly stamp: string;
  readonly status: DocumentStatus;
  readonly spans: number;
}

/** The cache's content: documents by id; layers by annotator, then by document id. */
export interface DocumentListCache {
  readonly documents: ReadonlyMap<string, CachedDocument>;
  readonly layers: ReadonlyMap<string, ReadonlyMap<string, CachedLayer>>;
}

/** The path of the cache file of the corpus in `root`. */
export function documentListCachePath(root: string): string {
  return path.join(root, STATE_DIR, CACHE_DIR, DOCUMENT_LIST_CACHE_NAME);
}

const STATUSES: ReadonlySet<string> = new Set<DocumentStatus>(['not_started', 'in_progress', 'done']);
const SHA256 = /^[0-9a-f]{64}$/;

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function cachedDocument(value: unknown): CachedDocument | undefined {
  if (!Array.isArray(value) || value.length !== 5) return undefined;
  const [metaStamp, textStamp, sha256, length, title] = value as unknown[];
  if (typeof metaStamp !== 'string' || typeof textStamp !== 'string' || typeof sha256 !== 'string' || !SHA256.test(sha256)) return undefined;
  if (!isCount(length) || typeof title !== 'string') return undefined;
  return { metaStamp, textStamp, sha256, length, title };
}

function cachedLayer(value: unknown): CachedLayer | undefined {
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [stamp, status, spans] = value as unknown[];
  if (typeof stamp !== 'string' || typeof status !== 'string' || !STATUSES.has(status) || !isCount(spans)) return undefined;
  return { stamp, status: status as DocumentStatus, spans };
}

/**
 * The content of a cache file's text. Never throws: text that is not JSON, or not this format
 * and version, gives an empty cache; an entry that does not have the expected shape, or the
 * layers of a name that cannot be an annotator's, are left out, the others kept. Ids are not
 * checked: an entry is only ever looked up by the id of a document listed in the corpus.
 */
export function parseDocumentListCache(text: string): DocumentListCache {
  const documents = new Map<string, CachedDocument>();
  const layers = new Map<string, Map<string, CachedLayer>>();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { documents, layers };
  }
  if (!isObject(value) || value.format !== FORMAT || value.version !== VERSION) return { documents, layers };
  if (isObject(value.documents)) {
    for (const [id, entry] of Object.entries(value.documents)) {
      const parsed = cachedDocument(entry);
      if (parsed !== undefined) documents.set(id, parsed);
    }
  }
  if (isObject(value.layers)) {
    for (const [annotator, entries] of Object.entries(value.layers)) {
      if (!isObject(entries) || !validateAnnotatorName(annotator).ok) continue;
      const kept = new Map<string, CachedLayer>();
      for (const [id, entry] of Object.entries(entries)) {
        const parsed = cachedLayer(entry);
        if (parsed !== undefined) kept.set(id, parsed);
      }
      layers.set(annotator, kept);
    }
  }
  return { documents, layers };
}

/** `map`'s entries sorted by key (the file is the same whatever order the entries were read in). */
const sorted = <T>(map: ReadonlyMap<string, T>): [string, T][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The text of a cache file holding `cache` (ids and annotators sorted; entries as compact arrays). */
export function serializeDocumentListCache(cache: DocumentListCache): string {
  // Objects without a prototype: any key is an own property (a name like `__proto__` too).
  const documents: Record<string, unknown> = Object.create(null);
  for (const [id, d] of sorted(cache.documents)) documents[id] = [d.metaStamp, d.textStamp, d.sha256, d.length, d.title];
  const layers: Record<string, Record<string, unknown>> = Object.create(null);
  for (const [annotator, entries] of sorted(cache.layers)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [id, l] of sorted(entries)) out[id] = [l.stamp, l.status, l.spans];
    layers[annotator] = out;
  }
  return `${JSON.stringify({ format: FORMAT, version: VERSION, documents, layers })}\n`;
}

/**
 * The cache of the corpus in `root`. Never throws: a missing, unreadable or damaged file gives
 * an empty cache (what it lacks is read from the corpus, and the next write replaces the file).
 * Temporary files of writes killed a minute ago or more are removed first.
 */
export async function readDocumentListCache(root: string): Promise<DocumentListCache> {
  const file = documentListCachePath(root);
  await removeStaleTempFiles([path.dirname(file)]);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { documents: new Map(), layers: new Map() };
  }
  return parseDocumentListCache(text);
}

/**
 * Replaces the cache file of the corpus in `root` with `cache`, atomically (a reader, or a kill,
 * sees the old file or the new one); `.hashiya/` (with its `.gitignore`) and `cache/` are created
 * when missing. Failures are thrown; the caller may ignore them (the cache is only a shortcut).
 */
export async function writeDocumentListCache(root: string, cache: DocumentListCache): Promise<void> {
  const file = documentListCachePath(root);
  await ensureStateDir(path.join(root, STATE_DIR));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, serializeDocumentListCache(cache));
}
