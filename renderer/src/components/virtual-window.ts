/**
 * The arithmetic of a windowed list whose rows all have one height: which rows to render for a
 * scroll position, where to scroll to bring a row into view, and which row a navigation key moves
 * to. Pure numbers in CSS pixels and row indices; no DOM. `VirtualList.tsx` draws with it.
 */

/** Rows `[start, end)` of a list; empty when `start === end`. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

export interface WindowMetrics {
  /** Rows in the whole list (≥ 0). */
  readonly count: number;
  /** The height of every row, in CSS pixels (> 0). */
  readonly rowHeight: number;
  /** The scroll container's `scrollTop`: pixels of the list above its visible part. */
  readonly scrollTop: number;
  /** The scroll container's `clientHeight`: the visible part's height. */
  readonly viewportHeight: number;
}

/**
 * The rows to render: those at least partly visible, plus `overscan` rows on each side (so a
 * small scroll or an arrow key never shows a blank row before React renders). A `scrollTop`
 * outside `[0, count × rowHeight − viewportHeight]` — overscroll, or a list that just got shorter
 * before the browser clamped its scroll position — is clamped first, so the range is never empty
 * while the list has rows. Empty for no rows or a row height that is not positive.
 */
export function renderedRows(metrics: WindowMetrics, overscan: number): RowRange {
  const { count, rowHeight } = metrics;
  if (count <= 0 || !(rowHeight > 0)) return { start: 0, end: 0 };
  const viewport = Math.max(0, metrics.viewportHeight);
  const maxTop = Math.max(0, count * rowHeight - viewport);
  const top = Math.min(Math.max(0, metrics.scrollTop), maxTop);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const last = Math.max(first + 1, Math.ceil((top + viewport) / rowHeight));
  const extra = Math.max(0, Math.floor(overscan));
  return { start: Math.max(0, first - extra), end: Math.min(count, last + extra) };
}

/**
 * The `scrollTop` that brings row `index` wholly into view with the least scrolling (like
 * `scrollIntoView({ block: 'nearest' })`), or null when it is already wholly in view, the list is
 * empty, or `index` is not a row of it. A row taller than the viewport is aligned at its top.
 */
export function scrollTopForRow(metrics: WindowMetrics, index: number): number | null {
  const { count, rowHeight, scrollTop, viewportHeight } = metrics;
  if (count <= 0 || !(rowHeight > 0) || !Number.isInteger(index) || index < 0 || index >= count) return null;
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  const maxTop = Math.max(0, count * rowHeight - viewportHeight);
  let target: number;
  if (rowTop < scrollTop || rowHeight > viewportHeight) target = rowTop;
  else if (rowBottom > scrollTop + viewportHeight) target = rowBottom - viewportHeight;
  else return null;
  target = Math.min(Math.max(0, target), maxTop);
  return target === scrollTop ? null : target;
}

/**
 * The row a key moves focus to from row `index` in a list of `count` rows: ArrowUp/ArrowDown
 * one row, PageUp/PageDown `pageRows` rows (at least one), Home/End the first/last row; clamped
 * to the list, never wrapping. Null for any other key or an empty list; the same index at an end
 * (so the key is still taken, and does not scroll the container past the focused row).
 */
export function rowForKey(key: string, index: number, count: number, pageRows: number): number | null {
  if (count <= 0) return null;
  const page = Math.max(1, Math.floor(pageRows));
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowUp':
      return clamp(index - 1);
    case 'ArrowDown':
      return clamp(index + 1);
    case 'PageUp':
      return clamp(index - page);
    case 'PageDown':
      return clamp(index + page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
