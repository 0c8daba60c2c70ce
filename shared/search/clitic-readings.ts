/**
 * Internal to `shared/search`: the ways a word of a matching key can be read as leading clitics
 * plus a stem. Strings here are matching-key strings (folded: `أ` is already `ا`).
 *
 * A word is `[conjunction][preposition][article]stem` with conjunction `و`/`ف`, preposition
 * `ب`/`ك`/`ل` and article `ال`. After `ل` the article is written `ل` (`للمرصد` = ل + المرصد) and
 * before a stem that starts with `ل` not at all (`للجنة` = ل + اللجنة). The future `س` is left out:
 * it is too often a first root letter.
 */

import { DIGIT, LETTER, tokenClassAt } from './char-classes';

export interface CliticReading {
  /** `''`, `'و'` or `'ف'`. */
  readonly conjunction: string;
  /** `''`, `'ب'`, `'ك'` or `'ل'`. */
  readonly preposition: string;
  readonly article: boolean;
  /** Key units the article takes as written: 2 (`ال`), 1 (`ل` after `ل`), 0, or 0 when absent. */
  readonly articleLength: number;
  /** Key units of all the clitics: where the stem starts in the word. */
  readonly prefixLength: number;
  readonly stem: string;
}

const CONJUNCTIONS = 'وف';
const PREPOSITIONS = 'بكل';
const LAM = 'ل';

/**
 * Whether a stem is worth matching on: at least 2 letters, or a digit (`ب2021`). Marks do not
 * count. So `بي` is never read as `ب` + `ي`.
 */
export function isStem(stem: string): boolean {
  let letters = 0;
  for (let i = 0; i < stem.length; i++) {
    const kind = tokenClassAt(stem, i);
    if (kind === DIGIT) return true;
    if (kind === LETTER && ++letters >= 2) return true;
  }
  return false;
}

/**
 * Every reading of `word` (one whole token of a key): the word itself (no clitics, always first),
 * then each split into clitics and a stem for which {@link isStem} holds.
 */
export function cliticReadings(word: string): readonly CliticReading[] {
  const readings: CliticReading[] = [
    { conjunction: '', preposition: '', article: false, articleLength: 0, prefixLength: 0, stem: word },
  ];
  const add = (conjunction: string, preposition: string, article: boolean, articleLength: number): void => {
    const prefixLength = conjunction.length + preposition.length + articleLength;
    if (prefixLength === 0) return;
    const stem = word.slice(prefixLength);
    if (isStem(stem)) readings.push({ conjunction, preposition, article, articleLength, prefixLength, stem });
  };
  const first = word.charAt(0);
  for (const conjunction of CONJUNCTIONS.includes(first) && first !== '' ? ['', first] : ['']) {
    const at = conjunction.length;
    const next = word.charAt(at);
    for (const preposition of PREPOSITIONS.includes(next) && next !== '' ? ['', next] : ['']) {
      const articleAt = at + preposition.length;
      add(conjunction, preposition, false, 0);
      if (preposition === LAM) {
        if (word.startsWith(LAM, articleAt)) {
          add(conjunction, preposition, true, 1);
          add(conjunction, preposition, true, 0);
        }
      } else if (word.startsWith('ال', articleAt)) {
        add(conjunction, preposition, true, 2);
      }
    }
  }
  return readings;
}

/** Whether every clitic of `a` is also one of `b` (same letters in the same slots). */
function within(a: CliticReading, b: CliticReading): boolean {
  return (
    (a.conjunction === '' || a.conjunction === b.conjunction) &&
    (a.preposition === '' || a.preposition === b.preposition) &&
    (!a.article || b.article)
  );
}

/**
 * Whether a text word read as `text` is the query word read as `query` "with or without leading
 * clitics": the same stem, and the clitics of one are among those of the other (clitics added,
 * or clitics taken away, not both: `بيت` does not find `كيت` or `ويت`).
 */
export function compatible(text: CliticReading, query: CliticReading): boolean {
  return within(text, query) || within(query, text);
}

/**
 * Key units at the start of a text word read as `text` that are clitics the query's reading
 * lacks, up to the first clitic they share (`والعراق` for `العراق`: 1; `للمرصد` for `المرصد`: 1,
 * giving `لمرصد`, as the "trim clitic" action does). 0 when the text has no extra clitics.
 */
export function extraLeadingLength(text: CliticReading, query: CliticReading): number {
  if (!within(query, text)) return 0;
  let skip = 0;
  if (text.conjunction !== '') {
    if (query.conjunction !== '') return skip;
    skip += text.conjunction.length;
  }
  if (text.preposition !== '') {
    if (query.preposition !== '') return skip;
    skip += text.preposition.length;
  }
  if (text.article) {
    if (query.article) return skip;
    skip += text.articleLength;
  }
  return skip;
}
