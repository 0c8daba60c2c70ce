/**
 * What a save must refuse about the links between spans of a layer: a reference attribute or a
 * relation end naming no span of the layer, and a cycle of references. The rule that keeps every
 * layer savable after a schema change or a hand edit: a link that was already broken in the stored
 * layer, and is saved unchanged, is kept (and reported when read), not refused.
 */
import type { FileProblem, Relation, Schema, Span } from '../model.js';
import { referenceCycles } from '../schema/reference-cycles.js';
import { indexSchema } from '../schema/schema-index.js';

type Links = { readonly spans: readonly Pick<Span, 'id' | 'label' | 'attributes'>[]; readonly relations: readonly Relation[] };

/**
 * The refusals of saving `next` over `stored` (empty spans and relations for a new layer) under
 * `schema`, each naming `file` and the span or relation:
 * - a value of a `reference` attribute (per the span's label in `schema`) that is a string naming
 *   no span of `next`, unless the stored span had the same value and it named no stored span;
 * - a relation end naming no span of `next`, unless the identical relation (id, type, ends) was
 *   stored with that end naming no stored span;
 * - a cycle of references (see `findReferenceCycles`) that the stored layer did not have.
 * Values of the wrong type, unknown attributes and relation types, and wrong labels are not
 * refused: they are kept and reported. Empty when the save may go ahead. Never throws.
 */
export function linkRefusals(next: Links, stored: Links, schema: Schema, file: string): readonly FileProblem[] {
  const index = indexSchema(schema);
  const problems: FileProblem[] = [];
  const ids = new Set(next.spans.map((s) => s.id));
  const storedIds = new Set(stored.spans.map((s) => s.id));
  const storedSpans = new Map(stored.spans.map((s) => [s.id, s]));

  for (const span of next.spans) {
    const label = index.labels.get(span.label);
    if (label === undefined) continue;
    for (const [name, def] of label.attributes) {
      if (def.type !== 'reference' || !Object.hasOwn(span.attributes, name)) continue;
      const value = span.attributes[name];
      if (typeof value !== 'string' || ids.has(value)) continue;
      const before = storedSpans.get(span.id);
      const keptAsStored = before !== undefined && Object.hasOwn(before.attributes, name) && before.attributes[name] === value && !storedIds.has(value);
      if (!keptAsStored) problems.push({ file, message: `span "${span.id}": "${name}" refers to span "${value}", which is not in the layer` });
    }
  }

  const storedRelations = new Map(stored.relations.map((r) => [r.id, r]));
  for (const relation of next.relations) {
    for (const end of ['from', 'to'] as const) {
      if (ids.has(relation[end])) continue;
      const before = storedRelations.get(relation.id);
      const keptAsStored =
        before !== undefined && before.type === relation.type && before.from === relation.from && before.to === relation.to && !storedIds.has(relation[end]);
      if (!keptAsStored) problems.push({ file, message: `relation "${relation.id}" (${relation.type}): "${end}" names span "${relation[end]}", which is not in the layer` });
    }
  }

  const storedCycles = new Set(referenceCycles(stored.spans, index).map(cycleKey));
  for (const cycle of referenceCycles(next.spans, index)) {
    if (storedCycles.has(cycleKey(cycle))) continue;
    problems.push({ file, message: `spans ${cycle.join(', ')} refer to one another in a cycle (through their reference attributes); a cycle cannot be saved` });
  }
  return problems;
}

/** The same group of spans gives the same key, whatever their order. */
function cycleKey(cycle: readonly string[]): string {
  return [...cycle].sort().join('\u0000');
}
