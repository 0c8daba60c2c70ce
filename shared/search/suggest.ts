/**
 * Suggestions: strings that annotators labelled somewhere in the corpus, proposed again where
 * they stand in another document. Compared on matching keys, whole tokens only, no clitic folding.
 */

import { textSpanOfKey } from './key-span';
import { LexiconCounts, keyedStrings, tokensOf } from './lexicon-counts';
import { cachedMatchingKey } from './matching-key';

/** What the corpus says about one string (by matching key). */
export interface LexiconEntry {
  /** The label proposed: the most frequent one, ties broken by label name (code unit order). */
  readonly label: string;
  /** How many labelled strings with this key carried each label. */
  readonly counts: ReadonlyMap<string, number>;
}

/** The labelled strings of a corpus, by matching key. Immutable; build with {@link buildLexicon}. */
export interface Lexicon {
  /**
   * Matching key of each labelled string (non-token characters at its ends left out, so
   * `"اليد الطولى"` is stored as `اليد الطولي`) → its entry.
   */
  readonly entries: ReadonlyMap<string, LexiconEntry>;
  /** First token of each key → the numbers of tokens of the keys starting with it, descending. */
  readonly tokenCounts: ReadonlyMap<string, readonly number[]>;
}

/**
 * The lexicon of labelled strings: each entry's `text` is keyed by its matching key (so
 * spellings that differ only in harakat, tatweel, alef variants, ... count as one) and the label
 * proposed for a key is the one given most often, ties broken by label name. Entries with fewer
 * than 2 letters, or no token at all, are left out. (For a lexicon kept up to date as strings
 * come and go, see `LexiconCounts`.)
 */
export function buildLexicon(entries: readonly { readonly label: string; readonly text: string }[]): Lexicon {
  const counts = new LexiconCounts();
  counts.add(keyedStrings(entries));
  return counts.lexicon();
}

const spanKey = (label: string, start: number, end: number): string => `${label}\u0000${start}\u0000${end}`;

/**
 * Where the lexicon's strings stand in `text`: every run of whole tokens whose matching key is a
 * lexicon key (no clitic folding: `بدير الزور` is not `دير الزور`), with the label proposed for
 * it. Hits may nest: `ريف دير الزور الشرقي` and the `دير الزور` inside it are both proposed when
 * both are in the lexicon. A hit that exactly equals a span of `existing` with the same label, or
 * a `rejected` suggestion with the same label, is left out.
 *
 * Offsets (in and out) are **code points** of `text`; a hit's edges follow `findMatches` (the
 * harakat of its last letter included). `text` is the hit's text. Sorted by start, then longer
 * first, then label.
 */
export function suggestSpans(
  text: string,
  lexicon: Lexicon,
  existing: readonly { readonly label: string; readonly start: number; readonly end: number }[],
  rejected: readonly { readonly label: string; readonly start: number; readonly end: number }[],
): readonly { label: string; start: number; end: number; text: string }[] {
  if (lexicon.entries.size === 0) return [];
  const mk = cachedMatchingKey(text);
  const key = mk.key;
  const taken = new Set<string>();
  for (const s of existing) taken.add(spanKey(s.label, s.start, s.end));
  for (const r of rejected) taken.add(spanKey(r.label, r.start, r.end));
  const { starts, ends } = tokensOf(key);
  const found: { label: string; start: number; end: number; text: string }[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    const counts = lexicon.tokenCounts.get(key.slice(start, ends[i]));
    if (counts === undefined) continue;
    for (const count of counts) {
      const end = ends[i + count - 1];
      if (end === undefined) continue;
      const entry = lexicon.entries.get(key.slice(start, end));
      if (entry === undefined) continue;
      const span = textSpanOfKey(text, mk, start, end);
      if (span === null || taken.has(spanKey(entry.label, span.start, span.end))) continue;
      found.push({ label: entry.label, start: span.start, end: span.end, text: text.slice(span.startU16, span.endU16) });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return Object.freeze(found.map((s) => Object.freeze(s)));
}
