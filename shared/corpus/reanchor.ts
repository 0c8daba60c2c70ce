/**
 * Re-anchoring spans in a text that changed: when a document's text no longer matches the hash
 * its layers were made on, each span is placed again by its quote and context near its old
 * position, from cheap and exact to fuzzy, as the Hypothesis client does (`match-quote.ts`):
 *
 * 1. the stored offsets still yield the quote (on grapheme boundaries) → `unchanged`;
 * 2. the quote occurs verbatim → the occurrence whose context and position fit best, `exact`;
 * 3. the quote occurs with a few edits → the best-scoring approximate match, `fuzzy`;
 * 4. otherwise → `orphaned`, with a reason. The span is never dropped; the caller keeps it.
 *
 * The approximate matcher is our own (no package): Myers' bit-parallel edit-distance search
 * (1999) in Hyyrö's block form, over code points, 32 pattern positions per machine word, so a
 * search costs O(text × ⌈quote / 32⌉). Arabic harakat and tatweel are folded away before the
 * fuzzy search (with an offset map back to the real text), so diacritics added to or removed
 * from a quote cost no edits.
 */
import type { Span } from '../model.js';
import { CodePointIndex } from '../text/code-points.js';
import { graphemeCeil, graphemeFloor } from '../text/grapheme-boundaries.js';
import { partitionPoint } from '../text/partition-point.js';

/** How one span fared: where it now sits (code points, half-open) or why it has no place. */
export interface ReanchorResult {
  readonly spanId: string;
  readonly outcome: 'unchanged' | 'exact' | 'fuzzy' | 'orphaned';
  /** New start (code points); absent when orphaned. */
  readonly start?: number;
  /** New end (code points); absent when orphaned. */
  readonly end?: number;
  /** Match quality in `0..1` (1 for `unchanged`); for an orphan, the best score seen, if any. */
  readonly score?: number;
  /** Why the span is orphaned; absent otherwise. */
  readonly reason?: string;
}

export interface ReanchorOptions {
  /**
   * Most edits a fuzzy match may have, as a share of the quote's length (without harakat and
   * tatweel), rounded down. Default {@link DEFAULT_MAX_ERROR_RATE}.
   */
  readonly maxErrorRate?: number;
}

/**
 * Default edit budget: one edit per ten letters. A changed letter or two in a phrase (a
 * misprint fixed, ي for ى) is found; a short quote (under ten letters) must match exactly up to
 * diacritics, since a two-word name with one edit too often matches a different word.
 */
export const DEFAULT_MAX_ERROR_RATE = 0.1;

/*
 * Scoring weights (as in Hypothesis' match-quote.ts, whose numbers we keep). The quote itself
 * outweighs its context, so a near-perfect quote with a rewritten neighbourhood still beats a
 * poor quote with perfect neighbours; prefix and suffix together (40) still outweigh the few
 * edits a fuzzy quote may have, so among repeated quotes the one whose neighbours match wins.
 * Position is only a tie-breaker: text inserted before a span moves it arbitrarily far, so
 * distance from the old offset must not override context.
 */
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * Least score any match needs, verbatim or fuzzy: the quote (50 of 92) is not enough on its own,
 * its context must mostly agree on at least one side. A verbatim quote whose neighbours on both
 * sides are unrelated text (~0.3 similarity between unrelated Arabic strings) scores about 0.69
 * and is refused: for a short quote like دير الزور, which occurs five times in one report, that
 * is another occurrence, and an orphan shown to the user is better than a span silently moved.
 * A 10%-edited quote with one side intact and the other unrelated scores about 0.79 and passes.
 */
export const MIN_SCORE = 0.75;

/**
 * Code points searched on each side of the old position before the whole text is. A window
 * match is taken without looking further only when its prefix and suffix match perfectly: no
 * farther match can then beat it for a verbatim quote (equal quote and context scores, worse
 * position), and for a fuzzy one only a match with fewer edits far away could. Otherwise the whole
 * text is searched too, so a large window costs little and a small one loses nothing but time.
 */
const WINDOW = 2048;

/**
 * Re-anchors `spans` in `newText`. Offsets in and out are **code points**, half-open. Returns
 * one result per span, in the order of `spans`. A match is never placed on a position that
 * splits a grapheme cluster: its edges move outward to the cluster's edges (and a match that
 * had to move is `fuzzy`, as it no longer yields the quote exactly). A match scoring below
 * {@link MIN_SCORE} (quote, context and position weighed as described at the weights) leaves the
 * span `orphaned`, with the reason and the best score seen. Never throws: a span without a quote
 * is `orphaned`; offsets that are not offsets only lose the position hint (searched from 0).
 * `maxErrorRate` outside `0..0.5` is clamped to it.
 *
 * Cost: the exact step is a native substring search in a window around the old position, the
 * whole text only as fallback; the fuzzy step is O(n × ⌈m / 32⌉) per span searched.
 */
export function reanchorSpans(
  spans: readonly Pick<Span, 'id' | 'start' | 'end' | 'text' | 'prefix' | 'suffix'>[],
  newText: string,
  options: ReanchorOptions = {},
): readonly ReanchorResult[] {
  const rate = options.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE;
  const maxErrorRate = Number.isFinite(rate) && rate > 0 ? Math.min(rate, 0.5) : 0;
  let doc: Doc | undefined;
  return spans.map((span) => {
    try {
      doc ??= new Doc(newText);
      return reanchorOne(span, doc, maxErrorRate);
    } catch (error) {
      return { spanId: span.id, outcome: 'orphaned', reason: `could not be re-anchored: ${String(error)}` };
    }
  });
}

/** The new text, prepared once for all spans. */
class Doc {
  readonly index: CodePointIndex;
  readonly cps: Uint32Array;
  /** The text without harakat and tatweel, as code points. */
  readonly folded: Uint32Array;
  /** `foldedAt[i]`: code point offset in the text of folded position `i` (length + 1 entries). */
  readonly foldedAt: Int32Array;

  constructor(readonly text: string) {
    this.index = new CodePointIndex(text);
    this.cps = toCodePoints(text);
    const folded: number[] = [];
    const at: number[] = [];
    this.cps.forEach((c, i) => {
      if (!isFoldable(c)) {
        folded.push(c);
        at.push(i);
      }
    });
    at.push(this.cps.length);
    this.folded = Uint32Array.from(folded);
    this.foldedAt = Int32Array.from(at);
  }

  /** First folded position whose text offset is `>= cp`. */
  foldedIndexOf(cp: number): number {
    // Among all but the last: the last when none is.
    return partitionPoint(this.foldedAt.length - 1, (i) => (this.foldedAt[i] as number) < cp);
  }

  /**
   * `[start, end)` (code points) widened to grapheme cluster edges. `Intl.Segmenter` lookups cost
   * ~0.2 ms each in a long text, so an edge between two plain characters skips them.
   */
  snap(start: number, end: number): [number, number] {
    const su = this.index.toUtf16(start);
    const eu = this.index.toUtf16(end);
    const s = isPlainBoundary(this.text, su) ? su : graphemeFloor(this.text, su);
    const e = isPlainBoundary(this.text, eu) ? eu : graphemeCeil(this.text, eu);
    return [this.index.toCodePoint(s), this.index.toCodePoint(e)];
  }
}

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly errors: number;
}

interface Scored extends Candidate {
  readonly score: number;
  /** Prefix and suffix both matched exactly. */
  readonly perfectContext: boolean;
}

function reanchorOne(
  span: Pick<Span, 'id' | 'start' | 'end' | 'text' | 'prefix' | 'suffix'>,
  doc: Doc,
  maxErrorRate: number,
): ReanchorResult {
  const spanId = span.id;
  if (typeof span.text !== 'string' || span.text.length === 0) {
    return { spanId, outcome: 'orphaned', reason: 'the span has no quote to search for' };
  }
  const quote = toCodePoints(span.text);
  const prefix = toCodePoints(typeof span.prefix === 'string' ? span.prefix : '');
  const suffix = toCodePoints(typeof span.suffix === 'string' ? span.suffix : '');
  const n = doc.cps.length;
  const hint = Number.isSafeInteger(span.start) ? Math.min(Math.max(span.start, 0), n) : 0;

  // 1. The stored position, verified.
  const { start, end } = span;
  if (Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start && end <= n) {
    if (doc.index.slice(start, end) === span.text) {
      const [s, e] = doc.snap(start, end);
      if (s === start && e === end) return { spanId, outcome: 'unchanged', start, end, score: 1 };
    }
  }

  const score = (c: Candidate, quoteLength: number): Scored => {
    const prefixScore = prefix.length === 0 ? 1 : similarity(prefix, doc.cps.subarray(Math.max(0, c.start - prefix.length), c.start));
    const suffixScore = suffix.length === 0 ? 1 : similarity(suffix, doc.cps.subarray(c.end, c.end + suffix.length));
    const positionScore = n === 0 ? 1 : 1 - Math.abs(c.start - hint) / n;
    const quoteScore = 1 - c.errors / quoteLength;
    const raw =
      QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore + POSITION_WEIGHT * positionScore;
    return { ...c, score: raw / MAX_SCORE, perfectContext: prefixScore === 1 && suffixScore === 1 };
  };
  const best = (cs: readonly Candidate[], quoteLength: number): Scored | undefined => {
    let top: Scored | undefined;
    for (const c of cs) {
      const s = score(c, quoteLength);
      if (top === undefined || s.score > top.score) top = s;
    }
    return top;
  };

  // 2. Verbatim occurrences: in the window first. A window match with perfect context cannot be
  // beaten by one outside the window (same quote and context scores, farther position).
  const windowFrom = Math.max(0, hint - WINDOW);
  const windowTo = Math.min(n, hint + quote.length + WINDOW);
  let exact = best(exactMatches(doc, span.text, quote.length, windowFrom, windowTo), quote.length);
  if (exact === undefined || !exact.perfectContext) {
    const all = best(exactMatches(doc, span.text, quote.length, 0, n), quote.length);
    if (all !== undefined && (exact === undefined || all.score > exact.score)) exact = all;
  }
  // A verbatim match with its context intact is taken without a fuzzy search.
  if (exact !== undefined && exact.perfectContext) return placed(spanId, exact, doc, 'exact');

  // 3. Approximate matches of the quote without harakat, in the window, then everywhere. They
  // compete with an imperfect verbatim match: diacritics added to a quote make the old text's
  // other, bare occurrences verbatim matches with the wrong context.
  const foldedQuote = quote.filter((c) => !isFoldable(c));
  const maxErrors = Math.floor(maxErrorRate * foldedQuote.length);
  const fuzzyIn = (from: number, to: number): Scored | undefined =>
    foldedQuote.length === 0
      ? undefined
      : best(fuzzyMatches(doc, foldedQuote, maxErrors, doc.foldedIndexOf(from), doc.foldedIndexOf(to)), foldedQuote.length);
  let fuzzy = fuzzyIn(windowFrom, windowTo);
  if (fuzzy === undefined || !fuzzy.perfectContext) {
    const all = fuzzyIn(0, n);
    if (all !== undefined && (fuzzy === undefined || all.score > fuzzy.score)) fuzzy = all;
  }
  // Same score: the verbatim match wins (it keeps the quote letter for letter).
  const top = fuzzy !== undefined && (exact === undefined || fuzzy.score > exact.score) ? fuzzy : exact;
  if (top !== undefined && top.score >= MIN_SCORE) return placed(spanId, top, doc, top === exact ? 'exact' : 'fuzzy');

  if (top !== undefined) {
    return orphan(
      spanId,
      top,
      `the best match, at ${top.start}–${top.end} with ${top.errors} edit(s), scores ${top.score.toFixed(2)}, ` +
        `below ${MIN_SCORE}: its context does not fit`,
    );
  }
  return orphan(
    spanId,
    undefined,
    `the quote ${JSON.stringify(span.text)} occurs nowhere in the text, verbatim or with at most ${maxErrors} edit(s)`,
  );
}

/** A match as a result; edges inside a grapheme cluster move outward, and the span is then `fuzzy`. */
function placed(spanId: string, match: Scored, doc: Doc, outcome: 'exact' | 'fuzzy'): ReanchorResult {
  const [start, end] = doc.snap(match.start, match.end);
  const moved = start !== match.start || end !== match.end;
  return { spanId, outcome: moved ? 'fuzzy' : outcome, start, end, score: match.score };
}

function orphan(spanId: string, seen: Scored | undefined, reason: string): ReanchorResult {
  return seen === undefined ? { spanId, outcome: 'orphaned', reason } : { spanId, outcome: 'orphaned', score: seen.score, reason };
}

/** Verbatim occurrences of `quote` starting in `[from, to)` code points (overlaps included). */
function exactMatches(doc: Doc, quote: string, quoteLength: number, from: number, to: number): Candidate[] {
  const found: Candidate[] = [];
  const limit = doc.index.toUtf16(Math.min(to, doc.index.length));
  let u = doc.text.indexOf(quote, doc.index.toUtf16(from));
  while (u !== -1 && u < limit) {
    const start = doc.index.toCodePoint(u);
    found.push({ start, end: start + quoteLength, errors: 0 });
    u = doc.text.indexOf(quote, u + 1);
  }
  return found;
}

/**
 * Approximate occurrences of `pattern` in the folded text between folded positions `from` and
 * `to` with at most `maxErrors` edits: in each run of adjacent end positions, those with the
 * run's least edit count, mapped back to code point offsets of the text.
 */
function fuzzyMatches(doc: Doc, pattern: Uint32Array, maxErrors: number, from: number, to: number): Candidate[] {
  const text = doc.folded.subarray(from, to);
  const ends = myersEnds(text, pattern, maxErrors);
  const found: Candidate[] = [];
  for (let k = 0; k < ends.length; k++) {
    const run: { end: number; errors: number }[] = [ends[k] as { end: number; errors: number }];
    while (k + 1 < ends.length && (ends[k + 1] as { end: number }).end === (run[run.length - 1] as { end: number }).end + 1) {
      run.push(ends[++k] as { end: number; errors: number });
    }
    // Every end of the run with its least edit count: the context then decides between, say,
    // a substituted last letter and a deleted one.
    const fewest = run.reduce((least, r) => Math.min(least, r.errors), Infinity);
    for (const top of run) {
      if (top.errors !== fewest) continue;
      const startIn = matchStart(text, pattern, top.end, top.errors);
      found.push({
        start: doc.foldedAt[from + startIn] as number,
        // One past the last matched letter: the text offset after folded position end - 1.
        end: (doc.foldedAt[from + top.end - 1] as number) + 1,
        errors: top.errors,
      });
    }
  }
  return found;
}

/**
 * Myers' bit-parallel approximate search (Hyyrö's block form): every end position `j`
 * (exclusive) in `text` where some substring ending there is within `maxErrors` edits of
 * `pattern`, with that least edit count. O(|text| × ⌈|pattern| / 32⌉).
 */
function myersEnds(text: Uint32Array, pattern: Uint32Array, maxErrors: number): { end: number; errors: number }[] {
  const m = pattern.length;
  const blocks = Math.ceil(m / 32);
  const peq = new Map<number, Uint32Array>();
  for (let i = 0; i < m; i++) {
    const c = pattern[i] as number;
    let row = peq.get(c);
    if (row === undefined) peq.set(c, (row = new Uint32Array(blocks)));
    row[i >>> 5] = ((row[i >>> 5] as number) | (1 << (i & 31))) >>> 0;
  }
  const none = new Uint32Array(blocks);
  const pv = new Uint32Array(blocks).fill(0xffffffff);
  const mv = new Uint32Array(blocks);
  const lastBit = 1 << ((m - 1) & 31);
  let score = m;
  const out: { end: number; errors: number }[] = [];
  for (let j = 0; j < text.length; j++) {
    const eqRow = peq.get(text[j] as number) ?? none;
    let hin = 0; // Row 0 is all zeros: a match may start anywhere.
    for (let b = 0; b < blocks; b++) {
      const high = b === blocks - 1 ? lastBit : 0x80000000;
      const p = pv[b] as number;
      const mm = mv[b] as number;
      let eq = eqRow[b] as number;
      const xv = (eq | mm) >>> 0;
      if (hin < 0) eq = (eq | 1) >>> 0;
      const xh = (((((eq & p) >>> 0) + p) >>> 0) ^ p | eq) >>> 0;
      let ph = (mm | ~(xh | p)) >>> 0;
      let mh = (p & xh) >>> 0;
      const hout = ph & high ? 1 : mh & high ? -1 : 0;
      ph = (ph << 1) >>> 0;
      mh = (mh << 1) >>> 0;
      if (hin < 0) mh = (mh | 1) >>> 0;
      else if (hin > 0) ph = (ph | 1) >>> 0;
      pv[b] = (mh | ~(xv | ph)) >>> 0;
      mv[b] = (ph & xv) >>> 0;
      hin = hout;
    }
    score += hin;
    if (score <= maxErrors) out.push({ end: j + 1, errors: score });
  }
  return out;
}

/**
 * Start (in `text`) of the substring ending at `end` that is `errors` edits from `pattern`: a
 * small backward dynamic program over the last `|pattern| + errors` positions; among equal
 * distances, the one whose length is nearest the pattern's.
 */
function matchStart(text: Uint32Array, pattern: Uint32Array, end: number, errors: number): number {
  const m = pattern.length;
  const from = Math.max(0, end - m - errors);
  const width = end - from;
  // prev[j]: distance between pattern[i..m) and text[end - j, end).
  let prev = new Int32Array(width + 1);
  for (let j = 0; j <= width; j++) prev[j] = j;
  for (let i = m - 1; i >= 0; i--) {
    const cur = new Int32Array(width + 1);
    cur[0] = m - i;
    for (let j = 1; j <= width; j++) {
      const cost = text[end - j] === pattern[i] ? 0 : 1;
      cur[j] = Math.min((prev[j - 1] as number) + cost, (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
    }
    prev = cur;
  }
  let bestJ = -1;
  for (let j = 1; j <= width; j++) {
    if (prev[j] !== errors) continue;
    if (bestJ < 0 || Math.abs(j - m) < Math.abs(bestJ - m)) bestJ = j;
  }
  return end - (bestJ < 0 ? Math.min(m, width) : bestJ);
}

/** `1 - Levenshtein(a, b) / max(|a|, |b|)`, over code points; 1 for two empty strings. */
function similarity(a: Uint32Array, b: Uint32Array): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  let prev = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = new Int32Array(b.length + 1);
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j - 1] as number) + cost, (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
    }
    prev = cur;
  }
  return 1 - (prev[b.length] as number) / longest;
}

function toCodePoints(s: string): Uint32Array {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) as number);
  return Uint32Array.from(out);
}

/**
 * Printable ASCII, the Arabic letters ء–ي, Arabic-Indic digits and the Arabic comma, semicolon
 * and question mark: no grapheme rule (UAX #29) joins two of these, so any boundary between two
 * of them is a cluster boundary. (Line feed is left out: CR LF is one cluster.)
 */
function isPlainUnit(u: number): boolean {
  return (
    (u >= 0x20 && u <= 0x7e) || (u >= 0x0621 && u <= 0x063a) || (u >= 0x0641 && u <= 0x064a) ||
    (u >= 0x0660 && u <= 0x0669) || u === 0x060c || u === 0x061b || u === 0x061f
  );
}

/** Whether UTF-16 offset `u` of `text` is certainly a grapheme boundary without asking `Intl`. */
function isPlainBoundary(text: string, u: number): boolean {
  if (u <= 0 || u >= text.length) return true;
  const before = text.charCodeAt(u - 1);
  const after = text.charCodeAt(u);
  return (isPlainUnit(before) || before === 0x0a) && (isPlainUnit(after) || (after === 0x0a && before !== 0x0d));
}

/** Arabic harakat, superscript alef and tatweel: what the fuzzy search ignores. */
function isFoldable(c: number): boolean {
  return (c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640;
}
