/**
 * Arabic-aware search, "annotate all occurrences" and suggestions: the public surface of
 * `shared/search`. Texts are compared on matching keys (folded copies with an offset map back);
 * every offset taken or returned is a Unicode **code point** offset of the original text unless a
 * name says otherwise. The stored text is never changed.
 */

export { matchingKey, type MatchingKey } from './matching-key';
export { findMatches, type MatchOptions } from './find-matches';
export { occurrencesOf } from './annotate-all';
export { buildLexicon, suggestSpans, type Lexicon, type LexiconEntry } from './suggest';
export { LEXICON_KEY_VERSION, LexiconCounts, keyedStrings, lexiconKey, type KeyedString } from './lexicon-counts';
