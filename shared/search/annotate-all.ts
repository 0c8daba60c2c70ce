/** "Annotate all occurrences": where else a span's text stands in the same document. */

import { matchSpans } from './find-matches';
import { cachedMatchingKey } from './matching-key';

/**
 * Whole-token occurrences of `spanText` in `text` (compared on matching keys, as `findMatches`
 * does), as **code point** spans of `text`, sorted and non-overlapping. The span's own place is
 * among them; the caller leaves out those already annotated.
 *
 * With `clitics`, a token with more leading clitics than `spanText` is found too, and its
 * occurrence **leaves out the clitics that `spanText` lacks** (up to the first one they share),
 * so that each occurrence is shaped like the span: for `العراق`, `والعراق` gives `العراق`; for
 * `المرصد`, `للمرصد` gives `لمرصد` (as "trim clitic" does); for `بدير الزور`, a bare
 * `دير الزور` is found whole. The occurrence of the span's own text is therefore exactly the
 * span. (`findMatches` with clitics instead covers the whole token, clitics included.)
 */
export function occurrencesOf(
  text: string,
  spanText: string,
  options: { readonly clitics: boolean },
): readonly { start: number; end: number }[] {
  return matchSpans(text, spanText, { clitics: options.clitics, wholeToken: true }, cachedMatchingKey(text), true);
}
