/**
 * Tokens and sentences of Arabic news text, for the token-based exports (CoNLL; the `Token` and
 * `Sentence` annotations of XMI). Every offset here is a **code point** offset into the canonical
 * text, half-open `[start, end)`.
 *
 * Tokens follow ANERcorp: whitespace separates tokens, clitics stay on their word (`والعراق` is
 * one token), and punctuation is split off as tokens of its own (`، ؛ ؟ « » ۔` and ASCII, quotes,
 * brackets).
 *
 * Sentences end after `. ! ? ؟ ۔ …`, at a blank line, and at the line break after a standalone
 * line (a headline); a hard line break inside running prose (`في محافظة\nدير الزور`) does not
 * end one. See {@link splitSentences} for the exact rule.
 *
 * @see https://camel.abudhabi.nyu.edu/anercorp/ (ANERcorp: one whitespace token per line)
 */

/** A token. `kind` is `word` for letters/digits (with marks and tatweel), `punct` otherwise. */
export interface TextToken {
  /** Code point offset of the first character. */
  readonly start: number;
  /** Code point offset one past the last character. */
  readonly end: number;
  /** The text `[start, end)`: never empty, never holds whitespace. */
  readonly text: string;
  readonly kind: 'word' | 'punct';
}

/** A sentence: the tokens `[firstToken, endToken)` and the code points they span. */
export interface TextSentence {
  /** Code point offset of the start of its first token. */
  readonly start: number;
  /** Code point offset of the end of its last token. */
  readonly end: number;
  /** Index of its first token. */
  readonly firstToken: number;
  /** Index one past its last token. */
  readonly endToken: number;
}

/** A letter, mark or decimal digit: the tatweel is a letter (Lm), so it stays inside its word. */
const WORD = /^[\p{L}\p{M}\p{Nd}]$/u;
const MARK = /^\p{M}$/u;
const DIGIT = /^\p{Nd}$/u;
/** Never part of a token: white space, separators, control and format characters. */
const SPACE = /^[\s\p{Z}\p{Cc}\p{Cf}]$/u;
/** Format characters that belong to the word around them: ZWNJ, ZWJ, soft hyphen. */
const JOINERS = new Set(['\u200C', '\u200D', '\u00AD']);
/** Between two digits these stay inside the number: `2.5`, `1,000`, `٣٫٥`, `١٬٠٠٠`, `10:30`, `2021/06`. */
const NUMBER_INNER = new Set(['.', ',', '\u066B', '\u066C', ':', '/']);

/** Sentence-final punctuation: Latin `. ! ?`, Arabic question mark and full stop, ellipsis. */
const FINAL = new Set(['.', '!', '?', '\u061F', '\u06D4', '\u2026', '\u203C', '\u2047', '\u2048', '\u2049']);
/** Closing quotes and brackets that stay with the sentence they close when they follow its end directly. */
const CLOSING = new Set(['"', "'", '\u00BB', '\u201D', '\u2019', '\u203A', ')', ']', '}']);
/** Clause punctuation: a line holding any of these is running prose, not a headline. */
const CLAUSE = new Set(['\u060C', '\u061B', ',', ';', ':']);
/** Line breaks (the canonical text has only `\n`; the others are counted too). */
const LINE_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/g;
/** A standalone line (headline) has at most this many word tokens. */
export const MAX_HEADLINE_WORDS = 20;

const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });

interface CodePoint {
  readonly char: string;
  /** Code point offset. */
  readonly at: number;
}

type Class = 'word' | 'space' | 'other';

function classify(points: readonly CodePoint[], i: number, previous: Class | undefined): Class {
  const char = (points[i] as CodePoint).char;
  if (MARK.test(char)) return previous === 'other' ? 'other' : 'word';
  if (WORD.test(char)) return 'word';
  if (JOINERS.has(char)) {
    const next = points[i + 1]?.char;
    if (previous === 'word' && next !== undefined && WORD.test(next)) return 'word';
    if (previous === 'other' && char === '\u200D') return 'other'; // inside an emoji ZWJ sequence
    return 'space';
  }
  return SPACE.test(char) ? 'space' : 'other';
}

/**
 * The tokens of `text`, in order: maximal runs of letters, marks and decimal digits (`word`;
 * the tatweel and ZWNJ/ZWJ/soft hyphen between letters stay inside, so `بـ` and `می‌خواهم` are
 * one token each), and punctuation or symbols (`punct`), one token per grapheme cluster (an
 * emoji with its modifiers, a flag) except that a run of the same cluster is one token (`...`,
 * `؟؟`). A `.` `,` `٫` `٬` `:` or `/` between two digits stays inside the number (`2.5`,
 * `١٬٠٠٠`). White space, control and format characters (bidi marks) belong to no token.
 * Offsets are code points. Never throws; the empty text has no tokens.
 */
export function tokenize(text: string): readonly TextToken[] {
  const points: CodePoint[] = [];
  let at = 0;
  for (const char of text) points.push({ char, at: at++ });

  // Maximal runs of one class, with code point bounds.
  const runs: { kind: Class; from: number; to: number }[] = [];
  let previous: Class | undefined;
  for (let i = 0; i < points.length; i++) {
    const kind = classify(points, i, previous);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.kind === kind && last.to === i) last.to = i + 1;
    else runs.push({ kind, from: i, to: i + 1 });
    previous = kind;
  }

  const slice = (from: number, to: number): string =>
    points
      .slice(from, to)
      .map((p) => p.char)
      .join('');
  const tokens: TextToken[] = [];
  for (const run of runs) {
    if (run.kind === 'space') continue;
    if (run.kind === 'word') {
      tokens.push({ start: run.from, end: run.to, text: slice(run.from, run.to), kind: 'word' });
      continue;
    }
    // One token per grapheme cluster; a run of the same cluster is one token (`...`).
    let from = run.from;
    let pending: { start: number; end: number; unit: string; text: string } | undefined;
    for (const { segment } of graphemes.segment(slice(run.from, run.to))) {
      const to = from + [...segment].length;
      if (pending !== undefined && pending.unit === segment) {
        pending = { ...pending, end: to, text: pending.text + segment };
      } else {
        if (pending !== undefined) tokens.push({ start: pending.start, end: pending.end, text: pending.text, kind: 'punct' });
        pending = { start: from, end: to, unit: segment, text: segment };
      }
      from = to;
    }
    if (pending !== undefined) tokens.push({ start: pending.start, end: pending.end, text: pending.text, kind: 'punct' });
  }
  return joinNumbers(tokens);
}

/** `2` `.` `5` written without spaces become `2.5`. */
function joinNumbers(tokens: readonly TextToken[]): readonly TextToken[] {
  const out: TextToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as TextToken;
    const left = out[out.length - 1];
    const right = tokens[i + 1];
    if (
      left !== undefined &&
      right !== undefined &&
      token.kind === 'punct' &&
      NUMBER_INNER.has(token.text) &&
      left.end === token.start &&
      token.end === right.start &&
      right.kind === 'word' &&
      DIGIT.test(lastChar(left.text)) &&
      DIGIT.test(firstChar(right.text))
    ) {
      out[out.length - 1] = { start: left.start, end: right.end, text: left.text + token.text + right.text, kind: 'word' };
      i++;
      continue;
    }
    out.push(token);
  }
  return out;
}

function firstChar(s: string): string {
  return String.fromCodePoint(s.codePointAt(0) as number);
}

function lastChar(s: string): string {
  const chars = [...s];
  return chars[chars.length - 1] as string;
}

function isFinal(token: TextToken): boolean {
  return token.kind === 'punct' && [...token.text].every((c) => FINAL.has(c));
}

function isClosing(token: TextToken): boolean {
  return token.kind === 'punct' && [...token.text].every((c) => CLOSING.has(c) || FINAL.has(c));
}

function isClause(token: TextToken): boolean {
  return token.kind === 'punct' && [...token.text].every((c) => CLAUSE.has(c));
}

/** One letter with its marks (`U`, `د`): a `.` right after it is an abbreviation (`U.S.`, `د.`). */
function isSingleLetter(token: TextToken): boolean {
  const chars = [...token.text];
  return token.kind === 'word' && /^\p{L}$/u.test(chars[0] as string) && chars.slice(1).every((c) => MARK.test(c));
}

/**
 * Splits `tokens` (as {@link tokenize} returns them for `text`) into sentences. A sentence ends:
 *
 * 1. after a token of sentence-final punctuation (`. ! ? ؟ ۔ …`), together with the closing
 *    quotes, brackets and further final punctuation written right after it without a space
 *    (`نعم."` ends after the `"`). Not after a `.` that is followed directly by a letter or digit
 *    (`U.S`, `example.com`) or that follows a single letter directly (`U.`, `د.`: abbreviations);
 * 2. at a blank line (two line breaks with nothing but white space between);
 * 3. at the line break after a standalone line: a line that begins a sentence (at the start of
 *    the text or after one ended) and holds no clause punctuation (`، ؛ , ; :`) and at most
 *    {@link MAX_HEADLINE_WORDS} words — a headline, or web residue such as `إظهار أخبار متعلقة`.
 *
 * Any other line break is a hard wrap inside running prose and no boundary: in seed 000,
 * `في محافظة\nدير الزور` and `سيطرة المليشيات\nالإيرانية` stay inside their sentences (their
 * lines hold commas). Returns the sentences in order, covering every token exactly once; none
 * for no tokens. Never throws.
 */
export function splitSentences(text: string, tokens: readonly TextToken[]): readonly TextSentence[] {
  if (tokens.length === 0) return [];
  const points = [...text];
  /** `gaps[i]`: the text between token `i` and token `i + 1`. */
  const gaps = tokens.slice(0, -1).map((token, i) => points.slice(token.end, (tokens[i + 1] as TextToken).start).join(''));

  const sentences: TextSentence[] = [];
  let first = 0;
  let lineFirst = 0;
  const close = (last: number): void => {
    sentences.push({ start: (tokens[first] as TextToken).start, end: (tokens[last] as TextToken).end, firstToken: first, endToken: last + 1 });
    first = last + 1;
  };
  for (let i = 0; i < tokens.length - 1; i++) {
    const breaks = (gaps[i] as string).match(LINE_BREAK)?.length ?? 0;
    if (endsSentence(tokens, gaps, i) || breaks >= 2 || (breaks === 1 && first === lineFirst && isStandalone(tokens, lineFirst, i))) {
      close(i);
    }
    if (breaks > 0) lineFirst = i + 1;
  }
  close(tokens.length - 1);
  return sentences;
}

/**
 * Rule 1 of {@link splitSentences}: token `i` closes a run of final punctuation and closing
 * quotes/brackets written without spaces, the run holds a final mark that is no abbreviation
 * dot, and no further closing punctuation follows directly.
 */
function endsSentence(tokens: readonly TextToken[], gaps: readonly string[], i: number): boolean {
  const next = tokens[i + 1];
  if (next !== undefined && gaps[i] === '' && isClosing(next)) return false;
  for (let k = i; k >= 0; k--) {
    const token = tokens[k] as TextToken;
    if (!isClosing(token)) return false;
    if (isFinal(token) && !isAbbreviationDot(tokens, gaps, k)) return true;
    if (k === 0 || gaps[k - 1] !== '') return false;
  }
  return false;
}

function isAbbreviationDot(tokens: readonly TextToken[], gaps: readonly string[], k: number): boolean {
  if ((tokens[k] as TextToken).text !== '.') return false;
  const before = tokens[k - 1];
  const after = tokens[k + 1];
  if (after !== undefined && gaps[k] === '' && after.kind === 'word') return true;
  return before !== undefined && gaps[k - 1] === '' && isSingleLetter(before);
}

function isStandalone(tokens: readonly TextToken[], from: number, to: number): boolean {
  let words = 0;
  for (let k = from; k <= to; k++) {
    const token = tokens[k] as TextToken;
    if (isClause(token)) return false;
    if (token.kind === 'word') words++;
  }
  return words <= MAX_HEADLINE_WORDS;
}

/**
 * `sentences` with neighbours joined wherever one of `ranges` (code points) would cross the
 * boundary between them, so that no range is cut by a sentence end (a span across a mis-guessed
 * headline break stays in one sentence). Ranges outside all sentences are ignored.
 */
export function joinSentencesOver(
  sentences: readonly TextSentence[],
  ranges: readonly { readonly start: number; readonly end: number }[],
): readonly TextSentence[] {
  const out: TextSentence[] = [];
  for (const sentence of sentences) {
    const last = out[out.length - 1];
    if (last !== undefined && ranges.some((r) => r.start < last.end && r.end > sentence.start)) {
      out[out.length - 1] = { start: last.start, end: sentence.end, firstToken: last.firstToken, endToken: sentence.endToken };
    } else {
      out.push(sentence);
    }
  }
  return out;
}
