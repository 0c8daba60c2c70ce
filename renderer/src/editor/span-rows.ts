/**
 * Stacking rows for drawing overlapping spans: each span is underlined at its row's depth, so
 * nested and overlapping spans — also two of the same label — stay visibly distinct.
 * A span's row is one more than the highest row of any shorter (or equally long, earlier)
 * span it overlaps, so a span always sits below everything it contains.
 *
 * Pure: offsets are whatever unit the caller uses, consistently (code points here).
 */
import { partitionPoint } from '../../../shared/text/partition-point';
export interface RowInput {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/** Clusters up to this size are placed by comparing every pair; larger ones use {@link MaxTree}. */
const PAIRWISE_MAX = 32;

/**
 * The row of every span, by id (0 = the top row, drawn closest to the text). The map's
 * iteration order is not part of the contract.
 *
 * Spans are placed one by one, ordered by length, then start, then id; each gets one more than
 * the highest row among the already placed spans it overlaps (`a.start < b.end && b.start < a.end`,
 * so touching spans do not overlap and an empty span overlaps only spans strictly around its
 * offset), or 0 when it overlaps none. With a repeated id the last placed span's row wins.
 *
 * O(n log n) in the number of spans; see {@link spanRowsByIndex}.
 * @throws RangeError when a span ends before it starts.
 */
export function spanRows(spans: readonly RowInput[]): ReadonlyMap<string, number> {
  const row = spanRowsByIndex(spans);
  const rows = new Map<string, number>();
  spans.forEach((span, i) => rows.set(span.id, row[i] as number));
  return rows.size === spans.length ? rows : lastPlacedRows(spans, row);
}

/**
 * The row of each span as placed by {@link spanRows}, by position in `spans` (also when ids
 * repeat: each span its own row). Cheaper than the map when the caller walks the same array.
 *
 * O(n log n) in the number of spans, O(n) for spans sorted by start with few overlaps. A sweep
 * by start cuts the spans into clusters that no span overlaps across; rows within one cluster
 * do not depend on any other. Most spans sit alone in theirs (row 0); a small cluster is placed
 * pair by pair, a large one with a max segment tree over its ranked endpoints.
 *
 * @throws RangeError when a span ends before it starts.
 */
export function spanRowsByIndex(spans: readonly RowInput[]): Int32Array {
  const n = spans.length;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const span = spans[i] as RowInput;
    if (span.end < span.start) throw new RangeError(`Span ${span.id} ends (${span.end}) before it starts (${span.start})`);
    if (i > 0 && span.start < (spans[i - 1] as RowInput).start) sorted = false;
  }
  const byStart = new Int32Array(n);
  for (let i = 0; i < n; i++) byStart[i] = i;
  if (!sorted) byStart.sort((a, b) => (spans[a] as RowInput).start - (spans[b] as RowInput).start);

  const row = new Int32Array(n);
  let first = 0;
  let reach = -Infinity;
  for (let k = 0; k < n; k++) {
    const span = spans[byStart[k] as number] as RowInput;
    // No span seen so far reaches past this start: none of them overlaps this one or any later.
    if (span.start >= reach) {
      if (k - first > 1) placeOrReuse(spans, byStart.subarray(first, k), row);
      first = k;
    }
    if (span.end > reach) reach = span.end;
  }
  if (n - first > 1) placeOrReuse(spans, byStart.subarray(first, n), row);
  return row;
}

/** A cluster's members (in start order) and the rows placed for them, in that order. */
interface PlacedCluster {
  readonly members: readonly RowInput[];
  readonly rows: Int32Array;
}

/**
 * The last placement of each cluster, by its first member in start order. A cluster's rows depend
 * on its members alone, and spans are immutable values: a cluster of the very same objects as one
 * placed before has the same rows. So a key press that adds one span to a long article places
 * only the cluster it joined; each other costs a pointer comparison per member.
 */
const placedClusters = new WeakMap<RowInput, PlacedCluster>();

/** {@link placeCluster}, or the rows of the same cluster placed before (see {@link placedClusters}). */
function placeOrReuse(spans: readonly RowInput[], members: Int32Array, row: Int32Array): void {
  const head = spans[members[0] as number] as RowInput;
  const last = placedClusters.get(head);
  if (last && last.members.length === members.length) {
    let same = true;
    for (let m = 0; m < members.length && same; m++) same = last.members[m] === spans[members[m] as number];
    if (same) {
      for (let m = 0; m < members.length; m++) row[members[m] as number] = last.rows[m] as number;
      return;
    }
  }
  placeCluster(spans, members, row);
  placedClusters.set(head, { members: Array.from(members, (i) => spans[i] as RowInput), rows: Int32Array.from(members, (i) => row[i] as number) });
}

/**
 * Writes into `row` the rows of the spans at `members` (indices into `spans`), which overlap no
 * span outside them.
 */
function placeCluster(spans: readonly RowInput[], members: Int32Array, row: Int32Array): void {
  const order = Array.from(members).sort((a, b) => placementOrder(spans[a] as RowInput, spans[b] as RowInput));
  if (order.length <= PAIRWISE_MAX) {
    order.forEach((i, p) => {
      const span = spans[i] as RowInput;
      let r = 0;
      for (let q = 0; q < p; q++) {
        const j = order[q] as number;
        const other = spans[j] as RowInput;
        if (other.start < span.end && span.start < other.end && (row[j] as number) + 1 > r) r = (row[j] as number) + 1;
      }
      row[i] = r;
    });
    return;
  }
  const coordinates = distinctSorted(order.map((i) => spans[i] as RowInput));
  // Cell 2k is the offset coordinates[k]; cell 2k + 1 lies strictly between it and the next one.
  // A span with start < end covers the open interval (start, end): cells 2·rank(start) + 1 …
  // 2·rank(end) − 1. Two such spans overlap exactly when their cells meet, and an empty span at
  // offset p (cell 2·rank(p)) overlaps exactly the spans whose cells include it.
  const tree = new MaxTree(2 * coordinates.length - 1);
  for (const i of order) {
    const span = spans[i] as RowInput;
    const s = 2 * rankOf(coordinates, span.start);
    if (span.start === span.end) {
      // Empty spans come first (length 0) and never overlap one another: nothing placed before
      // them can overlap them, so they take row 0 and only mark their offset for the others.
      tree.raise(s, s, 0);
      row[i] = 0;
      continue;
    }
    const e = 2 * rankOf(coordinates, span.end);
    const r = tree.max(s + 1, e - 1) + 1;
    tree.raise(s + 1, e - 1, r);
    row[i] = r;
  }
}

/** The placement order: by length, then start, then id. */
function placementOrder(a: RowInput, b: RowInput): number {
  return a.end - a.start - (b.end - b.start) || a.start - b.start || (a.id < b.id ? -1 : 1);
}

/**
 * The rows by id when ids repeat: each id gets the row of its span placed last, the one latest in
 * placement order. Two spans with one id, start and length have the same extent, so the later
 * placed is the one with the higher row (or both have row 0).
 */
function lastPlacedRows(spans: readonly RowInput[], row: Int32Array): ReadonlyMap<string, number> {
  const last = new Map<string, number>();
  spans.forEach((span, i) => {
    const j = last.get(span.id);
    if (j === undefined) {
      last.set(span.id, i);
      return;
    }
    const other = spans[j] as RowInput;
    const later = span.end - span.start - (other.end - other.start) || span.start - other.start || (row[i] as number) - (row[j] as number);
    if (later > 0) last.set(span.id, i);
  });
  return new Map([...last].map(([id, i]) => [id, row[i] as number]));
}

/** Every start and end offset of `spans`, ascending, without repeats. */
function distinctSorted(spans: readonly RowInput[]): Float64Array {
  const all = new Float64Array(2 * spans.length);
  spans.forEach((span, i) => {
    all[2 * i] = span.start;
    all[2 * i + 1] = span.end;
  });
  all.sort();
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    if (count === 0 || all[i] !== all[count - 1]) all[count++] = all[i] as number;
  }
  return all.subarray(0, count);
}

/** Index of `value` in the ascending, repeat-free `sorted` (which contains it). */
function rankOf(sorted: Float64Array, value: number): number {
  return partitionPoint(sorted.length - 1, (i) => (sorted[i] as number) < value);
}

/**
 * A segment tree over cells `0 … size − 1` holding, per cell, the highest value raised over it
 * (−1 before any): `raise(l, r, v)` lifts cells `l … r` to at least `v`, `max(l, r)` reads the
 * highest value in `l … r`; both O(log size).
 *
 * Bottom-up (leaves at `leaves + cell`, node `k`'s children at `2k` and `2k + 1`) and without
 * lazy propagation: `cover[k]` is the highest value raised over node `k`'s whole range (never
 * pushed down), `best[k]` the highest value raised anywhere in it. A range splits into the usual
 * O(log) nodes it covers whole; every node that contains one of them but not the whole range
 * lies on the path from the range's first or last leaf to the root. So `raise` sets `cover` and
 * `best` on the covered nodes and `best` along those two paths, and `max` reads `best` of the
 * covered nodes and `cover` along the two paths.
 *
 * Hand-written because no small, well-kept library offers a range-max/range-chmax tree.
 */
class MaxTree {
  /** Number of leaves: the smallest power of two that holds every cell. */
  readonly #leaves: number;
  readonly #cover: Int32Array;
  readonly #best: Int32Array;

  constructor(size: number) {
    let leaves = 1;
    while (leaves < size) leaves *= 2;
    this.#leaves = leaves;
    this.#cover = new Int32Array(2 * leaves).fill(-1);
    this.#best = new Int32Array(2 * leaves).fill(-1);
  }

  raise(l: number, r: number, value: number): void {
    const cover = this.#cover;
    const best = this.#best;
    for (let lo = l + this.#leaves, hi = r + this.#leaves + 1; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) {
        if ((cover[lo] as number) < value) cover[lo] = value;
        if ((best[lo] as number) < value) best[lo] = value;
        lo++;
      }
      if (hi & 1) {
        hi--;
        if ((cover[hi] as number) < value) cover[hi] = value;
        if ((best[hi] as number) < value) best[hi] = value;
      }
    }
    for (let k = (l + this.#leaves) >> 1; k > 0; k >>= 1) if ((best[k] as number) < value) best[k] = value;
    for (let k = (r + this.#leaves) >> 1; k > 0; k >>= 1) if ((best[k] as number) < value) best[k] = value;
  }

  max(l: number, r: number): number {
    const cover = this.#cover;
    const best = this.#best;
    let result = -1;
    for (let lo = l + this.#leaves, hi = r + this.#leaves + 1; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) result = Math.max(result, best[lo++] as number);
      if (hi & 1) result = Math.max(result, best[--hi] as number);
    }
    for (let k = (l + this.#leaves) >> 1; k > 0; k >>= 1) result = Math.max(result, cover[k] as number);
    for (let k = (r + this.#leaves) >> 1; k > 0; k >>= 1) result = Math.max(result, cover[k] as number);
    return result;
  }
}
