/** Lookup maps over a schema, for checks that run once per span. Internal to `shared/schema`. */
import type { AttributeDef, LabelDef, RelationDef, Schema } from '../model.js';

export interface IndexedLabel {
  readonly def: LabelDef;
  readonly attributes: ReadonlyMap<string, AttributeDef>;
}

export interface SchemaIndex {
  readonly labels: ReadonlyMap<string, IndexedLabel>;
  readonly relations: ReadonlyMap<string, RelationDef>;
}

/** Labels, their attributes and relation types by name; where a name repeats, the first wins. */
export function indexSchema(schema: Schema): SchemaIndex {
  const labels = new Map<string, IndexedLabel>();
  for (const def of schema.labels) {
    if (labels.has(def.name)) continue;
    const attributes = new Map<string, AttributeDef>();
    for (const a of def.attributes) if (!attributes.has(a.name)) attributes.set(a.name, a);
    labels.set(def.name, { def, attributes });
  }
  const relations = new Map<string, RelationDef>();
  for (const r of schema.relations) if (!relations.has(r.name)) relations.set(r.name, r);
  return { labels, relations };
}

/** `"a", "b" or "c"`-style list for messages. */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}
