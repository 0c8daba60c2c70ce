/**
 * The units × coders matrix of token-level agreement, held compactly (internal to
 * `shared/agreement/`): categories as small ids, and each token's row of categories as the id of
 * a distinct row. A few labels over millions of tokens make only a few distinct rows, so what a
 * counter works out for a row is worked out once per row id.
 */
import type { Coded } from './category.js';

/** The categories of a report as ids `0 … size − 1`, in the order given; a name given twice is one category. */
export class Categories {
  readonly #ids = new Map<string, number>();
  readonly #names: string[] = [];

  constructor(names: Iterable<string>) {
    for (const name of names) {
      if (this.#ids.has(name)) continue;
      this.#ids.set(name, this.#names.length);
      this.#names.push(name);
    }
  }

  get size(): number {
    return this.#names.length;
  }

  /** The id of `name`; throws a RangeError for a name not given. */
  id(name: string): number {
    const id = this.#ids.get(name);
    if (id === undefined) throw new RangeError(`no category "${name}"`);
    return id;
  }

  name(id: number): string {
    return this.#names[id] as string;
  }
}

/**
 * Distinct rows of `width` coders' category ids (`-1` for a coder without a value), each given a
 * row id in the order first interned.
 */
export class RowTable {
  readonly #width: number;
  /** Row `d` is `#values[d * width …]`. */
  #values: Int32Array;
  readonly #nonNull: number[] = [];
  #rows = 0;
  /** Row code → row id: a flat array when the codes are few, else a map. */
  readonly #direct: Int32Array | undefined;
  readonly #byCode = new Map<number | string, number>();
  readonly #base: number;
  readonly #exact: boolean;

  /** `width` coders, categories `0 … categories − 1`. */
  constructor(width: number, categories: number) {
    this.#width = width;
    this.#base = categories + 1;
    const codes = this.#base ** width;
    this.#exact = Number.isSafeInteger(codes);
    this.#direct = codes <= 1 << 16 ? new Int32Array(codes).fill(-1) : undefined;
    this.#values = new Int32Array(Math.max(1, width) * 16);
  }

  /** Distinct rows interned. */
  get size(): number {
    return this.#rows;
  }

  /** The row id of `values` (`width` ids, `-1` for none), interned now when new. */
  intern(values: Int32Array): number {
    let code = 0;
    let scale = 1;
    for (let i = 0; i < this.#width; i++) {
      code += ((values[i] as number) + 1) * scale;
      scale *= this.#base;
    }
    if (this.#direct !== undefined) {
      const known = this.#direct[code] as number;
      if (known >= 0) return known;
      const d = this.#add(values);
      this.#direct[code] = d;
      return d;
    }
    const key = this.#exact ? code : values.join(',');
    const known = this.#byCode.get(key);
    if (known !== undefined) return known;
    const d = this.#add(values);
    this.#byCode.set(key, d);
    return d;
  }

  /** Every row interned so far, row after row (`width` ids each): what {@link internRows} takes. */
  rowValues(): Int32Array {
    return this.#values.slice(0, this.#rows * this.#width);
  }

  /** Interns `rows` rows of `values` (as {@link rowValues} gives them, of the same width), in order; returns their ids here. */
  internRows(values: Int32Array, rows: number): Int32Array {
    const ids = new Int32Array(rows);
    for (let d = 0; d < rows; d++) ids[d] = this.intern(values.subarray(d * this.#width, (d + 1) * this.#width));
    return ids;
  }

  /** The category id of coder `i` in row `d`, `-1` for none. */
  value(d: number, i: number): number {
    return this.#values[d * this.#width + i] as number;
  }

  /** How many coders of row `d` have a value. */
  values(d: number): number {
    return this.#nonNull[d] as number;
  }

  /**
   * Row `d` as the counters take it: for each of `coders` (column indexes), `null` for none, else
   * the name of `map(category)`.
   */
  coded(d: number, coders: readonly number[], name: (category: number) => string, map: Int32Array): Coded[] {
    return coders.map((i) => {
      const v = this.value(d, i);
      return v < 0 ? null : name(map[v] as number);
    });
  }

  #add(values: Int32Array): number {
    const d = this.#rows++;
    if ((d + 1) * this.#width > this.#values.length) {
      const grown = new Int32Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    let n = 0;
    for (let i = 0; i < this.#width; i++) {
      const v = values[i] as number;
      this.#values[d * this.#width + i] = v;
      if (v >= 0) n++;
    }
    this.#nonNull.push(n);
    return d;
  }
}

/**
 * Row id → a number (a counter's key, a position), for one pass at a time; {@link reset} forgets
 * the numbers set since the last reset, so one cache serves pass after pass. Grows as needed.
 */
export class KeyCache {
  static readonly UNSET = -2;
  #keys = new Int32Array(64).fill(KeyCache.UNSET);
  readonly #set: number[] = [];

  get(d: number): number {
    return d < this.#keys.length ? (this.#keys[d] as number) : KeyCache.UNSET;
  }

  set(d: number, key: number): void {
    if (d >= this.#keys.length) {
      const grown = new Int32Array(Math.max(d + 1, this.#keys.length * 2)).fill(KeyCache.UNSET);
      grown.set(this.#keys);
      this.#keys = grown;
    }
    this.#keys[d] = key;
    this.#set.push(d);
  }

  reset(): void {
    for (const d of this.#set) this.#keys[d] = KeyCache.UNSET;
    this.#set.length = 0;
  }
}
