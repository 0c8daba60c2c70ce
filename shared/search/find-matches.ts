/**
 * Arabic-aware search in one text: the query and the text are compared on their matching keys
 * (folded letters, no harakat or tatweel, whitespace runs as one space), and the hits are
 * reported as code point spans of the original text.
 */

import { OTHER, tokenClassAt, tokenClassBefore } from './char-classes';
import { cliticReadings, compatible, extraLeadingLength, type CliticReading } from './clitic-readings';
import { textSpanOfKey, type TextSpan } from './key-span';
import { cachedMatchingKey, matchingKey, type MatchingKey } from './matching-key';

export interface MatchOptions {
  /**
   * Also match the query with or without leading clitics `و ف ب ك ل` and the article `ال` on
   * each token (`العراق` finds `والعراق`, `بالعراق`, `عراق`; `المرصد` finds `للمرصد`).
   */
  readonly clitics: boolean;
  /** Only whole tokens (never inside a word). */
  readonly wholeToken: boolean;
}

/** A word of the query with its clitic readings, indexed by stem. */
interface QueryWord {
  readonly readings: readonly CliticReading[];
  readonly byStem: ReadonlyMap<string, readonly CliticReading[]>;
}

/** The query's key cut into words (runs of letters, marks, digits) and what lies between them. */
interface QueryPattern {
  /** The whole key, spaces at its ends trimmed. */
  readonly key: string;
  /** Non-token units before the first word (`"` of `"اليد`). */
  readonly lead: string;
  readonly words: readonly QueryWord[];
  /** `separators[i]` lies between `words[i]` and `words[i + 1]`. */
  readonly separators: readonly string[];
  /** Non-token units after the last word. */
  readonly trail: string;
}

/** The most key units that clitics take before a stem (`وبال`). */
const MAX_PREFIX = 4;

/** UTF-16 end of the run of token characters (or of non-token characters) starting at `i`. */
function runEnd(key: string, i: number, tokens: boolean): number {
  while (i < key.length && (tokenClassAt(key, i) !== OTHER) === tokens) {
    const unit = key.charCodeAt(i);
    i += unit >= 0xd800 && unit <= 0xdbff && i + 1 < key.length ? 2 : 1;
  }
  return i;
}

function compile(query: string): QueryPattern {
  const key = matchingKey(query).key.replace(/^ +| +$/gu, '');
  const leadEnd = runEnd(key, 0, false);
  const words: QueryWord[] = [];
  const separators: string[] = [];
  let trail = '';
  let at = leadEnd;
  while (at < key.length) {
    const wordEnd = runEnd(key, at, true);
    const readings = cliticReadings(key.slice(at, wordEnd));
    const byStem = new Map<string, CliticReading[]>();
    for (const reading of readings) byStem.set(reading.stem, [...(byStem.get(reading.stem) ?? []), reading]);
    words.push({ readings, byStem });
    const sepEnd = runEnd(key, wordEnd, false);
    if (sepEnd === key.length) trail = key.slice(wordEnd);
    else separators.push(key.slice(wordEnd, sepEnd));
    at = sepEnd;
  }
  return { key, lead: key.slice(0, leadEnd), words, separators, trail };
}

let lastPattern: { readonly query: string; readonly pattern: QueryPattern } | undefined;

function compiled(query: string): QueryPattern {
  if (lastPattern?.query !== query) lastPattern = { query, pattern: compile(query) };
  return lastPattern.pattern;
}

/** A hit in key units: `start` is the token start, `aligned` leaves out clitics the query lacks. */
interface KeyHit {
  readonly start: number;
  readonly aligned: number;
  readonly end: number;
}

function plainHits(key: string, query: string, wholeToken: boolean, hits: KeyHit[]): void {
  const startsOnToken = tokenClassAt(query, 0) !== OTHER;
  const endsOnToken = tokenClassBefore(query, query.length) !== OTHER;
  for (let p = key.indexOf(query); p !== -1; p = key.indexOf(query, p + 1)) {
    const end = p + query.length;
    if (wholeToken && ((startsOnToken && tokenClassBefore(key, p) !== OTHER) || (endsOnToken && tokenClassAt(key, end) !== OTHER))) {
      continue;
    }
    hits.push({ start: p, aligned: p, end });
  }
}

/** The query's words matched with clitics from the token start `wordStart` on, or null. */
function cliticHitAt(key: string, pattern: QueryPattern, wordStart: number, openEnd: boolean): KeyHit | null {
  const { lead, words, separators, trail } = pattern;
  const start = wordStart - lead.length;
  if (start < 0 || !key.startsWith(lead, start)) return null;
  let aligned = start;
  let pos = wordStart;
  for (let i = 0; i < words.length; i++) {
    if (i > 0) {
      const separator = separators[i - 1] as string;
      if (!key.startsWith(separator, pos)) return null;
      pos += separator.length;
    }
    const wordEnd = runEnd(key, pos, true);
    if (wordEnd === pos) return null;
    const word = words[i] as QueryWord;
    const open = openEnd && i === words.length - 1;
    let best: { end: number; stem: number; skip: number } | undefined;
    for (const text of cliticReadings(key.slice(pos, wordEnd))) {
      const candidates = open ? word.readings.filter((q) => text.stem.startsWith(q.stem)) : (word.byStem.get(text.stem) ?? []);
      for (const query of candidates) {
        if (!compatible(text, query)) continue;
        const end = pos + text.prefixLength + query.stem.length;
        const skip = extraLeadingLength(text, query);
        const better =
          best === undefined ||
          end > best.end ||
          (end === best.end && (query.stem.length > best.stem || (query.stem.length === best.stem && skip < best.skip)));
        if (better) best = { end, stem: query.stem.length, skip };
      }
    }
    if (best === undefined) return null;
    if (i === 0 && lead === '') aligned = wordStart + best.skip;
    pos = best.end;
  }
  if (!key.startsWith(trail, pos)) return null;
  return { start, aligned, end: pos + trail.length };
}

function cliticHits(key: string, pattern: QueryPattern, wholeToken: boolean, hits: KeyHit[]): void {
  const first = pattern.words[0];
  if (first === undefined) return;
  const wordStarts = new Set<number>();
  for (const stem of first.byStem.keys()) {
    for (let p = key.indexOf(stem); p !== -1; p = key.indexOf(stem, p + 1)) {
      let wordStart = p;
      while (p - wordStart <= MAX_PREFIX && tokenClassBefore(key, wordStart) !== OTHER) wordStart--;
      if (p - wordStart <= MAX_PREFIX) wordStarts.add(wordStart);
    }
  }
  const openEnd = !wholeToken && pattern.trail === '';
  for (const wordStart of [...wordStarts].sort((a, b) => a - b)) {
    const hit = cliticHitAt(key, pattern, wordStart, openEnd);
    if (hit !== null) hits.push(hit);
  }
}

/** The text spans of `hits` that keep clear of grapheme clusters, sorted by start, longer first. */
function textSpans(text: string, key: MatchingKey, hits: readonly KeyHit[], aligned: boolean): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const hit of hits) {
    const span = textSpanOfKey(text, key, aligned ? hit.aligned : hit.start, hit.end);
    if (span !== null) spans.push(span);
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Leftmost-first, non-overlapping selection of sorted spans. */
function leftmost(spans: readonly TextSpan[]): TextSpan[] {
  const chosen: TextSpan[] = [];
  let reached = 0;
  for (const span of spans) {
    if (span.start < reached) continue;
    chosen.push(span);
    reached = span.end;
  }
  return chosen;
}

/**
 * The plain hits, with clitic hits put in place of the plain hits they contain. A clitic hit
 * that would cut a plain hit (overlap it without containing it) is left out, so that switching
 * clitics on never loses a hit.
 */
function withCliticHits(plain: readonly TextSpan[], clitic: readonly TextSpan[]): TextSpan[] {
  const replaced = new Set<TextSpan>();
  const accepted: TextSpan[] = [];
  let reached = 0;
  let first = 0;
  for (const hit of clitic) {
    if (hit.start < reached) continue;
    while (first < plain.length && (plain[first] as TextSpan).end <= hit.start) first++;
    const inside: TextSpan[] = [];
    let cuts = false;
    for (let i = first; i < plain.length && (plain[i] as TextSpan).start < hit.end; i++) {
      const other = plain[i] as TextSpan;
      if (other.start >= hit.start && other.end <= hit.end) inside.push(other);
      else cuts = true;
    }
    if (cuts) continue;
    for (const other of inside) replaced.add(other);
    accepted.push(hit);
    reached = hit.end;
  }
  return [...accepted, ...plain.filter((p) => !replaced.has(p))].sort((a, b) => a.start - b.start);
}

/**
 * Internal (also used by `occurrencesOf`): the non-overlapping hits of `query` in `text`, as text
 * spans; with `aligned`, a clitic hit leaves out leading clitics the query's token does not have.
 */
export function matchSpans(
  text: string,
  query: string,
  options: MatchOptions,
  key: MatchingKey,
  aligned: boolean,
): readonly { start: number; end: number }[] {
  const pattern = compiled(query);
  if (pattern.key === '') return [];
  const plainKeyHits: KeyHit[] = [];
  plainHits(key.key, pattern.key, options.wholeToken, plainKeyHits);
  let spans = leftmost(textSpans(text, key, plainKeyHits, aligned));
  if (options.clitics) {
    const cliticKeyHits: KeyHit[] = [];
    cliticHits(key.key, pattern, options.wholeToken, cliticKeyHits);
    spans = withCliticHits(spans, textSpans(text, key, cliticKeyHits, aligned));
  }
  return Object.freeze(spans.map((span) => Object.freeze({ start: span.start, end: span.end })));
}

/**
 * Every hit of `query` in `text`, compared on matching keys (see `matchingKey`): `أحمد` finds
 * `احمد`, `مدرسة` finds `مدرسه`, `دير الزور` finds `دير\nالزور`, a query without harakat finds
 * the vocalised word. The query's own whitespace at its ends is ignored; an empty query (or one
 * of only left-out characters) finds nothing.
 *
 * Offsets are **code points** of `text`, half-open, sorted by start and non-overlapping (at a
 * tie the earlier start wins, then the longer hit). A hit covers whole original characters: the
 * harakat and tatweels inside it, and the harakat of its last letter; never a tatweel, bidi mark
 * or space at its edges, and never an edge inside a grapheme cluster (such a hit is dropped).
 *
 * With `clitics`, a token of the text matches a token of the query when one of them is the
 * other with leading clitics added (see `MatchOptions.clitics`; clitics added *or* taken away,
 * not swapped: `بيت` does not find `كيت`); the stem left must have 2 letters or a digit. Such a
 * hit **starts at the start of the text's token, so it covers the clitics** (`والعراق` for
 * `العراق`, as a selection snaps to whole tokens); it ends where the query's last token ends in
 * the text (the token's end with `wholeToken`). Plain hits are always found too (inside words
 * without `wholeToken`); a clitic hit replaces the plain hits it contains and is dropped where it
 * would cut one, so switching clitics on never loses a hit. To find every form of a word, search
 * its bare form: `مليشيات` finds `ومليشيات`, `المليشيات`, `للمليشيات`, while `المليشيات` does
 * not find `ومليشيات` (that would take the article away *and* add `و`). Not folded: spelling
 * variants such as `مليشيات`/`ميليشيات`, `بايدن`/`بايدين`.
 *
 * `key` must be `matchingKey(text)` when given (pass it to reuse it across queries); otherwise
 * the key of the last text searched is reused.
 */
export function findMatches(
  text: string,
  query: string,
  options: MatchOptions,
  key?: MatchingKey,
): readonly { start: number; end: number }[] {
  return matchSpans(text, query, options, key ?? cachedMatchingKey(text), false);
}
