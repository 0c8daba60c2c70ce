/**
 * The fast path of reading an annotator's layer file (`layer-file.ts`): each line read with the
 * engine's `JSON.parse` and checked as plain values, for the files that are sound, which is
 * nearly all of them. It accepts only what the line-numbered reader (`parseLayerLines` without an
 * extension) accepts, and gives the same layer: the same members in the same order, the same
 * line of every span and relation. Anything else — a line that does not parse, a member name
 * written twice, any value the line-numbered reader would report, anything unusual — makes it
 * give up (`undefined`) without saying why; the caller then reads the file line by line, which
 * names every problem with its line. `test/unit/corpus-layer-file-fast.test.ts` holds the two
 * readers to the same results.
 *
 * Why by hand and not a schema library: what is accepted must match the line-numbered reader's
 * checks exactly (the same integer, id and status rules), and the point is speed.
 */
import type { AttributeValue, DocumentStatus, Layer, RejectedSuggestion, Relation, Span } from '../model.js';
import { SHA256_PATTERN } from './document-meta.js';
import { validateAnnotatorName, validateDocumentId } from './ids.js';
import { colonsPerLine, countJsonMembers } from './json-member-count.js';
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

/** A layer as read, before sorting: lines in file order. */
export interface LayerLines {
  readonly header: Omit<Layer, 'spans' | 'relations' | 'rejected'>;
  readonly spans: readonly Span[];
  readonly relations: readonly Relation[];
  readonly rejected: readonly RejectedSuggestion[];
  /** Span id → 1-based line. */
  readonly spanLines: ReadonlyMap<string, number>;
  /** Relation id → 1-based line. */
  readonly relationLines: ReadonlyMap<string, number>;
}

type Plain = Record<string, unknown>;

const HEADER = new Set(HEADER_MEMBERS);
const SPAN = new Set(SPAN_MEMBERS);
const RELATION = new Set(RELATION_MEMBERS);
const REJECTED = new Set(REJECTED_MEMBERS);
const STATUSES = new Set<string>(DOCUMENT_STATUSES);

/**
 * The lines of an annotator's layer file when every line is sound (see the module comment), in
 * file order; `undefined` when anything is not. Never throws.
 */
export function readLayerFast(text: string): LayerLines | undefined {
  // The same line splitting as the line-numbered reader: a leading BOM off, CRLF or LF, blank lines skipped.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n');
  const colons = colonsPerLine(body);
  let header: LayerLines['header'] | undefined;
  const spans: Span[] = [];
  const relations: Relation[] = [];
  const rejected: RejectedSuggestion[] = [];
  const spanLines = new Map<string, number>();
  const relationLines = new Map<string, number>();
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const obj = parseObject(line, colons[index] as number);
    if (obj === undefined) return undefined;
    if (header === undefined) {
      header = readHeader(obj);
      if (header === undefined) return undefined;
      continue;
    }
    const lineNo = index + 1;
    switch (obj.type) {
      case 'span': {
        const span = readSpan(obj);
        if (span === undefined || spanLines.has(span.id)) return undefined;
        spanLines.set(span.id, lineNo);
        spans.push(span);
        break;
      }
      case 'relation': {
        const relation = readRelation(obj);
        if (relation === undefined || relationLines.has(relation.id)) return undefined;
        relationLines.set(relation.id, lineNo);
        relations.push(relation);
        break;
      }
      case 'rejected': {
        const suggestion = readRejected(obj);
        if (suggestion === undefined) return undefined;
        rejected.push(suggestion);
        break;
      }
      default:
        return undefined;
    }
  }
  if (header === undefined) return undefined;
  return { header, spans, relations, rejected, spanLines, relationLines };
}

/** Lines this long or longer may hold a number the line-numbered parser reads differently (it reads at most 400 characters of one). */
const LONG_LINE = 400;

/**
 * `line` parsed as a JSON object, when it is one and writes no member name twice (`JSON.parse`
 * would keep the last silently); otherwise undefined. `colons`: the `:` in the line.
 */
function parseObject(line: string, colons: number): Plain | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  let members = Object.keys(value).length;
  const attributes = value.attributes;
  if (isPlainObject(attributes)) members += Object.keys(attributes).length;
  // Any other nested object or array makes the line unsound for every line type, so counting
  // the line's own members and those of its attributes is enough. The members written are at
  // least those parsed and at most the colons: when the two agree, no name was written twice.
  if (colons === members && line.length < LONG_LINE) return value;
  return countJsonMembers(line, LONG_LINE) === members ? value : undefined;
}

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether every own member name of `obj` is one of `allowed`. */
function onlyMembers(obj: Plain, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(obj)) if (!allowed.has(key)) return false;
  return true;
}

/**
 * A string member, when it is one (the line-numbered reader's `r.string`). No member name of the
 * format is a property of `Object.prototype`, so a missing member reads as undefined.
 */
function str(obj: Plain, key: string): string | undefined {
  const value = obj[key];
  return typeof value === 'string' ? value : undefined;
}

/** A safe integer `>= min`, when it is one (the line-numbered reader's `r.integer`). */
function int(obj: Plain, key: string, min: number): number | undefined {
  const value = obj[key];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : undefined;
}

function readHeader(obj: Plain): LayerLines['header'] | undefined {
  if (!onlyMembers(obj, HEADER)) return undefined;
  if (obj.format !== LAYER_FORMAT || obj.version !== LAYER_VERSION) return undefined;
  const document = str(obj, 'document');
  const annotator = str(obj, 'annotator');
  const textSha256 = str(obj, 'textSha256');
  const revision = int(obj, 'revision', 0);
  const status = str(obj, 'status');
  if (document === undefined || !validateDocumentId(document).ok) return undefined;
  if (annotator === undefined || !validateAnnotatorName(annotator).ok) return undefined;
  if (textSha256 === undefined || !SHA256_PATTERN.test(textSha256)) return undefined;
  if (revision === undefined || status === undefined || !STATUSES.has(status)) return undefined;
  return { document, annotator, textSha256, revision, status: status as DocumentStatus };
}

function readSpan(obj: Plain): Span | undefined {
  if (!onlyMembers(obj, SPAN)) return undefined;
  const id = str(obj, 'id');
  const label = str(obj, 'label');
  const start = int(obj, 'start', 0);
  const end = int(obj, 'end', 0);
  const text = str(obj, 'text');
  const prefix = str(obj, 'prefix');
  const suffix = str(obj, 'suffix');
  if (id === undefined || !SPAN_ID_PATTERN.test(id) || label === undefined || label === '' || text === undefined || text === '') return undefined;
  if (start === undefined || end === undefined || start >= end || prefix === undefined || suffix === undefined) return undefined;
  let attributes: Readonly<Record<string, AttributeValue>> = {};
  if (Object.hasOwn(obj, 'attributes')) {
    const read = readAttributes(obj.attributes);
    if (read === undefined) return undefined;
    attributes = read;
  }
  let note = '';
  if (Object.hasOwn(obj, 'note')) {
    const read = str(obj, 'note');
    if (read === undefined) return undefined;
    note = read;
  }
  return { id, label, start, end, text, prefix, suffix, attributes, note };
}

/** An `"attributes"` object whose values are all strings, finite numbers or booleans, copied. */
function readAttributes(value: unknown): Readonly<Record<string, AttributeValue>> | undefined {
  if (!isPlainObject(value)) return undefined;
  const entries: [string, AttributeValue][] = [];
  for (const name of Object.keys(value)) {
    const v = value[name];
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) entries.push([name, v]);
    else return undefined;
  }
  // As the line-numbered reader: own properties, so a name such as "__proto__" stays an ordinary attribute.
  return Object.fromEntries(entries);
}

function readRelation(obj: Plain): Relation | undefined {
  if (!onlyMembers(obj, RELATION)) return undefined;
  const id = str(obj, 'id');
  const type = str(obj, 'relation');
  const from = str(obj, 'from');
  const to = str(obj, 'to');
  if (id === undefined || !RELATION_ID_PATTERN.test(id) || type === undefined || type === '') return undefined;
  if (from === undefined || from === '' || to === undefined || to === '') return undefined;
  return { id, type, from, to };
}

function readRejected(obj: Plain): RejectedSuggestion | undefined {
  if (!onlyMembers(obj, REJECTED)) return undefined;
  const label = str(obj, 'label');
  const start = int(obj, 'start', 0);
  const end = int(obj, 'end', 0);
  if (label === undefined || label === '' || start === undefined || end === undefined || start >= end) return undefined;
  return { label, start, end };
}
