/**
 * `hashiya.json`, the manifest that makes a folder a corpus:
 * `{"format":"hashiya-corpus","version":2,"name":…,"schema":{"labels":[…],"relations":[…]}}`,
 * the schema as `manifest-schema.ts` describes it. Version 1 manifests (labels with name, colour
 * and key only, written before attributes and relations existed) still read.
 */
import type { Result, Schema } from '../model.js';
import { FieldReader } from './json-fields.js';
import { parseLocatedJson } from './located-json.js';
import { locatedSchemaProblems, readSchema, schemaJson } from './manifest-schema.js';

export { DEFAULT_SCHEMA } from '../schema/default-schema.js';
/** Label names are brat type names; kept under this name for existing imports. */
export { SCHEMA_NAME_PATTERN as LABEL_NAME_PATTERN } from '../schema/validate-schema.js';

export const MANIFEST_FILE = 'hashiya.json';
export const MANIFEST_FORMAT = 'hashiya-corpus';
/** The version written. */
export const MANIFEST_VERSION = 2;
/** The versions read: 1 (labels only) and 2 (labels with attributes, relation types). */
export const MANIFEST_VERSIONS_READ: readonly number[] = [1, 2];

/** What a corpus manifest holds besides its format marker. */
export interface Manifest {
  readonly name: string;
  readonly schema: Schema;
}

/**
 * Parses the text of `hashiya.json`. Every problem names `file` and the 1-based line it is on:
 * bad JSON, a missing, mistyped or unexpected member, a wrong format marker or an unknown
 * version, and everything `validateSchema` refuses (a name that is not brat-safe, a label,
 * attribute or relation defined twice, a key given twice, a colour not `#rrggbb`, a reference or
 * relation naming a label that does not exist, ...); the content of the schema is checked once
 * its shape is right. Problems come in the order found. Never throws.
 */
export function parseManifest(text: string, file: string): Result<Manifest> {
  const parsed = parseLocatedJson(text);
  if (!parsed.ok) return { ok: false, errors: [{ file, line: parsed.line, message: parsed.message }] };
  const r = new FieldReader(file);
  const root = r.object(parsed.value, 'the manifest');
  if (root === undefined) return { ok: false, errors: r.problems };
  r.onlyMembers(root, ['format', 'version', 'name', 'schema'], 'the manifest');

  const format = r.string(root, 'format', 'the manifest');
  if (format !== undefined && format !== MANIFEST_FORMAT) {
    r.report(root.members.get('format')?.line, `"format" must be "${MANIFEST_FORMAT}", not ${JSON.stringify(format)}: this is not a Hashiya corpus manifest`);
  }
  const version = r.integer(root, 'version', 'the manifest', 1);
  if (version !== undefined && !MANIFEST_VERSIONS_READ.includes(version)) {
    r.report(root.members.get('version')?.line, `manifest version ${version} is not supported (this Hashiya reads versions ${MANIFEST_VERSIONS_READ.join(' and ')})`);
  }
  const name = r.string(root, 'name', 'the manifest', (v) => (v.trim() === '' ? 'the corpus name is empty' : undefined));
  const schemaNode = r.member(root, 'schema', 'the manifest');
  const schema = schemaNode && readSchema(r, schemaNode);
  const problems = [...r.problems, ...(schema && schemaNode ? locatedSchemaProblems(schema, schemaNode, file) : [])];

  if (problems.length > 0 || name === undefined || schema === undefined) {
    return { ok: false, errors: problems };
  }
  return { ok: true, value: { name, schema } };
}

/**
 * The manifest as stored, always at {@link MANIFEST_VERSION}: pretty-printed JSON (two-space
 * indent), members in a fixed order, every member of every label and attribute written, a
 * trailing newline. The same manifest always gives the same text.
 */
export function serializeManifest(manifest: Manifest): string {
  const value = { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, name: manifest.name, schema: schemaJson(manifest.schema) };
  return `${JSON.stringify(value, null, 2)}\n`;
}
