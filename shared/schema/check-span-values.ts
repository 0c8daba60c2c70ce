/**
 * Which stored values of a span do not fit the current schema. Nothing here refuses or drops
 * anything: a schema may change after values were stored, and those values are kept and shown.
 */
import { assertNever, type AttributeDef, type AttributeValue, type Schema, type Span } from '../model.js';
import { indexSchema, listNames, type SchemaIndex } from './schema-index.js';

/** A stored value that does not fit; `attribute` is empty when the span's label itself is unknown. */
export interface UnfitValue {
  readonly attribute: string;
  readonly message: string;
}

/** What the checks need of the other spans of the layer: their ids and labels. */
export type SpansById = ReadonlyMap<string, Pick<Span, 'id' | 'label'>>;

/**
 * Each value of `span` that does not fit `schema`, in the order of its attribute names (code
 * units): a label the schema does not have (one entry, attribute `''`, naming the values kept);
 * an attribute the label does not have; a value of the wrong type (choice and text need a
 * string, number a finite number, boolean a boolean, reference a span id); a choice not in the
 * list; a reference to a span that is not in `spansById` (dangling) or whose label is not one of
 * the attribute's `targets` (empty targets allow any label). Empty when every value fits.
 * Reference cycles are found by `findReferenceCycles`. Never throws.
 */
export function checkSpanValues(span: Pick<Span, 'label' | 'attributes'>, schema: Schema, spansById: SpansById): readonly UnfitValue[] {
  return unfitValues(span, indexSchema(schema), spansById);
}

/** {@link checkSpanValues} over an indexed schema, for checks that run over many spans. */
export function unfitValues(span: Pick<Span, 'label' | 'attributes'>, index: SchemaIndex, spansById: SpansById): readonly UnfitValue[] {
  const names = Object.keys(span.attributes).sort(compareCodeUnits);
  const label = index.labels.get(span.label);
  if (label === undefined) {
    const kept = names.length > 0 ? `; its values are kept (${names.join(', ')})` : '';
    return [{ attribute: '', message: `label "${span.label}" is not in the corpus schema${kept}` }];
  }
  const unfit: UnfitValue[] = [];
  for (const name of names) {
    const value = span.attributes[name] as AttributeValue;
    const def = label.attributes.get(name);
    const message = def === undefined ? `"${name}" is not an attribute of ${span.label}` : valueProblem(def, value, spansById);
    if (message !== undefined) unfit.push({ attribute: name, message });
  }
  return unfit;
}

function valueProblem(def: AttributeDef, value: AttributeValue, spansById: SpansById): string | undefined {
  const name = `"${def.name}"`;
  switch (def.type) {
    case 'choice':
      if (typeof value !== 'string') return `${name} must be one of its choices, not ${describeValue(value)}`;
      return def.choices.includes(value) ? undefined : `${name}: ${JSON.stringify(value)} is not one of ${def.choices.join(', ')}`;
    case 'text':
      return typeof value === 'string' ? undefined : `${name} must be text, not ${describeValue(value)}`;
    case 'number':
      if (typeof value !== 'number') return `${name} must be a number, not ${describeValue(value)}`;
      return Number.isFinite(value) ? undefined : `${name}: ${String(value)} is not a finite number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${name} must be true or false, not ${describeValue(value)}`;
    case 'reference': {
      if (typeof value !== 'string') return `${name} must be the id of a span, not ${describeValue(value)}`;
      const target = spansById.get(value);
      if (target === undefined) return `${name} refers to span "${value}", which is not in the layer`;
      if (def.targets.length > 0 && !def.targets.includes(target.label)) {
        return `${name} refers to span "${value}" (${target.label}), but takes ${listNames(def.targets)}`;
      }
      return undefined;
    }
    default:
      return assertNever(def.type, 'attribute type');
  }
}

/** A stored value as a message shows it: text quoted, numbers and booleans as written. */
export function describeValue(value: AttributeValue): string {
  return typeof value === 'string' ? `the text ${JSON.stringify(value)}` : String(value);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
