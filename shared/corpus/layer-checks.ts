/**
 * Problems of a layer file that parsed but does not fit where it is stored or the corpus schema:
 * a header naming another document or annotator than its path, a layer made on another text,
 * span values and relations that do not fit the schema, references and relation ends naming no
 * span, reference cycles. None of them stops the layer from being read; all of them are reported.
 */
import type { DocumentMeta, FileProblem, Layer, Schema, Span } from '../model.js';
import { relationProblems, type RelationProblem } from '../schema/check-relations.js';
import { unfitValues, type SpansById } from '../schema/check-span-values.js';
import { referenceCycles } from '../schema/reference-cycles.js';
import { indexSchema, type SchemaIndex } from '../schema/schema-index.js';
import type { LocatedLayer } from './layer-file.js';

/**
 * The index of each schema checked, kept while the schema object lives: a schema is an immutable
 * value (readonly throughout the model; a change of schema is a new object), and the checks of a
 * corpus run over thousands of layers with the same one.
 */
const indexes = new WeakMap<Schema, SchemaIndex>();

function indexOf(schema: Schema): SchemaIndex {
  let index = indexes.get(schema);
  if (index === undefined) {
    index = indexSchema(schema);
    indexes.set(schema, index);
  }
  return index;
}

const NO_SPANS: SpansById = new Map();

/** A stored value of a span that does not fit; `attribute` is empty for the span's label. */
export interface SpanUnfit {
  readonly spanId: string;
  readonly attribute: string;
  readonly message: string;
}

/**
 * The header problems of `located`, read from `file`, which is the layer of document `id` (with
 * `meta`) by `annotator`; all on line 1. Empty when the header fits.
 */
export function layerProblems(
  file: string,
  located: LocatedLayer,
  where: { readonly id: string; readonly annotator: string; readonly meta: DocumentMeta },
): readonly FileProblem[] {
  const { layer } = located;
  const problems: FileProblem[] = [];
  if (layer.document !== where.id) {
    problems.push({ file, line: 1, message: `the header names document "${layer.document}", but the file is for "${where.id}"` });
  }
  if (layer.annotator !== where.annotator) {
    problems.push({ file, line: 1, message: `the header names annotator "${layer.annotator}", but the file is in the folder of "${where.annotator}"` });
  }
  if (layer.textSha256 !== where.meta.sha256) {
    problems.push({
      file,
      line: 1,
      message: `the layer was made on another text (textSha256 ${layer.textSha256.slice(0, 12)}…, the document's is ${where.meta.sha256.slice(0, 12)}…)`,
    });
  }
  return problems;
}

/**
 * Every stored value of the spans of `layer` that does not fit `schema`, span by span in layer
 * order: the values `checkSpanValues` reports, then, for each span in a reference cycle
 * (`findReferenceCycles`), each reference attribute that leads into the cycle. Empty when all fit.
 */
export function unfitSpanValues(layer: Pick<Layer, 'spans'>, schema: Schema): readonly SpanUnfit[] {
  const index = indexOf(schema);
  // Spans by id are consulted only for attribute values, cycles only through reference
  // attributes: a layer without them (most layers) skips building both.
  const withValues = layer.spans.some(hasAttributes);
  const byId: SpansById = withValues ? new Map(layer.spans.map((s) => [s.id, s])) : NO_SPANS;
  const inCycle = new Map<string, readonly string[]>();
  if (withValues && layer.spans.some((s) => hasReferenceAttribute(s, index))) {
    for (const cycle of referenceCycles(layer.spans, index)) for (const id of cycle) inCycle.set(id, cycle);
  }
  const out: SpanUnfit[] = [];
  for (const span of layer.spans) {
    for (const unfit of unfitValues(span, index, byId)) out.push({ spanId: span.id, ...unfit });
    const cycle = inCycle.get(span.id);
    const label = index.labels.get(span.label);
    if (cycle === undefined || label === undefined) continue;
    for (const [name, def] of label.attributes) {
      const value = Object.hasOwn(span.attributes, name) ? span.attributes[name] : undefined;
      if (def.type !== 'reference' || typeof value !== 'string' || !cycle.includes(value)) continue;
      out.push({ spanId: span.id, attribute: name, message: `"${name}" refers to span "${value}", and the references lead back: a cycle through spans ${cycle.join(', ')}` });
    }
  }
  return out;
}

/**
 * Every stored value of `located` that does not fit `schema`, as file problems on the line of
 * its span or relation: `span "s3": …` for each of {@link unfitSpanValues}, `relation "r1": …` for
 * each relation problem (`checkRelations`). Empty when everything fits.
 */
export function layerValueProblems(file: string, located: LocatedLayer, schema: Schema): readonly FileProblem[] {
  const { layer, spanLines, relationLines } = located;
  const problems: FileProblem[] = unfitSpanValues(layer, schema).map((u) => ({ file, line: spanLines.get(u.spanId), message: `span "${u.spanId}": ${u.message}` }));
  for (const problem of layerRelationProblems(layer, schema)) {
    problems.push({ file, line: relationLines.get(problem.relationId), message: `relation "${problem.relationId}": ${problem.message}` });
  }
  return problems;
}

/** `checkRelations` of the relations of `layer` against its spans and `schema` (empty at once for a layer without relations). */
export function layerRelationProblems(layer: Pick<Layer, 'spans' | 'relations'>, schema: Schema): readonly RelationProblem[] {
  if (layer.relations.length === 0) return [];
  return relationProblems(layer.relations, new Map(layer.spans.map((s) => [s.id, s])), indexOf(schema));
}

function hasAttributes(span: Span): boolean {
  for (const name in span.attributes) if (Object.hasOwn(span.attributes, name)) return true;
  return false;
}

/** Whether `span` holds a value of an attribute its label has as a reference (the only way into a cycle). */
function hasReferenceAttribute(span: Span, index: SchemaIndex): boolean {
  const label = index.labels.get(span.label);
  if (label === undefined) return false;
  for (const [name, def] of label.attributes) if (def.type === 'reference' && Object.hasOwn(span.attributes, name)) return true;
  return false;
}
