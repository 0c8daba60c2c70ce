/**
 * Numbers in Arabic conflict news (DOMAIN.md §3): the public surface of `shared/numbers`.
 * `parseArabicNumber` reads number words and digits into integers; `readCasualtyCount` reads what
 * a CasualtyCount span states: value or bounds, qualifier, outcome, asserted zero, ambiguity, and
 * the code point ranges that gave them. Both are hand-written: no npm package reads Arabic
 * number words (number-to-words packages such as `n2words` only write them; we test against it).
 */

export type { CountOutcome, CountQualifier, CountReading, EvidenceRange } from './count-reading';
export { parseArabicNumber } from './parse-arabic-number';
export { readCasualtyCount } from './read-casualty-count';
