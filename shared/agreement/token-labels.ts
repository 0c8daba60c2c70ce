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
import { OUTSIDE, labellingSpan, type SpanLike } from './span-like.js';

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

/**
 * The tokens of `text` by the rule above, in order. Never throws; the empty text has none. A
 * character outside every token (a space, a line break, a bidi mark) is in no unit of agreement.
 */
export function agreementTokens(text: string): readonly AgreementToken[] {
  const tokens: AgreementToken[] = [];
  let at = 0;
  let run: { start: number; text: string } | undefined;
  const close = (): void => {
    if (run !== undefined) tokens.push({ start: run.start, end: at, text: run.text });
    run = undefined;
  };
  for (const char of text) {
    if (WORD.test(char)) {
      if (run === undefined) run = { start: at, text: char };
      else run.text += char;
    } else {
      close();
      if (!NONE.test(char)) tokens.push({ start: at, end: at + 1, text: char });
    }
    at++;
  }
  close();
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
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const labels: string[] = [];
  // Spans that start before the token ends; those that ended before it are dropped as we go.
  let next = 0;
  let open: SpanLike[] = [];
  for (const token of tokens) {
    while (next < sorted.length && (sorted[next] as SpanLike).start < token.end) open.push(sorted[next++] as SpanLike);
    open = open.filter((s) => s.end > token.start);
    labels.push(labellingSpan(open, token.start, token.end)?.label ?? OUTSIDE);
  }
  return labels;
}
