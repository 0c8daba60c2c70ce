/**
 * Binary search, once for the whole codebase: the offset maps, the span and decoration lists and
 * the token lists all ask "how many leading entries of this sorted list are before x".
 */

/**
 * The number of leading indices of `0 … count − 1` for which `before` holds, given that it holds
 * for a prefix of them and for none after (a sorted list asked "is entry i before x?"): the index
 * of the first entry that is not before, `count` when all are, 0 when `count` ≤ 0. Calls `before`
 * O(log count) times, never outside `0 … count − 1`.
 */
export function partitionPoint(count: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
