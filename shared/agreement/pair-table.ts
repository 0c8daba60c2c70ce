/**
 * The table behind Cohen's κ of two coders over items whose categories are small numbers (ids),
 * kept so that κ can be taken of the whole, of each label against the rest, and of tables added
 * together, without passing over the items again (internal to `shared/agreement/`). It keeps
 * what `CohenKappaCounter` keeps — the count of each pair of categories, and the order in
 * which categories were first seen (the first coder's value of an item before the second's),
 * which is the row order of the table and so the order κ's sums are taken in — and gives the
 * same κ to the last bit.
 */
import { cohenKappaFromTable } from './cohen-kappa.js';

/** A {@link PairTable} as plain data: what {@link PairTable.addTable} adds. */
export interface PairTablePart {
  /** `counts[x * size + y]`. */
  readonly counts: readonly number[];
  /** Categories in the order first seen. */
  readonly order: readonly number[];
  readonly items: number;
}

export class PairTable {
  readonly #size: number;
  /** `#counts[x * size + y]`: items the first coder put in `x` and the second in `y`. */
  readonly #counts: number[] = [];
  /** Categories in the order first seen. */
  readonly #order: number[] = [];
  readonly #seen: boolean[] = [];
  #items = 0;

  /** `size`: categories are the ids `0 … size − 1`. */
  constructor(size: number) {
    this.#size = size;
    // Plain arrays (a few dozen entries, tens of thousands of tables): cheaper to make than typed ones.
    for (let k = 0; k < size * size; k++) this.#counts.push(0);
    for (let c = 0; c < size; c++) this.#seen.push(false);
  }

  /** Items added. */
  get items(): number {
    return this.#items;
  }

  /** Adds the next item: the first coder's category `x`, the second's `y`. */
  add(x: number, y: number): void {
    if (!this.#seen[x]) this.#see(x);
    if (!this.#seen[y]) this.#see(y);
    this.#counts[x * this.#size + y] = (this.#counts[x * this.#size + y] as number) + 1;
    this.#items++;
  }

  /** Adds the items of `later` (of the same size), as if they came after this table's. */
  addTable(later: PairTable | PairTablePart): void {
    const part = later instanceof PairTable ? later.part() : later;
    for (const c of part.order) if (!this.#seen[c]) this.#see(c);
    for (let k = 0; k < this.#counts.length; k++) this.#counts[k] = (this.#counts[k] as number) + (part.counts[k] as number);
    this.#items += part.items;
  }

  /** The table as plain data (not a copy: read it, do not change it). */
  part(): PairTablePart {
    return { counts: this.#counts, order: this.#order, items: this.#items };
  }

  /**
   * Cohen's κ of the items with each category `c` taken as `map(c)` (default: as it is), as
   * `CohenKappaCounter` gives it for the mapped items added in the same order; `null`
   * where it is undefined.
   */
  kappa(map: (category: number) => number = (c) => c): number | null {
    // The mapped categories, first seen in the order of the first categories that map to them.
    const position = new Map<number, number>();
    for (const c of this.#order) {
      const m = map(c);
      if (!position.has(m)) position.set(m, position.size);
    }
    const k = position.size;
    const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (const x of this.#order) {
      const row = table[position.get(map(x)) as number] as number[];
      for (const y of this.#order) {
        const count = this.#counts[x * this.#size + y] as number;
        if (count === 0) continue;
        const j = position.get(map(y)) as number;
        row[j] = (row[j] as number) + count;
      }
    }
    return cohenKappaFromTable(table);
  }

  #see(category: number): void {
    this.#seen[category] = true;
    this.#order.push(category);
  }
}
