/**
 * Whether a schema can be stored and used: names brat can carry, no name or key twice, every
 * reference and relation naming labels that exist. The manifest reader uses the same checks
 * (locating each problem by its path), so a schema that passes here always reads back.
 */
import type { AttributeType, Schema } from '../model.js';

/**
 * A brat-safe name for labels, attributes and relation types: an ASCII letter, then letters,
 * digits, `_` or `-`, at most 64 characters (brat type names are ASCII).
 */
export const SCHEMA_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Every attribute type, in the order the UI offers them. */
export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['choice', 'number', 'text', 'boolean', 'reference'];

const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** A key is one printable, non-space code point, or empty for none. */
const KEY_PATTERN = /^(?:[^\p{C}\p{Z}\s])?$/u;

/** Where in a schema a problem is: member names and array indexes from the schema object down. */
export type SchemaPath = readonly (string | number)[];

export interface SchemaProblem {
  readonly path: SchemaPath;
  readonly message: string;
}

/** {@link schemaProblems} as messages only; empty when the schema is sound. */
export function validateSchema(schema: Schema): readonly string[] {
  return schemaProblems(schema).map((p) => p.message);
}

/**
 * Every problem of `schema`, each with the path of the member it is about: no labels; a label,
 * attribute or relation name that is not brat-safe ({@link SCHEMA_NAME_PATTERN}) or appears
 * twice (attributes: twice in one label); a colour not `#rrggbb`; a key that is not one printable
 * character or is given to two labels; an unknown attribute type; a choice attribute without
 * choices, an empty or repeated choice; choices on an attribute that is not a choice, targets on
 * one that is not a reference; a reference target or relation end naming no label of the schema;
 * a relation type without `from` or `to` labels. A reference attribute without targets may refer
 * to a span of any label. Empty when the schema is sound. Never throws.
 */
export function schemaProblems(schema: Schema): readonly SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (path: SchemaPath, message: string): void => {
    problems.push({ path, message });
  };
  const labelNames = new Set(schema.labels.map((l) => l.name));
  if (schema.labels.length === 0) report(['labels'], 'the schema has no labels');

  const seenLabels = new Set<string>();
  const keys = new Map<string, string>();
  schema.labels.forEach((label, i) => {
    const at = ['labels', i] as const;
    const nameOk = SCHEMA_NAME_PATTERN.test(label.name);
    if (!nameOk) report([...at, 'name'], `label name ${JSON.stringify(label.name)} ${NOT_A_NAME}`);
    else if (seenLabels.has(label.name)) report([...at, 'name'], `label "${label.name}" is defined twice`);
    seenLabels.add(label.name);
    const subject = `label ${JSON.stringify(label.name)}`;
    if (!COLOR_PATTERN.test(label.color)) report([...at, 'color'], `${subject}: colour ${JSON.stringify(label.color)} must be written #rrggbb`);
    if (!KEY_PATTERN.test(label.key)) report([...at, 'key'], `${subject}: key ${JSON.stringify(label.key)} must be one printable character, or "" for none`);
    else if (label.key !== '') {
      const other = keys.get(label.key);
      if (other !== undefined) report([...at, 'key'], `key "${label.key}" is given to both "${other}" and "${label.name}"`);
      else keys.set(label.key, label.name);
    }

    const seenAttributes = new Set<string>();
    label.attributes.forEach((attribute, j) => {
      const where = [...at, 'attributes', j] as const;
      const name = `attribute ${label.name}.${attribute.name}`;
      if (!SCHEMA_NAME_PATTERN.test(attribute.name)) report([...where, 'name'], `attribute name ${JSON.stringify(attribute.name)} of ${subject} ${NOT_A_NAME}`);
      else if (seenAttributes.has(attribute.name)) report([...where, 'name'], `${subject} has attribute "${attribute.name}" twice`);
      seenAttributes.add(attribute.name);
      if (!ATTRIBUTE_TYPES.includes(attribute.type)) {
        report([...where, 'type'], `${name}: type ${JSON.stringify(attribute.type)} is not one of ${ATTRIBUTE_TYPES.join(', ')}`);
        return;
      }
      if (attribute.type === 'choice') {
        if (attribute.choices.length === 0) report([...where, 'choices'], `${name}: a choice attribute needs at least one choice`);
        const seenChoices = new Set<string>();
        attribute.choices.forEach((c, k) => {
          if (c === '') report([...where, 'choices', k], `${name}: a choice is empty`);
          else if (seenChoices.has(c)) report([...where, 'choices', k], `${name}: choice ${JSON.stringify(c)} is listed twice`);
          seenChoices.add(c);
        });
      } else if (attribute.choices.length > 0) {
        report([...where, 'choices'], `${name}: only a choice attribute has choices (this one is ${attribute.type})`);
      }
      if (attribute.type === 'reference') {
        attribute.targets.forEach((t, k) => {
          if (!labelNames.has(t)) report([...where, 'targets', k], `${name}: target "${t}" is not a label of the schema`);
        });
      } else if (attribute.targets.length > 0) {
        report([...where, 'targets'], `${name}: only a reference attribute has targets (this one is ${attribute.type})`);
      }
    });
  });

  const seenRelations = new Set<string>();
  schema.relations.forEach((relation, i) => {
    const at = ['relations', i] as const;
    if (!SCHEMA_NAME_PATTERN.test(relation.name)) report([...at, 'name'], `relation name ${JSON.stringify(relation.name)} ${NOT_A_NAME}`);
    else if (seenRelations.has(relation.name)) report([...at, 'name'], `relation "${relation.name}" is defined twice`);
    seenRelations.add(relation.name);
    for (const end of ['from', 'to'] as const) {
      if (relation[end].length === 0) report([...at, end], `relation "${relation.name}": "${end}" names no label`);
      relation[end].forEach((l, k) => {
        if (!labelNames.has(l)) report([...at, end, k], `relation "${relation.name}": "${end}" label "${l}" is not a label of the schema`);
      });
    }
  });
  return problems;
}

const NOT_A_NAME = 'must be an ASCII letter then letters, digits, "_" or "-" (at most 64): brat type names are ASCII';
