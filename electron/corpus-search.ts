/**
 * Search across every document of a corpus (Node side), on the matching keys of
 * `shared/search`. Offsets in hits are code points into each document's canonical text.
 */
import { stat } from 'node:fs/promises';
import type { SearchHit, SearchResult } from '../shared/host-contract.js';
import { findMatches, matchingKey, type MatchingKey } from '../shared/search/index.js';
import { CodePointIndex } from '../shared/text/code-points.js';
import { quoteContext } from '../shared/text/quote-context.js';
import type { CorpusStore } from './corpus-store.js';
import { isErrnoCode, sha256Hex } from './node-text.js';

/** Code points of context shown on each side of a hit (fewer at a grapheme or text edge). */
export const SEARCH_CONTEXT = 40;

/** Documents looked at (meta stat'ed, text read when not cached) at the same time. */
const CONCURRENCY = 64;

interface KeyedDocument {
  /** What identifies the version of the document's meta file: mtime, size and inode. */
  readonly stamp: string;
  /** SHA-256 of the text (the store verified it against the meta when it read the text). */
  readonly sha256: string;
  readonly text: string;
  readonly key: MatchingKey;
  readonly index: CodePointIndex;
}

/**
 * Per store: document id → its text and matching key. Texts never change after import, so an
 * entry stays valid while the document's meta file is the same file (same mtime, size, inode);
 * a document imported again under the same id is read again, and keyed by its new SHA-256.
 */
const caches = new WeakMap<CorpusStore, Map<string, KeyedDocument>>();

async function metaStamp(store: CorpusStore, id: string): Promise<string | undefined> {
  try {
    const info = await stat(store.metaPath(id));
    return `${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function keyedDocuments(store: CorpusStore): Promise<readonly (readonly [string, KeyedDocument])[]> {
  const ids = await store.listDocumentIds();
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new Map();
    caches.set(store, cache);
  }
  const listed = new Set(ids);
  for (const id of [...cache.keys()]) if (!listed.has(id)) cache.delete(id);

  const documents: (readonly [string, KeyedDocument])[] = [];
  for (let i = 0; i < ids.length; i += CONCURRENCY) {
    const batch = ids.slice(i, i + CONCURRENCY);
    const found = await Promise.all(
      batch.map(async (id): Promise<KeyedDocument | undefined> => {
        const stamp = await metaStamp(store, id);
        if (stamp === undefined) return undefined; // removed since it was listed
        const cached = cache.get(id);
        if (cached?.stamp === stamp) return cached;
        const text = await store.readText(id);
        const sha256 = sha256Hex(text);
        const doc = cached?.sha256 === sha256 ? { ...cached, stamp } : { stamp, sha256, text, key: matchingKey(text), index: new CodePointIndex(text) };
        cache.set(id, doc);
        return doc;
      }),
    );
    batch.forEach((id, j) => {
      const doc = found[j];
      if (doc !== undefined) documents.push([id, doc]);
    });
  }
  return documents;
}

const asLine = (s: string): string => s.replace(/\n/g, ' ');

/**
 * `quoteContext` of a hit, computed on a window of twice the context around it: grapheme lookups
 * on a whole 100,000-character text cost about 0.3 ms each, on the window next to nothing. The
 * clusters at the cuts are the same as in the whole text, which begins 40 code points further
 * out (only a run of more than 20 flag emoji could pair its regional indicators differently).
 */
function hitContext(doc: KeyedDocument, start: number, end: number): { text: string; prefix: string; suffix: string } {
  const from = Math.max(0, start - 2 * SEARCH_CONTEXT);
  const to = Math.min(doc.index.length, end + 2 * SEARCH_CONTEXT);
  return quoteContext(doc.index.slice(from, to), start - from, end - from, SEARCH_CONTEXT);
}

/**
 * Every whole-token hit of `query` in the corpus (`findMatches` with `wholeToken: true` and the
 * given `clitics`), documents in id order and hits in text order, at most `limit` of them
 * (`truncated` says whether there were more).
 *
 * Each hit gives code point offsets into the document's canonical text and, for the result list,
 * the hit's text with up to {@link SEARCH_CONTEXT} code points before and after it, cut on
 * grapheme boundaries; in these three strings line breaks are shown as spaces.
 *
 * Texts and their matching keys are cached per store, by document id and SHA-256; the first
 * search reads every text (verified against its meta's hash by the store), later ones only
 * look at each meta file's mtime, size and inode and read only new or re-imported documents.
 * A document that cannot be read makes the search fail with the store's error.
 */
export async function searchCorpus(
  store: CorpusStore,
  query: string,
  options: { readonly clitics: boolean },
  limit = 500,
): Promise<SearchResult> {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`Limit ${limit} is not a count`);
  const hits: SearchHit[] = [];
  const matchOptions = { clitics: options.clitics, wholeToken: true };
  for (const [id, doc] of await keyedDocuments(store)) {
    for (const match of findMatches(doc.text, query, matchOptions, doc.key)) {
      if (hits.length === limit) return { hits, truncated: true };
      const context = hitContext(doc, match.start, match.end);
      hits.push({
        document: id,
        start: match.start,
        end: match.end,
        before: asLine(context.prefix),
        match: asLine(context.text),
        after: asLine(context.suffix),
      });
    }
  }
  return { hits, truncated: false };
}
