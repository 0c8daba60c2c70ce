/**
 * Which spans a span picker (a reference attribute's target, a relation's target) offers. A long
 * article holds thousands of spans: an `<option>` for each would be made, styled and laid out
 * again every time a span is selected or labelled, for a list nobody scrolls through. So the
 * picker offers the spans nearest the selected one (a reference almost always points close by)
 * and, when there are more, a filter over all of them by their text. Pure.
 */
import type { Span } from '../../../shared/model';
import { matchingKey } from '../../../shared/search/matching-key';

/** At most this many spans are offered at once. */
export const SPAN_CHOICE_LIMIT = 60;

export interface SpanChoices {
  /** The spans offered, in document order (start, then end), the current target included. */
  readonly shown: readonly Span[];
  /** How many candidates there are in all (before the limit and the filter). */
  readonly total: number;
  /** How many candidates the filter matched (all of them without a filter). */
  readonly matched: number;
}

/**
 * The choices for a picker next to `anchor`: of `candidates` (document order, as the layer keeps
 * its spans), those whose text contains `filter` (compared by matching key: diacritics, tatweel
 * and letter variants folded; an empty filter matches all), the `limit` nearest to `anchor`
 * (by code point distance between the spans, ties to the earlier one), plus the span with id
 * `current` when it is a candidate, whether or not it matched. O(n) for n candidates, plus
 * O(limit log limit).
 */
export function spanChoices(
  candidates: readonly Span[],
  anchor: Pick<Span, 'start' | 'end'>,
  filter: string,
  current: string | null,
  limit = SPAN_CHOICE_LIMIT,
): SpanChoices {
  const needle = filter.trim() === '' ? null : matchingKey(filter.trim()).key.trim();
  const matching = needle === null || needle === '' ? candidates : candidates.filter((s) => matchingKey(s.text).key.includes(needle));
  const distance = (s: Span) => (s.end <= anchor.start ? anchor.start - s.end : s.start >= anchor.end ? s.start - anchor.end : 0);
  const chosen = new Set<Span>(matching.length <= limit ? matching : nearest(matching, distance, limit));
  const target = current === null ? undefined : candidates.find((s) => s.id === current);
  if (target) chosen.add(target);
  const shown = candidates.filter((s) => chosen.has(s));
  return { shown, total: candidates.length, matched: matching.length };
}

/** The `limit` spans of `spans` with the least `distance`, ties to the earlier ones. O(n log n) on numbers only. */
function nearest(spans: readonly Span[], distance: (s: Span) => number, limit: number): Span[] {
  const distances = Float64Array.from(spans, distance);
  const cut = Float64Array.from(distances).sort()[limit - 1] as number;
  let below = 0;
  for (const d of distances) if (d < cut) below++;
  let ties = limit - below;
  const out: Span[] = [];
  spans.forEach((s, i) => {
    const d = distances[i] as number;
    if (d < cut || (d === cut && ties-- > 0)) out.push(s);
  });
  return out;
}
