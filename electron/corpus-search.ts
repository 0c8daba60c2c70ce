/**
 * Search across every document of a corpus (Node side), on the matching keys of
 * `shared/search`. Offsets in hits are code points into each document's canonical text.
 */
import type { SearchHit, SearchResult } from '../shared/host-contract.js';
import { findMatches, matchingKey, type MatchingKey } from '../shared/search/index.js';
import { CodePointIndex } from '../shared/text/code-points.js';
import { quoteContext } from '../shared/text/quote-context.js';
import type { CorpusStore } from './corpus-store.js';
import { documentListing } from './document-listing.js';
import { IO_CONCURRENCY, mapBounded } from './parallel-io.js';
import { readTextQuickly } from './quick-document-read.js';
import { pauseIfDue } from './time-slices.js';

/** Code points of context shown on each side of a hit (fewer at a grapheme or text edge). */
export const SEARCH_CONTEXT = 40;

/**
 * A document's text, verified against its meta's SHA-256 when it was read, and its matching key
 * and code point index, made on first use: a search that stops at its limit keys only the
 * documents it looked at, and one made while the keys are being prepared does not wait for them.
 */
class SearchText {
  #keyed: { readonly key: MatchingKey; readonly index: CodePointIndex } | undefined;

  constructor(
    /** SHA-256 of the text, as its meta gives it. */
    readonly sha256: string,
    readonly text: string,
  ) {}

  /** Whether {@link key} and {@link index} are made (asking for them costs nothing then). */
  get keyed(): boolean {
    return this.#keyed !== undefined;
  }

  #make(): { readonly key: MatchingKey; readonly index: CodePointIndex } {
    this.#keyed ??= { key: matchingKey(this.text), index: new CodePointIndex(this.text) };
    return this.#keyed;
  }

  get key(): MatchingKey {
    return this.#make().key;
  }

  get index(): CodePointIndex {
    return this.#make().index;
  }
}

interface SearchCache {
  /** Document id → its text (and, once made, its key). */
  readonly documents: Map<string, SearchText>;
  /** The pass that brings {@link documents} up to date, while one runs: passes of one store never overlap. */
  running: Promise<readonly (readonly [string, SearchText])[]> | undefined;
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
    const made: SearchCache = { documents: new Map(), running: undefined };
    // The texts the document list reads (all of them when a corpus opens) are not read again:
    // kept under the hash they were verified against, used while the meta still gives it.
    documentListing(store).onText((id, sha256, text) => {
      if (made.documents.get(id)?.sha256 !== sha256) made.documents.set(id, new SearchText(sha256, text));
    });
    caches.set(store, made);
    cache = made;
  }
  return cache;
}

/**
 * Every document's text, in id order: the metas listed (the document listing stats them, and
 * reads only those changed); texts kept, or handed over by the listing, used while their hash
 * is the meta's; new or changed texts read (synchronously when all is well, in slices of time,
 * so that other calls are answered meanwhile). No key is made here.
 */
async function refresh(store: CorpusStore, cache: SearchCache): Promise<readonly (readonly [string, SearchText])[]> {
  const metas = await documentListing(store).metas();
  const texts = new Array<SearchText>(metas.length);
  const unread: number[] = [];
  let kept = 0;
  metas.forEach(({ id, sha256 }, i) => {
    const known = cache.documents.get(id);
    if (known !== undefined) kept += 1;
    if (known?.sha256 === sha256) texts[i] = known;
    else unread.push(i);
  });
  if (cache.documents.size > kept) {
    const listed = new Set(metas.map((m) => m.id));
    for (const id of [...cache.documents.keys()]) if (!listed.has(id)) cache.documents.delete(id);
  }
  await mapBounded(unread, IO_CONCURRENCY, async (i) => {
    const { id, sha256 } = metas[i] as (typeof metas)[number];
    await pauseIfDue();
    const read = await readTextQuickly(store, id, sha256);
    const text = new SearchText(read.sha256, read.text);
    cache.documents.set(id, text);
    texts[i] = text;
  });
  return metas.map(({ id }, i) => [id, texts[i] as SearchText] as const);
}

/** The documents' texts in id order, brought up to date by a pass that starts after any pass running (which may have read most of them). */
async function currentTexts(store: CorpusStore): Promise<readonly (readonly [string, SearchText])[]> {
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
 * From now on, keeps for search the texts that the document listing of `store` reads (all of
 * them when a corpus is opened for the first time), so that {@link prepareCorpusSearch} and the
 * first search need not read them again.
 */
export function keepListedTexts(store: CorpusStore): void {
  cacheOf(store);
}

/**
 * Reads every text of `store` that is not kept yet and makes every matching key, ahead of the
 * first search (in the background, say, when a corpus is opened), a slice of time at a time; a
 * search made meanwhile does not wait for it (it makes the keys it needs first). Resolves when
 * done; rejects as a search would (a document that cannot be read), which changes nothing.
 */
export async function prepareCorpusSearch(store: CorpusStore): Promise<void> {
  for (const [, text] of await currentTexts(store)) {
    if (text.keyed) continue;
    await pauseIfDue();
    void text.key;
  }
}

const asLine = (s: string): string => s.replace(/\n/g, ' ');

/**
 * `quoteContext` of a hit, computed on a window of twice the context around it: grapheme lookups
 * on a whole 100,000-character text cost about 0.3 ms each, on the window next to nothing. The
 * clusters at the cuts are the same as in the whole text, which begins 40 code points further
 * out (only a run of more than 20 flag emoji could pair its regional indicators differently).
 */
function hitContext(doc: SearchText, start: number, end: number): { text: string; prefix: string; suffix: string } {
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
 * search (or {@link prepareCorpusSearch}) reads every text (verified against its meta's hash)
 * that the document listing did not hand over; later ones list the metas (document-listing.ts:
 * stat'ed, read again only when a meta file changed) and read only new or re-imported
 * documents. Keys are made as documents are looked at (between slices of time, so that other
 * calls are answered meanwhile), unless {@link prepareCorpusSearch} made them. A meta that does
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
  for (const [id, doc] of await currentTexts(store)) {
    if (!doc.keyed) await pauseIfDue();
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
