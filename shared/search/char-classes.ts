/**
 * Internal to `shared/search`: what the matching key does with each UTF-16 unit, and what a
 * character of a key is (letter, mark, digit or none of them). Lookups are table reads, so that
 * a key is built and scanned in one cheap pass.
 */

/** Kept in the key (after folding). */
export const KEEP = 0;
/** A combining mark (haraka, shadda, tanwin, dagger alef, Quranic sign): left out of the key. */
export const STRIP_MARK = 1;
/** Tatweel, a bidi or zero-width format control, U+FEFF: left out of the key. */
export const STRIP_FORMAT = 2;
/** Whitespace (a line break too): a run of it becomes one space. */
export const SPACE = 3;

function fillRange(table: Uint8Array, from: number, to: number, value: number): void {
  for (let c = from; c <= to; c++) table[c] = value;
}

/** Class of each BMP unit (surrogates are {@link KEEP}: astral characters stay as they are). */
export const UNIT_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  // DOMAIN §2's diacritics (U+064B–065F, U+0670) and the other Arabic combining marks.
  for (const [from, to] of [
    [0x0610, 0x061a],
    [0x064b, 0x065f],
    [0x0670, 0x0670],
    [0x06d6, 0x06dc],
    [0x06df, 0x06e4],
    [0x06e7, 0x06e8],
    [0x06ea, 0x06ed],
  ] as const) {
    fillRange(table, from, to, STRIP_MARK);
  }
  for (const [from, to] of [
    [0x0640, 0x0640], // tatweel
    [0x061c, 0x061c], // Arabic letter mark
    [0x200b, 0x200f], // zero-width space, ZWNJ, ZWJ, LRM, RLM
    [0x202a, 0x202e], // bidi embeddings and overrides
    [0x2066, 0x2069], // bidi isolates
    [0xfeff, 0xfeff], // a byte order mark left inside the text
  ] as const) {
    fillRange(table, from, to, STRIP_FORMAT);
  }
  for (const [from, to] of [
    [0x0009, 0x000d],
    [0x0020, 0x0020],
    [0x0085, 0x0085],
    [0x00a0, 0x00a0],
    [0x1680, 0x1680],
    [0x2000, 0x200a],
    [0x2028, 0x2029],
    [0x202f, 0x202f],
    [0x205f, 0x205f],
    [0x3000, 0x3000],
  ] as const) {
    fillRange(table, from, to, SPACE);
  }
  return table;
})();

/** The unit each kept BMP unit becomes in the key (identity for most). */
export const UNIT_FOLD: Uint16Array = (() => {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;
  const alef = 0x0627;
  for (const c of [0x0622, 0x0623, 0x0625, 0x0671]) table[c] = alef; // آ أ إ ٱ → ا
  table[0x0649] = 0x064a; // ى → ي
  table[0x0629] = 0x0647; // ة → ه
  table[0x06cc] = 0x064a; // Persian ی → ي
  table[0x06a9] = 0x0643; // Persian ک → ك
  for (let d = 0; d < 10; d++) {
    table[0x0660 + d] = 0x30 + d; // ٠-٩
    table[0x06f0 + d] = 0x30 + d; // ۰-۹
  }
  // Latin (Basic Latin to Latin Extended-B) lower-cased where that keeps one unit (İ does not).
  for (let c = 0x41; c < 0x250; c++) {
    const lower = String.fromCharCode(c).toLowerCase();
    if (lower.length === 1) table[c] = lower.charCodeAt(0);
  }
  return table;
})();

export const OTHER = 0;
export const LETTER = 1;
export const MARK = 2;
export const DIGIT = 3;
export type TokenClass = typeof OTHER | typeof LETTER | typeof MARK | typeof DIGIT;

const IS_LETTER = /^\p{L}$/u;
const IS_MARK = /^\p{M}$/u;
const IS_DIGIT = /^\p{Nd}$/u;

function classify(cp: number): TokenClass {
  const s = String.fromCodePoint(cp);
  if (IS_LETTER.test(s)) return LETTER;
  if (IS_MARK.test(s)) return MARK;
  if (IS_DIGIT.test(s)) return DIGIT;
  return OTHER;
}

/** Token class of BMP units plus one, filled on first use (0 = not known yet). */
const bmpClass = new Uint8Array(0x10000);
const astralClass = new Map<number, TokenClass>();

/** Whether `cp` is a letter, a mark, a decimal digit, or none of them (`\p{L}`, `\p{M}`, `\p{Nd}`). */
export function tokenClassOf(cp: number): TokenClass {
  if (cp < 0x10000) {
    const known = bmpClass[cp] as number;
    if (known !== 0) return (known - 1) as TokenClass;
    const found = classify(cp);
    bmpClass[cp] = found + 1;
    return found;
  }
  let found = astralClass.get(cp);
  if (found === undefined) {
    found = classify(cp);
    astralClass.set(cp, found);
  }
  return found;
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Token class of the code point starting at UTF-16 index `i` of `s` (OTHER at the end). */
export function tokenClassAt(s: string, i: number): TokenClass {
  if (i < 0 || i >= s.length) return OTHER;
  const unit = s.charCodeAt(i);
  if (isHigh(unit) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) return tokenClassOf(s.codePointAt(i) as number);
  return tokenClassOf(unit);
}

/** Token class of the code point ending at UTF-16 index `i` of `s` (OTHER at the start). */
export function tokenClassBefore(s: string, i: number): TokenClass {
  if (i <= 0 || i > s.length) return OTHER;
  const unit = s.charCodeAt(i - 1);
  if (isLow(unit) && i >= 2 && isHigh(s.charCodeAt(i - 2))) return tokenClassOf(s.codePointAt(i - 2) as number);
  return tokenClassOf(unit);
}

/** Whether UTF-16 index `i` of `s` falls between the halves of a surrogate pair. */
export function splitsPair(s: string, i: number): boolean {
  return i > 0 && i < s.length && isLow(s.charCodeAt(i)) && isHigh(s.charCodeAt(i - 1));
}

/**
 * Whether a grapheme boundary at UTF-16 index `u` of `text` is worth checking with the
 * segmenter: true when a unit on either side could join its neighbour into one cluster (a mark,
 * a joiner or variation selector, a surrogate, Hangul, a prepended Arabic number sign).
 * Between two plain letters, digits, spaces or punctuation it is false: that is always a boundary.
 */
export function mayJoinAt(text: string, u: number): boolean {
  if (u <= 0 || u >= text.length) return false;
  return mayJoin(text.charCodeAt(u - 1)) || mayJoin(text.charCodeAt(u));
}

function mayJoin(unit: number): boolean {
  if (unit < 0x0300) return false;
  if (unit >= 0xd800 && unit <= 0xdfff) return true;
  if (unit === 0x200c || unit === 0x200d || (unit >= 0xfe00 && unit <= 0xfe0f)) return true;
  if ((unit >= 0x1100 && unit <= 0x11ff) || (unit >= 0xa960 && unit <= 0xa97f) || (unit >= 0xac00 && unit <= 0xd7ff)) return true;
  if ((unit >= 0x0600 && unit <= 0x0605) || unit === 0x06dd || unit === 0x070f || unit === 0x0890 || unit === 0x0891 || unit === 0x08e2) return true;
  return tokenClassOf(unit) === MARK;
}
