/**
 * Search across every document of a corpus (Node side), on the matching keys of
 * `shared/search`. Offsets in hits are code points into each document's canonical text.
 */
import type { SearchHit, SearchResult } from '../shared/host-contract.js';
import { findMatches, matchingKey, type MatchingKey } from '../shared/search/index.js';
import { CodePointIndex } from '../shared/text/code-points.js';
import { quoteContext } from '../shared/text/quote-context.js';
import type { CorpusStore } from './corpus-store.js';
import { IO_CONCURRENCY, mapBounded } from './parallel-io.js';

/** Code points of context shown on each side of a hit (fewer at a grapheme or text edge). */
export const SEARCH_CONTEXT = 40;

interface KeyedDocument {
  /** SHA-256 of the text, as its meta gives it (the store verified the text against it when it read it). */
  readonly sha256: string;
  readonly text: string;
  readonly key: MatchingKey;
  readonly index: CodePointIndex;
}

interface SearchCache {
  /** Document id → its text and matching key. */
  readonly documents: Map<string, KeyedDocument>;
  /** The pass that brings {@link documents} up to date, while one runs: passes of one store never overlap. */
  running: Promise<readonly (readonly [string, KeyedDocument])[]> | undefined;
}

/**
 * Per store: texts and matching keys by document id. Texts never change after import, so an
 * entry stays valid while its document's meta gives the same SHA-256; a document imported again
 * under the same id with another text is read again, and one removed is dropped.
 */
const caches = new WeakMap<CorpusStore, SearchCache>();

function cacheOf(store: CorpusStore): SearchCache {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = { documents: new Map(), running: undefined };
    caches.set(store, cache);
  }
  return cache;
}

/** Every document with its key, by id: metas listed (the store keeps them while unchanged), new or changed texts read. */
async function refresh(store: CorpusStore, cache: SearchCache): Promise<readonly (readonly [string, KeyedDocument])[]> {
  const metas = await store.listDocuments();
  const listed = new Set(metas.map((m) => m.id));
  for (const id of [...cache.documents.keys()]) if (!listed.has(id)) cache.documents.delete(id);
  return mapBounded(metas, IO_CONCURRENCY, async ({ id, sha256 }) => {
    const cached = cache.documents.get(id);
    if (cached?.sha256 === sha256) return [id, cached] as const;
    const { meta, text } = await store.readDocument(id);
    const doc: KeyedDocument = { sha256: meta.sha256, text, key: matchingKey(text), index: new CodePointIndex(text) };
    cache.documents.set(id, doc);
    return [id, doc] as const;
  });
}

/** The documents in id order, brought up to date by a pass that starts after any pass running (which may have read most of them). */
async function keyedDocuments(store: CorpusStore): Promise<readonly (readonly [string, KeyedDocument])[]> {
  const cache = cacheOf(store);
  const before = cache.running;
  const pass = (async () => {
    await before?.catch(() => undefined);
    return refresh(store, cache);
  })();
  cache.running = pass;
  try {
    return await pass;
  } finally {
    if (cache.running === pass) cache.running = undefined;
  }
}

/**
 * Reads and keys every text of `store` for {@link searchCorpus} ahead of the first search (in
 * the background, say, when a corpus is opened), so that it only checks the metas. Resolves when
 * done; rejects as a search would (a document that cannot be read), which changes nothing.
 */
export async function prepareCorpusSearch(store: CorpusStore): Promise<void> {
  await keyedDocuments(store);
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
 * search (or {@link prepareCorpusSearch}) reads every text (verified against its meta's hash by
 * the store), a bounded number at a time; later ones list the metas (which the store re-reads
 * only when a meta file changed) and read only new or re-imported documents. A meta that does
 * not parse, or a text that cannot be read, makes the search fail with the store's error.
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
