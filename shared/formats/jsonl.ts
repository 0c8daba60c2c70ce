/**
 * doccano-style JSONL: one JSON object per line and document, in the shape doccano exports a
 * sequence-labelling project with relations, plus Hashiya's own fields under `hashiya`:
 *
 * ```json
 * {"id": "000_7db2a034c338d373", "text": "…",
 *  "label": [[39, 55, "Actor"], …],
 *  "entities": [{"id": 1, "label": "Actor", "start_offset": 39, "end_offset": 55,
 *                "hashiya": {"id": "s1", "text": "القوات الأمريكية", "attributes": {…}, "note": "…"}}, …],
 *  "relations": [{"id": 4, "from_id": 1, "to_id": 29, "type": "same_as", "hashiya": {"id": "r4"}}, …],
 *  "hashiya": {"offsets": "codepoint", "source": "Ali", "status": "in_progress", "sha256": "…", …}}
 * ```
 *
 * `label` (doccano's sequence-labelling form) and `entities`/`relations` (its relation form) hold
 * the same spans. Entity and relation ids are integers, as doccano's: `s17` is written 17 and
 * `r4` 4 (other ids get fresh numbers), and `hashiya.id` keeps the Hashiya id. Offsets count
 * Unicode code points by default, as Python does; with `offsets: 'utf16'` they count UTF-16 code
 * units, as JavaScript does (what doccano's browser front end produced in some versions).
 * `hashiya.offsets` records the unit so that reading with the wrong one is refused.
 *
 * @see https://doccano.github.io/doccano/ (export formats of sequence labelling and relation projects)
 */
import type { AttributeValue, FileProblem, RejectedSuggestion, Relation, Result, Schema, Span } from '../model.js';
import { sortRejected, sortRelations, sortSpans } from '../corpus/layer-file.js';
import { CodePointIndex } from '../text/code-points.js';
import type { ExportContext, ExportDocument, ExportLoss, ExportResult, FormatAdapter, ImportFile, ImportOptions, ImportedDocument, OffsetUnit } from './format.js';

/** The file a JSONL export writes. */
export const JSONL_FILE = 'annotations.jsonl';

const TOP_LEVEL_KEYS = new Set(['id', 'text', 'label', 'entities', 'relations', 'hashiya']);

/** `JSON.stringify`, with U+0085, U+2028 and U+2029 escaped so that no line reader splits a line. */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/gu, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}

function numbered(id: string, prefix: 's' | 'r'): number | undefined {
  const m = (prefix === 's' ? /^s(0|[1-9]\d{0,14})$/u : /^r(0|[1-9]\d{0,14})$/u).exec(id);
  return m ? Number(m[1]) : undefined;
}

/** Hashiya id → doccano integer id: the number of `s<n>`/`r<n>`, others fresh after the largest. */
function integerIds(ids: readonly string[], prefix: 's' | 'r'): Map<string, number> {
  const out = new Map<string, number>();
  const used = new Set<number>();
  for (const id of ids) {
    const n = numbered(id, prefix);
    if (n !== undefined && !used.has(n)) {
      used.add(n);
      out.set(id, n);
    }
  }
  let next = used.size === 0 ? 1 : Math.max(...used) + 1;
  for (const id of ids) {
    if (out.has(id)) continue;
    while (used.has(next)) next++;
    used.add(next);
    out.set(id, next);
  }
  return out;
}

/** Attribute values with names in code unit order, as the layer file stores them. */
function sortedAttributes(attributes: Readonly<Record<string, AttributeValue>>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const name of Object.keys(attributes).sort()) out[name] = attributes[name] as AttributeValue;
  return out;
}

function serializeDocument(doc: ExportDocument, context: ExportContext, losses: ExportLoss[]): string {
  const { text, layer, meta } = doc;
  const index = new CodePointIndex(text);
  const unit = (cp: number): number => (context.offsets === 'utf16' ? index.toUtf16(cp) : cp);
  const anchored = layer.spans.filter((s) => {
    const ok = Number.isSafeInteger(s.start) && Number.isSafeInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= index.length && index.slice(s.start, s.end) === s.text;
    if (!ok) losses.push({ document: layer.document, message: `span ${s.id} (${s.label} ${s.start}–${s.end}) does not match the text at its offsets: it is not exported, nor its relations` });
    return ok;
  });
  const entityIds = integerIds(anchored.map((s) => s.id), 's');
  const relationIds = integerIds(layer.relations.map((r) => r.id), 'r');
  const entities = anchored.map((s) => ({
    id: entityIds.get(s.id) as number,
    label: s.label,
    start_offset: unit(s.start),
    end_offset: unit(s.end),
    hashiya: {
      id: s.id,
      text: s.text,
      ...(Object.keys(s.attributes).length > 0 ? { attributes: sortedAttributes(s.attributes) } : {}),
      ...(s.note !== '' ? { note: s.note } : {}),
    },
  }));
  const relations = [];
  for (const r of layer.relations) {
    const from = entityIds.get(r.from);
    const to = entityIds.get(r.to);
    if (from === undefined || to === undefined) {
      losses.push({ document: layer.document, message: `relation ${r.id} (${r.type} ${r.from} → ${r.to}) links a span that is not exported: it is not exported` });
      continue;
    }
    relations.push({ id: relationIds.get(r.id) as number, from_id: from, to_id: to, type: r.type, hashiya: { id: r.id } });
  }
  const rejected = layer.rejected.filter((r) => Number.isSafeInteger(r.start) && Number.isSafeInteger(r.end) && r.start >= 0 && r.start < r.end && r.end <= index.length);
  if (rejected.length < layer.rejected.length) losses.push({ document: layer.document, message: `${layer.rejected.length - rejected.length} rejected suggestion(s) outside the text are not exported` });
  return jsonLine({
    id: meta.id,
    text,
    label: entities.map((e) => [e.start_offset, e.end_offset, e.label]),
    entities,
    relations,
    hashiya: {
      offsets: context.offsets,
      source: context.source,
      status: layer.status,
      sha256: meta.sha256,
      tool: `Hashiya ${context.toolVersion}`,
      exported_at: context.exportedAt,
      ...(rejected.length > 0 ? { rejected: rejected.map((r) => ({ label: r.label, start: unit(r.start), end: unit(r.end) })) } : {}),
    },
  });
}

function serializeJsonl(documents: readonly ExportDocument[], context: ExportContext): ExportResult {
  const losses: ExportLoss[] = [];
  const lines = documents.map((d) => serializeDocument(d, context, losses));
  return { files: [{ path: JSONL_FILE, content: lines.length === 0 ? '' : `${lines.join('\n')}\n` }], losses };
}

// ---------------------------------------------------------------------------------------------
// Import.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isId = (v: unknown): v is number | string => (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v !== '');
const isValue = (v: unknown): v is AttributeValue => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** The ids given (undefined where none), with `<prefix><n>` numbers after the largest for the missing ones. */
function freshIds(ids: readonly (string | undefined)[], prefix: 's' | 'r'): string[] {
  const numbers = ids.map((id) => (id === undefined ? undefined : numbered(id, prefix))).filter((n): n is number => n !== undefined);
  let next = numbers.length === 0 ? 1 : Math.max(...numbers) + 1;
  return ids.map((id) => id ?? `${prefix}${next++}`);
}

interface LineContext {
  readonly file: string;
  readonly line: number;
  readonly raw: string;
  readonly index: CodePointIndex;
  readonly unit: OffsetUnit;
  readonly fail: (message: string) => void;
}

/**
 * `[start, end)` in the line's unit as code points of the raw text, or undefined (reported): not
 * integers, empty or reversed, past the end, or (UTF-16) cutting a surrogate pair. `what` names
 * the span in messages; `quote`, when given, must be the text there.
 */
function toCodePoints(ctx: LineContext, what: string, start: unknown, end: unknown, quote?: string): { start: number; end: number } | undefined {
  if (!isOffset(start) || !isOffset(end)) {
    ctx.fail(`${what}: offsets must be non-negative integers, not ${JSON.stringify(start)} and ${JSON.stringify(end)}`);
    return undefined;
  }
  if (end <= start) {
    ctx.fail(`${what}: must end after it starts (start ${start}, end ${end})`);
    return undefined;
  }
  const length = ctx.unit === 'utf16' ? ctx.raw.length : ctx.index.length;
  if (end > length) {
    const fitsUtf16 = ctx.unit === 'codepoint' && end <= ctx.raw.length;
    ctx.fail(
      `${what}: offsets ${start}–${end} run past the end of the text (${length} ${ctx.unit === 'utf16' ? 'UTF-16 code units' : 'code points'})` +
        (fitsUtf16 ? '; they fit if counted in UTF-16 code units: import with offsets utf16' : ''),
    );
    return undefined;
  }
  let cp: { start: number; end: number };
  if (ctx.unit === 'utf16') {
    try {
      cp = { start: ctx.index.toCodePoint(start), end: ctx.index.toCodePoint(end) };
    } catch {
      const cut = [start, end].find((u) => {
        try {
          ctx.index.toCodePoint(u);
          return false;
        } catch {
          return true;
        }
      });
      ctx.fail(`${what}: UTF-16 offset ${cut ?? start} falls inside a surrogate pair (an emoji or other astral character); were the offsets counted in code points?`);
      return undefined;
    }
  } else {
    cp = { start, end };
  }
  if (quote !== undefined && ctx.index.slice(cp.start, cp.end) !== quote) {
    const other = ctx.unit === 'codepoint' ? ctx.raw.slice(start, end) : [...ctx.raw].slice(start, end).join('');
    ctx.fail(
      `${what}: text ${JSON.stringify(quote)} is not the text at ${start}–${end}, which is ${JSON.stringify(ctx.index.slice(cp.start, cp.end))}` +
        (other === quote ? `; the offsets fit if counted in ${ctx.unit === 'codepoint' ? 'UTF-16 code units' : 'code points'}` : ''),
    );
    return undefined;
  }
  return cp;
}

/** One line: a document, or undefined after reporting every problem of the line. */
function readLine(file: string, line: number, source: string, schema: Schema, unit: OffsetUnit, warnings: FileProblem[]): { doc?: ImportedDocument; errors: FileProblem[] } {
  const errors: FileProblem[] = [];
  const fail = (message: string): void => {
    errors.push({ file, line, message });
  };
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (e) {
    fail(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
    return { errors };
  }
  if (!isObject(value)) {
    fail('a line must be a JSON object (one document)');
    return { errors };
  }
  const raw = value.text;
  if (typeof raw !== 'string') {
    fail('"text" must be the document\'s text, a string');
    return { errors };
  }
  for (const key of Object.keys(value)) if (!TOP_LEVEL_KEYS.has(key)) warnings.push({ file, line, message: `member "${key}" not imported` });
  const meta = value.hashiya;
  if (meta !== undefined && !isObject(meta)) fail('"hashiya" must be an object');
  const written = isObject(meta) ? meta.offsets : undefined;
  if (written !== undefined && written !== 'codepoint' && written !== 'utf16') fail(`"hashiya.offsets" must be "codepoint" or "utf16", not ${JSON.stringify(written)}`);
  else if (written !== undefined && written !== unit) {
    fail(`offsets were written in ${written === 'utf16' ? 'UTF-16 code units' : 'code points'} but are being read as ${unit === 'utf16' ? 'UTF-16 code units' : 'code points'}: import with offsets ${written}`);
    return { errors };
  }
  const ctx: LineContext = { file, line, raw, index: new CodePointIndex(raw), unit, fail };
  const labels = new Set(schema.labels.map((l) => l.name));
  const relationTypes = new Set(schema.relations.map((r) => r.name));
  if (value.id !== undefined && !isId(value.id)) fail('"id" must be a string or an integer');
  const id = isId(value.id) ? String(value.id) : undefined;

  const spans: Omit<Span, 'prefix' | 'suffix'>[] = [];
  const byEntity = new Map<string, string>();
  const hashiyaIds = new Set<string>();
  const knownLabel = (what: string, label: unknown): label is string => {
    if (typeof label !== 'string') fail(`${what}: "label" must be a string`);
    else if (!labels.has(label)) fail(`${what}: label "${label}" is not in the schema`);
    else return true;
    return false;
  };

  const entities = value.entities;
  const labelList = value.label;
  if (entities !== undefined && !Array.isArray(entities)) fail('"entities" must be an array');
  if (labelList !== undefined && !Array.isArray(labelList)) fail('"label" must be an array of [start, end, label]');
  const triples: string[] = [];
  if (Array.isArray(labelList)) {
    labelList.forEach((item, k) => {
      const what = `label[${k}]`;
      if (!Array.isArray(item) || item.length !== 3) {
        fail(`${what} must be [start, end, label]`);
        return;
      }
      const [s, e, l] = item;
      if (!knownLabel(what, l)) return;
      const cp = toCodePoints(ctx, what, s, e);
      if (cp !== undefined) triples.push(`${s as number} ${e as number} ${l}`);
      if (cp !== undefined && !Array.isArray(entities)) spans.push({ id: `s${k + 1}`, label: l, start: cp.start, end: cp.end, text: ctx.index.slice(cp.start, cp.end), attributes: {}, note: '' });
    });
  }
  if (Array.isArray(entities)) {
    const fromEntities: string[] = [];
    // Span ids: `hashiya.id` when given, else `s<n>` for doccano's integer id n, else fresh numbers.
    const given = entities.map((e) => (isObject(e) && isObject(e.hashiya) && typeof e.hashiya.id === 'string' ? e.hashiya.id : undefined));
    const spanIds = freshIds(
      entities.map((e, k) => given[k] ?? (isObject(e) && typeof e.id === 'number' && Number.isSafeInteger(e.id) && e.id >= 0 ? `s${e.id}` : undefined)),
      's',
    );
    entities.forEach((e, k) => {
      const what = `entities[${k}]`;
      if (!isObject(e)) {
        fail(`${what} must be an object {id, label, start_offset, end_offset}`);
        return;
      }
      if (!isId(e.id)) {
        fail(`${what}: "id" must be an integer or a string`);
        return;
      }
      const key = String(e.id);
      if (byEntity.has(key)) {
        fail(`${what}: entity id ${JSON.stringify(e.id)} is used twice`);
        return;
      }
      const extra = e.hashiya;
      if (extra !== undefined && !isObject(extra)) {
        fail(`${what}: "hashiya" must be an object`);
        return;
      }
      const quote = extra?.text;
      if (quote !== undefined && typeof quote !== 'string') fail(`${what}: "hashiya.text" must be a string`);
      const hashiyaId = extra?.id;
      const spanId = spanIds[k] as string;
      if (hashiyaId !== undefined && (typeof hashiyaId !== 'string' || hashiyaId === '')) fail(`${what}: "hashiya.id" must be a non-empty string`);
      else if (hashiyaIds.has(spanId)) fail(`${what}: span id "${spanId}" is used twice`);
      const attributes = extra?.attributes ?? {};
      if (!isObject(attributes) || !Object.values(attributes).every(isValue)) fail(`${what}: "hashiya.attributes" must map names to strings, numbers or booleans`);
      const note = extra?.note ?? '';
      if (typeof note !== 'string') fail(`${what}: "hashiya.note" must be a string`);
      if (!knownLabel(what, e.label)) return;
      const cp = toCodePoints(ctx, what, e.start_offset, e.end_offset, typeof quote === 'string' ? quote : undefined);
      if (cp === undefined || typeof note !== 'string' || !isObject(attributes)) return;
      fromEntities.push(`${e.start_offset as number} ${e.end_offset as number} ${e.label}`);
      hashiyaIds.add(spanId);
      byEntity.set(key, spanId);
      spans.push({ id: spanId, label: e.label, start: cp.start, end: cp.end, text: ctx.index.slice(cp.start, cp.end), attributes: attributes as Record<string, AttributeValue>, note });
    });
    if (Array.isArray(labelList) && errors.length === 0 && [...triples].sort().join('\n') !== [...fromEntities].sort().join('\n')) {
      fail('"label" and "entities" hold different spans: a line must not say two things');
    }
  }

  const relations: Relation[] = [];
  const rawRelations = value.relations;
  if (rawRelations !== undefined && !Array.isArray(rawRelations)) fail('"relations" must be an array');
  if (Array.isArray(rawRelations)) {
    const seen = new Set<string>();
    const usedIds = new Set<string>();
    const relationIds = freshIds(
      rawRelations.map((r) =>
        isObject(r) && isObject(r.hashiya) && typeof r.hashiya.id === 'string' && r.hashiya.id !== ''
          ? r.hashiya.id
          : isObject(r) && typeof r.id === 'number' && Number.isSafeInteger(r.id) && r.id >= 0
            ? `r${r.id}`
            : undefined,
      ),
      'r',
    );
    rawRelations.forEach((r, k) => {
      const what = `relations[${k}]`;
      if (!isObject(r) || !isId(r.id) || !isId(r.from_id) || !isId(r.to_id) || typeof r.type !== 'string') {
        fail(`${what} must be {id, from_id, to_id, type}`);
        return;
      }
      if (seen.has(String(r.id))) {
        fail(`${what}: relation id ${JSON.stringify(r.id)} is used twice`);
        return;
      }
      seen.add(String(r.id));
      if (!relationTypes.has(r.type)) fail(`${what}: relation type "${r.type}" is not in the schema`);
      const from = byEntity.get(String(r.from_id));
      const to = byEntity.get(String(r.to_id));
      if (from === undefined) fail(`${what}: from_id ${JSON.stringify(r.from_id)} is not an entity of this line`);
      if (to === undefined) fail(`${what}: to_id ${JSON.stringify(r.to_id)} is not an entity of this line`);
      const relationId = relationIds[k] as string;
      if (usedIds.has(relationId)) fail(`${what}: relation id "${relationId}" is used twice`);
      usedIds.add(relationId);
      if (from !== undefined && to !== undefined) relations.push({ id: relationId, type: r.type, from, to });
    });
  }

  const rejected: RejectedSuggestion[] = [];
  const rawRejected = isObject(meta) ? meta.rejected : undefined;
  if (rawRejected !== undefined && !Array.isArray(rawRejected)) fail('"hashiya.rejected" must be an array');
  if (Array.isArray(rawRejected)) {
    rawRejected.forEach((r, k) => {
      const what = `hashiya.rejected[${k}]`;
      if (!isObject(r) || typeof r.label !== 'string') {
        fail(`${what} must be {label, start, end}`);
        return;
      }
      const cp = toCodePoints(ctx, what, r.start, r.end);
      if (cp !== undefined) rejected.push({ label: r.label, start: cp.start, end: cp.end });
    });
  }

  if (errors.length > 0) return { errors };
  return {
    errors,
    doc: {
      id: id ?? '',
      rawText: raw,
      spans: sortSpans(spans),
      relations: sortRelations(relations),
      rejected: sortRejected(rejected),
      warnings: [],
    },
  };
}

function parseJsonl(files: readonly ImportFile[], options: ImportOptions): Result<readonly ImportedDocument[]> {
  const errors: FileProblem[] = [];
  const documents: ImportedDocument[] = [];
  const firstOfId = new Map<string, string>();
  for (const f of files) {
    const stem = f.path.replace(/\\/gu, '/').replace(/^.*\//u, '').replace(/\.[^.]*$/u, '');
    const content = f.content.startsWith('\uFEFF') ? f.content.slice(1) : f.content;
    content.split('\n').forEach((rawLine, i) => {
      const line = i + 1;
      const source = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      if (source.trim() === '') return;
      const warnings: FileProblem[] = [];
      const read = readLine(f.path, line, source, options.schema, options.offsets, warnings);
      errors.push(...read.errors);
      if (read.doc === undefined) return;
      const id = read.doc.id === '' ? `${stem}-${line}` : read.doc.id;
      const first = firstOfId.get(id);
      if (first !== undefined) {
        errors.push({ file: f.path, line, message: `document id "${id}" is used twice (first at ${first})` });
        return;
      }
      firstOfId.set(id, `${f.path}:${line}`);
      documents.push({ ...read.doc, id, warnings });
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: documents };
}

/**
 * doccano-style JSONL (see the module comment), lossless for spans, attribute values, relations,
 * notes and rejected suggestions.
 *
 * `serialize` writes one file, {@link JSONL_FILE}: a line per document, offsets in
 * `context.offsets` (code points or UTF-16 code units). Losses: spans that do not match the text
 * at their offsets (and relations to them).
 *
 * `parse` reads every line of every file (a leading BOM and `\r\n` line ends are fine) with
 * offsets in `options.offsets`; the result has offsets in code points of each line's `text`.
 * A line needs `text`; spans come from `entities` (doccano's relation form, with `hashiya` extras)
 * or, without it, from `label` (its sequence-labelling form); `id` names the document (else
 * `<file name>-<line>`). Every problem names the file and line: not JSON, a missing or mistyped
 * member, offsets that are not integers, reversed, out of range or (UTF-16) inside a surrogate
 * pair, a `hashiya.text` that is not the text at the offsets, a label or relation type not in the
 * schema, an entity, relation or document id used twice, a relation to an entity not on the line,
 * `label` and `entities` that disagree, a unit other than the one the line says it was written
 * in. Any problem makes the result `{ok: false}` and nothing is imported. Members of a line other
 * than the ones above are listed in `warnings`. Never throws.
 */
export const jsonlFormat: FormatAdapter = {
  name: 'jsonl',
  lossless: true,
  serialize: serializeJsonl,
  parse: parseJsonl,
};
