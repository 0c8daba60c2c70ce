/**
 * A whole layer made on another text, placed again in the document's current text: every span
 * re-anchored by quote and context (`reanchor.ts`), moved spans given their new offsets, quote and
 * context, spans that find no place kept exactly as stored and listed as orphans with the reason.
 * Nothing is dropped but rejected suggestions that no longer lie in the text (they carry no quote
 * to look for and only keep a suggestion from being offered again).
 */
import { QUOTE_CONTEXT, type Layer, type RejectedSuggestion, type Span } from '../model.js';
import { codePointLength } from '../text/code-points.js';
import { quoteContext } from '../text/quote-context.js';
import type { Orphan } from './anchoring.js';
import { sortSpans } from './layer-file.js';
import { reanchorSpans, type ReanchorOptions } from './reanchor.js';

/** Where a span was (in the text its layer was made on) and where it is now. Code points, half-open. */
export interface MovedSpan {
  readonly spanId: string;
  /** `exact`: the quote found verbatim; `fuzzy`: found with a few edits (the quote changed with it). */
  readonly outcome: 'exact' | 'fuzzy';
  readonly from: { readonly start: number; readonly end: number; readonly text: string };
  readonly to: { readonly start: number; readonly end: number; readonly text: string };
  /** Match quality in `0..1` (see `reanchorSpans`). */
  readonly score: number;
}

export interface ReanchoredLayer {
  /**
   * The layer with every span that found a place at its new offsets (quote, prefix and suffix
   * taken from the new text), orphans as stored, sorted as a layer is; header, relations and the
   * rejected suggestions that still lie in the text unchanged. `textSha256` is still the one of
   * the text the layer was made on: saving the layer is what moves it to the new text.
   */
  readonly layer: Layer;
  /** Spans placed at other offsets or with another quote than stored, in layer order. */
  readonly moved: readonly MovedSpan[];
  /** Spans that found no place, with why (`could not be re-anchored in the changed text: …`); kept in `layer`. */
  readonly orphans: readonly Orphan[];
  /** Rejected suggestions that run past the end of the new text: left out of `layer`. */
  readonly outside: readonly RejectedSuggestion[];
}

/**
 * Re-anchors every span of `layer` in `text` (the document's current canonical text), from exact
 * to fuzzy as `reanchorSpans` does. A span whose stored offsets still yield its quote stays as it
 * is. Never throws; offsets in and out are code points.
 */
export function reanchorLayer(layer: Layer, text: string, options: ReanchorOptions = {}): ReanchoredLayer {
  const results = reanchorSpans(layer.spans, text, options);
  const length = codePointLength(text);
  const moved: MovedSpan[] = [];
  const orphans: Orphan[] = [];
  const spans: Span[] = layer.spans.map((span, k) => {
    const result = results[k];
    if (result === undefined || result.outcome === 'orphaned' || result.start === undefined || result.end === undefined) {
      orphans.push({ spanId: span.id, message: `could not be re-anchored in the changed text: ${result?.reason ?? 'no result'}` });
      return span;
    }
    if (result.outcome === 'unchanged') return span;
    const { text: quote, prefix, suffix } = quoteContext(text, result.start, result.end, QUOTE_CONTEXT);
    moved.push({
      spanId: span.id,
      outcome: result.outcome,
      from: { start: span.start, end: span.end, text: span.text },
      to: { start: result.start, end: result.end, text: quote },
      score: result.score ?? 0,
    });
    return { ...span, start: result.start, end: result.end, text: quote, prefix, suffix };
  });
  const inside = layer.rejected.filter((r) => r.end <= length);
  const outside = layer.rejected.filter((r) => r.end > length);
  return { layer: { ...layer, spans: sortSpans(spans), rejected: inside }, moved, orphans, outside };
}
