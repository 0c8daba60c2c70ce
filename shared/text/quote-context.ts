/**
 * The quote of a span and a little text on each side of it, saved with the span so that it can
 * be re-anchored if its offsets ever stop matching (W3C TextQuoteSelector `exact`/`prefix`/`suffix`).
 */

import { QUOTE_CONTEXT } from '../model';
import { cachedIndex } from './cached-index';
import { graphemeCeil, graphemeFloor } from './grapheme-boundaries';

/**
 * The text of `[start, end)` and up to `size` code points before (`prefix`) and after
 * (`suffix`) it. Offsets and `size` are **code points**. The outer cut of the prefix and of the
 * suffix moves inward to a grapheme boundary, so the context may be shorter than `size` but
 * never begins with a haraka torn from its letter; both are shorter near the text's edges.
 *
 * @see https://www.w3.org/TR/annotation-model/#text-quote-selector
 * @throws RangeError when the offsets are not integers with `0 <= start <= end <= ` the text's
 * length in code points, or `size` is not a non-negative integer.
 */
export function quoteContext(
  text: string,
  start: number,
  end: number,
  size: number = QUOTE_CONTEXT,
): { text: string; prefix: string; suffix: string } {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`Context size ${size} is not a count`);
  const index = cachedIndex(text);
  const s = index.toUtf16(start);
  const e = index.toUtf16(end);
  if (e < s) throw new RangeError(`End ${end} is before start ${start}`);
  const prefixCut = Math.min(graphemeCeil(text, index.toUtf16(Math.max(0, start - size))), s);
  const suffixCut = Math.max(graphemeFloor(text, index.toUtf16(Math.min(index.length, end + size))), e);
  return {
    text: text.slice(s, e),
    prefix: text.slice(prefixCut, s),
    suffix: text.slice(e, suffixCut),
  };
}
