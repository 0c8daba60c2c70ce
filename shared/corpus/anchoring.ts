/**
 * Whether stored spans still anchor in their document's canonical text. The text never changes
 * after import, so a span that does not anchor was damaged by hand or written for another text;
 * it is reported as an orphan and kept, never dropped.
 */
import type { Span } from '../model.js';
import { CodePointIndex } from '../text/code-points.js';

/** A span whose offsets do not yield its quote, and why. */
export interface Orphan {
  readonly spanId: string;
  readonly message: string;
}

/**
 * Checks every span against `canonicalText`: its offsets (code points, half-open) must be
 * integers with `0 <= start < end <= length`, and the text between them must equal its quote
 * exactly. Returns one {@link Orphan} per span that fails, in the order of `spans`; an empty
 * array when all anchor. Never throws.
 */
export function checkAnchors(
  spans: readonly Pick<Span, 'id' | 'start' | 'end' | 'text'>[],
  canonicalText: string | CodePointIndex,
): readonly Orphan[] {
  const index = typeof canonicalText === 'string' ? new CodePointIndex(canonicalText) : canonicalText;
  const orphans: Orphan[] = [];
  for (const span of spans) {
    const message = anchorProblem(span, index);
    if (message !== undefined) orphans.push({ spanId: span.id, message });
  }
  return orphans;
}

/** Why `span` does not anchor in the indexed text, or undefined when it does. */
export function anchorProblem(span: Pick<Span, 'start' | 'end' | 'text'>, index: CodePointIndex): string | undefined {
  const { start, end } = span;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
    return `offsets ${start}–${end} are not a span (need integers with 0 ≤ start < end)`;
  }
  if (end > index.length) {
    return `offsets ${start}–${end} run past the end of the text (${index.length} code points)`;
  }
  const found = index.slice(start, end);
  if (found !== span.text) {
    return `offsets ${start}–${end} now yield ${JSON.stringify(found)}, not the quote ${JSON.stringify(span.text)}`;
  }
  return undefined;
}
