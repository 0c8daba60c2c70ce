/**
 * Code points versus UTF-16 code units. Stored offsets are Unicode code points; JavaScript
 * strings index UTF-16 code units. The two agree until the first astral character (an emoji,
 * a CJK extension ideograph, ...), after which every offset differs by one per astral character.
 *
 * A lone surrogate (malformed UTF-16) counts as one code point, as in `[...s]`.
 */
import { partitionPoint } from './partition-point';

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** UTF-16 offsets of the high halves of the surrogate pairs in `s`, ascending. */
function astralStarts(s: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < s.length - 1; i++) {
    if (isHighSurrogate(s.charCodeAt(i)) && isLowSurrogate(s.charCodeAt(i + 1))) {
      starts.push(i);
      i++;
    }
  }
  return starts;
}

/** Number of entries of the ascending array `a` that are strictly below `x`. */
function countBelow(a: readonly number[], x: number): number {
  return partitionPoint(a.length, (i) => (a[i] as number) < x);
}

function checkOffset(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} ${value} is outside 0..${max}`);
  }
}

/**
 * Length of `s` in Unicode code points (`[...s].length`, without building the array).
 * A surrogate pair counts 1; a lone surrogate counts 1.
 */
export function codePointLength(s: string): number {
  return s.length - astralStarts(s).length;
}

/**
 * Converts offsets in one immutable text between code points and UTF-16 code units.
 * O(1) per lookup when the text has no astral characters, O(log k) with k astral characters.
 * All offsets are boundaries (0 = before the first character, `length` = after the last).
 */
export class CodePointIndex {
  /** The text the index was built for. */
  readonly text: string;
  /** Length of {@link text} in code points. */
  readonly length: number;
  /** UTF-16 offset of each astral character's high surrogate, ascending. */
  readonly #astralU16: readonly number[];
  /** Code point offset of each astral character, ascending (same order as `#astralU16`). */
  readonly #astralCp: readonly number[];

  constructor(text: string) {
    this.text = text;
    const u16 = astralStarts(text);
    this.#astralU16 = Object.freeze(u16);
    this.#astralCp = Object.freeze(u16.map((u, k) => u - k));
    this.length = text.length - u16.length;
  }

  /**
   * UTF-16 offset of the code point offset `cp`.
   * @throws RangeError when `cp` is not an integer in `0..length`.
   */
  toUtf16(cp: number): number {
    checkOffset(cp, this.length, 'Code point offset');
    if (this.#astralCp.length === 0) return cp;
    return cp + countBelow(this.#astralCp, cp);
  }

  /**
   * Code point offset of the UTF-16 offset `u16`.
   * @throws RangeError when `u16` is not an integer in `0..text.length`, or when it falls
   * between the two halves of a surrogate pair (it is then no character boundary).
   */
  toCodePoint(u16: number): number {
    checkOffset(u16, this.text.length, 'UTF-16 offset');
    if (this.#astralU16.length === 0) return u16;
    const before = countBelow(this.#astralU16, u16);
    if (before > 0 && this.#astralU16[before - 1] === u16 - 1) {
      throw new RangeError(`UTF-16 offset ${u16} splits a surrogate pair`);
    }
    return u16 - before;
  }

  /**
   * The text between code point offsets `start` and `end` (half-open).
   * @throws RangeError when either offset is outside `0..length` or `end < start`.
   */
  slice(start: number, end: number): string {
    checkOffset(start, this.length, 'Start');
    checkOffset(end, this.length, 'End');
    if (end < start) throw new RangeError(`End ${end} is before start ${start}`);
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}
