/**
 * Which stored relations do not fit the current schema or the layer: kept and reported, like
 * attribute values (see `checkSpanValues`).
 */
import type { Relation, Schema, Span } from '../model.js';
import { indexSchema, listNames, type SchemaIndex } from './schema-index.js';

export interface RelationProblem {
  readonly relationId: string;
  readonly message: string;
}

/**
 * The problems of each relation, in the order of `relations`: a type the schema does not have;
 * an end (`from`, `to`) naming no span of `spans` (dangling); an end whose span's label is not one
 * the relation type allows at that end. A relation may have several. Empty when all fit. Never
 * throws.
 */
export function checkRelations(relations: readonly Relation[], spans: readonly Pick<Span, 'id' | 'label'>[], schema: Schema): readonly RelationProblem[] {
  return relationProblems(relations, new Map(spans.map((s) => [s.id, s])), indexSchema(schema));
}

/** {@link checkRelations} over an indexed schema and spans by id. */
export function relationProblems(
  relations: readonly Relation[],
  spansById: ReadonlyMap<string, Pick<Span, 'id' | 'label'>>,
  index: SchemaIndex,
): readonly RelationProblem[] {
  const problems: RelationProblem[] = [];
  for (const relation of relations) {
    const report = (message: string): void => {
      problems.push({ relationId: relation.id, message });
    };
    const def = index.relations.get(relation.type);
    if (def === undefined) report(`relation type "${relation.type}" is not in the corpus schema`);
    for (const end of ['from', 'to'] as const) {
      const span = spansById.get(relation[end]);
      if (span === undefined) report(`"${end}" names span "${relation[end]}", which is not in the layer`);
      else if (def !== undefined && !def[end].includes(span.label)) {
        report(`"${end}" is span "${span.id}" (${span.label}), but ${def.name} ${end === 'from' ? 'goes from' : 'goes to'} ${listNames(def[end])}`);
      }
    }
  }
  return problems;
}
