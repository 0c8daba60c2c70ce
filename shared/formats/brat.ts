/**
 * brat standoff: a `.txt` and a `.ann` beside it. Text-bound lines read
 * `T1<TAB>Place 91 100<TAB>دير الزور`; offsets count Unicode **code points** of the `.txt` exactly
 * as stored, so a byte order mark and every `\r` count as characters. brat writes a span's line
 * breaks as spaces in the text column.
 *
 * @see https://brat.nlplab.org/standoff.html
 * @see https://brat.nlplab.org/configuration.html
 */
import type { Result, Schema, Span, FileProblem } from '../model.js';
import { CodePointIndex } from '../text/code-points.js';

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

/** Kinds of brat lines that are read past without being imported (for now). */
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
 * Parses a `.ann` file against the raw text of its `.txt` (decoded, but with BOM and `\r` kept:
 * brat counts them). Text-bound lines are returned with their offsets unchanged; relation, event,
 * attribute, normalization, note and equivalence lines are listed in `ignored`.
 *
 * Errors, each naming `file` and the 1-based line: a line without a tab after its id, an
 * unknown or malformed id, a repeated id, malformed offsets, a discontinuous span other than
 * one brat split at line breaks (`84 90;91 100` across a newline is read as the one span 84–100;
 * `0 5;16 23` around words is not supported), an empty span, offsets past the end of the text,
 * and a text column that is not the text at the offsets (brat joins fragments with a space; a
 * line break inside a single fragment may be written as a space). When offsets fit the text only if counted in UTF-16 code units, or with CRLF read as
 * one character, the message says so. Never throws.
 */
export function parseBratAnn(ann: string, rawText: string, file: string): Result<BratAnnotations> {
  const errors: FileProblem[] = [];
  const spans: BratTextBound[] = [];
  const ignored: BratIgnoredLine[] = [];
  const firstLineOfId = new Map<string, number>();
  const index = new CodePointIndex(rawText);
  const err = (line: number, message: string): void => {
    errors.push({ file, line, message });
  };

  const lines = (ann.startsWith('\uFEFF') ? ann.slice(1) : ann).split('\n');
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    if (tab < 0) {
      err(lineNo, 'no tab after the annotation id (brat separates id, annotation and text with tabs)');
      return;
    }
    const id = line.slice(0, tab);
    if (id !== '*' && !BRAT_ID.test(id)) {
      err(lineNo, `${JSON.stringify(id)} is not a brat annotation id (T1, R1, A1, #1, ...)`);
      return;
    }
    if (id !== '*') {
      const first = firstLineOfId.get(id);
      if (first !== undefined) {
        err(lineNo, `annotation id ${id} is used twice (first on line ${first})`);
        return;
      }
      firstLineOfId.set(id, lineNo);
    }
    const prefix = id.charAt(0);
    if (prefix !== 'T') {
      const kind = IGNORED_BY_PREFIX[prefix];
      if (kind === undefined) err(lineNo, `unknown annotation kind "${prefix}" (brat knows T, R, E, A, M, N, # and *)`);
      else ignored.push({ line: lineNo, kind });
      return;
    }
    const span = readTextBound(id, line.slice(tab + 1), lineNo, index, rawText, (m) => err(lineNo, m));
    if (span) spans.push(span);
  });

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
    const gap = index.slice((fragments[i - 1] as [number, number])[1], (fragments[i] as [number, number])[0]);
    if ((fragments[i] as [number, number])[0] < (fragments[i - 1] as [number, number])[1] || !LINE_BREAK_GAP.test(gap)) {
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

/** The text column equals the span's text, with each line break optionally written as a space. */
function quoteMatches(quote: string, found: string): boolean {
  return quote === found || quote === found.replace(/[\r\n]/g, ' ') || quote === found.replace(/\r\n|[\r\n]/g, ' ');
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
  const noCr = rawText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const cps = [...noCr];
  if (end <= cps.length && quoteMatches(quote, cps.slice(start, end).join(''))) {
    return '; the offsets fit the text with CRLF read as one line break and without a byte order mark, but brat counts every \\r and a BOM';
  }
  return '';
}

function isSurrogatePairMiddle(s: string, u16: number): boolean {
  const before = s.charCodeAt(u16 - 1);
  const after = s.charCodeAt(u16);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** brat joins the texts of a span's fragments with one space (`DISCONT_SEP` in brat's server). */
const DISCONTINUOUS_SEPARATOR = ' ';
/** A gap between two fragments that brat made by splitting a span at line breaks. */
const LINE_BREAK_GAP = /^[^\S\r\n]*[\r\n][\s]*$/u;

/**
 * Fragments of `[start, end)` (code points) around its line breaks, as brat itself writes a span
 * that crosses lines: brat's parser compares the text column with the text of each fragment
 * joined by one space, and an `.ann` line cannot hold a newline.
 */
function fragmentsOf(index: CodePointIndex, start: number, end: number): [number, number][] {
  const fragments: [number, number][] = [];
  let from = start;
  let cp = start;
  for (const ch of index.slice(start, end)) {
    if (ch === '\n' || ch === '\r') {
      if (cp > from) fragments.push([from, cp]);
      from = cp + 1;
    }
    cp += 1;
  }
  if (end > from) fragments.push([from, end]);
  return fragments.length > 0 ? fragments : [[start, end]];
}

/**
 * Writes spans as brat text-bound lines, numbered `T1`, `T2`, ... in the order given:
 * `T<n><TAB><label> <start> <end><TAB><quote>`, offsets in code points of `text` (the canonical
 * text the spans point into, to be written unchanged as the `.txt`). A span crossing line breaks
 * is written as brat writes one: fragments around the breaks (`84 90;91 100`) and their texts
 * joined by a space. Spans are expected to anchor in `text` (export leaves orphans out); for one
 * out of range the stored quote is written. Empty string for no spans; otherwise one line per
 * span and a trailing newline.
 */
export function serializeBratAnn(spans: readonly Span[], text: string): string {
  const index = new CodePointIndex(text);
  const lines = spans.map((s, i) => {
    const inRange = Number.isSafeInteger(s.start) && Number.isSafeInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= index.length;
    if (!inRange) return `T${i + 1}\t${s.label} ${s.start} ${s.end}\t${s.text.replace(/\r\n|[\r\n]/g, ' ')}`;
    const fragments = fragmentsOf(index, s.start, s.end);
    const offsets = fragments.map(([a, b]) => `${a} ${b}`).join(';');
    const quote = fragments.map(([a, b]) => index.slice(a, b)).join(DISCONTINUOUS_SEPARATOR);
    return `T${i + 1}\t${s.label} ${offsets}\t${quote}`;
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * brat's `annotation.conf` for a schema: one entity type per label (in schema order), an
 * `<OVERLAP>` rule in `[relations]` that lets any text-bound annotation overlap any other in any
 * way (`<OVL-TYPE>:<ANY>`: contain, equal and cross, same type included, so nested spans of one
 * label load), and empty `[events]` and `[attributes]` sections. brat reads it per directory.
 */
export function bratAnnotationConf(schema: Schema): string {
  return [
    '# brat annotation configuration written by Hashiya from the corpus schema.',
    '[entities]',
    ...schema.labels.map((l) => l.name),
    '',
    '[relations]',
    '# Any text-bound annotation may overlap any other in any way (contain, equal, cross), same type included.',
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    '',
    '[events]',
    '',
    '[attributes]',
    '',
  ].join('\n');
}
