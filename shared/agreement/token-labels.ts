/**
 * The units of token-level agreement (Cohen's κ, Fleiss' κ, Krippendorff's α): tokens of the
 * canonical text, each with the label a layer gives it. Offsets are code points, `[start, end)`.
 *
 * The token rule is that of the agreement figures, not the CoNLL tokeniser of
 * `shared/formats/arabic-tokens.ts`: a token is a maximal run of letters, combining marks and
 * decimal digits (the tatweel U+0640 is a letter, so `بـ` is one token), or a single other
 * character that is not white space, a separator, a control or a format character (bidi marks,
 * ZWNJ): each punctuation mark or symbol is a token of its own (`...` is three, `2.5` is `2` `.`
 * `5`). Clitics stay on their word: `والعراق` is one token.
 */
import { OUTSIDE, labellingSpans, type SpanLike } from './span-like.js';

/** A token of the text: code point offsets `[start, end)` and the text there. */
export interface AgreementToken {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A token with the label one layer gives it: a span label, or {@link OUTSIDE}. */
export interface TokenLabel extends AgreementToken {
  readonly label: string;
}

/** Letters (with the tatweel), combining marks, decimal digits. */
const WORD = /^[\p{L}\p{M}\p{Nd}\u0640]$/u;
/** Belongs to no token: white space, separators, control and format characters. */
const NONE = /^[\s\p{Z}\p{Cc}\p{Cf}]$/u;

/** What a character is to the token rule (its class): not yet known, in a word, in no token, a token of its own. */
const UNKNOWN = 0;
const IN_WORD = 1;
const IN_NONE = 2;
const OWN_TOKEN = 3;

/**
 * The class of each code unit value seen (a BMP code point, or a lone surrogate), worked
 * out once with the regular expressions above: a text of 2,000 characters would otherwise run
 * two regular expressions per character.
 */
const bmpClasses = new Uint8Array(0x10000);

function classify(char: string): number {
  return WORD.test(char) ? IN_WORD : NONE.test(char) ? IN_NONE : OWN_TOKEN;
}

/** The tokens of a text as offsets: code points and UTF-16 code units, `[start, end)` each. */
export interface TokenBounds {
  /** Tokens found. */
  readonly count: number;
  /** Code point offsets. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** UTF-16 offsets of the same tokens. */
  readonly starts16: Int32Array;
  readonly ends16: Int32Array;
  /** Length of the text in code points (a lone surrogate counts one). */
  readonly length: number;
}

/**
 * The tokens of `text` by the rule of the module comment, as offsets: what
 * {@link agreementTokens} returns, without making an object and a string per token. Never
 * throws.
 */
export function tokenBounds(text: string): TokenBounds {
  // At most one token per UTF-16 code unit; found into scratch runs (starts, ends, and the same
  // in UTF-16), copied out at their size into one buffer.
  const n = text.length;
  if (scratch.length < 4 * n) scratch = new Int32Array(Math.max(4 * n, 2 * scratch.length));
  const s = scratch;
  const classes = bmpClasses;
  let count = 0;
  let at = 0;
  let runStart = -1;
  let runStart16 = 0;
  let i = 0;
  while (i < n) {
    const unit = text.charCodeAt(i);
    let units = 1;
    let cls = classes[unit] as number;
    if (cls === UNKNOWN || (unit >= 0xd800 && unit <= 0xdbff)) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) {
        units = 2;
        cls = classify(String.fromCodePoint(cp));
      } else if (cls === UNKNOWN) {
        cls = classify(String.fromCharCode(unit));
        classes[unit] = cls;
      }
    }
    if (cls === IN_WORD) {
      if (runStart < 0) {
        runStart = at;
        runStart16 = i;
      }
    } else {
      if (runStart >= 0) {
        count = putToken(s, n, count, runStart, at, runStart16, i);
        runStart = -1;
      }
      if (cls === OWN_TOKEN) count = putToken(s, n, count, at, at + 1, i, i + units);
    }
    at++;
    i += units;
  }
  if (runStart >= 0) count = putToken(s, n, count, runStart, at, runStart16, i);
  const out = new Int32Array(4 * count);
  for (let r = 0; r < 4; r++) out.set(s.subarray(r * n, r * n + count), r * count);
  return {
    count,
    starts: out.subarray(0, count),
    ends: out.subarray(count, 2 * count),
    starts16: out.subarray(2 * count, 3 * count),
    ends16: out.subarray(3 * count, 4 * count),
    length: at,
  };
}

/** Room for {@link tokenBounds} to find tokens in: four runs of a text's length in UTF-16 code units. */
let scratch = new Int32Array(4 * 4096);


/** Puts token `count` into the four runs of `n` of `s` (code points `[start, end)`, UTF-16 `[start16, end16)`); the next count. */
function putToken(s: Int32Array, n: number, count: number, start: number, end: number, start16: number, end16: number): number {
  s[count] = start;
  s[n + count] = end;
  s[2 * n + count] = start16;
  s[3 * n + count] = end16;
  return count + 1;
}

/**
 * The tokens of `text` by the rule above, in order. Never throws; the empty text has none. A
 * character outside every token (a space, a line break, a bidi mark) is in no unit of agreement.
 */
export function agreementTokens(text: string): readonly AgreementToken[] {
  const bounds = tokenBounds(text);
  const tokens: AgreementToken[] = [];
  for (let k = 0; k < bounds.count; k++) {
    tokens.push({ start: bounds.starts[k] as number, end: bounds.ends[k] as number, text: text.slice(bounds.starts16[k], bounds.ends16[k]) });
  }
  return tokens;
}

/**
 * Each token of `text` ({@link agreementTokens}) with its label in a layer of `spans`: the label
 * of the shortest span overlapping the token by at least one code point (the earliest start on
 * ties, then the smaller label), or {@link OUTSIDE} (`O`) when none does. A span that covers only
 * part of a token (a clitic trimmed off, `ب|دير`) still labels the whole token. Spans may nest,
 * overlap and come in any order.
 */
export function tokenLabels(text: string, spans: readonly SpanLike[]): readonly TokenLabel[] {
  const tokens = agreementTokens(text);
  const labels = labelTokens(tokens, spans);
  return tokens.map((token, i) => ({ ...token, label: labels[i] as string }));
}

/**
 * The labels of `tokens` in a layer of `spans` (the rule of {@link tokenLabels}), one per token,
 * in order. For computing several layers over the same tokens.
 */
export function labelTokens(tokens: readonly AgreementToken[], spans: readonly SpanLike[]): readonly string[] {
  const starts = tokens.map((t) => t.start);
  const ends = tokens.map((t) => t.end);
  return labellingSpans(tokens.length, starts, ends, spans).map((s) => s?.label ?? OUTSIDE);
}

/**
 * The labels of the tokens of `bounds` in a layer of `spans` (the rule of {@link tokenLabels}),
 * each as `id(label)`, in order. `order`: `paintOrder` (span-like.ts) of `spans`, when already
 * worked out.
 */
export function labelTokenIds(bounds: TokenBounds, spans: readonly SpanLike[], id: (label: string) => number, order?: readonly SpanLike[]): Int32Array {
  const ids = new Int32Array(bounds.count);
  const outside = id(OUTSIDE);
  let label: string | undefined;
  let labelId = outside;
  labellingSpans(bounds.count, bounds.starts, bounds.ends, spans, order).forEach((span, k) => {
    if (span === undefined) ids[k] = outside;
    else {
      if (span.label !== label) {
        label = span.label;
        labelId = id(label);
      }
      ids[k] = labelId;
    }
  });
  return ids;
}
