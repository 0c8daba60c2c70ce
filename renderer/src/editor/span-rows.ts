/**
 * Stacking rows for drawing overlapping spans: each span is underlined at its row's depth, so
 * nested and overlapping spans — also two of the same label — stay visibly distinct.
 * A span's row is one more than the highest row of any shorter (or equally long, earlier)
 * span it overlaps, so a span always sits below everything it contains.
 *
 * Pure: offsets are whatever unit the caller uses, consistently (code points here).
 */
export interface RowInput {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

export function spanRows(spans: readonly RowInput[]): ReadonlyMap<string, number> {
  const order = [...spans].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start || (a.id < b.id ? -1 : 1));
  const placed: { start: number; end: number; row: number }[] = [];
  const rows = new Map<string, number>();
  for (const span of order) {
    let row = 0;
    for (const other of placed) {
      if (other.start < span.end && span.start < other.end && other.row + 1 > row) row = other.row + 1;
    }
    placed.push({ start: span.start, end: span.end, row });
    rows.set(span.id, row);
  }
  return rows;
}
