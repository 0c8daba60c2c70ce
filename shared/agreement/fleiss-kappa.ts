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

/**
 * κ of a units × raters matrix of ratings (`ratings[u][r]` is rater `r`'s category for unit `u`).
 * Fleiss' κ needs the same number of ratings on every unit, so a unit with any `null` (missing)
 * is left out. Returns `null` when κ is undefined: fewer than two raters, no complete unit, or
 * `P̄_e = 1` (every rating in one category). Throws a RangeError when rows differ in length.
 */
export function fleissKappa(ratings: readonly (readonly Coded[])[]): number | null {
  const width = ratings[0]?.length ?? 0;
  if (width < 2) return null;
  const index = new Map<Category, number>();
  const counts: number[][] = [];
  ratings.forEach((row, u) => {
    if (row.length !== width) throw new RangeError(`unit ${u} has ${row.length} ratings, not ${width}`);
    if (row.some((v) => v === null)) return;
    const line: number[] = new Array<number>(index.size).fill(0);
    for (const value of row as readonly Category[]) {
      let j = index.get(value);
      if (j === undefined) {
        j = index.size;
        index.set(value, j);
      }
      line[j] = (line[j] ?? 0) + 1;
    }
    counts.push(line);
  });
  const k = index.size;
  return fleissKappaFromCounts(counts.map((line) => Array.from({ length: k }, (_, j) => line[j] ?? 0)));
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
