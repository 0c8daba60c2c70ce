/**
 * Turning what the user selected into the span that gets stored: whole words by default, never
 * an edge between a letter and its haraka, never an edge on a space, tatweel, punctuation or
 * bidi control.
 */

import { assertNever } from '../model';
import { cachedIndex } from './cached-index';
import { graphemeCeil, graphemeFloor } from './grapheme-boundaries';

/** `'word'`: grow to whole tokens (the UI's default). `'exact'`: keep the chosen characters. */
export type SnapMode = 'word' | 'exact';

/** A token character: letter, mark, decimal digit or tatweel. */
const TOKEN = /^[\p{L}\p{M}\p{Nd}\u0640]$/u;
/**
 * What a span may start or end on: a letter or decimal digit (with its marks), but not the
 * tatweel, which Unicode counts as a letter (Lm).
 */
const CORE = /^(?!\u0640)[\p{L}\p{Nd}]$/u;
const MARK = /^\p{M}$/u;

/** The code point starting at UTF-16 offset `u` (`u < text.length`). */
function at(text: string, u: number): string {
  return String.fromCodePoint(text.codePointAt(u) as number);
}

/** The code point ending at UTF-16 offset `u` (`u > 0`). */
function before(text: string, u: number): string {
  const low = text.charCodeAt(u - 1);
  const high = text.charCodeAt(u - 2);
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return pair ? text.slice(u - 2, u) : text.slice(u - 1, u);
}

/** Trims `[s, e)` (UTF-16) to start and end on a letter or digit, keeping a final letter's marks. */
function trim(text: string, s: number, e: number): [number, number] {
  while (s < e && !CORE.test(at(text, s))) s += at(text, s).length;
  while (e > s) {
    const last = before(text, e);
    if (CORE.test(last)) break;
    if (MARK.test(last)) {
      let base = e;
      while (base > s && MARK.test(before(text, base))) base -= before(text, base).length;
      if (base > s && CORE.test(before(text, base))) break;
      e = base;
    } else {
      e -= last.length;
    }
  }
  return [s, e];
}

/**
 * Snaps a selection to the span to store. Offsets are **code points** into `text`; `start` and
 * `end` may come in either order.
 *
 * - `'word'`: each edge that falls inside a token (a maximal run of `[\p{L}\p{M}\p{Nd}\u0640]`)
 *   moves outward to the token's edge.
 * - `'exact'`: each edge that falls inside a grapheme cluster moves outward to the cluster's
 *   edge (a letter is never split from its haraka); otherwise the chosen characters are kept.
 *
 * Then, in both modes, everything that is not a letter or decimal digit is trimmed from both
 * ends (spaces, newlines, tatweel, punctuation, bidi and format controls, marks on those); marks
 * on a final letter stay. Line breaks inside the span are kept.
 *
 * @returns the snapped span, `start < end`, or `null` when nothing is left (also for an empty
 * selection).
 * @throws RangeError when `start` or `end` is not an integer in `0..` the text's length in code
 * points.
 */
export function snapSelection(
  text: string,
  start: number,
  end: number,
  mode: SnapMode,
): { start: number; end: number } | null {
  const index = cachedIndex(text);
  let s = index.toUtf16(Math.min(start, end));
  let e = index.toUtf16(Math.max(start, end));
  if (s === e) return null;

  switch (mode) {
    case 'word':
      while (s > 0 && TOKEN.test(at(text, s)) && TOKEN.test(before(text, s))) s -= before(text, s).length;
      while (e < text.length && TOKEN.test(at(text, e)) && TOKEN.test(before(text, e))) e += at(text, e).length;
      break;
    case 'exact':
      s = graphemeFloor(text, s);
      e = graphemeCeil(text, e);
      break;
    default:
      assertNever(mode, 'snap mode');
  }

  [s, e] = trim(text, s, e);
  return s < e ? { start: index.toCodePoint(s), end: index.toCodePoint(e) } : null;
}
