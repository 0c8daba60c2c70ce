/**
 * An annotator's layer file read for agreement straight from its UTF-8 bytes: the layer's status
 * and its spans' labels and offsets, with nothing decoded but the labels. For the files that are
 * sound and say nothing more than that, which is nearly all of them, it gives exactly what
 * reading the file as the store does (`parseLayerWithLines`, then the header and anchoring checks
 * of `CorpusStore.readLayersToCompare`) would give agreement: the same status and the same spans in
 * the same (sorted) order, with no problem and no orphan. For any other file it gives up
 * (`undefined`) without saying why, and the caller reads the file the usual way, which names every
 * problem with its line.
 *
 * It accepts only the form `serializeLayer` writes, member for member, and only where every check
 * passes without decoding anything:
 * - the header names `expect`'s document, annotator and text hash (so no problem, no re-anchoring);
 * - each further line is a span with the eight members `serializeLayer` writes first, in its order,
 *   and no `attributes` or `note`; no relation or rejected-suggestion line;
 * - ids are unique and match the id pattern; labels are not empty and hold no escape;
 * - offsets are written as plain integers (no sign, fraction, exponent or leading zero);
 * - every quote's bytes are the text's bytes between its offsets (an escaped quote is decoded
 *   and compared), so every span anchors;
 * - prefix and suffix are well-formed JSON strings (their content is not used);
 * - LF or CRLF line ends, empty lines; no byte order mark.
 * The bytes must be UTF-8 (the caller checks; this reads them as such).
 * `test/unit/corpus-layer-scan.test.ts` holds it to the store's reading.
 *
 * Why by hand: `JSON.parse` needs the whole line decoded into a string first, and decoding and
 * parsing the quotes and context of every span was most of agreement's reading time; no library
 * checks JSON bytes against a text.
 */
import type { DocumentStatus } from '../model.js';
import { SHA256_PATTERN } from './document-meta.js';
import { validateAnnotatorName, validateDocumentId } from './ids.js';
import { compareSpans } from './layer-file.js';
import { DOCUMENT_STATUSES, LAYER_FORMAT, LAYER_VERSION } from './layer-format.js';

/** A span as agreement compares it (the shape of `SpanLike` in shared/agreement). */
export interface ScannedSpan {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** What {@link scanLayerForAgreement} gives: the layer's status, and its spans sorted as the layer reader sorts them. */
export interface ScannedLayer {
  readonly status: DocumentStatus;
  readonly spans: readonly ScannedSpan[];
}

/** A document's canonical text as the scanner compares quotes with it: its UTF-8 bytes, and the byte offset of each code point. */
export interface ScanText {
  readonly utf8: Uint8Array;
  /** `byteAt[k]`: the byte offset of code point `k`; `byteAt[length]` is the byte length. */
  readonly byteAt: Uint32Array;
}

const encoder = new TextEncoder();
/** Keeps a leading U+FEFF as a character, as the text and the layer reader do (the bytes are checked UTF-8 already). */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** `text` prepared for {@link scanLayerForAgreement} (once per document, for all its layers). */
export function scanText(text: string): ScanText {
  const utf8 = encoder.encode(text);
  // At most one code point per byte: the offsets are written into room for that many, and cut.
  const offsets = new Uint32Array(utf8.length + 1);
  let k = 0;
  for (let i = 0; i < utf8.length; i++) if (((utf8[i] as number) & 0xc0) !== 0x80) offsets[k++] = i;
  offsets[k] = utf8.length;
  return { utf8, byteAt: offsets.subarray(0, k + 1) };
}

/** What the layer must say of itself: the document and annotator of its path, and the document's text hash. */
export interface ExpectedLayer {
  readonly document: string;
  readonly annotator: string;
  readonly textSha256: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;

const SPAN_START = encoder.encode('{"type":"span","id":"');
const LABEL = encoder.encode('","label":"');
const START = encoder.encode('","start":');
const END = encoder.encode(',"end":');
const TEXT = encoder.encode(',"text":"');
const PREFIX = encoder.encode('","prefix":"');
const SUFFIX = encoder.encode('","suffix":"');
const STATUS = encoder.encode(',"status":"');
const STATUS_BYTES: readonly (readonly [DocumentStatus, Uint8Array])[] = DOCUMENT_STATUSES.map((s) => [s, encoder.encode(`${s}"}`)] as const);

/**
 * The status and spans of the layer file `bytes` (UTF-8) when it is sound and plain, as the
 * module comment says; `undefined` for anything else. Never throws.
 */
export function scanLayerForAgreement(bytes: Uint8Array, expect: ExpectedLayer, text: ScanText): ScannedLayer | undefined {
  if (!validateDocumentId(expect.document).ok || !validateAnnotatorName(expect.annotator).ok || !SHA256_PATTERN.test(expect.textSha256)) return undefined;
  // The header: everything but revision and status is known, so it is compared whole.
  const head = encoder.encode(
    `{"format":${JSON.stringify(LAYER_FORMAT)},"version":${LAYER_VERSION},"document":${JSON.stringify(expect.document)},"annotator":${JSON.stringify(expect.annotator)},"textSha256":"${expect.textSha256}","revision":`,
  );
  let at = expected(bytes, 0, head);
  at = integer(bytes, at);
  at = expected(bytes, at, STATUS);
  if (at < 0) return undefined;
  let status: DocumentStatus | undefined;
  for (const [name, written] of STATUS_BYTES) {
    const after = expected(bytes, at, written);
    if (after >= 0) {
      status = name;
      at = after;
      break;
    }
  }
  if (status === undefined) return undefined;
  at = lineEnd(bytes, at);

  const spans: ScannedSpan[] = [];
  const ids: string[] = [];
  const seen = new Set<string>();
  const labels: { readonly bytes: Uint8Array; readonly label: string }[] = [];
  let sorted = true;
  const { utf8, byteAt } = text;
  const length = byteAt.length - 1;
  while (at >= 0 && at < bytes.length) {
    if (bytes[at] === LF) {
      at += 1;
      continue;
    }
    if (bytes[at] === CR && bytes[at + 1] === LF) {
      at += 2;
      continue;
    }
    // The id: 1–32 of [A-Za-z0-9_-] (SPAN_ID_PATTERN), unique.
    at = expected(bytes, at, SPAN_START);
    if (at < 0) return undefined;
    let id = '';
    for (; at < bytes.length && isIdByte(bytes[at] as number); at++) id += String.fromCharCode(bytes[at] as number);
    if (id.length < 1 || id.length > 32 || seen.has(id)) return undefined;
    seen.add(id);
    // The label: a non-empty string without escapes, decoded once per distinct label.
    at = expected(bytes, at, LABEL);
    if (at < 0) return undefined;
    const labelStart = at;
    for (; at < bytes.length && bytes[at] !== QUOTE; at++) if ((bytes[at] as number) < 0x20 || bytes[at] === BACKSLASH) return undefined;
    if (at === labelStart || at >= bytes.length) return undefined;
    const label = labelOf(labels, bytes, labelStart, at);
    // The offsets.
    at = expected(bytes, at, START);
    const startAt = at;
    at = integer(bytes, at);
    if (at < 0) return undefined;
    const start = digitsValue(bytes, startAt, at);
    at = expected(bytes, at, END);
    const endAt = at;
    at = integer(bytes, at);
    if (at < 0) return undefined;
    const end = digitsValue(bytes, endAt, at);
    if (start >= end || end > length) return undefined;
    // The quote: the text's bytes from start to end, then the closing quote.
    at = expected(bytes, at, TEXT);
    if (at < 0) return undefined;
    const from = byteAt[start] as number;
    const to = byteAt[end] as number;
    let q = at;
    let t = from;
    while (t < to && q < bytes.length) {
      const b = bytes[q] as number;
      if (b !== utf8[t] || PLAIN[b] === 0) break;
      q++;
      t++;
    }
    if (t === to && bytes[q] === QUOTE) at = q;
    else {
      // An escape (a quotation mark, a line break in the quote), or a quote that differs: decoded and compared.
      const close = stringEnd(bytes, at);
      if (close < 0 || !sameString(bytes, at - 1, close + 1, utf8.subarray(from, to))) return undefined;
      at = close;
    }
    at = expected(bytes, at, PREFIX);
    at = stringEnd(bytes, at);
    at = expected(bytes, at, SUFFIX);
    at = stringEnd(bytes, at);
    if (at < 0 || bytes[at + 1] !== 0x7d) return undefined;
    at = lineEnd(bytes, at + 2);
    const span: ScannedSpan = { label, start, end };
    const previous = spans.at(-1);
    if (previous !== undefined && sorted) {
      const order = previous.start - start || previous.end - end;
      if (order > 0 || (order === 0 && compareSpans({ ...previous, id: ids.at(-1) as string }, { ...span, id }) > 0)) sorted = false;
    }
    spans.push(span);
    ids.push(id);
  }
  if (at < 0) return undefined;
  if (sorted) return { status, spans };
  // Not in the stored order (written by hand): sorted as the layer reader sorts them.
  const order = spans.map((s, k) => ({ ...s, id: ids[k] as string })).sort(compareSpans);
  return { status, spans: order.map(({ label, start, end }) => ({ label, start, end })) };
}

function isIdByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2d;
}

/** The position after `want` when `bytes` has it at `at`; -1 otherwise (also when `at` is -1). */
function expected(bytes: Uint8Array, at: number, want: Uint8Array): number {
  if (at < 0 || at + want.length > bytes.length) return -1;
  for (let i = 0; i < want.length; i++) if (bytes[at + i] !== want[i]) return -1;
  return at + want.length;
}

/** The position after a plain JSON integer at `at` (`0`, or 1–15 digits not starting with 0: always a safe integer); -1 otherwise. */
function integer(bytes: Uint8Array, at: number): number {
  if (at < 0) return -1;
  const first = bytes[at];
  if (first === 0x30) return isDigit(bytes[at + 1]) ? -1 : at + 1;
  let end = at;
  while (end < bytes.length && isDigit(bytes[end]) && end - at <= 15) end++;
  return end === at || end - at > 15 ? -1 : end;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

function digitsValue(bytes: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + ((bytes[i] as number) - 0x30);
  return value;
}

/** The position after a line's end (LF, CRLF, or the end of the bytes) at `at`; -1 otherwise. */
function lineEnd(bytes: Uint8Array, at: number): number {
  if (at < 0) return -1;
  if (at === bytes.length) return at;
  if (bytes[at] === LF) return at + 1;
  if (bytes[at] === CR && bytes[at + 1] === LF) return at + 2;
  return -1;
}

/**
 * The position of the closing quotation mark of a JSON string whose content starts at `at`,
 * checking its escapes and that it holds no control character; -1 when it is not well formed.
 */
function stringEnd(bytes: Uint8Array, at: number): number {
  if (at < 0) return -1;
  const n = bytes.length;
  let i = at;
  for (;;) {
    // Bytes above the backslash (the letters of Arabic text, in UTF-8, are all there) first.
    while (i < n && PLAIN[bytes[i] as number] === 1) i++;
    if (i >= n) return -1;
    const b = bytes[i];
    if (b === QUOTE) return i;
    if (b !== BACKSLASH) return -1;
    const e = bytes[i + 1];
    if (e === 0x75) {
      for (let h = i + 2; h < i + 6; h++) if (!isHex(bytes[h])) return -1;
      i += 6;
    } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
    else return -1;
  }
}

/** 1 for the bytes that may stand for themselves in a JSON string (see {@link isPlain}). */
const PLAIN = Uint8Array.from({ length: 256 }, (_, b) => (isPlain(b) ? 1 : 0));

/** Whether byte `b` may stand for itself in a JSON string (not a control character, quotation mark or backslash). */
function isPlain(b: number): boolean {
  return b >= 0x20 && b !== QUOTE && b !== BACKSLASH;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

/** Whether the JSON string `bytes[from, to)` (quotation marks included) decodes to the text whose UTF-8 bytes are `quoted`. */
function sameString(bytes: Uint8Array, from: number, to: number, quoted: Uint8Array): boolean {
  let quote: unknown;
  try {
    quote = JSON.parse(decoder.decode(bytes.subarray(from, to)));
  } catch {
    return false;
  }
  return typeof quote === 'string' && quote === decoder.decode(quoted);
}

/** The label written in `bytes[from, to)` (no escapes), decoded the first time it is met. */
function labelOf(known: { readonly bytes: Uint8Array; readonly label: string }[], bytes: Uint8Array, from: number, to: number): string {
  outer: for (const entry of known) {
    if (entry.bytes.length !== to - from) continue;
    for (let i = 0; i < entry.bytes.length; i++) if (entry.bytes[i] !== bytes[from + i]) continue outer;
    return entry.label;
  }
  const written = bytes.slice(from, to);
  const label = decoder.decode(written);
  known.push({ bytes: written, label });
  return label;
}
