/**
 * The "trim clitic" action: a span selected as a whole token (`والعراق`) loses its leading
 * proclitic letter (`العراق`). Offsets are code points.
 */

import { cachedIndex } from './cached-index';

/** The proclitic letters taken off: conjunctions و ف, prepositions ب ك ل (not the future س). */
const CLITICS = 'وفبكل';
const MARK = /^\p{M}$/u;
const TATWEEL = '\u0640';
/** A token character: letter, mark, decimal digit or tatweel (as `snapSelection` counts them). */
const TOKEN = /^[\p{L}\p{M}\p{Nd}\u0640]$/u;
const LETTER = /^(?!\u0640)\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/** The code point starting at UTF-16 offset `u` (`u < text.length`). */
function at(text: string, u: number): string {
  return String.fromCodePoint(text.codePointAt(u) as number);
}

/**
 * `[start, end)` without the one proclitic letter (`و ف ب ك ل`) that begins it, together with
 * the harakat on that letter and any tatweel (with its harakat) right after it, so that the span
 * starts on the next letter: `والعراق` → `العراق`, `للمرصد` → `لمرصد` (only the first `ل`),
 * `بدير الزور` → `دير الزور`, `وَالعراق` → `العراق`, `بـالعراق` → `العراق`.
 *
 * Offsets in and out are **code points** of `text`; `end` is kept.
 * @returns null when the span does not begin with one of those letters, or when what is left of
 * its first token (within the span) would have fewer than 2 letters and no digit (`بي`, `بـ "`).
 * @throws RangeError when `start` or `end` is not an integer in `0..` the text's length in code
 * points.
 */
export function trimLeadingClitic(text: string, start: number, end: number): { start: number; end: number } | null {
  const index = cachedIndex(text);
  const s = index.toUtf16(start);
  const e = index.toUtf16(end);
  if (s >= e || !CLITICS.includes(text.charAt(s))) return null;
  let u = s + 1;
  while (u < e && MARK.test(at(text, u))) u += at(text, u).length;
  while (u < e && text.charAt(u) === TATWEEL) {
    u++;
    while (u < e && MARK.test(at(text, u))) u += at(text, u).length;
  }
  let letters = 0;
  let digit = false;
  for (let v = u; v < e; ) {
    const char = at(text, v);
    if (!TOKEN.test(char)) break;
    if (LETTER.test(char)) letters++;
    else if (DIGIT.test(char)) digit = true;
    v += char.length;
  }
  if (letters < 2 && !digit) return null;
  return { start: index.toCodePoint(u), end };
}
