/**
 * The article's spans in their one order, and what changed between two sorted arrays of them. A
 * key press changes one or two spans of thousands; what is derived from the spans (suggestions
 * still worth showing, the links drawn around the selected span) is then brought up to date from
 * the change instead of computed again from every span. Pure.
 */
import type { Span } from '../../shared/model';

/** The order of the article's spans: start, end, label, id (code points; labels and ids by code unit). A total order for spans with distinct ids. */
export function spanOrder(a: Span, b: Span): number {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The spans only `before` has, and those only `after` has; a span changed in place is in both. */
export interface SpanDiff {
  readonly removed: readonly Span[];
  readonly added: readonly Span[];
}

/**
 * What turns `before` into `after`, both sorted by {@link spanOrder}, spans matched by identity
 * (spans are immutable: an unchanged one is the very object it was). One walk of both arrays:
 * O(n) pointer comparisons, and {@link spanOrder} only where they differ. Null when more than
 * `limit` spans were removed and added in all (the caller then starts afresh, which costs no more).
 *
 * Never less than the change, whatever the order: every span is either matched with the very
 * same object or reported, so a span only one array has is always reported. Arrays out of order
 * may have a span both hold reported as removed and added too (which callers treat as a change).
 */
export function sortedSpanDiff(before: readonly Span[], after: readonly Span[], limit = 64): SpanDiff | null {
  // The suggestions still shown and the links drawn both ask, in the same render, for the same
  // two arrays: the last answer is kept (the arrays are immutable, so it still holds).
  const last = lastDiff;
  if (last && last.before === before && last.after === after && last.limit === limit) return last.diff;
  const diff = walk(before, after, limit);
  lastDiff = { before, after, limit, diff };
  return diff;
}

let lastDiff: { readonly before: readonly Span[]; readonly after: readonly Span[]; readonly limit: number; readonly diff: SpanDiff | null } | null = null;

function walk(before: readonly Span[], after: readonly Span[], limit: number): SpanDiff | null {
  const removed: Span[] = [];
  const added: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    const a = before[i] as Span;
    const b = after[j] as Span;
    if (a === b) {
      i++;
      j++;
      continue;
    }
    const order = spanOrder(a, b);
    if (order <= 0) {
      removed.push(a);
      i++;
    }
    if (order >= 0) {
      added.push(b);
      j++;
    }
    if (removed.length + added.length > limit) return null;
  }
  while (i < before.length) removed.push(before[i++] as Span);
  while (j < after.length) added.push(after[j++] as Span);
  return removed.length + added.length > limit ? null : { removed, added };
}
