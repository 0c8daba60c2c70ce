/** What agreement needs of a span: its label and its code point offsets `[start, end)`. */
export interface SpanLike {
  readonly label: string;
  /** Code point offset of the first character. */
  readonly start: number;
  /** Code point offset one past the last character; `end > start`. */
  readonly end: number;
}

/** The label of a token or character no span covers: "outside" in BIO terms. */
export const OUTSIDE = 'O';

/**
 * Of the spans overlapping `[start, end)`, the one that gives it its label: the shortest, then
 * the one that starts first, then the smaller label (code unit order), so the choice never
 * depends on the order of `spans`. `undefined` when none overlaps.
 */
import { partitionPoint } from '../text/partition-point';
export function labellingSpan<S extends SpanLike>(spans: readonly S[], start: number, end: number): S | undefined {
  let best: S | undefined;
  for (const span of spans) {
    if (span.start >= end || span.end <= start) continue;
    if (best === undefined || better(span, best)) best = span;
  }
  return best;
}

function better(a: SpanLike, b: SpanLike): boolean {
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la < lb;
  if (a.start !== b.start) return a.start < b.start;
  return a.label < b.label;
}

/**
 * For each of `count` pieces of a text (tokens, stretches between cuts: code point offsets
 * `starts[k]`, `ends[k]`, in text order, not overlapping) the span of `spans` that labels it
 * ({@link labellingSpan}), or undefined. `order`: {@link paintOrder} of `spans`, when already
 * worked out.
 */
export function labellingSpans<S extends SpanLike>(
  count: number,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  spans: readonly S[],
  order?: readonly S[],
): (S | undefined)[] {
  const out = new Array<S | undefined>(count).fill(undefined);
  if (!finiteOffsets(spans) || !ordered(count, starts, ends)) {
    sweepSpans(count, starts, ends, spans, out);
    return out;
  }
  // Each span paints the pieces it overlaps, the one that labels a piece (shortest, then first,
  // then smallest label: labellingSpan's choice) last: O(pieces + spans), where looking through
  // the spans open at each piece costs their number at every piece.
  for (const span of order ?? paintOrder(spans)) {
    const lo = firstEndingAfter(ends, count, span.start);
    for (let k = lo; k < count && (starts[k] as number) < span.end; k++) out[k] = span;
  }
  return out;
}

/**
 * `spans` in the order {@link labellingSpans} paints them: the one that labels a piece
 * ({@link labellingSpan}'s choice) after every other that overlaps it. Work it out once for
 * spans labelled against several sets of pieces (a layer's tokens, then its disagreement cuts).
 */
export function paintOrder<S extends SpanLike>(spans: readonly S[]): readonly S[] {
  return [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || b.start - a.start || (a.label < b.label ? 1 : a.label > b.label ? -1 : 0));
}

/** Whether every offset of `spans` is a finite number (else pieces are labelled by looking through the spans, as {@link labellingSpan}). */
export function finiteOffsets(spans: readonly SpanLike[]): boolean {
  for (const s of spans) if (!Number.isFinite(s.start) || !Number.isFinite(s.end)) return false;
  return true;
}

/** The first of `count` pieces in text order whose end is past `offset` (`count` when none is). */
function firstEndingAfter(ends: ArrayLike<number>, count: number, offset: number): number {
  return partitionPoint(count, (i) => (ends[i] as number) <= offset);
}

/** Whether the pieces are in text order and do not overlap (as `tokenBounds` finds tokens). */
function ordered(count: number, starts: ArrayLike<number>, ends: ArrayLike<number>): boolean {
  for (let k = 0; k < count; k++) {
    if (!((starts[k] as number) <= (ends[k] as number)) || (k > 0 && !((ends[k - 1] as number) <= (starts[k] as number)))) return false;
  }
  return true;
}

/** {@link labellingSpans} by going through the pieces, keeping the spans open at each (any offsets, `NaN` included). */
function sweepSpans<S extends SpanLike>(count: number, starts: ArrayLike<number>, ends: ArrayLike<number>, spans: readonly S[], out: (S | undefined)[]): void {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  // Spans that start before the piece ends; those that ended before it are dropped as we go.
  let next = 0;
  const open: S[] = [];
  for (let k = 0; k < count; k++) {
    const start = starts[k] as number;
    const end = ends[k] as number;
    while (next < sorted.length && (sorted[next] as S).start < end) open.push(sorted[next++] as S);
    let kept = 0;
    for (const s of open) if (s.end > start) open[kept++] = s;
    open.length = kept;
    out[k] = kept === 0 ? undefined : labellingSpan(open, start, end);
  }
}
