/**
 * What the coefficients of this folder compare: nominal categories (labels), with `null` for a
 * value a coder did not give (missing data).
 */

/** A nominal category: two values agree exactly when they are `===`. */
export type Category = string | number;

/** A coder's value for one unit, or `null` when the coder gave none (missing data). */
export type Coded = Category | null;

/** Throws a RangeError unless `n` is a finite count (an integer ≥ 0). */
export function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, not ${n}`);
}
