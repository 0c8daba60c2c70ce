/**
 * The disagreement table: the stretches of a document's text that the layers label differently,
 * each with every layer's label, for a reviewer to read (and to export as CSV). Offsets are code
 * points, `[start, end)`.
 *
 * Each layer labels every character by the token rule applied to characters: the label of the
 * shortest span covering it (the earliest start on ties, then the smaller label), or `O`. The text
 * is cut at every span boundary of every layer; neighbouring pieces with the same labels in every
 * layer are joined; a piece is a row when the layers that annotated the document (at least two)
 * do not all give it the same label. White space, controls and format characters at the ends of
 * a row are left out of it, and a row of nothing else is dropped (two adjacent spans against one
 * span over both differ only in the space between: the span figures count that, the table does
 * not). So a clitic one annotator left out (`ب` of `بدير الزور`) is a row of its own.
 */
import { CodePointIndex } from '../text/code-points.js';
import { OUTSIDE, finiteOffsets, labellingSpan, labellingSpans, type SpanLike } from './span-like.js';

/** One row of the disagreement table. */
export interface DisagreementRow {
  readonly document: string;
  /** Code point offset of the first character. */
  readonly start: number;
  /** Code point offset one past the last character. */
  readonly end: number;
  /** The canonical text `[start, end)` (line breaks included). */
  readonly text: string;
  /**
   * Every annotator's label for the stretch, by annotator: a span label, `O` for none, or `null`
   * when the annotator has not annotated the document (missing data).
   */
  readonly labels: Readonly<Record<string, string | null>>;
}

/** Not part of any token: the ends of a row are trimmed of these. */
const BLANK = /^[\s\p{Z}\p{Cc}\p{Cf}]$/u;

/**
 * The rows of one document (see the module comment), in text order. `layers` holds the spans of
 * each annotator who annotated the document; an annotator of `annotators` absent from it has not
 * (their label is `null` in every row). No row when fewer than two annotators annotated it.
 * `paintOrders`: the `paintOrder` (span-like.ts) of some of the layers' spans, by annotator, when
 * already worked out.
 */
export function disagreements(
  document: { readonly id: string; readonly text: string; readonly layers: ReadonlyMap<string, readonly SpanLike[]> },
  annotators: readonly string[],
  paintOrders?: ReadonlyMap<string, readonly SpanLike[]>,
): readonly DisagreementRow[] {
  const present = annotators.filter((a) => document.layers.has(a));
  if (present.length < 2) return [];
  const chars = new CodePointIndex(document.text);
  const points = cutsOf(present.map((a) => document.layers.get(a) ?? []), chars.length);

  // Pieces between cuts, joined while every layer's label stays the same. A layer with an offset
  // that is not a finite number has every span looked at for every piece, as it always had.
  const ends = points.subarray(1);
  // Each layer's label of each piece (a span label or O).
  const labelling = present.map((a): readonly string[] => {
    const spans = document.layers.get(a) ?? [];
    const pieces = finiteOffsets(spans)
      ? labellingSpans(ends.length, points, ends, spans, paintOrders?.get(a))
      : Array.from(ends, (end, i) => labellingSpan(spans, points[i] as number, end));
    return pieces.map((span) => span?.label ?? OUTSIDE);
  });
  const rows: DisagreementRow[] = [];
  // Where each annotator of `annotators` is in `present` (-1: not annotated).
  const column = annotators.map((a) => present.indexOf(a));
  // Runs of pieces whose labels are the same in every layer, each a row where the layers differ.
  // (Plain loops: this runs for every piece of every document.)
  let runStart = 0;
  for (let i = 1; i <= ends.length; i++) {
    if (i < ends.length && sameInEvery(labelling, i - 1, i)) continue;
    const from = runStart;
    let start = points[runStart] as number;
    let end = points[i] as number;
    runStart = i;
    if (sameAcross(labelling, from)) continue;
    // (a row only where the layers differ: a few per document)
    while (start < end && BLANK.test(chars.slice(start, start + 1))) start++;
    while (end > start && BLANK.test(chars.slice(end - 1, end))) end--;
    if (start === end) continue;
    const labels: Record<string, string | null> = {};
    annotators.forEach((a, k) => {
      const c = column[k] as number;
      labels[a] = c < 0 ? null : ((labelling[c] as readonly string[])[from] as string);
    });
    rows.push({ document: document.id, start, end, text: chars.slice(start, end), labels });
  }
  return rows;
}

/** Whether every layer gives pieces `a` and `b` the same label. */
function sameInEvery(labelling: readonly (readonly string[])[], a: number, b: number): boolean {
  for (let l = 0; l < labelling.length; l++) {
    const labels = labelling[l] as readonly string[];
    if (labels[a] !== labels[b]) return false;
  }
  return true;
}

/** Whether every layer gives piece `k` the label the first gives it. */
function sameAcross(labelling: readonly (readonly string[])[], k: number): boolean {
  const first = (labelling[0] as readonly string[])[k];
  for (let l = 1; l < labelling.length; l++) if ((labelling[l] as readonly string[])[k] !== first) return false;
  return true;
}

/**
 * The cuts of a text of `length` code points: 0, `length`, and every start and end of `layers`'
 * spans strictly between, ascending, each once.
 */
function cutsOf(layers: readonly (readonly SpanLike[])[], length: number): Float64Array {
  let n = 2;
  for (const spans of layers) n += 2 * spans.length;
  const all = new Float64Array(n);
  all[0] = 0;
  all[1] = length;
  let at = 2;
  for (const spans of layers) {
    for (const s of spans) {
      if (s.start > 0 && s.start < length) all[at++] = s.start;
      if (s.end > 0 && s.end < length) all[at++] = s.end;
    }
  }
  const sorted = all.subarray(0, at).sort();
  let kept = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[kept - 1]) sorted[kept++] = sorted[k] as number;
  return sorted.subarray(0, kept);
}
