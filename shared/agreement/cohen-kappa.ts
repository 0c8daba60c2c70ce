/**
 * Cohen's (1960) κ: chance-corrected agreement of two coders who put the same items into nominal
 * categories. `κ = (p_o − p_e) / (1 − p_e)`, with `p_o` the share of items the two put into the
 * same category and `p_e = Σ_k p_a(k) · p_b(k)` the agreement expected from each coder's own
 * distribution over the categories.
 *
 * @see Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
 * Psychological Measurement 20(1), 37–46.
 */
import { checkCount, type Category, type Coded } from './category.js';

/**
 * κ of the two coders' values, item by item (`a[i]` and `b[i]` are the two values of item `i`).
 * Items where either value is `null` (missing) are left out. Returns `null` when κ is undefined:
 * no item left, or `p_e = 1` (both coders put every item into one and the same category, so
 * there is no variation to agree on). Identical codings with variation give exactly 1; κ is
 * symmetric in `a` and `b`. Throws a RangeError when the lengths differ.
 */
export function cohenKappa(a: readonly Coded[], b: readonly Coded[]): number | null {
  if (a.length !== b.length) throw new RangeError(`the two codings have ${a.length} and ${b.length} items`);
  const counter = new CohenKappaCounter();
  for (let i = 0; i < a.length; i++) counter.add(a[i] ?? null, b[i] ?? null);
  return counter.result();
}

/**
 * {@link cohenKappa} taking the items one at a time, so that the codings never have to be held
 * in arrays: the same table, the same κ.
 */
export class CohenKappaCounter {
  /** Category → its row and column, in the order first seen (`a`'s value of an item before `b`'s). */
  readonly #index = new Map<Category, number>();
  /** `#table[x][y]`: items `a` put in category `x` and `b` in `y` (rows grow as categories come). */
  readonly #table: number[][] = [];

  /** Adds the next item: the two coders' values (left out when either is `null`). */
  add(x: Coded, y: Coded): void {
    if (x === null || y === null) return;
    const i = this.#at(x);
    const j = this.#at(y);
    const row = this.#table[i] as number[];
    row[j] = (row[j] ?? 0) + 1;
  }

  /** κ of the items added (`null` as {@link cohenKappa} says). */
  result(): number | null {
    const k = this.#index.size;
    return cohenKappaFromTable(this.#table.map((row) => Array.from({ length: k }, (_, j) => row[j] ?? 0)));
  }

  #at(value: Category): number {
    let i = this.#index.get(value);
    if (i === undefined) {
      i = this.#index.size;
      this.#index.set(value, i);
      this.#table.push([]);
    }
    return i;
  }
}

/**
 * κ from a square contingency table of counts: `table[i][j]` is the number of items coder A put
 * into category `i` and coder B into category `j`. Returns `null` when the table holds no item
 * or `p_e = 1`. Throws a RangeError when the table is not square or a count is not a whole
 * number ≥ 0.
 */
export function cohenKappaFromTable(table: readonly (readonly number[])[]): number | null {
  const k = table.length;
  const rows = new Array<number>(k).fill(0);
  const columns = new Array<number>(k).fill(0);
  let n = 0;
  let agree = 0;
  // Loops rather than forEach (tens of thousands of small tables in a report); holes skipped as forEach does.
  for (let i = 0; i < k; i++) {
    if (!(i in table)) continue;
    const row = table[i] as readonly number[];
    if (row.length !== k) throw new RangeError(`the table is not square: row ${i} has ${row.length} counts, not ${k}`);
    for (let j = 0; j < k; j++) {
      if (!(j in row)) continue;
      const count = row[j] as number;
      if (!Number.isInteger(count) || count < 0) checkCount(count, `count [${i}][${j}]`);
      rows[i] = (rows[i] as number) + count;
      columns[j] = (columns[j] as number) + count;
      n += count;
      if (i === j) agree += count;
    }
  }
  if (n === 0) return null;
  const po = agree / n;
  let pe = 0;
  for (let i = 0; i < k; i++) pe += ((rows[i] as number) / n) * ((columns[i] as number) / n);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}
