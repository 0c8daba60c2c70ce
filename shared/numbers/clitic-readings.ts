/**
 * Proclitics on a matching key (DOMAIN.md §2 "Clitics"): the conjunctions و ف, the prepositions
 * ب ك ل and the article ال, including ل + ال written لل (`للجنود`). Stripping is tried only to look
 * a key up in a closed word list; the text itself is never changed.
 */

/** One way to read a key: what is left after `stripped` key characters of proclitics. */
export interface CliticReading {
  readonly key: string;
  /** What was taken off, as written in the key (`و`, `ب`, `ال`, `وال`, `لل`, …); `''` for none. */
  readonly prefix: string;
  /** Key characters taken off the front (index into the token's `keyOffsets`). */
  readonly stripped: number;
  /** True when an article (ال, or the ل of لل) was among them. */
  readonly definite: boolean;
}

const CONJUNCTIONS = ['', 'و', 'ف'];
const PREPOSITIONS = ['', 'ب', 'ك', 'ل'];
/** Shorter remainders are never read: they would match too much by accident. */
const MIN_STEM = 2;

/**
 * The readings of `key`, the key itself first and then by growing prefix, without duplicates.
 * With `article: false` only و ف ب ك ل are taken off (for number words: `بخمسة`, `ولثلاثة`).
 */
export function cliticReadings(key: string, article: boolean): readonly CliticReading[] {
  const out: CliticReading[] = [{ key, prefix: '', stripped: 0, definite: false }];
  const seen = new Set([key]);
  const add = (rest: string, stripped: number, definite: boolean): void => {
    if (rest.length >= MIN_STEM && !seen.has(rest)) {
      seen.add(rest);
      out.push({ key: rest, prefix: key.slice(0, stripped), stripped, definite });
    }
  };
  for (const c of CONJUNCTIONS) {
    for (const p of PREPOSITIONS) {
      const prefix = c + p;
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      if (prefix !== '') add(rest, prefix.length, false);
      if (!article) continue;
      if (rest.startsWith('ال')) add(rest.slice(2), prefix.length + 2, true);
      if (p === 'ل' && rest.startsWith('ل')) add(rest.slice(1), prefix.length + 1, true);
    }
  }
  return out;
}
