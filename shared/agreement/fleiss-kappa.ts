/**
 * Fleiss' (1971) κ: chance-corrected agreement of any fixed number `n ≥ 2` of raters per subject
 * (not necessarily the same raters for every subject) over nominal categories.
 * `κ = (P̄ − P̄_e) / (1 − P̄_e)`, with `P_i = (Σ_j n_ij² − n) / (n (n − 1))` the agreement on
 * subject `i`, `P̄` their mean, `p_j` the share of all ratings in category `j` and `P̄_e = Σ_j p_j²`.
 *
 * @see Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
 * Bulletin 76(5), 378–382.
 */
import { checkCount, type Category, type Coded } from './category.js';
import { RowTrie } from './row-trie.js';

/**
 * κ of a units × raters matrix of ratings (`ratings[u][r]` is rater `r`'s category for unit `u`).
 * Fleiss' κ needs the same number of ratings on every unit, so a unit with any `null` (missing)
 * is left out. Returns `null` when κ is undefined: fewer than two raters, no complete unit, or
 * `P̄_e = 1` (every rating in one category). Throws a RangeError when rows differ in length.
 */
export function fleissKappa(ratings: readonly (readonly Coded[])[]): number | null {
  const width = ratings[0]?.length ?? 0;
  if (width < 2) return null;
  const counter = new FleissKappaCounter(width);
  for (const row of ratings) counter.add(row);
  return counter.result();
}

/**
 * {@link fleissKappa} taking the units one at a time, so that a large matrix never has to be
 * built (a row passed to {@link add} may be reused by the caller afterwards). The same sums in
 * the same order: the same κ, to the last bit. What a row adds is worked out once per distinct
 * row and looked up after.
 */
export class FleissKappaCounter {
  readonly #width: number;
  /** Category → its column, in the order first rated (the column order of Fleiss' table). */
  readonly #index = new Map<Category, number>();
  /** Distinct complete rows seen, each with what it adds. */
  readonly #rows = new RowTrie<SubjectTerms>();
  readonly #seen: SubjectTerms[] = [];
  /** Σ over the complete units of `(Σ_j n_ij² − n) / (n (n − 1))`, in unit order. */
  #agreement = 0;
  #subjects = 0;
  #units = 0;

  /** `width`: the ratings every unit has (at least 2). */
  constructor(width: number) {
    if (!Number.isInteger(width) || width < 2) throw new RangeError(`Fleiss' κ needs at least two ratings per subject, not ${width}`);
    this.#width = width;
  }

  /** Adds the next unit; one with any `null` is left out. Throws a RangeError for a row of another length. */
  add(row: readonly Coded[]): void {
    if (row.length !== this.#width) {
      const u = this.#units;
      this.#units += 1;
      throw new RangeError(`unit ${u} has ${row.length} ratings, not ${this.#width}`);
    }
    this.addKey(this.key(row));
  }

  /**
   * The key of `row` among the distinct complete rows seen (registered now when new, its
   * categories given their columns, in the order {@link add} would first see it; registering
   * adds no unit), or -1 for a row with a `null`. `addKey(key(row))` is `add(row)`, and a key
   * kept is `add` of its row without looking the row up again. Throws a RangeError for a row of
   * another length. Keys are this counter's own.
   */
  key(row: readonly Coded[]): number {
    if (row.length !== this.#width) throw new RangeError(`unit ${this.#units} has ${row.length} ratings, not ${this.#width}`);
    for (const value of row) if (value === null) return -1;
    let terms = this.#rows.find(row);
    if (terms === undefined) {
      terms = this.#subjectTerms(row as readonly Category[]);
      this.#rows.set(row, terms);
      this.#seen.push(terms);
    }
    return terms.key;
  }

  /** Adds the next unit: the row of `key` (from {@link key} of this counter; -1 is a unit left out). */
  addKey(key: number): void {
    this.#units += 1;
    if (key < 0) return;
    const terms = this.#seen[key] as SubjectTerms;
    terms.uses += 1;
    this.#agreement += terms.agreement;
    this.#subjects += 1;
  }

  /** What one unit of the row of `key` adds to the agreement sum `Σ P_i` (0 for a unit left out). */
  term(key: number): number {
    return key < 0 ? 0 : (this.#seen[key] as SubjectTerms).agreement;
  }

  /**
   * Adds `times` units of the row of `key` at once: `times` calls of {@link addKey}, the sum
   * taken as `term × times`. That is the same sum, to the last bit, only when every unit this
   * counter takes has a whole-number {@link term} and all sums stay below 2^53 (whole numbers
   * add exactly, in any order): the caller checks that before.
   */
  addKeyTimes(key: number, times: number): void {
    this.#units += times;
    if (key < 0) return;
    const terms = this.#seen[key] as SubjectTerms;
    terms.uses += times;
    this.#agreement += terms.agreement * times;
    this.#subjects += times;
  }

  /** κ of the units added (`null` as {@link fleissKappa} says). */
  result(): number | null {
    if (this.#subjects === 0) return null;
    const n = this.#width;
    // Whole numbers: exact in any order.
    const totals = new Array<number>(this.#index.size).fill(0);
    for (const terms of this.#seen) for (const [j, c] of terms.counts) totals[j] = (totals[j] as number) + c * terms.uses;
    const all = this.#subjects * n;
    const pBar = this.#agreement / this.#subjects;
    const peBar = totals.reduce((s, t) => s + (t / all) ** 2, 0);
    if (peBar >= 1) return null;
    return (pBar - peBar) / (1 - peBar);
  }

  /** The ratings per column of a complete row (columns of new categories made in row order) and its `P_i`. */
  #subjectTerms(row: readonly Category[]): SubjectTerms {
    const counts = new Map<number, number>();
    for (const value of row) {
      let j = this.#index.get(value);
      if (j === undefined) {
        j = this.#index.size;
        this.#index.set(value, j);
      }
      counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    let squares = 0;
    for (const c of counts.values()) squares += c * c;
    const n = this.#width;
    return { key: this.#seen.length, counts, agreement: (squares - n) / (n * (n - 1)), uses: 0 };
  }
}

/** What one complete unit adds: ratings per column and its agreement `P_i`. */
interface SubjectTerms {
  /** Its index in the distinct rows seen. */
  readonly key: number;
  readonly counts: ReadonlyMap<number, number>;
  readonly agreement: number;
  uses: number;
}

/**
 * κ from Fleiss' own table: subjects × categories, `counts[i][j]` the number of raters who put
 * subject `i` into category `j`; every row must add up to the same `n ≥ 2`. Returns `null` when
 * there is no subject or `P̄_e = 1`. Throws a RangeError when a count is not a whole number ≥ 0,
 * rows differ in length or in their sum, or `n < 2`.
 */
export function fleissKappaFromCounts(counts: readonly (readonly number[])[]): number | null {
  if (counts.length === 0) return null;
  const k = (counts[0] as readonly number[]).length;
  const n = (counts[0] as readonly number[]).reduce((s, c) => s + c, 0);
  if (n < 2) throw new RangeError(`Fleiss' κ needs at least two ratings per subject, not ${n}`);
  const totals = new Array<number>(k).fill(0);
  let agreement = 0;
  counts.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`subject ${i} has ${row.length} categories, not ${k}`);
    let sum = 0;
    let squares = 0;
    row.forEach((c, j) => {
      checkCount(c, `count [${i}][${j}]`);
      sum += c;
      squares += c * c;
      totals[j] = (totals[j] as number) + c;
    });
    if (sum !== n) throw new RangeError(`subject ${i} has ${sum} ratings, not ${n} as the first`);
    agreement += (squares - n) / (n * (n - 1));
  });
  const all = counts.length * n;
  const pBar = agreement / counts.length;
  const peBar = totals.reduce((s, t) => s + (t / all) ** 2, 0);
  if (peBar >= 1) return null;
  return (pBar - peBar) / (1 - peBar);
}
