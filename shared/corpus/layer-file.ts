/**
 * `layers/<annotator>/<id>.jsonl`: one annotator's layer of one document as JSON Lines, so that
 * line numbers name problems and a git diff shows one line per changed span.
 *
 * Line 1, the header:
 * `{"format":"hashiya-layer","version":1,"document":…,"annotator":…,"textSha256":…,"revision":N,"status":…}`
 * then one line per span, sorted by `(start, end, label, id)`:
 * `{"type":"span","id":"s3","label":"Place","start":91,"end":100,"text":"دير الزور","prefix":…,"suffix":…}`
 * with `"attributes":{…}` (names sorted) and `"note":"…"` after the suffix, each only when not
 * empty; then one line per relation, sorted by id:
 * `{"type":"relation","id":"r1","relation":"located_at","from":"s1","to":"s3"}`;
 * then one line per rejected suggestion, sorted by `(start, end, label)`:
 * `{"type":"rejected","label":"Place","start":1,"end":5}`; and a trailing newline. Offsets are
 * code points into the canonical text, half-open. A layer without attributes, notes, relations
 * and rejected suggestions is written exactly as before they existed.
 *
 * The gold layer (`gold/<id>.jsonl`, see `gold-file.ts`) is this format with a few more members
 * and one more line type; {@link LayerLineExtension} and {@link LayerLineWriter} are how it adds
 * them. An annotator's layer file holding any of them is refused as ever ("unexpected member").
 */
import type { AttributeValue, Layer, RejectedSuggestion, Relation, Result, Span } from '../model.js';
import { validateAnnotatorName, validateDocumentId } from './ids.js';
import { SHA256_PATTERN } from './document-meta.js';
import { FieldReader, type LocatedObject } from './json-fields.js';
import { describeJsonKind, parseLocatedJson } from './located-json.js';
import { readLayerFast, type LayerLines } from './layer-file-fast.js';
import {
  DOCUMENT_STATUSES,
  HEADER_MEMBERS,
  LAYER_FORMAT,
  LAYER_VERSION,
  REJECTED_MEMBERS,
  RELATION_ID_PATTERN,
  RELATION_MEMBERS,
  SPAN_ID_PATTERN,
  SPAN_MEMBERS,
} from './layer-format.js';

export { DOCUMENT_STATUSES, LAYER_FORMAT, LAYER_VERSION, RELATION_ID_PATTERN, SPAN_ID_PATTERN };

type LayerHeader = Omit<Layer, 'spans' | 'relations' | 'rejected'>;

/** A parsed layer with the 1-based line each span and relation was read from, for messages. */
export interface LocatedLayer {
  readonly layer: Layer;
  /** Span id → line. */
  readonly spanLines: ReadonlyMap<string, number>;
  /** Relation id → line. */
  readonly relationLines: ReadonlyMap<string, number>;
}

/**
 * Parses a layer file, old and new lines alike. Every problem names `file` and its 1-based line:
 * bad JSON, a missing, mistyped or unexpected member, a missing or foreign header, an unknown
 * line type, a repeated span or relation id, `start >= end`, an attribute value that is not a
 * string, a finite number or a boolean. Blank lines are skipped, CRLF line ends and a leading
 * byte order mark are accepted, lines of each type may come in any order. Spans without
 * `"attributes"` or `"note"` get `{}` and `''`. Spans, relations and rejected suggestions are
 * returned sorted ({@link compareSpans}, {@link compareRelations}, {@link compareRejected}).
 * Whether spans still match the text, and whether values and relations fit the schema and point
 * at spans of the layer, is not checked here (see `checkAnchors`, `checkSpanValues`,
 * `checkRelations`). Never throws.
 */
export function parseLayerWithLines(text: string, file: string): Result<LocatedLayer> {
  // A sound file (nearly all of them) is read by the fast path; anything it does not accept is
  // read line by line again, which finds the same layer or names every problem with its line.
  const fast = readLayerFast(text);
  if (fast !== undefined) return { ok: true, value: locatedLayer(fast) };
  return parseLayerLines(text, file, undefined);
}

/** The layer of `lines` (read in file order) with its spans, relations and rejected suggestions sorted. */
function locatedLayer({ header, spans, relations, rejected, spanLines, relationLines }: LayerLines): LocatedLayer {
  return { layer: { ...header, spans: sortSpans(spans), relations: sortRelations(relations), rejected: sortRejected(rejected) }, spanLines, relationLines };
}

/**
 * What a file kind built on the layer format reads beyond an annotator's layer (the gold layer):
 * the members it allows on the header, span and relation lines, read by its hooks after the
 * layer's own members were read (a hook is called only for a line that read without problems),
 * and further line types, each handed to {@link line}. Hooks report through the reader.
 */
export interface LayerLineExtension {
  readonly headerMembers: readonly string[];
  readonly spanMembers: readonly string[];
  readonly relationMembers: readonly string[];
  /** Line types beyond `span`, `relation` and `rejected`. */
  readonly lineTypes: readonly string[];
  header(r: FieldReader, obj: LocatedObject): void;
  span(r: FieldReader, obj: LocatedObject, span: Span): void;
  relation(r: FieldReader, obj: LocatedObject, relation: Relation): void;
  line(r: FieldReader, type: string, obj: LocatedObject): void;
}

/**
 * {@link parseLayerWithLines}, with the members and line types of `extension` allowed (none
 * when undefined). The base of `parseGoldWithLines`; callers outside `shared/corpus` use those two.
 */
export function parseLayerLines(text: string, file: string, extension: LayerLineExtension | undefined): Result<LocatedLayer> {
  const r = new FieldReader(file);
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  let header: LayerHeader | undefined;
  let sawHeaderLine = false;
  const spans: Span[] = [];
  const relations: Relation[] = [];
  const rejected: RejectedSuggestion[] = [];
  const spanLines = new Map<string, number>();
  const relationLines = new Map<string, number>();

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const parsed = parseLocatedJson(line, lineNo);
    if (!parsed.ok) {
      sawHeaderLine = true;
      r.report(lineNo, parsed.message);
      return;
    }
    const obj = r.object(parsed.value, sawHeaderLine ? 'a layer line' : 'the header line');
    if (!sawHeaderLine) {
      sawHeaderLine = true;
      if (obj && obj.members.has('format')) {
        const before = r.problems.length;
        header = readHeader(r, obj, extension?.headerMembers ?? []);
        if (extension && header && r.problems.length === before) extension.header(r, obj);
      }
      else r.report(lineNo, `the first line must be the layer header {"format":"${LAYER_FORMAT}",...}`);
      return;
    }
    if (!obj) return;
    const type = r.string(obj, 'type', 'a layer line');
    switch (type) {
      case undefined:
        return;
      case 'span': {
        const span = readSpan(r, obj, lineNo, extension?.spanMembers ?? []);
        if (span && unique(r, spanLines, span.id, lineNo, 'span')) {
          spans.push(span);
          extension?.span(r, obj, span);
        }
        return;
      }
      case 'relation': {
        const relation = readRelation(r, obj, extension?.relationMembers ?? []);
        if (relation && unique(r, relationLines, relation.id, lineNo, 'relation')) {
          relations.push(relation);
          extension?.relation(r, obj, relation);
        }
        return;
      }
      case 'rejected': {
        const suggestion = readRejected(r, obj, lineNo);
        if (suggestion) rejected.push(suggestion);
        return;
      }
      default: {
        if (extension?.lineTypes.includes(type)) {
          extension.line(r, type, obj);
          return;
        }
        const known = ['span', 'relation', 'rejected', ...(extension?.lineTypes ?? [])].map((t) => `"${t}"`);
        r.report(lineNo, `unknown line type ${JSON.stringify(type)} (this Hashiya reads ${known.slice(0, -1).join(', ')} and ${known.at(-1)} lines)`);
      }
    }
  });

  if (!sawHeaderLine) r.report(1, `the layer file is empty: expected the header line {"format":"${LAYER_FORMAT}",...}`);
  if (r.problems.length > 0 || header === undefined) return { ok: false, errors: r.problems };
  return { ok: true, value: locatedLayer({ header, spans, relations, rejected, spanLines, relationLines }) };
}

/** {@link parseLayerWithLines} without the line maps. */
export function parseLayer(text: string, file: string): Result<Layer> {
  const parsed = parseLayerWithLines(text, file);
  return parsed.ok ? { ok: true, value: parsed.value.layer } : parsed;
}

/** Records `id` at `line`, or reports it as used twice. */
function unique(r: FieldReader, lines: Map<string, number>, id: string, line: number, what: string): boolean {
  const first = lines.get(id);
  if (first !== undefined) {
    r.report(line, `${what} id "${id}" is used twice (first on line ${first})`);
    return false;
  }
  lines.set(id, line);
  return true;
}

function readHeader(r: FieldReader, obj: LocatedObject, extra: readonly string[]): LayerHeader | undefined {
  const what = 'the header';
  r.onlyMembers(obj, [...HEADER_MEMBERS, ...extra], what);
  const format = r.string(obj, 'format', what);
  if (format !== undefined && format !== LAYER_FORMAT) {
    r.report(obj.line, `"format" must be "${LAYER_FORMAT}", not ${JSON.stringify(format)}`);
  }
  const version = r.integer(obj, 'version', what, 1);
  if (version !== undefined && version !== LAYER_VERSION) {
    r.report(obj.line, `layer version ${version} is not supported (this Hashiya reads version ${LAYER_VERSION})`);
  }
  const document = r.string(obj, 'document', what, (v) => firstMessage(validateDocumentId(v)));
  const annotator = r.string(obj, 'annotator', what, (v) => firstMessage(validateAnnotatorName(v)));
  const textSha256 = r.string(obj, 'textSha256', what, (v) => (SHA256_PATTERN.test(v) ? undefined : 'must be 64 lower-case hex digits'));
  const revision = r.integer(obj, 'revision', what, 0);
  const status = r.oneOf(obj, 'status', what, DOCUMENT_STATUSES);
  if (document === undefined || annotator === undefined || textSha256 === undefined || revision === undefined || status === undefined) {
    return undefined;
  }
  return { document, annotator, textSha256, revision, status };
}

function readSpan(r: FieldReader, obj: LocatedObject, line: number, extra: readonly string[]): Span | undefined {
  const what = 'a span line';
  const before = r.problems.length;
  r.onlyMembers(obj, [...SPAN_MEMBERS, ...extra], what);
  const id = r.string(obj, 'id', what, (v) => (SPAN_ID_PATTERN.test(v) ? undefined : `${JSON.stringify(v)} is not a span id (1–32 of A–Z a–z 0–9 _ -)`));
  const label = r.string(obj, 'label', what, (v) => (v === '' ? 'the label is empty' : undefined));
  const start = r.integer(obj, 'start', what, 0);
  const end = r.integer(obj, 'end', what, 0);
  const text = r.string(obj, 'text', what, (v) => (v === '' ? 'the quote is empty' : undefined));
  const prefix = r.string(obj, 'prefix', what);
  const suffix = r.string(obj, 'suffix', what);
  const attributes = obj.members.has('attributes') ? readAttributes(r, obj) : {};
  const note = obj.members.has('note') ? r.string(obj, 'note', what) : '';
  if (start !== undefined && end !== undefined && start >= end) {
    r.report(line, `span ${id === undefined ? '' : `"${id}" `}must end after it starts (start ${start}, end ${end})`);
    return undefined;
  }
  if (
    r.problems.length > before ||
    id === undefined ||
    label === undefined ||
    start === undefined ||
    end === undefined ||
    text === undefined ||
    prefix === undefined ||
    suffix === undefined ||
    attributes === undefined ||
    note === undefined
  ) {
    return undefined;
  }
  return { id, label, start, end, text, prefix, suffix, attributes, note };
}

/** The `"attributes"` object of a span line: each value a string, a finite number or a boolean. */
function readAttributes(r: FieldReader, obj: LocatedObject): Readonly<Record<string, AttributeValue>> | undefined {
  const node = obj.members.get('attributes');
  if (node === undefined) return undefined;
  const attributes = r.object(node, '"attributes"');
  if (attributes === undefined) return undefined;
  const entries: [string, AttributeValue][] = [];
  let ok = true;
  for (const [name, value] of attributes.members) {
    if (value.kind === 'string' || value.kind === 'boolean' || (value.kind === 'number' && Number.isFinite(value.value))) {
      entries.push([name, value.value]);
    } else {
      const found = value.kind === 'number' ? 'a number too large to hold' : describeJsonKind(value);
      r.report(value.line, `attribute ${JSON.stringify(name)} must be text, a number or true/false, not ${found}`);
      ok = false;
    }
  }
  // fromEntries defines own properties: a name such as "__proto__" stays an ordinary attribute.
  return ok ? Object.fromEntries(entries) : undefined;
}

function readRelation(r: FieldReader, obj: LocatedObject, extra: readonly string[]): Relation | undefined {
  const what = 'a relation line';
  const before = r.problems.length;
  r.onlyMembers(obj, [...RELATION_MEMBERS, ...extra], what);
  const id = r.string(obj, 'id', what, (v) => (RELATION_ID_PATTERN.test(v) ? undefined : `${JSON.stringify(v)} is not a relation id (1–32 of A–Z a–z 0–9 _ -)`));
  const type = r.string(obj, 'relation', what, (v) => (v === '' ? 'the relation type is empty' : undefined));
  const from = r.string(obj, 'from', what, (v) => (v === '' ? 'names no span' : undefined));
  const to = r.string(obj, 'to', what, (v) => (v === '' ? 'names no span' : undefined));
  if (r.problems.length > before || id === undefined || type === undefined || from === undefined || to === undefined) return undefined;
  return { id, type, from, to };
}

function readRejected(r: FieldReader, obj: LocatedObject, line: number): RejectedSuggestion | undefined {
  const what = 'a rejected line';
  const before = r.problems.length;
  r.onlyMembers(obj, REJECTED_MEMBERS, what);
  const label = r.string(obj, 'label', what, (v) => (v === '' ? 'the label is empty' : undefined));
  const start = r.integer(obj, 'start', what, 0);
  const end = r.integer(obj, 'end', what, 0);
  if (start !== undefined && end !== undefined && start >= end) {
    r.report(line, `a rejected suggestion must end after it starts (start ${start}, end ${end})`);
    return undefined;
  }
  if (r.problems.length > before || label === undefined || start === undefined || end === undefined) return undefined;
  return { label, start, end };
}

function firstMessage(result: Result<unknown>): string | undefined {
  return result.ok ? undefined : (result.errors[0]?.message ?? 'invalid');
}

/**
 * The stored order of spans: by `start`, then `end`, then `label`, then `id` (labels compared by
 * UTF-16 code units; ids of the form `s<number>` by number, others by code units). Total and
 * locale-independent, so serialisation is deterministic.
 */
export function compareSpans(a: Pick<Span, 'start' | 'end' | 'label' | 'id'>, b: Pick<Span, 'start' | 'end' | 'label' | 'id'>): number {
  return a.start - b.start || a.end - b.end || compareCodeUnits(a.label, b.label) || compareIds(a.id, b.id);
}

/** A sorted copy; the input is not changed. */
export function sortSpans<T extends Pick<Span, 'start' | 'end' | 'label' | 'id'>>(spans: readonly T[]): readonly T[] {
  return [...spans].sort(compareSpans);
}

/**
 * The stored order of relations: by id, ids of the form `r<number>` by number, others (and ties)
 * by code units. Total and locale-independent.
 */
export function compareRelations(a: Pick<Relation, 'id'>, b: Pick<Relation, 'id'>): number {
  return compareNumbered(a.id, b.id, 'r');
}

/** A sorted copy; the input is not changed. */
export function sortRelations<T extends Pick<Relation, 'id'>>(relations: readonly T[]): readonly T[] {
  return [...relations].sort(compareRelations);
}

/** The stored order of rejected suggestions: by `start`, then `end`, then `label` (code units). */
export function compareRejected(a: RejectedSuggestion, b: RejectedSuggestion): number {
  return a.start - b.start || a.end - b.end || compareCodeUnits(a.label, b.label);
}

/** A sorted copy; the input is not changed. */
export function sortRejected(rejected: readonly RejectedSuggestion[]): readonly RejectedSuggestion[] {
  return [...rejected].sort(compareRejected);
}

/** Code unit order, locale-independent. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIds(a: string, b: string): number {
  return compareNumbered(a, b, 's');
}

function compareNumbered(a: string, b: string, prefix: 's' | 'r'): number {
  const pattern = prefix === 's' ? /^s(\d{1,15})$/ : /^r(\d{1,15})$/;
  const na = pattern.exec(a);
  const nb = pattern.exec(b);
  if (na && nb) return Number(na[1]) - Number(nb[1]) || compareCodeUnits(a, b);
  return compareCodeUnits(a, b);
}

/**
 * The layer as stored: the header line, one line per span sorted by {@link compareSpans}, one per
 * relation sorted by {@link compareRelations}, one per rejected suggestion sorted by
 * {@link compareRejected}, a trailing newline. Members are written in a fixed order, attribute
 * names sorted by code units; `"attributes"` and `"note"` only when not empty. U+2028, U+2029 and
 * U+0085 are escaped so that no JSON Lines reader splits a line. The same layer always gives the
 * same bytes. Throws on an attribute number that is not finite (JSON cannot hold it; the store
 * refuses such values before writing).
 */
export function serializeLayer(layer: Layer): string {
  return serializeLayerLines(layer, undefined);
}

/**
 * What a file kind built on the layer format writes beyond an annotator's layer: members added
 * at the end of the header, of each span line and of each relation line (each a string such as
 * `,"decidedBy":"Mona"`, empty for none), and lines written after all others (JSON objects on
 * one line, without the newline).
 */
export interface LayerLineWriter<S extends Span, R extends Relation> {
  header(): string;
  span(span: S): string;
  relation(relation: R): string;
  lines(): readonly string[];
}

/** {@link serializeLayer} with the additions of `writer` (none when undefined). */
export function serializeLayerLines<S extends Span, R extends Relation>(
  layer: Omit<Layer, 'spans' | 'relations'> & { readonly spans: readonly S[]; readonly relations: readonly R[] },
  writer: LayerLineWriter<S, R> | undefined,
): string {
  const header = {
    format: LAYER_FORMAT,
    version: LAYER_VERSION,
    document: layer.document,
    annotator: layer.annotator,
    textSha256: layer.textSha256,
    revision: layer.revision,
    status: layer.status,
  };
  const out = [jsonLine(withMembers(JSON.stringify(header), writer?.header() ?? ''))];
  for (const s of sortSpans(layer.spans)) {
    const fixed = JSON.stringify({ type: 'span', id: s.id, label: s.label, start: s.start, end: s.end, text: s.text, prefix: s.prefix, suffix: s.suffix });
    const names = Object.keys(s.attributes).sort(compareCodeUnits);
    const attributes = names.length === 0 ? '' : `,"attributes":{${names.map((n) => `${JSON.stringify(n)}:${attributeJson(s.id, n, s.attributes[n] as AttributeValue)}`).join(',')}}`;
    const note = s.note === '' ? '' : `,"note":${JSON.stringify(s.note)}`;
    out.push(jsonLine(withMembers(fixed, `${attributes}${note}${writer?.span(s) ?? ''}`)));
  }
  for (const r of sortRelations(layer.relations)) {
    out.push(jsonLine(withMembers(JSON.stringify({ type: 'relation', id: r.id, relation: r.type, from: r.from, to: r.to }), writer?.relation(r) ?? '')));
  }
  for (const r of sortRejected(layer.rejected)) {
    out.push(jsonLine(JSON.stringify({ type: 'rejected', label: r.label, start: r.start, end: r.end })));
  }
  for (const line of writer?.lines() ?? []) out.push(jsonLine(line));
  return `${out.join('\n')}\n`;
}

/** `{…}` with `members` (`,"a":1,…` or empty) added before its closing brace. */
function withMembers(json: string, members: string): string {
  return members === '' ? json : `${json.slice(0, -1)}${members}}`;
}

function attributeJson(spanId: string, name: string, value: AttributeValue): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`span "${spanId}": attribute "${name}" is ${String(value)}, which a layer file cannot hold`);
  }
  return JSON.stringify(value);
}

function jsonLine(json: string): string {
  return json.replace(/[\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
