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
