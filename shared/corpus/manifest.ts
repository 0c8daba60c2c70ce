/**
 * `hashiya.json`, the manifest that makes a folder a corpus:
 * `{"format":"hashiya-corpus","version":1,"name":…,"schema":{"labels":[{"name","color","key"},…]}}`.
 */
import type { LabelDef, Result, Schema } from '../model.js';
import { FieldReader } from './json-fields.js';
import { parseLocatedJson } from './located-json.js';

export const MANIFEST_FILE = 'hashiya.json';
export const MANIFEST_FORMAT = 'hashiya-corpus';
export const MANIFEST_VERSION = 1;

/** What a corpus manifest holds besides its format marker. */
export interface Manifest {
  readonly name: string;
  readonly schema: Schema;
}

/**
 * The schema of a new corpus: the four labels of a conflict-news corpus, keys 1–4, colours that
 * stay readable as light highlight backgrounds under dark text.
 */
export const DEFAULT_SCHEMA: Schema = {
  labels: [
    { name: 'Actor', color: '#ffd8a8', key: '1' },
    { name: 'Place', color: '#b2f2bb', key: '2' },
    { name: 'CasualtyCount', color: '#ffc9c9', key: '3' },
    { name: 'Claim', color: '#d0bfff', key: '4' },
  ],
};

/**
 * Label names are brat type names (ASCII letter first, then letters, digits, `_`, `-`; at most
 * 64), so every corpus can be exported to brat unchanged.
 */
export const LABEL_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** A key is one printable, non-space code point, or empty for none. */
const KEY_PATTERN = /^(?:[^\p{C}\p{Z}\s])?$/u;

/**
 * Parses the text of `hashiya.json`. Every problem (bad JSON, a missing or mistyped member, a
 * wrong format marker or version, a bad label, a repeated label name or key) names `file` and the
 * 1-based line it is on. Never throws.
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
  if (version !== undefined && version !== MANIFEST_VERSION) {
    r.report(root.members.get('version')?.line, `manifest version ${version} is not supported (this Hashiya reads version ${MANIFEST_VERSION})`);
  }
  const name = r.string(root, 'name', 'the manifest', (v) => (v.trim() === '' ? 'the corpus name is empty' : undefined));

  const schemaNode = r.member(root, 'schema', 'the manifest');
  const schemaObject = schemaNode && r.object(schemaNode, '"schema"');
  let labels: LabelDef[] | undefined;
  if (schemaObject) {
    r.onlyMembers(schemaObject, ['labels'], '"schema"');
    const items = r.array(schemaObject, 'labels', '"schema"');
    if (items !== undefined) {
      if (items.length === 0) r.report(schemaObject.line, 'the schema has no labels');
      labels = [];
      const names = new Map<string, number>();
      const keys = new Map<string, string>();
      for (const item of items) {
        const obj = r.object(item, 'a label');
        if (!obj) continue;
        r.onlyMembers(obj, ['name', 'color', 'key'], 'a label');
        const labelName = r.string(obj, 'name', 'a label', (v) =>
          LABEL_NAME_PATTERN.test(v)
            ? undefined
            : `label name ${JSON.stringify(v)} must be an ASCII letter then letters, digits, "_" or "-" (at most 64): brat type names are ASCII`,
        );
        const color = r.string(obj, 'color', 'a label', (v) => (COLOR_PATTERN.test(v) ? undefined : `colour ${JSON.stringify(v)} must be written #rrggbb`));
        const key = r.string(obj, 'key', 'a label', (v) =>
          KEY_PATTERN.test(v) ? undefined : `key ${JSON.stringify(v)} must be one printable character, or "" for none`,
        );
        if (labelName !== undefined) {
          const seen = names.get(labelName);
          if (seen !== undefined) r.report(obj.line, `label "${labelName}" is defined twice (first on line ${seen})`);
          else names.set(labelName, obj.line);
        }
        if (key !== undefined && key !== '' && labelName !== undefined) {
          const other = keys.get(key);
          if (other !== undefined) r.report(obj.members.get('key')?.line, `key "${key}" is given to both "${other}" and "${labelName}"`);
          else keys.set(key, labelName);
        }
        if (labelName !== undefined && color !== undefined && key !== undefined) labels.push({ name: labelName, color, key });
      }
    }
  }

  if (r.problems.length > 0 || name === undefined || labels === undefined) return { ok: false, errors: r.problems };
  return { ok: true, value: { name, schema: { labels } } };
}

/**
 * The manifest as stored: pretty-printed JSON (two-space indent), members in a fixed order,
 * trailing newline. The same manifest always gives the same text.
 */
export function serializeManifest(manifest: Manifest): string {
  const value = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    name: manifest.name,
    schema: { labels: manifest.schema.labels.map((l) => ({ name: l.name, color: l.color, key: l.key })) },
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}
