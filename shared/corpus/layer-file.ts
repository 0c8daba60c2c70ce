/**
 * `layers/<annotator>/<id>.jsonl`: one annotator's layer of one document as JSON Lines, so that
 * line numbers name problems and a git diff shows one line per changed span.
 *
 * Line 1, the header:
 * `{"format":"hashiya-layer","version":1,"document":…,"annotator":…,"textSha256":…,"revision":N,"status":…}`
 * then one line per span, sorted by `(start, end, label, id)`:
 * `{"type":"span","id":"s3","label":"Place","start":91,"end":100,"text":"دير الزور","prefix":…,"suffix":…}`
 * and a trailing newline. Offsets are code points into the canonical text, half-open.
 */
import type { DocumentStatus, Layer, Result, Span } from '../model.js';
import { validateAnnotatorName, validateDocumentId } from './ids.js';
import { SHA256_PATTERN } from './document-meta.js';
import { FieldReader, type LocatedObject } from './json-fields.js';
import { parseLocatedJson } from './located-json.js';

export const LAYER_FORMAT = 'hashiya-layer';
export const LAYER_VERSION = 1;

/** A span id: 1–32 ASCII letters, digits, `_` or `-` (the app makes `s<number>`). */
export const SPAN_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['not_started', 'in_progress', 'done'];

/** A parsed layer with the 1-based line each span was read from, for messages about a span. */
export interface LocatedLayer {
  readonly layer: Layer;
  /** Span id → line. */
  readonly spanLines: ReadonlyMap<string, number>;
}

/**
 * Parses a layer file. Every problem names `file` and its 1-based line: bad JSON, a missing or
 * mistyped member, a missing or foreign header, an unknown line type, a repeated span id,
 * `start >= end`. Blank lines are skipped, CRLF line ends and a leading byte order mark are
 * accepted. Spans are returned sorted by {@link compareSpans}, whatever their order in the file.
 * Whether spans still match the text is not checked here (see `checkAnchors`). Never throws.
 */
export function parseLayerWithLines(text: string, file: string): Result<LocatedLayer> {
  const r = new FieldReader(file);
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  let header: Omit<Layer, 'spans'> | undefined;
  let sawHeaderLine = false;
  const spans: Span[] = [];
  const spanLines = new Map<string, number>();

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
    const obj = r.object(parsed.value, sawHeaderLine ? 'a span line' : 'the header line');
    if (!sawHeaderLine) {
      sawHeaderLine = true;
      if (obj && obj.members.has('format')) header = readHeader(r, obj);
      else r.report(lineNo, `the first line must be the layer header {"format":"${LAYER_FORMAT}",...}`);
      return;
    }
    if (!obj) return;
    const span = readSpan(r, obj, lineNo);
    if (!span) return;
    const first = spanLines.get(span.id);
    if (first !== undefined) {
      r.report(lineNo, `span id "${span.id}" is used twice (first on line ${first})`);
      return;
    }
    spanLines.set(span.id, lineNo);
    spans.push(span);
  });

  if (!sawHeaderLine) r.report(1, `the layer file is empty: expected the header line {"format":"${LAYER_FORMAT}",...}`);
  if (r.problems.length > 0 || header === undefined) return { ok: false, errors: r.problems };
  return { ok: true, value: { layer: { ...header, spans: sortSpans(spans) }, spanLines } };
}

/** {@link parseLayerWithLines} without the line map. */
export function parseLayer(text: string, file: string): Result<Layer> {
  const parsed = parseLayerWithLines(text, file);
  return parsed.ok ? { ok: true, value: parsed.value.layer } : parsed;
}

function readHeader(r: FieldReader, obj: LocatedObject): Omit<Layer, 'spans'> | undefined {
  const what = 'the header';
  r.onlyMembers(obj, ['format', 'version', 'document', 'annotator', 'textSha256', 'revision', 'status'], what);
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

function readSpan(r: FieldReader, obj: LocatedObject, line: number): Span | undefined {
  const what = 'a span line';
  const type = r.string(obj, 'type', what);
  if (type === undefined) return undefined;
  if (type !== 'span') {
    r.report(line, `unknown line type ${JSON.stringify(type)} (this Hashiya reads "span" lines)`);
    return undefined;
  }
  const before = r.problems.length;
  r.onlyMembers(obj, ['type', 'id', 'label', 'start', 'end', 'text', 'prefix', 'suffix'], what);
  const id = r.string(obj, 'id', what, (v) => (SPAN_ID_PATTERN.test(v) ? undefined : `${JSON.stringify(v)} is not a span id (1–32 of A–Z a–z 0–9 _ -)`));
  const label = r.string(obj, 'label', what, (v) => (v === '' ? 'the label is empty' : undefined));
  const start = r.integer(obj, 'start', what, 0);
  const end = r.integer(obj, 'end', what, 0);
  const text = r.string(obj, 'text', what, (v) => (v === '' ? 'the quote is empty' : undefined));
  const prefix = r.string(obj, 'prefix', what);
  const suffix = r.string(obj, 'suffix', what);
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
    suffix === undefined
  ) {
    return undefined;
  }
  return { id, label, start, end, text, prefix, suffix };
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

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIds(a: string, b: string): number {
  const na = /^s(\d{1,15})$/.exec(a);
  const nb = /^s(\d{1,15})$/.exec(b);
  if (na && nb) return Number(na[1]) - Number(nb[1]) || compareCodeUnits(a, b);
  return compareCodeUnits(a, b);
}

/**
 * The layer as stored: the header line, one line per span sorted by {@link compareSpans}, a
 * trailing newline. Members are written in a fixed order; U+2028, U+2029 and U+0085 are escaped
 * so that no JSON Lines reader splits a span's line. The same layer always gives the same bytes.
 */
export function serializeLayer(layer: Layer): string {
  const header = {
    format: LAYER_FORMAT,
    version: LAYER_VERSION,
    document: layer.document,
    annotator: layer.annotator,
    textSha256: layer.textSha256,
    revision: layer.revision,
    status: layer.status,
  };
  const out = [jsonLine(header)];
  for (const s of sortSpans(layer.spans)) {
    out.push(jsonLine({ type: 'span', id: s.id, label: s.label, start: s.start, end: s.end, text: s.text, prefix: s.prefix, suffix: s.suffix }));
  }
  return `${out.join('\n')}\n`;
}

function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
