/**
 * The bridge between stored offsets (code points into the canonical text) and ProseMirror
 * positions in the editor's document.
 *
 * The editor shows the text as one paragraph per line, `text.split('\n')`: an empty line is an
 * empty paragraph and a trailing newline gives a last, empty paragraph. ProseMirror counts one
 * position per UTF-16 code unit of text and one per paragraph open or close token, so with
 * `u` the UTF-16 offset of a character on line `i`, its position is `u + 1 + i`; the `\n` that
 * ends line `i` sits at the end of paragraph `i`'s content.
 */

import { CodePointIndex } from './code-points';
import { partitionPoint } from './partition-point';

/** Index of the last entry of the ascending array `a` that is `<= x`; -1 when none is. */
function lastAtOrBelow(a: readonly number[], x: number): number {
  return partitionPoint(a.length, (i) => (a[i] as number) <= x) - 1;
}

/**
 * Maps code point offsets of one text to ProseMirror positions and back, in O(log lines) plus
 * the cost of {@link CodePointIndex}. Immutable.
 */
export class EditorPositions {
  /** The paragraphs' texts: `text.split('\n')`, so at least one (empty for an empty text). */
  readonly lines: readonly string[];
  readonly #index: CodePointIndex;
  /** Code point offset of each line's first character. */
  readonly #lineStartCp: readonly number[];
  /** UTF-16 offset of each line's first character. */
  readonly #lineStartU16: readonly number[];
  /** ProseMirror position of the start of each paragraph's content. */
  readonly #contentStart: readonly number[];
  /** Size of the document's content: the largest valid position. */
  readonly #size: number;

  constructor(text: string) {
    this.#index = new CodePointIndex(text);
    this.lines = Object.freeze(text.split('\n'));
    const startU16: number[] = [];
    let u16 = 0;
    for (const line of this.lines) {
      startU16.push(u16);
      u16 += line.length + 1;
    }
    this.#lineStartU16 = Object.freeze(startU16);
    this.#lineStartCp = Object.freeze(startU16.map((u) => this.#index.toCodePoint(u)));
    this.#contentStart = Object.freeze(startU16.map((u, i) => u + 1 + i));
    this.#size = text.length + this.lines.length + 1;
  }

  /**
   * ProseMirror position of the code point offset `cp` of the text. The offset of a `\n` (the
   * end of its line) is the end of that paragraph's content; the offset after it is the start
   * of the next paragraph's content, two positions further.
   * @throws RangeError when `cp` is not an integer in `0..` the text's length in code points.
   */
  toPos(cp: number): number {
    const u16 = this.#index.toUtf16(cp);
    const line = lastAtOrBelow(this.#lineStartCp, cp);
    return u16 + 1 + line;
  }

  /**
   * Code point offset of the ProseMirror position `pos`. Positions inside a paragraph's content
   * (its edges included) map exactly. A position on a paragraph boundary clamps to the nearest
   * text offset: 0 (before the first paragraph) maps to 0, the start of the first line; the
   * position between paragraphs `i` and `i + 1` maps to the end of line `i` (the offset of its
   * `\n`), and the position after the last paragraph to the end of the text.
   * @throws RangeError when `pos` is not an integer in `0..` the document's content size
   * (`text.length + lines.length + 1` in UTF-16 units), or when it falls between the two halves
   * of a surrogate pair.
   */
  fromPos(pos: number): number {
    if (!Number.isInteger(pos) || pos < 0 || pos > this.#size) {
      throw new RangeError(`Position ${pos} is outside 0..${this.#size}`);
    }
    const line = lastAtOrBelow(this.#contentStart, pos);
    if (line < 0) return 0;
    const length = (this.lines[line] as string).length;
    const inLine = Math.min(pos - (this.#contentStart[line] as number), length);
    return this.#index.toCodePoint((this.#lineStartU16[line] as number) + inLine);
  }
}
