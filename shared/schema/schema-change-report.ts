/**
 * What a schema change leaves behind. Changing the schema never touches stored layers; this
 * report lists the stored values that fitted the old schema and do not fit the new one, so that
 * the UI can show them.
 */
import type { Layer, Schema, Span } from '../model.js';
import { unfitValues } from './check-span-values.js';
import { relationProblems } from './check-relations.js';
import { referenceCycles } from './reference-cycles.js';
import { indexSchema } from './schema-index.js';

/** One stored value that no longer fits. For a relation, `spanId` is its `from` span. */
export interface SchemaChangeUnfit {
  readonly document: string;
  readonly annotator: string;
  readonly spanId: string;
  readonly message: string;
}

/**
 * The values of `layers` that fit `oldSchema` but not `newSchema`, layer by layer in the order
 * given, spans in layer order: span labels the new schema drops, attribute values it no longer
 * accepts (a removed attribute or choice, a changed type or target), relations whose type or end
 * labels it no longer accepts, and reference cycles it creates. Values that did not fit before
 * either are not repeated. Nothing is changed or dropped. Never throws.
 */
export function schemaChangeReport(oldSchema: Schema, newSchema: Schema, layers: readonly Layer[]): readonly SchemaChangeUnfit[] {
  const before = indexSchema(oldSchema);
  const after = indexSchema(newSchema);
  const out: SchemaChangeUnfit[] = [];
  for (const layer of layers) {
    const push = (spanId: string, message: string): void => {
      out.push({ document: layer.document, annotator: layer.annotator, spanId, message });
    };
    const byId = new Map<string, Span>();
    for (const s of layer.spans) if (!byId.has(s.id)) byId.set(s.id, s);

    for (const span of layer.spans) {
      const unfitBefore = new Set(unfitValues(span, before, byId).map((u) => u.attribute));
      const oldLabelUnknown = !before.labels.has(span.label);
      for (const unfit of unfitValues(span, after, byId)) {
        if (oldLabelUnknown || unfitBefore.has(unfit.attribute)) continue;
        push(span.id, unfit.message);
      }
    }

    const oldRelationProblems = new Set(relationProblems(layer.relations, byId, before).map((p) => p.relationId));
    const relationsById = new Map(layer.relations.map((r) => [r.id, r]));
    for (const problem of relationProblems(layer.relations, byId, after)) {
      if (oldRelationProblems.has(problem.relationId)) continue;
      const relation = relationsById.get(problem.relationId);
      push(relation?.from ?? '', `relation "${problem.relationId}" (${relation?.type ?? '?'}): ${problem.message}`);
    }

    const oldCycles = new Set(referenceCycles(layer.spans, before).map(cycleKey));
    for (const cycle of referenceCycles(layer.spans, after)) {
      if (oldCycles.has(cycleKey(cycle))) continue;
      push(cycle[0] ?? '', `references now form a cycle through spans ${cycle.join(', ')}`);
    }
  }
  return out;
}

/** The same group of spans gives the same key, whatever their order. */
function cycleKey(cycle: readonly string[]): string {
  return [...cycle].sort().join('\u0000');
}
