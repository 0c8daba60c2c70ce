/**
 * The matching key of a text: the folded string that search, "annotate all occurrences" and
 * suggestions compare, with a map from every position of the key back to the text. The stored
 * text is never changed; only the key is folded (DOMAIN.md §2, "Matching key vs stored text").
 */

import { KEEP, SPACE, UNIT_CLASS, UNIT_FOLD } from './char-classes';
import { partitionPoint } from '../text/partition-point';

/**
 * A folded copy of a text and the way back. Immutable; build it once per text and reuse it
 * (texts never change after import).
 */
export interface MatchingKey {
  /** The folded text (see {@link matchingKey}). */
  readonly key: string;
  /**
   * Code point offset in the text of the character that gave the key's UTF-16 unit `keyIndex`
   * (for a space that stands for a run of whitespace: the run's first character; for either
   * half of a surrogate pair: the astral character). Also defined at `key.length`, where it is
   * the text's length in code points.
   * @throws RangeError when `keyIndex` is not an integer in `0..key.length`.
   */
  toText(keyIndex: number): number;
  /** As {@link toText}, but a **UTF-16** offset in the text (for slicing it). */
  toTextUtf16(keyIndex: number): number;
}

// Local bindings of the tables: the hot loop then reads module variables, not import bindings
// (which some module loaders, such as Vitest's, turn into getter calls).
const CLASS_OF: Uint8Array = UNIT_CLASS;
const FOLD_OF: Uint16Array = UNIT_FOLD;
const KEPT: number = KEEP;
const SPACED: number = SPACE;

/** Key units per `String.fromCharCode` call when the key string is assembled. */
const CHUNK = 8192;

class FoldedText implements MatchingKey {
  readonly key: string;
  /** Key indices where a run of the map starts, ascending, the first 0. */
  readonly #runKey: Int32Array;
  /** UTF-16 offset in the text of each run's first key unit. */
  readonly #runU16: Int32Array;
  /** Code point offset in the text of each run's first key unit. */
  readonly #runCp: Int32Array;

  constructor(key: string, runKey: Int32Array, runU16: Int32Array, runCp: Int32Array) {
    this.key = key;
    this.#runKey = runKey;
    this.#runU16 = runU16;
    this.#runCp = runCp;
    Object.freeze(this);
  }

  #run(keyIndex: number): number {
    if (!Number.isInteger(keyIndex) || keyIndex < 0 || keyIndex > this.key.length) {
      throw new RangeError(`Key index ${keyIndex} is outside 0..${this.key.length}`);
    }
    const runs = this.#runKey;
    return partitionPoint(runs.length, (i) => (runs[i] as number) <= keyIndex) - 1;
  }

  toText(keyIndex: number): number {
    const run = this.#run(keyIndex);
    return (this.#runCp[run] as number) + keyIndex - (this.#runKey[run] as number);
  }

  toTextUtf16(keyIndex: number): number {
    const run = this.#run(keyIndex);
    return (this.#runU16[run] as number) + keyIndex - (this.#runKey[run] as number);
  }
}

/**
 * Builds the matching key of `text` in one pass. The key:
 * - folds alef variants `أ إ آ ٱ` to `ا`, `ى` to `ي`, `ة` to `ه`, Persian `ی`/`ک` to `ي`/`ك`,
 *   Arabic-Indic `٠-٩` and Persian `۰-۹` digits to `0-9`, and lower-cases Latin letters (Basic
 *   Latin to Latin Extended-B, where that keeps one unit);
 * - leaves out the tatweel U+0640, the Arabic combining marks (U+064B–065F and U+0670 as DOMAIN
 *   §2 lists, and also U+0610–061A, U+06D6–06DC, U+06DF–06E4, U+06E7–06E8, U+06EA–06ED), the
 *   bidi and format controls U+200B–200F, U+061C, U+202A–202E, U+2066–2069, and U+FEFF;
 * - turns every run of whitespace (line breaks, no-break and other Unicode spaces), even one
 *   interrupted by left-out characters, into one space `' '` (kept at the ends, not trimmed);
 * - keeps everything else as it is, astral characters (emoji) included.
 *
 * Each text code point gives at most one key code point, so a key span maps back to whole text
 * characters. Memory: the key string plus one small run entry per place where text and key stop
 * moving in step (a left-out character, a collapsed space, an astral character); a text with
 * none of them gives the text itself as key.
 */
export function matchingKey(text: string): MatchingKey {
  const n = text.length;
  const out = new Uint16Array(n);
  const runs = new RunsBuilder();
  let k = 0;
  let cp = 0;
  /** Text UTF-16 offset minus key index, and text code point offset minus key index, in the current run. */
  let deltaU16 = 0;
  let deltaCp = 0;
  let changed = false;
  let loneSurrogate = false;
  let afterSpace = false;

  for (let i = 0; i < n; i++, cp++) {
    const unit = text.charCodeAt(i);
    const kind = CLASS_OF[unit] as number;
    let emitted = unit;
    if (kind === KEPT) {
      afterSpace = false;
      if (unit >= 0xd800 && unit <= 0xdfff) {
        const low = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (unit <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          if (i - k !== deltaU16 || cp - k !== deltaCp) runs.add(k, i, cp);
          out[k++] = unit;
          // The low half maps to the same code point: a run of its own.
          runs.add(k, i + 1, cp);
          deltaU16 = i + 1 - k;
          deltaCp = cp - k;
          out[k++] = low;
          i++;
          continue;
        }
        loneSurrogate = true;
      } else {
        emitted = FOLD_OF[unit] as number;
        if (emitted !== unit) changed = true;
      }
    } else if (kind === SPACED) {
      if (unit !== 0x20 || afterSpace) changed = true;
      if (afterSpace) continue;
      afterSpace = true;
      emitted = 0x20;
    } else {
      // STRIP_MARK or STRIP_FORMAT: nothing in the key.
      changed = true;
      continue;
    }
    if (i - k !== deltaU16 || cp - k !== deltaCp) {
      runs.add(k, i, cp);
      deltaU16 = i - k;
      deltaCp = cp - k;
    }
    out[k++] = emitted;
  }
  if (n - k !== deltaU16 || cp - k !== deltaCp) runs.add(k, n, cp);

  let key = text;
  if (changed) key = loneSurrogate ? fromUnits(out.subarray(0, k)) : utf16.decode(out.subarray(0, k));
  return new FoldedText(key, runs.keys(), runs.u16s(), runs.cps());
}

/** Decodes well-formed UTF-16 (a lone surrogate would become U+FFFD: see {@link fromUnits}). */
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/** The string of `units` exactly, lone surrogates included. */
function fromUnits(units: Uint16Array): string {
  const parts: string[] = [];
  for (let from = 0; from < units.length; from += CHUNK) {
    parts.push(String.fromCharCode(...units.subarray(from, Math.min(units.length, from + CHUNK))));
  }
  return parts.join('');
}

/** The runs of the offset map, grown in typed arrays; a run added at the last run's key index replaces it. */
class RunsBuilder {
  #key: Int32Array = new Int32Array(16);
  #u16: Int32Array = new Int32Array(16);
  #cp: Int32Array = new Int32Array(16);
  #length = 1;

  add(keyIndex: number, u16: number, cp: number): void {
    let at = this.#length;
    if (this.#key[at - 1] === keyIndex) at--;
    else if (at === this.#key.length) {
      this.#key = grow(this.#key);
      this.#u16 = grow(this.#u16);
      this.#cp = grow(this.#cp);
    }
    this.#key[at] = keyIndex;
    this.#u16[at] = u16;
    this.#cp[at] = cp;
    this.#length = at + 1;
  }

  keys(): Int32Array {
    return this.#key.slice(0, this.#length);
  }

  u16s(): Int32Array {
    return this.#u16.slice(0, this.#length);
  }

  cps(): Int32Array {
    return this.#cp.slice(0, this.#length);
  }
}

function grow(a: Int32Array): Int32Array {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

let last: { readonly text: string; readonly key: MatchingKey } | undefined;

/** Internal: the key of `text`, reused while the same text is asked about again. */
export function cachedMatchingKey(text: string): MatchingKey {
  if (last?.text !== text) last = { text, key: matchingKey(text) };
  return last.key;
}
