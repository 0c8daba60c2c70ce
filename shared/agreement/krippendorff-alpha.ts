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

/**
 * α of a units × coders matrix (`matrix[u][c]` is coder `c`'s value for unit `u`, `null` when
 * the coder gave none). Units with fewer than two values are not pairable and are left out; the
 * rows may differ in length (a short row lacks the last coders' values). Returns `null` when α is
 * undefined: no pairable unit, or `D_e = 0` (every value is the same category). Identical codings
 * with variation give exactly 1; α does not depend on the order of units or coders.
 */
export function krippendorffAlpha(matrix: readonly (readonly Coded[])[]): number | null {
  const totals = new Map<Category, number>();
  let observed = 0;
  let n = 0;
  for (const row of matrix) {
    const counts = new Map<Category, number>();
    let m = 0;
    for (const value of row) {
      if (value === null) continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    let squares = 0;
    for (const [value, c] of counts) {
      squares += c * c;
      totals.set(value, (totals.get(value) ?? 0) + c);
    }
    observed += (m * m - squares) / (m - 1);
    n += m;
  }
  if (n === 0) return null;
  let squares = 0;
  for (const c of totals.values()) squares += c * c;
  const expected = n * n - squares;
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}
