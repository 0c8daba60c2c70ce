/**
 * brat standoff: a `.txt` and a `.ann` beside it. Text-bound lines read
 * `T1<TAB>Place 91 100<TAB>دير الزور`; offsets count Unicode **code points** of the `.txt` exactly
 * as stored, so a byte order mark and every `\r` count as characters. A span that crosses line
 * breaks is written as brat writes one: fragments around the breaks, texts joined by a space.
 *
 * The {@link bratFormat} adapter is lossless for spans, attribute values, relations and notes:
 * - choice values and numbers: `A1<TAB>outcome T4 killed`, `A2<TAB>value T4 5` (multi-valued brat
 *   attributes; `annotation.conf` declares every value written); a boolean `true`:
 *   `A3<TAB>asserted_zero T4` (binary attribute);
 * - references: `R7<TAB>affected_party Arg1:T4 Arg2:T2`, a relation named after the attribute;
 * - relations: `R1<TAB>located_at Arg1:T9 Arg2:T8`, numbered as in the layer (`r1` → `R1`);
 * - notes: `#1<TAB>AnnotatorNotes T3<TAB>text`;
 * - a `gazetteer_id` like `GeoNames:170794`: `N1<TAB>Reference T5 GeoNames:170794<TAB>english name`;
 * - free text: `#2<TAB>hashiya.text.nationality T4<TAB>USA`;
 * - what brat has no form for (a boolean `false`, a value that does not fit its attribute's type
 *   or is not a brat-safe token, an attribute the schema lacks, a reference to a span not in the
 *   file): `#3<TAB>hashiya.value T4<TAB>{"attribute":"asserted_zero","value":false}`;
 * - a reference whose name is also a relation type: `#4<TAB>hashiya.ref.source T4<TAB>T2`;
 * - a span that starts or ends on a line break (which brat's fragments cannot hold):
 *   `#5<TAB>hashiya.extent T4<TAB>84 101`.
 * Notes and free text escape `\` as `\\`, line feed as `\n`, carriage return as `\r` and the other
 * characters Python's `splitlines` breaks at as `\uXXXX` (brat reads `.ann` files line by line
 * with it); import undoes that. Span ids `s<n>` are written `T<n>`, relation ids `r<n>` `R<n>`,
 * and read back the same way, so references keep pointing at the same spans.
 *
 * Checked against brat's own `.ann` parser and verifier (a Python 3 port of `annotation.py`,
 * `projectconfig.py` and `verify_annotations.py`) on the golden files and on generated
 * collections: every line parses and verifies. One brat limit remains: a span of white space
 * only is written as it must be, but brat's parser strips its text column, reports it missing and
 * fills it in again from the `.txt` (the span itself loads; Hashiya's snapping never makes one).
 *
 * @see https://brat.nlplab.org/standoff.html
 * @see https://brat.nlplab.org/configuration.html
 */
import type { AttributeDef, AttributeValue, FileProblem, LabelDef, Relation, Result, Schema, Span } from '../model.js';
import { sortRelations, sortSpans } from '../corpus/layer-file.js';
import { CodePointIndex } from '../text/code-points.js';
import {
  bratAnnotationConf,
  isBratValue,
  lineSafeJson,
  mergeSchema,
  parseBratAnnotationConf,
  referenceRelationNames,
  schemaAdditions,
  type BratConf,
  type BratSeen,
} from './brat-conf.js';
import type { ExportContext, ExportDocument, ExportFile, ExportLoss, ExportResult, FormatAdapter, ImportFile, ImportOptions, ImportedDocument } from './format.js';

export { bratAnnotationConf } from './brat-conf.js';

/** A text-bound (`T`) annotation read from a `.ann` file. Offsets: code points of the raw text. */
export interface BratTextBound {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** The raw text between `start` and `end`, as it is in the `.txt` (line breaks included). */
  readonly text: string;
  /** The brat id, e.g. `T3`. */
  readonly sourceId: string;
  /** 1-based line of the `.ann` file. */
  readonly line: number;
}

/** Kinds of brat lines that {@link parseBratAnn} reads past without importing. */
export type BratIgnoredKind = 'relation' | 'event' | 'attribute' | 'normalization' | 'note' | 'equivalence';

export interface BratIgnoredLine {
  readonly line: number;
  readonly kind: BratIgnoredKind;
}

export interface BratAnnotations {
  /** In file order. */
  readonly spans: readonly BratTextBound[];
  readonly ignored: readonly BratIgnoredLine[];
}

/** brat's id syntax: a letter or `#`, digits, then any non-space tail; `*` for equivalences. */
const BRAT_ID = /^(?:[A-Za-z]|#)[0-9]+\S*$/;

const IGNORED_BY_PREFIX: Readonly<Record<string, BratIgnoredKind>> = {
  R: 'relation',
  E: 'event',
  A: 'attribute',
  M: 'attribute',
  N: 'normalization',
  '#': 'note',
  '*': 'equivalence',
};

/**
 * Where Python's `str.splitlines` breaks a line: brat reads a `.ann` with `readlines()` on a codecs
 * stream, which breaks at all of these, so none may appear inside an `.ann` line.
 */
const LINE_BREAKS: ReadonlySet<string> = new Set(['\n', '\r', '\u000b', '\u000c', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029']);

function isLineBreak(ch: string): boolean {
  return LINE_BREAKS.has(ch);
}

/** Any of {@link LINE_BREAKS}, to see at once whether a span holds none (most do). */
const ANY_LINE_BREAK = new RegExp(`[${[...LINE_BREAKS].map((c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`).join('')}]`, 'u');

/** The lines of a `.ann` file as brat reads them (a leading BOM dropped, `\r\n` one break). */
function annLines(ann: string): string[] {
  const text = ann.startsWith('\uFEFF') ? ann.slice(1) : ann;
  const lines: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (!isLineBreak(ch)) continue;
    lines.push(text.slice(from, i));
    if (ch === '\r' && text.charAt(i + 1) === '\n') i++;
    from = i + 1;
  }
  lines.push(text.slice(from));
  return lines;
}

interface AnnLine {
  readonly line: number;
  readonly id: string;
  /** Everything after the tab that follows the id. */
  readonly rest: string;
}

/**
 * Splits a `.ann` into id and rest per line, reporting lines without a tab after the id, ids that
 * are not brat ids and ids used twice. Blank lines are skipped.
 */
function scanAnn(ann: string, file: string, errors: FileProblem[]): AnnLine[] {
  const firstLineOfId = new Map<string, number>();
  const out: AnnLine[] = [];
  annLines(ann).forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    if (tab < 0) {
      errors.push({ file, line: lineNo, message: 'no tab after the annotation id (brat separates id, annotation and text with tabs)' });
      return;
    }
    const id = line.slice(0, tab);
    if (id !== '*' && !BRAT_ID.test(id)) {
      errors.push({ file, line: lineNo, message: `${JSON.stringify(id)} is not a brat annotation id (T1, R1, A1, #1, ...)` });
      return;
    }
    if (id !== '*') {
      const first = firstLineOfId.get(id);
      if (first !== undefined) {
        errors.push({ file, line: lineNo, message: `annotation id ${id} is used twice (first on line ${first})` });
        return;
      }
      firstLineOfId.set(id, lineNo);
    }
    out.push({ line: lineNo, id, rest: line.slice(tab + 1) });
  });
  return out;
}

/**
 * Parses a `.ann` file against the raw text of its `.txt` (decoded, but with BOM and `\r` kept:
 * brat counts them). Text-bound lines are returned with their offsets unchanged; relation, event,
 * attribute, normalization, note and equivalence lines are listed in `ignored` (the
 * {@link bratFormat} adapter reads them all).
 *
 * Errors, each naming `file` and the 1-based line: a line without a tab after its id, an
 * unknown or malformed id, a repeated id, malformed offsets, a discontinuous span other than
 * one brat split at line breaks (`84 90;91 100` across a newline is read as the one span 84–100;
 * `0 5;16 23` around words is not supported), an empty span, offsets past the end of the text,
 * and a text column that is not the text at the offsets (brat joins fragments with a space; a
 * line break inside a single fragment may be written as a space). When offsets fit the text only
 * if counted in UTF-16 code units, or with CRLF read as one character, the message says so.
 * Never throws.
 */
export function parseBratAnn(ann: string, rawText: string, file: string): Result<BratAnnotations> {
  const errors: FileProblem[] = [];
  const spans: BratTextBound[] = [];
  const ignored: BratIgnoredLine[] = [];
  const index = new CodePointIndex(rawText);
  for (const { line, id, rest } of scanAnn(ann, file, errors)) {
    const prefix = id.charAt(0);
    if (prefix !== 'T') {
      const kind = IGNORED_BY_PREFIX[prefix];
      if (kind === undefined) errors.push({ file, line, message: `unknown annotation kind "${prefix}" (brat knows T, R, E, A, M, N, # and *)` });
      else ignored.push({ line, kind });
      continue;
    }
    const span = readTextBound(id, rest, line, index, rawText, (message) => errors.push({ file, line, message }));
    if (span) spans.push(span);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { spans, ignored } };
}

function readTextBound(
  id: string,
  rest: string,
  line: number,
  index: CodePointIndex,
  rawText: string,
  fail: (message: string) => void,
): BratTextBound | undefined {
  const tab = rest.indexOf('\t');
  const data = tab < 0 ? rest : rest.slice(0, tab);
  const quote = tab < 0 ? undefined : rest.slice(tab + 1);
  const m = /^(\S+) (.*)$/.exec(data);
  if (!m) {
    fail(`text-bound ${id} must read "TYPE START END" before its text`);
    return undefined;
  }
  const label = m[1] as string;
  const fragments: [number, number][] = [];
  for (const fragment of (m[2] as string).split(';')) {
    const offsets = /^(\d{1,15}) (\d{1,15})\s*$/.exec(fragment);
    if (!offsets) {
      fail(`text-bound ${id} has malformed offsets ${JSON.stringify(m[2])} (expected "START END" or "START END;START END")`);
      return undefined;
    }
    fragments.push([Number(offsets[1]), Number(offsets[2])]);
  }
  for (const [start, end] of fragments) {
    if (start >= end) {
      fail(`text-bound ${id} must end after it starts (start ${start}, end ${end})`);
      return undefined;
    }
    if (end > index.length) {
      fail(`text-bound ${id} offsets ${start}–${end} run past the end of the text (${index.length} code points, counting a byte order mark and every \\r)`);
      return undefined;
    }
  }
  // brat splits a span that crosses line breaks into fragments around them; such a span is one
  // contiguous span here. Any other discontinuous span cannot be held.
  for (let i = 1; i < fragments.length; i++) {
    const [, prevEnd] = fragments[i - 1] as [number, number];
    const [nextStart] = fragments[i] as [number, number];
    const gap = nextStart < prevEnd ? '' : index.slice(prevEnd, nextStart);
    if (nextStart < prevEnd || !isLineBreakGap(gap)) {
      fail(
        `text-bound ${id} is discontinuous (${fragments.length} fragments "${m[2]}"): only fragments that brat split at line breaks can be imported, and the gap here is ${JSON.stringify(gap)}`,
      );
      return undefined;
    }
  }
  const start = (fragments[0] as [number, number])[0];
  const end = (fragments[fragments.length - 1] as [number, number])[1];
  if (quote === undefined) {
    fail(`text-bound ${id} has no text column, so its offsets cannot be checked`);
    return undefined;
  }
  const found = index.slice(start, end);
  const joined = fragments.map(([a, b]) => index.slice(a, b)).join(DISCONTINUOUS_SEPARATOR);
  if (!(fragments.length > 1 ? quote === joined : quoteMatches(quote, found))) {
    fail(
      `text-bound ${id} text ${JSON.stringify(quote)} is not the text at ${fragments.map(([a, b]) => `${a}–${b}`).join(';')}, which is ${JSON.stringify(fragments.length > 1 ? joined : found)}` +
        offsetHint(quote, start, end, rawText),
    );
    return undefined;
  }
  return { label, start, end, text: found, sourceId: id, line };
}

/** `s` with every line break (`\r\n` as one) written as a space, as brat shows spans. */
function breaksAsSpaces(s: string, crlfAsOne: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (!isLineBreak(ch)) {
      out += ch;
      continue;
    }
    out += ' ';
    if (crlfAsOne && ch === '\r' && s.charAt(i + 1) === '\n') i++;
  }
  return out;
}

/** The text column equals the span's text, with each line break optionally written as a space. */
function quoteMatches(quote: string, found: string): boolean {
  return quote === found || quote === breaksAsSpaces(found, false) || quote === breaksAsSpaces(found, true);
}

/** Explains a mismatch when another way of counting fits: the usual cause of shifted offsets. */
function offsetHint(quote: string, start: number, end: number, rawText: string): string {
  if (end <= rawText.length) {
    const splits = [start, end].filter((u) => u > 0 && u < rawText.length && isSurrogatePairMiddle(rawText, u));
    if (splits.length > 0) {
      return `; counted in UTF-16 code units, offset ${splits[0]} would fall inside a surrogate pair (an emoji or other astral character): brat counts code points`;
    }
    if (quoteMatches(quote, rawText.slice(start, end))) {
      return '; the offsets fit if counted in UTF-16 code units, but brat counts code points (an emoji or other astral character comes before this span)';
    }
  }
  const canonical = lineBreakIndex(rawText);
  if (end <= canonical.length && quoteMatches(quote, canonical.slice(start, end))) {
    return '; the offsets fit the text with CRLF read as one line break and without a byte order mark, but brat counts every \\r and a BOM';
  }
  return '';
}

/**
 * The raw text without a BOM and with CRLF/CR as LF, indexed by code point: built once per text
 * (not once per mismatching span, which made a large refused file quadratic).
 */
let lastLineBreakIndex: { readonly raw: string; readonly index: CodePointIndex } | undefined;
function lineBreakIndex(rawText: string): CodePointIndex {
  if (lastLineBreakIndex?.raw !== rawText) {
    lastLineBreakIndex = { raw: rawText, index: new CodePointIndex(rawText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')) };
  }
  return lastLineBreakIndex.index;
}

function isSurrogatePairMiddle(s: string, u16: number): boolean {
  const before = s.charCodeAt(u16 - 1);
  const after = s.charCodeAt(u16);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** brat joins the texts of a span's fragments with one space (`DISCONT_SEP` in brat's server). */
const DISCONTINUOUS_SEPARATOR = ' ';

/** A gap between two fragments that brat made by splitting a span at line breaks. */
function isLineBreakGap(gap: string): boolean {
  const chars = [...gap];
  return chars.some(isLineBreak) && chars.every((c) => isLineBreak(c) || /\s/u.test(c));
}

/**
 * Fragments of `[start, end)` (code points) around its line breaks, as brat itself writes a span
 * that crosses lines: brat's parser compares the text column with the text of each fragment
 * joined by one space, and an `.ann` line cannot hold a line break. Empty for a span of line
 * breaks only.
 */
function fragmentsOf(index: CodePointIndex, start: number, end: number): [number, number][] {
  const text = index.slice(start, end);
  if (!ANY_LINE_BREAK.test(text)) return end > start ? [[start, end]] : [];
  const fragments: [number, number][] = [];
  let from = start;
  let cp = start;
  for (const ch of text) {
    if (isLineBreak(ch)) {
      if (cp > from) fragments.push([from, cp]);
      from = cp + 1;
    }
    cp += 1;
  }
  if (end > from) fragments.push([from, end]);
  return fragments;
}

/**
 * Writes spans as brat text-bound lines, numbered `T1`, `T2`, ... in the order given:
 * `T<n><TAB><label> <start> <end><TAB><quote>`, offsets in code points of `text` (the canonical
 * text the spans point into, to be written unchanged as the `.txt`). A span crossing line breaks
 * is written as brat writes one: fragments around the breaks (`84 90;91 100`) and their texts
 * joined by a space. Spans are expected to anchor in `text` (export leaves orphans out); for one
 * out of range the stored quote is written. Empty string for no spans; otherwise one line per
 * span and a trailing newline. (The {@link bratFormat} adapter writes everything else too.)
 */
export function serializeBratAnn(spans: readonly Span[], text: string): string {
  const index = new CodePointIndex(text);
  const lines = spans.map((s, i) => {
    const inRange = Number.isSafeInteger(s.start) && Number.isSafeInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= index.length;
    const fragments = inRange ? fragmentsOf(index, s.start, s.end) : [];
    if (fragments.length === 0) return `T${i + 1}\t${s.label} ${s.start} ${s.end}\t${breaksAsSpaces(s.text, true)}`;
    return `T${i + 1}\t${s.label} ${textBoundData(index, fragments)}`;
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** `START END;START END<TAB>quote` for fragments. */
function textBoundData(index: CodePointIndex, fragments: readonly [number, number][]): string {
  const offsets = fragments.map(([a, b]) => `${a} ${b}`).join(';');
  const quote = fragments.map(([a, b]) => index.slice(a, b)).join(DISCONTINUOUS_SEPARATOR);
  return `${offsets}\t${quote}`;
}

// ---------------------------------------------------------------------------------------------
// Escaping of free text (notes, text attribute values) on one `.ann` line.

/** `\` → `\\`, LF → `\n`, CR → `\r`, every other line break Python knows → `\uXXXX`. */
export function escapeBratText(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (isLineBreak(ch)) out += `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** Undoes {@link escapeBratText}; a backslash before anything else stays as it is. */
export function unescapeBratText(s: string): string {
  return s.replace(/\\(\\|n|r|u[0-9a-fA-F]{4})/gu, (_m, e: string) =>
    e === '\\' ? '\\' : e === 'n' ? '\n' : e === 'r' ? '\r' : String.fromCharCode(parseInt(e.slice(1), 16)),
  );
}

// ---------------------------------------------------------------------------------------------
// The adapter: export.

const NOTE_TYPE = 'AnnotatorNotes';
const TEXT_PREFIX = 'hashiya.text.';
const REF_PREFIX = 'hashiya.ref.';
const VALUE_TYPE = 'hashiya.value';
const EXTENT_TYPE = 'hashiya.extent';
const GAZETTEER = 'gazetteer_id';
const ENGLISH_NAME = 'english_name';

/** `db:id` with no white space (Python's sense): what brat's `N` line can carry. */
function isNormalizationId(value: string): boolean {
  const colon = value.indexOf(':');
  return colon > 0 && colon < value.length - 1 && isBratValue(value.replace(/[,|<>]/gu, 'x'));
}

/** `^<prefix>(0|[1-9]\d{0,14})$` for each prefix asked about (two: `s` and `r`). */
const numberedPatterns = new Map<string, RegExp>();

function numbered(id: string, prefix: string): number | undefined {
  let pattern = numberedPatterns.get(prefix);
  if (pattern === undefined) {
    pattern = new RegExp(`^${prefix}(0|[1-9]\\d{0,14})$`, 'u');
    numberedPatterns.set(prefix, pattern);
  }
  const m = pattern.exec(id);
  return m ? Number(m[1]) : undefined;
}

/** Maps ids `<from><n>` to `<to><n>`, others (and clashes) to fresh numbers after the largest. */
function renumber(ids: readonly string[], from: string, to: string): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<number>();
  for (const id of ids) {
    const n = numbered(id, from);
    if (n !== undefined && !used.has(n) && !out.has(id)) {
      used.add(n);
      out.set(id, `${to}${n}`);
    }
  }
  let next = used.size === 0 ? 1 : Math.max(...used) + 1;
  for (const id of ids) {
    if (out.has(id)) continue;
    while (used.has(next)) next++;
    used.add(next);
    out.set(id, `${to}${next}`);
  }
  return out;
}

function labelOf(schema: Schema, name: string): LabelDef | undefined {
  return schema.labels.find((l) => l.name === name);
}

/** Attribute names of a span in writing order: the label's schema order, then the rest by name. */
function attributeOrder(span: Pick<Span, 'attributes'>, label: LabelDef | undefined): string[] {
  const names = Object.keys(span.attributes);
  const known = (label?.attributes ?? []).map((a) => a.name).filter((n) => names.includes(n));
  return [...known, ...names.filter((n) => !known.includes(n)).sort()];
}

interface DocumentAnn {
  readonly ann: string;
  readonly losses: readonly ExportLoss[];
}

/**
 * One document's `.ann`: T lines (layer order), relation R lines, reference R lines, A lines,
 * `#` lines (per span: note, then attribute comments), N lines. What `annotation.conf` must
 * declare beyond the schema for brat to accept these lines (values on A lines, span labels, the
 * labels at the ends of R lines) is added to `seen`.
 */
function serializeDocument(doc: ExportDocument, schema: Schema, seen: MutableSeen): DocumentAnn {
  const { text, layer } = doc;
  const document = layer.document;
  const index = new CodePointIndex(text);
  const losses: ExportLoss[] = [];
  const valuedNames = new Set(schema.labels.flatMap((l) => l.attributes.filter((a) => a.type === 'choice' || a.type === 'number').map((a) => a.name)));
  const referenceRelations = referenceRelationNames(schema);

  const written: { span: Span; fragments: [number, number][] }[] = [];
  for (const span of layer.spans) {
    const anchors =
      Number.isSafeInteger(span.start) && Number.isSafeInteger(span.end) && span.start >= 0 && span.start < span.end && span.end <= index.length &&
      index.slice(span.start, span.end) === span.text;
    const fragments = anchors ? fragmentsOf(index, span.start, span.end) : [];
    if (!anchors) losses.push({ document, message: `span ${span.id} (${span.label} ${span.start}–${span.end}) does not match the text at its offsets: it is not exported, nor its attributes, note and relations` });
    else if (fragments.length === 0) losses.push({ document, message: `span ${span.id} (${span.label} ${span.start}–${span.end}) holds only line breaks, which a brat text-bound annotation cannot: it is not exported` });
    else written.push({ span, fragments });
  }
  const tIds = renumber(written.map((w) => w.span.id), 's', 'T');
  const relationIds = renumber(layer.relations.map((r) => r.id), 'r', 'R');
  const tOf = (spanId: string): string | undefined => tIds.get(spanId);

  const tLines: string[] = [];
  const relationLines: string[] = [];
  const referenceLines: string[] = [];
  const attributeLines: string[] = [];
  const commentLines: string[] = [];
  const normalizationLines: string[] = [];
  let nextR = Math.max(0, ...[...relationIds.values()].map((r) => Number(r.slice(1)))) + 1;
  const comment = (type: string, t: string, tail: string): void => {
    commentLines.push(`#${commentLines.length + 1}\t${type} ${t}\t${tail}`);
  };

  const labelOfSpan = new Map(written.map((w) => [w.span.id, w.span.label]));
  for (const { span, fragments } of written) {
    const t = tOf(span.id) as string;
    if (labelOf(schema, span.label) === undefined) seen.labels.add(span.label);
    tLines.push(`${t}\t${span.label} ${textBoundData(index, fragments)}`);
    const first = fragments[0] as [number, number];
    const last = fragments[fragments.length - 1] as [number, number];
    if (first[0] !== span.start || last[1] !== span.end) comment(EXTENT_TYPE, t, `${span.start} ${span.end}`);
    if (span.note !== '') comment(NOTE_TYPE, t, escapeBratText(span.note));
    const label = labelOf(schema, span.label);
    const englishName = span.attributes[ENGLISH_NAME];
    for (const name of attributeOrder(span, label)) {
      const value = span.attributes[name] as AttributeValue;
      const def = label?.attributes.find((a) => a.name === name);
      const type = def?.type;
      const fallback = (): void => comment(VALUE_TYPE, t, lineSafeJson({ attribute: name, value }));
      if (type === 'choice' && typeof value === 'string' && isBratValue(value)) {
        attributeLines.push(`A${attributeLines.length + 1}\t${name} ${t} ${value}`);
        if (!(def as AttributeDef).choices.includes(value)) addSeen(seen.values, name, value);
      } else if (type === 'number' && typeof value === 'number' && Number.isFinite(value)) {
        attributeLines.push(`A${attributeLines.length + 1}\t${name} ${t} ${String(value)}`);
        addSeen(seen.values, name, String(value));
      } else if (type === 'boolean' && typeof value === 'boolean' && (value || valuedNames.has(name))) {
        attributeLines.push(`A${attributeLines.length + 1}\t${name} ${t}${valuedNames.has(name) ? ` ${String(value)}` : ''}`);
      } else if (type === 'text' && typeof value === 'string' && name === GAZETTEER && isNormalizationId(value)) {
        const shown = typeof englishName === 'string' && englishName !== '' ? `\t${escapeBratText(englishName)}` : '';
        normalizationLines.push(`N${normalizationLines.length + 1}\tReference ${t} ${value}${shown}`);
      } else if (type === 'text' && typeof value === 'string') {
        comment(`${TEXT_PREFIX}${name}`, t, escapeBratText(value));
      } else if (type === 'reference' && typeof value === 'string' && tOf(value) !== undefined) {
        if (referenceRelations.has(name)) {
          referenceLines.push(`R${nextR++}\t${name} Arg1:${t} Arg2:${tOf(value) as string}`);
          addLink(seen, name, span.label, labelOfSpan.get(value) as string);
        }
        else comment(`${REF_PREFIX}${name}`, t, tOf(value) as string);
      } else {
        fallback();
      }
    }
  }
  for (const r of layer.relations) {
    const from = tOf(r.from);
    const to = tOf(r.to);
    if (from === undefined || to === undefined) {
      losses.push({ document, message: `relation ${r.id} (${r.type} ${r.from} → ${r.to}) links a span that is not exported: it is not exported` });
      continue;
    }
    relationLines.push(`${relationIds.get(r.id) as string}\t${r.type} Arg1:${from} Arg2:${to}`);
    addLink(seen, r.type, labelOfSpan.get(r.from) as string, labelOfSpan.get(r.to) as string);
  }
  const lines = [...tLines, ...relationLines, ...referenceLines, ...attributeLines, ...commentLines, ...normalizationLines];
  return { ann: lines.length === 0 ? '' : `${lines.join('\n')}\n`, losses };
}

interface MutableSeen extends BratSeen {
  readonly values: Map<string, Set<string>>;
  readonly labels: Set<string>;
  readonly links: Map<string, { readonly from: Set<string>; readonly to: Set<string> }>;
}

function addSeen(values: Map<string, Set<string>>, name: string, value: string): void {
  const set = values.get(name) ?? new Set<string>();
  set.add(value);
  values.set(name, set);
}

/** Records the labels at both ends of a link that brat must be told about (the schema's own are declared anyway). */
function addLink(seen: MutableSeen, name: string, from: string, to: string): void {
  const ends = seen.links.get(name) ?? { from: new Set<string>(), to: new Set<string>() };
  ends.from.add(from);
  ends.to.add(to);
  seen.links.set(name, ends);
}

function serializeBrat(documents: readonly ExportDocument[], context: ExportContext): ExportResult {
  const files: ExportFile[] = [];
  const losses: ExportLoss[] = [];
  const seen: MutableSeen = { values: new Map(), labels: new Set(), links: new Map() };
  for (const doc of documents) {
    const { ann, losses: lost } = serializeDocument(doc, context.schema, seen);
    files.push({ path: `${doc.meta.id}.txt`, content: doc.text }, { path: `${doc.meta.id}.ann`, content: ann });
    losses.push(...lost);
  }
  // Made when read: an export that already knows this collection file differs from document to
  // document (it writes it once, at the end) does not read it for every document.
  let conf: string | undefined;
  files.push({
    path: 'annotation.conf',
    get content(): string {
      conf ??= annotationConf(context.schema, seen);
      return conf;
    },
  });
  return { files, losses };
}

/** `annotation.conf` texts made, by schema, then by {@link seenKey}: the documents of a collection mostly see the same. */
const confs = new WeakMap<Schema, Map<string, string>>();
/** Texts kept per schema (the oldest are dropped all at once). */
const CONFS_KEPT = 64;

/** {@link bratAnnotationConf} of `schema` and `seen`, made once for the same schema object and the same `seen`. */
function annotationConf(schema: Schema, seen: MutableSeen): string {
  let bySeen = confs.get(schema);
  if (bySeen === undefined) {
    bySeen = new Map();
    confs.set(schema, bySeen);
  }
  const key = seenKey(seen);
  let conf = bySeen.get(key);
  if (conf === undefined) {
    conf = bratAnnotationConf(schema, seen);
    if (bySeen.size >= CONFS_KEPT) bySeen.clear();
    bySeen.set(key, conf);
  }
  return conf;
}

/** Everything in `seen`, in its order: the same key means the same `annotation.conf`. */
function seenKey(seen: MutableSeen): string {
  return JSON.stringify([
    [...seen.labels],
    [...seen.values].map(([name, values]) => [name, [...values]]),
    [...seen.links].map(([name, ends]) => [name, [...ends.from], [...ends.to]]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The adapter: import.

interface ParsedLine {
  readonly line: number;
  readonly id: string;
  readonly kind: string;
  readonly type: string;
  readonly args: readonly string[];
  readonly tail: string | undefined;
}

/** One document's `.ann` read against its raw text and the schema in force (corpus schema plus annotation.conf). */
function readDocument(id: string, file: string, ann: string, rawText: string, schema: Schema, eventTypes: ReadonlySet<string>): Result<ImportedDocument> {
  const errors: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  const err = (line: number, message: string): void => {
    errors.push({ file, line, message });
  };
  const warn = (line: number, message: string): void => {
    warnings.push({ file, line, message });
  };
  const index = new CodePointIndex(rawText);
  const lines = scanAnn(ann, file, errors);
  const defined = new Set(lines.map((l) => l.id));
  const textBounds = new Map<string, BratTextBound>();
  /** Ids read past (events, triggers, equivalences): lines pointing at them are read past too. */
  const notImported = new Set<string>();
  const others: ParsedLine[] = [];

  for (const { line, id: bratId, rest } of lines) {
    const kind = bratId.charAt(0);
    if (kind === 'T') {
      const tb = readTextBound(bratId, rest, line, index, rawText, (m) => err(line, m));
      if (tb === undefined) continue;
      if (labelOf(schema, tb.label) !== undefined) textBounds.set(bratId, tb);
      else if (eventTypes.has(tb.label)) {
        notImported.add(bratId);
        warn(line, `${bratId} is the trigger of an event (${tb.label}): events are not imported`);
      } else err(line, `${bratId} has label "${tb.label}", which neither the schema nor annotation.conf declares`);
      continue;
    }
    if (kind === 'E' || kind === '*') {
      notImported.add(bratId);
      warn(line, `${kind === 'E' ? `event ${bratId}` : 'equivalence'} not imported: Hashiya has spans and relations, not ${kind === 'E' ? 'events' : 'equivalence groups'}`);
      continue;
    }
    if (!'RAMN#'.includes(kind)) {
      err(line, `unknown annotation kind "${kind}" (brat knows T, R, E, A, M, N, # and *)`);
      continue;
    }
    const tab = rest.indexOf('\t');
    const data = tab < 0 ? rest : rest.slice(0, tab);
    const tail = tab < 0 ? undefined : rest.slice(tab + 1);
    const parsed = parseData(kind, data);
    if (typeof parsed === 'string') err(line, `${bratId}: ${parsed}`);
    else others.push({ line, id: bratId, kind, type: parsed.type, args: parsed.args, tail });
  }

  const spanIds = renumber([...textBounds.keys()], 'T', 's');
  const attributes = new Map<string, Map<string, { value: AttributeValue; line: number }>>();
  const notes = new Map<string, string[]>();
  const extents = new Map<string, { start: number; end: number; line: number }>();
  const gazetteer = new Map<string, { line: number; shown: string }>();
  const relations: (Relation & { line: number; bratId: string })[] = [];
  /** `T id + NUL + attribute` of values that are brat ids of referenced spans (from R lines and hashiya.ref). */
  const referenceValues = new Set<string>();

  /** The text-bound a line points at, or undefined (after reporting) when it cannot be used. */
  const target = (p: ParsedLine, ref: string): BratTextBound | undefined => {
    const tb = textBounds.get(ref);
    if (tb !== undefined) return tb;
    if (!defined.has(ref)) err(p.line, `${p.id} points at ${ref}, which is not in this file`);
    else if (notImported.has(ref) || !ref.startsWith('T')) warn(p.line, `${p.id} (${p.type}) is about ${ref}, which is not a span: not imported`);
    return undefined;
  };
  const setAttribute = (p: ParsedLine, tb: BratTextBound, name: string, value: AttributeValue): void => {
    const map = attributes.get(tb.sourceId) ?? new Map<string, { value: AttributeValue; line: number }>();
    attributes.set(tb.sourceId, map);
    const first = map.get(name);
    if (first !== undefined) err(p.line, `${tb.sourceId} gets attribute "${name}" a second time (first on line ${first.line})`);
    else map.set(name, { value, line: p.line });
  };
  const attributeDef = (tb: BratTextBound, name: string): AttributeDef | undefined => labelOf(schema, tb.label)?.attributes.find((a) => a.name === name);

  for (const p of others) {
    switch (p.kind) {
      case 'A':
      case 'M': {
        const tb = target(p, p.args[0] as string);
        if (tb === undefined) break;
        // An attribute neither the schema nor annotation.conf declares is kept as written (the
        // corpus reports values that do not fit its schema).
        const def = attributeDef(tb, p.type);
        setAttribute(p, tb, p.type, def === undefined ? (p.args[1] ?? true) : typedValue(def, p.args[1]));
        break;
      }
      case 'R': {
        const [from, to] = [target(p, p.args[0] as string), target(p, p.args[1] as string)];
        if (from === undefined || to === undefined) break;
        // A relation of a type the schema (or annotation.conf) has; else a reference attribute of
        // the Arg1 span's label; else read past with a warning: a corpus cannot store a relation
        // of a type its schema lacks (declare it in annotation.conf to import it).
        if (schema.relations.some((r) => r.name === p.type)) {
          relations.push({ id: '', type: p.type, from: from.sourceId, to: to.sourceId, line: p.line, bratId: p.id });
        } else if (attributeDef(from, p.type)?.type === 'reference') {
          setAttribute(p, from, p.type, to.sourceId);
          referenceValues.add(`${from.sourceId}\u0000${p.type}`);
        } else {
          warn(p.line, `${p.id}: relation type "${p.type}" is neither in the schema nor in annotation.conf (nor a reference attribute of ${from.label}): not imported`);
        }
        break;
      }
      case 'N': {
        const tb = target(p, p.args[0] as string);
        if (tb === undefined) break;
        const first = gazetteer.get(tb.sourceId);
        if (first !== undefined) {
          err(p.line, `${p.id}: ${tb.sourceId} has a second normalization (first on line ${first.line}); Hashiya keeps one ${GAZETTEER}`);
          break;
        }
        gazetteer.set(tb.sourceId, { line: p.line, shown: unescapeBratText((p.tail ?? '').replace(/^\t+/u, '')) });
        setAttribute(p, tb, GAZETTEER, p.args[1] as string);
        break;
      }
      case '#': {
        const tb = target(p, p.args[0] as string);
        if (tb === undefined) break;
        readComment(p, tb);
        break;
      }
    }
  }

  function readComment(p: ParsedLine, tb: BratTextBound): void {
    const tail = p.tail ?? '';
    if (p.type === NOTE_TYPE) {
      notes.set(tb.sourceId, [...(notes.get(tb.sourceId) ?? []), unescapeBratText(tail)]);
    } else if (p.type.startsWith(TEXT_PREFIX) && p.type.length > TEXT_PREFIX.length) {
      setAttribute(p, tb, p.type.slice(TEXT_PREFIX.length), unescapeBratText(tail));
    } else if (p.type.startsWith(REF_PREFIX) && p.type.length > REF_PREFIX.length) {
      const to = target(p, tail.trim());
      if (to === undefined) return;
      setAttribute(p, tb, p.type.slice(REF_PREFIX.length), to.sourceId);
      referenceValues.add(`${tb.sourceId}\u0000${p.type.slice(REF_PREFIX.length)}`);
    } else if (p.type === VALUE_TYPE) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(tail);
      } catch {
        parsed = undefined;
      }
      const o = parsed as { attribute?: unknown; value?: unknown } | undefined;
      const v = o?.value;
      if (typeof o !== 'object' || o === null || typeof o.attribute !== 'string' || !(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
        err(p.line, `${p.id}: ${VALUE_TYPE} must be followed by {"attribute": NAME, "value": STRING|NUMBER|BOOLEAN}`);
        return;
      }
      setAttribute(p, tb, o.attribute, v);
    } else if (p.type === EXTENT_TYPE) {
      const m = /^(\d{1,15}) (\d{1,15})$/u.exec(tail);
      const [start, end] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
      if (!m || start > tb.start || end < tb.end || end > index.length || !isLineBreakGap(`\n${index.slice(start, tb.start)}${index.slice(tb.end, end)}`)) {
        err(p.line, `${p.id}: ${EXTENT_TYPE} "${tail}" must be "START END" around ${tb.sourceId} (${tb.start}–${tb.end}), adding only line breaks`);
        return;
      }
      const first = extents.get(tb.sourceId);
      if (first !== undefined) err(p.line, `${p.id}: a second ${EXTENT_TYPE} for ${tb.sourceId} (first on line ${first.line})`);
      else extents.set(tb.sourceId, { start, end, line: p.line });
    } else {
      warn(p.line, `${p.id}: comment of type "${p.type}" on ${tb.sourceId} not imported (Hashiya reads ${NOTE_TYPE} and its own hashiya.* comments)`);
    }
  }

  // The N line's text names the place: it is the English name unless Hashiya wrote one.
  for (const [t, { line, shown }] of gazetteer) {
    const tb = textBounds.get(t) as BratTextBound;
    if (shown === '' || attributes.get(t)?.has(ENGLISH_NAME)) continue;
    if (attributeDef(tb, ENGLISH_NAME)?.type === 'text') attributes.get(t)?.set(ENGLISH_NAME, { value: shown, line });
    else warn(line, `the name "${shown}" of ${t}'s normalization is not imported: ${tb.label} has no ${ENGLISH_NAME} attribute`);
  }

  if (errors.length > 0) return { ok: false, errors };
  const relationIds = renumber(relations.map((r) => r.bratId), 'R', 'r');
  const spans = [...textBounds.values()].map((tb) => {
    const extent = extents.get(tb.sourceId);
    const start = extent?.start ?? tb.start;
    const end = extent?.end ?? tb.end;
    const values: Record<string, AttributeValue> = {};
    for (const [name, { value }] of attributes.get(tb.sourceId) ?? []) {
      values[name] = referenceValues.has(`${tb.sourceId}\u0000${name}`) ? (spanIds.get(value as string) as string) : value;
    }
    return {
      id: spanIds.get(tb.sourceId) as string,
      label: tb.label,
      start,
      end,
      text: index.slice(start, end),
      attributes: values,
      note: (notes.get(tb.sourceId) ?? []).join('\n'),
    };
  });
  return {
    ok: true,
    value: {
      id,
      rawText,
      spans: sortSpans(spans),
      relations: sortRelations(
        relations.map((r) => ({ id: relationIds.get(r.bratId) as string, type: r.type, from: spanIds.get(r.from) as string, to: spanIds.get(r.to) as string })),
      ),
      rejected: [],
      warnings,
    },
  };
}

/**
 * The data column of an `R`, `A`, `M`, `N` or `#` line as brat's parser reads it, or a message:
 * `R` "TYPE ROLE:ID ROLE:ID" (two arguments, different roles); `A` "TYPE ID VALUE" or "TYPE ID";
 * `M` "TYPE ID"; `N` "TYPE ID DB:ID"; `#` "TYPE ID".
 */
function parseData(kind: string, data: string): { type: string; args: string[] } | string {
  switch (kind) {
    case 'R': {
      const [type, ...args] = data.split(/\s+/u).filter((s) => s !== '');
      const pairs = args.map((a) => /^([^:]+):([^:]+)$/u.exec(a));
      if (type === undefined || args.length !== 2 || pairs.some((p) => p === null)) return `a relation reads "TYPE Arg1:ID Arg2:ID", not ${JSON.stringify(data)}`;
      const [a, b] = pairs as [RegExpExecArray, RegExpExecArray];
      if (a[1] === b[1]) return `the two arguments of a relation must have different roles (both are "${a[1]}")`;
      return { type, args: [a[2] as string, b[2] as string] };
    }
    case 'A':
    case 'M': {
      const m = kind === 'A' ? /^(\S+) (\S+)(?: (.+))?$/u.exec(data) : /^(\S+)\s+(\S+)\s*$/u.exec(data);
      if (!m) return `an attribute reads "TYPE ID VALUE" or "TYPE ID", not ${JSON.stringify(data)}`;
      return { type: m[1] as string, args: m[3] === undefined ? [m[2] as string] : [m[2] as string, m[3]] };
    }
    case 'N': {
      const m = /^(\S+) (\S+) ([^\s:]+:\S+)$/u.exec(data);
      if (!m) return `a normalization reads "TYPE ID DB:ID" (e.g. "Reference T5 GeoNames:170794"), not ${JSON.stringify(data)}`;
      return { type: m[1] as string, args: [m[2] as string, m[3] as string] };
    }
    default: {
      const parts = data.split(/\s+/u).filter((s) => s !== '');
      if (parts.length !== 2) return `a comment reads "TYPE ID" before its text, not ${JSON.stringify(data)}`;
      return { type: parts[0] as string, args: [parts[1] as string] };
    }
  }
}

/** An `A` line's value as the attribute's type has it: numbers and booleans typed, anything odd kept as written. */
function typedValue(def: AttributeDef, raw: string | undefined): AttributeValue {
  if (raw === undefined) return true;
  if (def.type === 'number' && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/u.test(raw) && Number.isFinite(Number(raw))) return Number(raw);
  if (def.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** `a/b/c.ann` → `a/b`; `c.ann` → ``. */
function dirOf(path: string): string {
  const p = path.replace(/\\/gu, '/');
  const slash = p.lastIndexOf('/');
  return slash < 0 ? '' : p.slice(0, slash);
}

function baseOf(path: string): string {
  const p = path.replace(/\\/gu, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}

const BRAT_CONFIG_FILES = new Set(['visual.conf', 'tools.conf', 'kb_shortcuts.conf', 'acl.conf']);

function parseBrat(files: readonly ImportFile[], options: ImportOptions): Result<readonly ImportedDocument[]> {
  const errors: FileProblem[] = [];
  const texts = new Map<string, ImportFile>();
  const anns = new Map<string, ImportFile>();
  const confs = new Map<string, Result<BratConf>>();
  for (const f of files) {
    const base = baseOf(f.path);
    const stem = f.path.replace(/\\/gu, '/').replace(/\.[^./]*$/u, '');
    if (base === 'annotation.conf') confs.set(dirOf(f.path), parseBratAnnotationConf(f.content, f.path));
    else if (BRAT_CONFIG_FILES.has(base)) continue;
    else if (base.endsWith('.txt')) texts.set(stem, f);
    else if (base.endsWith('.ann')) anns.set(stem, f);
    else if (/\.(a1|a2|rel|co)$/u.test(base)) errors.push({ file: f.path, message: 'brat partial annotation files (.a1, .a2, .rel, .co) are not read: merge them into one .ann' });
    else errors.push({ file: f.path, message: 'is not part of a brat collection (.txt with its .ann, annotation.conf)' });
  }
  for (const conf of confs.values()) if (!conf.ok) errors.push(...conf.errors);
  for (const [stem, f] of anns) if (!texts.has(stem)) errors.push({ file: f.path, message: `has no .txt beside it (${stem}.txt): brat offsets need the text` });

  const documents: ImportedDocument[] = [];
  const firstOfId = new Map<string, string>();
  for (const [stem, txt] of texts) {
    const id = baseOf(stem);
    const first = firstOfId.get(id);
    if (first !== undefined) {
      errors.push({ file: txt.path, message: `document id "${id}" is also the name of ${first}: document ids must be unique` });
      continue;
    }
    firstOfId.set(id, txt.path);
    // brat looks for annotation.conf in the document's folder, then in each folder above it.
    let dir = dirOf(stem);
    let conf = confs.get(dir);
    while (conf === undefined && dir !== '') {
      dir = dirOf(dir);
      conf = confs.get(dir);
    }
    if (conf !== undefined && !conf.ok) continue;
    const described = conf?.value;
    const additions = described === undefined ? undefined : schemaAdditions(options.schema, described.schema);
    const schema = mergeSchema(options.schema, additions);
    const ann = anns.get(stem);
    const read = readDocument(id, ann?.path ?? txt.path, ann?.content ?? '', txt.content, schema, new Set(described?.eventTypes ?? []));
    if (!read.ok) {
      errors.push(...read.errors);
      continue;
    }
    documents.push({
      ...read.value,
      ...(additions === undefined ? {} : { schemaAdditions: additions }),
      warnings: [...(described?.warnings ?? []), ...read.value.warnings],
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/**
 * brat standoff, lossless (see the module comment for every line it writes).
 *
 * `serialize` writes per document `<id>.txt` (the canonical text, unchanged) and `<id>.ann`, then
 * one `annotation.conf` from the schema declaring every attribute value written. Offsets are code
 * points whatever `context.offsets` says (brat has one unit). Losses: spans that do not match the
 * text at their offsets (and relations to them), spans of line breaks only.
 *
 * `parse` takes `.txt`/`.ann` pairs (same path but the extension; document id = file name without
 * it; a `.txt` alone is a document without annotations) and `annotation.conf` files (each applies
 * to its folder and those below, as in brat; it may declare labels, attributes and relation types
 * the schema lacks, which then come back in `schemaAdditions`; brat's other `.conf` files are read
 * past). Offsets in the result are code points of the raw `.txt` (BOM and `\r` counted). Any
 * problem in any file — malformed lines, a label neither the schema nor annotation.conf declares,
 * offsets out of range, quotes that do not match, duplicate ids, lines pointing at ids not in the
 * file, an attribute given twice, a `.ann` without its `.txt` — makes the result `{ok: false}`
 * listing every problem with file and line: nothing is imported then, never half a document.
 * Attribute values no schema declares are kept as written (a stored value that does not fit the
 * schema is kept and reported by the corpus, never dropped). Relations of a type neither the
 * schema nor annotation.conf declares (a corpus cannot store them), events, equivalences,
 * comments of other types and attributes of relations are read past and listed in `warnings`.
 * Never throws.
 */
export const bratFormat: FormatAdapter = {
  name: 'brat',
  lossless: true,
  serialize: serializeBrat,
  parse: parseBrat,
};
