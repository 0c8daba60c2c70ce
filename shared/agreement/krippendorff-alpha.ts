/**
 * Krippendorff's α for nominal data, any number of coders, missing values allowed.
 * `α = 1 − D_o / D_e`, computed from the coincidence matrix: every unit with `m_u ≥ 2` values
 * adds `1 / (m_u − 1)` for each ordered pair of its values (from different coders); with `n_c`
 * the coincidences of value `c` and `n = Σ n_c`, `α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k`.
 *
 * @see Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
 * https://repository.upenn.edu/asc_papers/43 (section C: nominal data, any number of
 * observers, missing data; α = 0.743 on its example)
 */
import type { Category, Coded } from './category.js';
import { RowTrie } from './row-trie.js';

/**
 * α of a units × coders matrix (`matrix[u][c]` is coder `c`'s value for unit `u`, `null` when
 * the coder gave none). Units with fewer than two values are not pairable and are left out; the
 * rows may differ in length (a short row lacks the last coders' values). Returns `null` when α is
 * undefined: no pairable unit, or `D_e = 0` (every value is the same category). Identical codings
 * with variation give exactly 1; α does not depend on the order of units or coders.
 */
export function krippendorffAlpha(matrix: readonly (readonly Coded[])[]): number | null {
  const counter = new KrippendorffAlphaCounter();
  for (const row of matrix) counter.add(row);
  return counter.result();
}

/**
 * {@link krippendorffAlpha} taking the units one at a time, so that a large matrix never has to
 * be built (a row passed to {@link add} may be reused by the caller afterwards). The same sums in
 * the same order: the same α, to the last bit. Rows repeat (a few labels over many tokens), so
 * what a row adds is worked out once per distinct row and looked up after.
 */
export class KrippendorffAlphaCounter {
  /** Distinct rows seen, as a trie over their values; each leaf what that row adds. */
  readonly #rows = new RowTrie<UnitTerms>();
  readonly #seen: UnitTerms[] = [];
  #observed = 0;

  /** Adds the next unit: the coders' values, `null` for none (a unit with fewer than two values is left out). */
  add(row: readonly Coded[]): void {
    this.addKey(this.key(row));
  }

  /**
   * The key of `row` among the distinct rows seen (registered now when new, in the order
   * {@link add} would first see it; registering adds no unit). For callers that meet the same
   * rows over and over: `addKey(key(row))` is `add(row)`, and a key kept is `add` of its row
   * without looking the row up again. Keys are this counter's own.
   */
  key(row: readonly Coded[]): number {
    let terms = this.#rows.find(row);
    if (terms === undefined) {
      terms = unitTerms(row, this.#seen.length);
      this.#rows.set(row, terms);
      this.#seen.push(terms);
    }
    return terms.key;
  }

  /** Adds the next unit: the row of `key` (from {@link key} of this counter). */
  addKey(key: number): void {
    const terms = this.#seen[key] as UnitTerms;
    terms.uses += 1;
    if (terms.values >= 2) this.#observed += terms.observed;
  }

  /** What one unit of the row of `key` adds to the observed disagreement (the sum that {@link addKey} takes in unit order). */
  term(key: number): number {
    const terms = this.#seen[key] as UnitTerms;
    return terms.values >= 2 ? terms.observed : 0;
  }

  /**
   * Adds `times` units of the row of `key` at once: `times` calls of {@link addKey}, the sum
   * taken as `term × times`. That is the same sum, to the last bit, only when every unit this
   * counter takes has a whole-number {@link term} and all sums stay below 2^53 (whole numbers
   * add exactly, in any order): the caller checks that before.
   */
  addKeyTimes(key: number, times: number): void {
    const terms = this.#seen[key] as UnitTerms;
    terms.uses += times;
    if (terms.values >= 2) this.#observed += terms.observed * times;
  }

  /** α of the units added (`null` as {@link krippendorffAlpha} says). */
  result(): number | null {
    // Whole numbers only here: their sums are exact in any order.
    let n = 0;
    const totals = new Map<Category, number>();
    for (const terms of this.#seen) {
      if (terms.values < 2 || terms.uses === 0) continue;
      n += terms.values * terms.uses;
      for (const [value, c] of terms.counts) totals.set(value, (totals.get(value) ?? 0) + c * terms.uses);
    }
    if (n === 0) return null;
    let squares = 0;
    for (const c of totals.values()) squares += c * c;
    const expected = n * n - squares;
    if (expected === 0) return null;
    return 1 - ((n - 1) * this.#observed) / expected;
  }
}

/** What one unit adds to α: its values per category, their number `m`, and `(m² − Σ c²) / (m − 1)`. */
interface UnitTerms {
  /** Its index in the distinct rows seen. */
  readonly key: number;
  readonly counts: ReadonlyMap<Category, number>;
  readonly values: number;
  readonly observed: number;
  uses: number;
}

function unitTerms(row: readonly Coded[], key: number): UnitTerms {
  const counts = new Map<Category, number>();
  let m = 0;
  for (const value of row) {
    if (value === null) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    m++;
  }
  let squares = 0;
  for (const c of counts.values()) squares += c * c;
  return { key, counts, values: m, observed: m < 2 ? 0 : (m * m - squares) / (m - 1), uses: 0 };
}
