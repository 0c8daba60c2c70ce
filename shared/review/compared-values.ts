/**
 * Attribute values as review compares them. Plain values compare by type and value (`5` is not
 * `"5"`). A reference attribute holds the id of a span of its own layer, and span ids differ
 * from layer to layer, so a reference compares as the span item (`start-end:label`) of the span
 * it names: two annotators' `backed_by` agree when they point at the same stretch of text with
 * the same label, whatever the ids.
 */
import { assertNever, type AttributeValue, type Schema, type Span } from '../model.js';
import { spanItemId } from '../corpus/gold-item-ids.js';

/** One attribute value as compared. */
export type ComparedValue =
  | { readonly kind: 'value'; readonly value: AttributeValue }
  /** A reference, by the span item of the span it names. */
  | { readonly kind: 'reference'; readonly item: string }
  /** A reference naming no span of its layer (kept and shown, never resolved). */
  | { readonly kind: 'dangling'; readonly spanId: string };

/** Tells which attributes hold span references. */
export type ReferenceTest = (label: string, name: string, value: AttributeValue, spanIds: ReadonlySet<string>) => boolean;

/**
 * Reference attributes per `schema`: those of type `reference` of the span's label. Without a
 * schema, or for a label or attribute the schema does not have, a string value that is the id of
 * a span of the same layer is taken as a reference.
 */
export function referenceTest(schema: Schema | undefined): ReferenceTest {
  const types = new Map<string, string>();
  for (const label of schema?.labels ?? []) {
    for (const a of label.attributes) {
      const key = `${label.name}\u0000${a.name}`;
      if (!types.has(key)) types.set(key, a.type);
    }
  }
  return (label, name, value, spanIds) => {
    const type = types.get(`${label}\u0000${name}`);
    if (type !== undefined) return type === 'reference' && typeof value === 'string';
    return typeof value === 'string' && spanIds.has(value);
  };
}

/** The compared values of `span`'s attributes, names sorted by code units. */
export function comparedAttributes(
  span: Pick<Span, 'label' | 'attributes'>,
  spansById: ReadonlyMap<string, Pick<Span, 'start' | 'end' | 'label'>>,
  isReference: ReferenceTest,
  spanIds: ReadonlySet<string> = new Set(spansById.keys()),
): ReadonlyMap<string, ComparedValue> {
  const out = new Map<string, ComparedValue>();
  for (const name of Object.keys(span.attributes).sort(codeUnitOrder)) {
    const value = span.attributes[name] as AttributeValue;
    if (typeof value === 'string' && isReference(span.label, name, value, spanIds)) {
      const target = spansById.get(value);
      out.set(name, target === undefined ? { kind: 'dangling', spanId: value } : { kind: 'reference', item: spanItemId(target) });
    } else {
      out.set(name, { kind: 'value', value });
    }
  }
  return out;
}

/** A string equal for equal compared values and different otherwise; `undefined` is "not set". */
export function valueKey(value: ComparedValue | undefined): string {
  if (value === undefined) return '-';
  switch (value.kind) {
    case 'value':
      return `v${typeof value.value}:${JSON.stringify(value.value)}`;
    case 'reference':
      return `r:${value.item}`;
    case 'dangling':
      return `d:${value.spanId}`;
    default:
      return assertNever(value, 'compared value');
  }
}

/** One key for a whole set of compared attributes: equal exactly when every value is. */
export function attributesKey(values: ReadonlyMap<string, ComparedValue>): string {
  return JSON.stringify([...values].map(([name, value]) => [name, valueKey(value)]));
}

export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
