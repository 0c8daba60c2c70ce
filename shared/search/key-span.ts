/** Internal to `shared/search`: from a span of a matching key back to a span of its text. */

import { graphemeFloor } from '../text/grapheme-boundaries';
import { STRIP_MARK, UNIT_CLASS, mayJoinAt, splitsPair } from './char-classes';
import type { MatchingKey } from './matching-key';

/** A half-open span of **code points** of a text, with its UTF-16 offsets for slicing. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly startU16: number;
  readonly endU16: number;
}

/**
 * The text span (code points) that the key span `[keyStart, keyEnd)` (UTF-16 units of
 * `mk.key`, `keyStart < keyEnd`) stands for: from the character that gave the first key unit to
 * just after the one that gave the last, plus the left-out combining marks (harakat) that follow
 * it, so that a letter keeps its haraka. Left-out characters inside are covered; a tatweel or
 * bidi mark after the last letter is not.
 *
 * @returns null when either edge would split a surrogate pair of the key or fall inside a
 * grapheme cluster of the text (a letter and an unfolded mark, an emoji sequence, ...).
 */
export function textSpanOfKey(text: string, mk: MatchingKey, keyStart: number, keyEnd: number): TextSpan | null {
  const key = mk.key;
  if (keyStart >= keyEnd || splitsPair(key, keyStart) || splitsPair(key, keyEnd)) return null;
  const startU16 = mk.toTextUtf16(keyStart);
  let endU16 = mk.toTextUtf16(keyEnd - 1) + 1;
  let end = mk.toText(keyEnd - 1) + 1;
  while (endU16 < text.length && UNIT_CLASS[text.charCodeAt(endU16)] === STRIP_MARK) {
    endU16++;
    end++;
  }
  if (mayJoinAt(text, startU16) && graphemeFloor(text, startU16) !== startU16) return null;
  if (mayJoinAt(text, endU16) && graphemeFloor(text, endU16) !== endU16) return null;
  return { start: mk.toText(keyStart), end, startU16, endU16 };
}
