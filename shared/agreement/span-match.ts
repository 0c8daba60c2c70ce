/**
 * Span-level agreement of two layers, one taken as the reference: precision, recall and F1 of the
 * other layer's spans against it, by exact match and by overlap match, per label and overall.
 * Offsets are code points; spans are compared only with spans of the same label.
 *
 * - **Exact match**: same label, same `start` and `end`. One-to-one: two identical spans in one
 *   layer match at most two in the other.
 * - **Overlap match**: same label and at least one code point in common, paired one-to-one
 *   greedily: of all overlapping pairs, the one sharing the most code points is paired first,
 *   ties broken by the smaller boundary distance `|Δstart| + |Δend|`, then by the reference
 *   span's `(start, end)`, then the other's; then the next pair whose spans are both still free.
 *   An exact pair always outranks any pair competing for its spans, so every exact match is also
 *   an overlap match. Greedy pairing is what INCEpTION-style "overlap" counts do; it can pair fewer
 *   spans than the best possible assignment when one span overlaps several (documented, not a bug).
 *
 * With `m` matched pairs, `n_ref` reference spans and `n_other` spans of the other layer:
 * precision `m / n_other` (`null` when `n_other = 0`), recall `m / n_ref` (`null` when
 * `n_ref = 0`), F1 `2m / (n_ref + n_other)` (`null` when both are 0: nothing to agree on). Taking
 * the other layer as the reference swaps precision and recall; F1 stays.
 */
import type { SpanLike } from './span-like.js';

/** The counts behind {@link MatchFigures}; they add up over documents (micro-averaging). */
export interface MatchCounts {
  readonly reference_spans: number;
  readonly other_spans: number;
  readonly matched_exact: number;
  readonly matched_overlap: number;
}

/** Counts with precision, recall and F1 for both kinds of match; `null` where undefined. */
export interface MatchFigures extends MatchCounts {
  readonly precision_exact: number | null;
  readonly recall_exact: number | null;
  readonly f1_exact: number | null;
  readonly precision_overlap: number | null;
  readonly recall_overlap: number | null;
  readonly f1_overlap: number | null;
}

export interface SpanMatch {
  /** All labels together: the sums of the per-label counts. */
  readonly overall: MatchFigures;
  /** Per label: every label asked for, then any other label the spans carry (sorted). */
  readonly labels: Readonly<Record<string, MatchFigures>>;
}

export const NO_MATCHES: MatchCounts = { reference_spans: 0, other_spans: 0, matched_exact: 0, matched_overlap: 0 };

/**
 * Matches `other` against `reference` (see the module comment). `labels` lists the labels to
 * report even when no span carries them (their figures are then `null`). Never throws.
 */
export function spanMatch(reference: readonly SpanLike[], other: readonly SpanLike[], labels: readonly string[] = []): SpanMatch {
  const all = labelList(labels, [...reference, ...other]);
  const counts = new Map<string, MatchCounts>();
  for (const label of all) {
    counts.set(label, matchCounts(reference.filter((s) => s.label === label), other.filter((s) => s.label === label)));
  }
  const total = [...counts.values()].reduce(addCounts, NO_MATCHES);
  return { overall: matchFigures(total), labels: Object.fromEntries(all.map((l) => [l, matchFigures(counts.get(l) ?? NO_MATCHES)])) };
}

/** The counts of `other` matched against `reference`, all spans of one label (see the module comment). */
export function matchCounts(reference: readonly SpanLike[], other: readonly SpanLike[]): MatchCounts {
  return { reference_spans: reference.length, other_spans: other.length, matched_exact: exactMatches(reference, other), matched_overlap: overlapMatches(reference, other) };
}

/** Precision, recall and F1 of `counts` (see the module comment for when each is `null`). */
export function matchFigures(counts: MatchCounts): MatchFigures {
  return { ...counts, ...matchRatios(counts) };
}

/** The precision, recall and F1 of {@link matchFigures} alone. */
export function matchRatios(counts: MatchCounts): Omit<MatchFigures, keyof MatchCounts> {
  const { reference_spans: nRef, other_spans: nOther, matched_exact: exact, matched_overlap: overlap } = counts;
  return {
    precision_exact: ratio(exact, nOther),
    recall_exact: ratio(exact, nRef),
    f1_exact: ratio(2 * exact, nRef + nOther),
    precision_overlap: ratio(overlap, nOther),
    recall_overlap: ratio(overlap, nRef),
    f1_overlap: ratio(2 * overlap, nRef + nOther),
  };
}

function ratio(m: number, n: number): number | null {
  return n === 0 ? null : m / n;
}

/** The sum of two sets of counts. */
export function addCounts(a: MatchCounts, b: MatchCounts): MatchCounts {
  return {
    reference_spans: a.reference_spans + b.reference_spans,
    other_spans: a.other_spans + b.other_spans,
    matched_exact: a.matched_exact + b.matched_exact,
    matched_overlap: a.matched_overlap + b.matched_overlap,
  };
}

/** `labels` in their order, then the other labels of `spans`, sorted by code units. */
export function labelList(labels: readonly string[], spans: readonly SpanLike[]): readonly string[] {
  return labelListOf(labels, new Set(spans.map((s) => s.label)));
}

/** {@link labelList} given the labels the spans carry instead of the spans. */
export function labelListOf(labels: readonly string[], carried: Iterable<string>): readonly string[] {
  const known = new Set(labels);
  const extra = [...new Set(carried)].filter((l) => !known.has(l)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...known, ...extra];
}

function exactMatches(reference: readonly SpanLike[], other: readonly SpanLike[]): number {
  if (reference.length === 0 || other.length === 0) return 0;
  // Keyed by a number when every offset is a whole number below 2^26 (start · 2^26 + end is then
  // exact and one per pair of offsets), else by a string: the same count either way.
  const key = reference.every(smallOffsets) && other.every(smallOffsets) ? numberKey : stringKey;
  const free = new Map<number | string, number>();
  for (const s of reference) {
    const k = key(s);
    free.set(k, (free.get(k) ?? 0) + 1);
  }
  let matched = 0;
  for (const s of other) {
    const k = key(s);
    const n = free.get(k) ?? 0;
    if (n > 0) {
      free.set(k, n - 1);
      matched++;
    }
  }
  return matched;
}

const SMALL = 2 ** 26;

function smallOffsets(s: SpanLike): boolean {
  return Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end >= 0 && s.start < SMALL && s.end < SMALL;
}

function numberKey(s: SpanLike): number {
  return s.start * SMALL + s.end;
}

function stringKey(s: SpanLike): string {
  return `${s.start}:${s.end}`;
}

function overlapMatches(reference: readonly SpanLike[], other: readonly SpanLike[]): number {
  const pairs: { r: number; o: number; shared: number; distance: number }[] = [];
  reference.forEach((a, r) => {
    other.forEach((b, o) => {
      const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
      if (shared > 0) pairs.push({ r, o, shared, distance: Math.abs(a.start - b.start) + Math.abs(a.end - b.end) });
    });
  });
  const ref = (i: number): SpanLike => reference[i] as SpanLike;
  const oth = (i: number): SpanLike => other[i] as SpanLike;
  pairs.sort(
    (x, y) =>
      y.shared - x.shared ||
      x.distance - y.distance ||
      ref(x.r).start - ref(y.r).start ||
      ref(x.r).end - ref(y.r).end ||
      oth(x.o).start - oth(y.o).start ||
      oth(x.o).end - oth(y.o).end ||
      x.r - y.r ||
      x.o - y.o,
  );
  const usedRef = new Set<number>();
  const usedOther = new Set<number>();
  for (const { r, o } of pairs) {
    if (usedRef.has(r) || usedOther.has(o)) continue;
    usedRef.add(r);
    usedOther.add(o);
  }
  return usedRef.size;
}
