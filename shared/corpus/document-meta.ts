/**
 * `documents/<id>.meta.json`: a {@link DocumentMeta} as pretty JSON with a fixed member order.
 */
import type { Canonicalisation, DocumentMeta, Result } from '../model.js';
import { validateDocumentId } from './ids.js';
import { FieldReader } from './json-fields.js';
import { parseLocatedJson } from './located-json.js';

/** A SHA-256 digest as 64 lower-case hex digits. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** An ISO 8601 UTC timestamp, e.g. `2025-03-01T10:15:00.000Z`. */
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

const ENCODINGS = ['utf-8', 'windows-1256'] as const;

/**
 * Parses a meta file. Problems (bad JSON, missing or mistyped members, an id that is not a
 * document id, a hash that is not 64 lower-case hex digits) name `file` and their 1-based line.
 * Does not compare with the text: the store does that. Never throws.
 */
export function parseDocumentMeta(text: string, file: string): Result<DocumentMeta> {
  const parsed = parseLocatedJson(text);
  if (!parsed.ok) return { ok: false, errors: [{ file, line: parsed.line, message: parsed.message }] };
  const r = new FieldReader(file);
  const root = r.object(parsed.value, 'document meta');
  if (!root) return { ok: false, errors: r.problems };
  const what = 'document meta';
  r.onlyMembers(root, ['id', 'source', 'importedAt', 'sha256', 'length', 'canonicalisation'], what);
  const id = r.string(root, 'id', what, (v) => {
    const checked = validateDocumentId(v);
    return checked.ok ? undefined : checked.errors[0]?.message;
  });
  const source = r.string(root, 'source', what);
  const importedAt = r.string(root, 'importedAt', what, (v) =>
    UTC_TIMESTAMP.test(v) ? undefined : `${JSON.stringify(v)} is not an ISO 8601 UTC timestamp ending in "Z"`,
  );
  const sha256 = r.string(root, 'sha256', what, (v) => (SHA256_PATTERN.test(v) ? undefined : 'must be 64 lower-case hex digits'));
  const length = r.integer(root, 'length', what, 0);

  let canonicalisation: Canonicalisation | undefined;
  const cNode = r.member(root, 'canonicalisation', what);
  const c = cNode && r.object(cNode, '"canonicalisation"');
  if (c) {
    const cw = '"canonicalisation"';
    r.onlyMembers(c, ['encoding', 'bomRemoved', 'crlf', 'cr', 'nfcChanged', 'warnings'], cw);
    const encoding = r.oneOf(c, 'encoding', cw, ENCODINGS);
    const bomRemoved = r.boolean(c, 'bomRemoved', cw);
    const crlf = r.integer(c, 'crlf', cw, 0);
    const cr = r.integer(c, 'cr', cw, 0);
    const nfcChanged = r.boolean(c, 'nfcChanged', cw);
    const warnings = r.stringArray(c, 'warnings', cw);
    if (
      encoding !== undefined &&
      bomRemoved !== undefined &&
      crlf !== undefined &&
      cr !== undefined &&
      nfcChanged !== undefined &&
      warnings !== undefined
    ) {
      canonicalisation = { encoding, bomRemoved, crlf, cr, nfcChanged, warnings };
    }
  }
  if (
    r.problems.length > 0 ||
    id === undefined ||
    source === undefined ||
    importedAt === undefined ||
    sha256 === undefined ||
    length === undefined ||
    canonicalisation === undefined
  ) {
    return { ok: false, errors: r.problems };
  }
  return { ok: true, value: { id, source, importedAt, sha256, length, canonicalisation } };
}

/** The meta as stored: two-space pretty JSON, members in a fixed order, trailing newline. */
export function serializeDocumentMeta(meta: DocumentMeta): string {
  const c = meta.canonicalisation;
  const value = {
    id: meta.id,
    source: meta.source,
    importedAt: meta.importedAt,
    sha256: meta.sha256,
    length: meta.length,
    canonicalisation: {
      encoding: c.encoding,
      bomRemoved: c.bomRemoved,
      crlf: c.crlf,
      cr: c.cr,
      nfcChanged: c.nfcChanged,
      warnings: [...c.warnings],
    },
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}
