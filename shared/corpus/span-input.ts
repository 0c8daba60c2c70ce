/**
 * Turning spans as an editor (or an importer) sends them into stored spans: checked against the
 * canonical text and the schema, quote context recomputed. The rule for orphans: a span that does
 * not anchor is accepted only when a span with the same id, label, offsets and quote is already
 * stored, and keeps its stored prefix and suffix, so saving never drops or moves an orphan (its
 * attributes and note may still be edited).
 */
import { QUOTE_CONTEXT, type AttributeValue, type FileProblem, type Result, type Span } from '../model.js';
import type { CodePointIndex } from '../text/code-points.js';
import { quoteContext } from '../text/quote-context.js';
import { anchorProblem } from './anchoring.js';
import { SPAN_ID_PATTERN, sortSpans } from './layer-file.js';

/** What a caller gives for a span; prefix and suffix are always recomputed. */
export interface SpanInput {
  readonly id: string;
  readonly label: string;
  /** Code point offset, half-open `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** Must equal the canonical text between `start` and `end`. */
  readonly text: string;
  /** Attribute name → value; kept as given, whether or not it fits the schema. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** The annotator's note; empty for none. */
  readonly note: string;
}

export interface SpanInputContext {
  /** The file the spans will be written to: every problem names it. */
  readonly file: string;
  /** The document's canonical text. */
  readonly text: CodePointIndex;
  /** Labels of the corpus schema. */
  readonly labels: ReadonlySet<string>;
  /** Spans currently stored in the layer (empty for a new layer). */
  readonly stored: readonly Span[];
}

/**
 * Checks `input` and returns the spans to store, sorted. Refused (every problem listed, naming
 * the span id): a malformed or repeated id, an empty label, a label not in the schema, offsets
 * that are not integers with `0 <= start < end <=` the text length, a quote that is not the text
 * at the offsets, attributes that are not an object of strings, finite numbers and booleans, a
 * note that is not a string. A span with the id, label, start, end and quote of a stored one may
 * keep a label the schema no longer has; if it does not anchor (an orphan) it keeps its stored
 * prefix and suffix. Every span that anchors gets its prefix and suffix recomputed. Attribute
 * values are not checked against the schema (see `checkSpanValues`). Never throws.
 */
export function buildLayerSpans(input: readonly SpanInput[], context: SpanInputContext): Result<readonly Span[]> {
  const errors: FileProblem[] = [];
  const fail = (message: string): void => {
    errors.push({ file: context.file, message });
  };
  const stored = new Map(context.stored.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const out: Span[] = [];

  for (const [i, span] of input.entries()) {
    const name = typeof span.id === 'string' ? `span ${JSON.stringify(span.id)}` : `span #${i + 1}`;
    if (typeof span.id !== 'string' || !SPAN_ID_PATTERN.test(span.id)) {
      fail(`${name}: the id must be 1–32 of A–Z a–z 0–9 _ -`);
      continue;
    }
    if (seen.has(span.id)) {
      fail(`${name}: the id is used twice`);
      continue;
    }
    seen.add(span.id);
    if (typeof span.label !== 'string' || span.label === '' || typeof span.text !== 'string') {
      fail(`${name}: the label and the quote must be strings, the label not empty`);
      continue;
    }
    const kept = stored.get(span.id);
    const unchanged = kept !== undefined && isSameSpan(kept, span);
    if (!unchanged && !context.labels.has(span.label)) {
      fail(`${name}: label "${span.label}" is not in the corpus schema (${[...context.labels].join(', ')})`);
      continue;
    }
    const valueProblem = storableValuesProblem(span);
    if (valueProblem !== undefined) {
      fail(`${name}: ${valueProblem}`);
      continue;
    }
    // A fresh object: whatever the caller's object is, the stored one has only own, plain values.
    const attributes = Object.fromEntries(Object.entries(span.attributes));
    const problem = anchorProblem(span, context.text);
    if (problem !== undefined) {
      if (unchanged) out.push({ ...kept, attributes, note: span.note });
      else fail(`${name}: ${problem}`);
      continue;
    }
    const { prefix, suffix } = quoteContext(context.text.text, span.start, span.end, QUOTE_CONTEXT);
    out.push({ id: span.id, label: span.label, start: span.start, end: span.end, text: span.text, prefix, suffix, attributes, note: span.note });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: sortSpans(out) };
}

/** Why the attributes or note of `span` cannot be written to a layer file, or undefined. */
function storableValuesProblem(span: SpanInput): string | undefined {
  if (typeof span.note !== 'string') return 'the note must be a string';
  const attributes: unknown = span.attributes;
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return 'the attributes must be an object';
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    const found = typeof value === 'number' ? String(value) : value === null ? 'null' : typeof value;
    return `attribute ${JSON.stringify(name)} must be text, a finite number or true/false, not ${found}`;
  }
  return undefined;
}

function isSameSpan(a: SpanInput, b: SpanInput): boolean {
  return a.id === b.id && a.label === b.label && a.start === b.start && a.end === b.end && a.text === b.text;
}
