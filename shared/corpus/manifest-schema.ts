/**
 * The `"schema"` member of `hashiya.json`: reading it with the line of every member, and writing
 * it in a fixed member order. Used by `manifest.ts`.
 *
 * ```
 * "schema": {
 *   "labels": [{"name", "color", "key", "attributes": [{"name", "type", "choices", "targets", "help"}]}],
 *   "relations": [{"name", "from", "to"}]
 * }
 * ```
 * A label without `"attributes"` has none and a schema without `"relations"` has none (manifests
 * of version 1 have neither); an attribute without `"choices"`, `"targets"` or `"help"` has an
 * empty one.
 */
import type { AttributeDef, FileProblem, LabelDef, RelationDef, Schema } from '../model.js';
import { ATTRIBUTE_TYPES, schemaProblems, type SchemaPath } from '../schema/validate-schema.js';
import type { FieldReader, LocatedObject } from './json-fields.js';
import type { LocatedJson } from './located-json.js';

/**
 * Reads `node` as a schema, recording every problem of shape (a missing or mistyped member, an
 * unexpected member, an unknown attribute type) on `r` with its line. Returns the schema when its
 * shape is right, whatever its content; check the content with {@link locatedSchemaProblems}.
 */
export function readSchema(r: FieldReader, node: LocatedJson): Schema | undefined {
  const before = r.problems.length;
  const obj = r.object(node, '"schema"');
  if (obj === undefined) return undefined;
  r.onlyMembers(obj, ['labels', 'relations'], '"schema"');
  const labels = r.array(obj, 'labels', '"schema"')?.map((item) => readLabel(r, item));
  const relations = obj.members.has('relations') ? r.array(obj, 'relations', '"schema"')?.map((item) => readRelation(r, item)) : [];
  if (r.problems.length > before || labels === undefined || relations === undefined) return undefined;
  return { labels: labels as LabelDef[], relations: relations as RelationDef[] };
}

function readLabel(r: FieldReader, node: LocatedJson): LabelDef | undefined {
  const obj = r.object(node, 'a label');
  if (obj === undefined) return undefined;
  r.onlyMembers(obj, ['name', 'color', 'key', 'attributes'], 'a label');
  const name = r.string(obj, 'name', 'a label');
  const color = r.string(obj, 'color', 'a label');
  const key = r.string(obj, 'key', 'a label');
  const attributes = obj.members.has('attributes') ? r.array(obj, 'attributes', 'a label')?.map((item) => readAttribute(r, item)) : [];
  if (name === undefined || color === undefined || key === undefined || attributes === undefined || attributes.includes(undefined)) return undefined;
  return { name, color, key, attributes: attributes as AttributeDef[] };
}

function readAttribute(r: FieldReader, node: LocatedJson): AttributeDef | undefined {
  const what = 'an attribute';
  const obj = r.object(node, what);
  if (obj === undefined) return undefined;
  r.onlyMembers(obj, ['name', 'type', 'choices', 'targets', 'help'], what);
  const name = r.string(obj, 'name', what);
  const type = r.oneOf(obj, 'type', what, ATTRIBUTE_TYPES);
  const choices = optional(obj, 'choices', [], () => r.stringArray(obj, 'choices', what));
  const targets = optional(obj, 'targets', [], () => r.stringArray(obj, 'targets', what));
  const help = optional(obj, 'help', '', () => r.string(obj, 'help', what));
  if (name === undefined || type === undefined || choices === undefined || targets === undefined || help === undefined) return undefined;
  return { name, type, choices, targets, help };
}

function readRelation(r: FieldReader, node: LocatedJson): RelationDef | undefined {
  const what = 'a relation type';
  const obj = r.object(node, what);
  if (obj === undefined) return undefined;
  r.onlyMembers(obj, ['name', 'from', 'to'], what);
  const name = r.string(obj, 'name', what);
  const from = r.stringArray(obj, 'from', what);
  const to = r.stringArray(obj, 'to', what);
  if (name === undefined || from === undefined || to === undefined) return undefined;
  return { name, from, to };
}

function optional<T>(obj: LocatedObject, key: string, absent: T, read: () => T | undefined): T | undefined {
  return obj.members.has(key) ? read() : absent;
}

/**
 * The content problems of `schema` (see `schemaProblems`), each on the line of the member it
 * is about in `node`, the located `"schema"` value `schema` was read from.
 */
export function locatedSchemaProblems(schema: Schema, node: LocatedJson, file: string): readonly FileProblem[] {
  return schemaProblems(schema).map((p) => ({ file, line: lineAt(node, p.path), message: p.message }));
}

/** The line of the deepest member of `node` that `path` reaches. */
function lineAt(node: LocatedJson, path: SchemaPath): number {
  let at = node;
  for (const step of path) {
    const next = typeof step === 'number' ? (at.kind === 'array' ? at.items[step] : undefined) : at.kind === 'object' ? at.members.get(step) : undefined;
    if (next === undefined) break;
    at = next;
  }
  return at.line;
}

/** The schema as a plain JSON value, members in the stored order. */
export function schemaJson(schema: Schema): unknown {
  return {
    labels: schema.labels.map((l) => ({
      name: l.name,
      color: l.color,
      key: l.key,
      attributes: l.attributes.map((a) => ({ name: a.name, type: a.type, choices: [...a.choices], targets: [...a.targets], help: a.help })),
    })),
    relations: schema.relations.map((r) => ({ name: r.name, from: [...r.from], to: [...r.to] })),
  };
}
