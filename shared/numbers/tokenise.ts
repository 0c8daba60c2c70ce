/**
 * Whole tokens of a text with their matching keys. The text is never changed: each token keeps
 * its code point range in the input and a map from every character of its key back to the
 * input, so that what matched on the key can be reported as exact offsets into the text.
 */

/** A maximal run of letters, marks, decimal digits, tatweel and ZWNJ/ZWJ in the input. */
export interface Token {
  /** Code point offset of the token's first character in the input. */
  readonly start: number;
  /** Code point offset just after the token's last character. */
  readonly end: number;
  /** The matching key: see {@link foldForKey}. May be empty (a token of tatweel or marks only). */
  readonly key: string;
  /**
   * `keyOffsets[k]` is the input code point offset of the character that gave `key[k]`;
   * `keyOffsets[key.length]` is {@link end}. Keys hold BMP characters only when the input does;
   * an astral character keeps both of its UTF-16 units, and both map to its offset.
   */
  readonly keyOffsets: readonly number[];
  /** True when the text between the previous token (or the start) and this one ends a clause. */
  readonly breakBefore: boolean;
  /** The input text between the previous token (or the start) and this one. */
  readonly gapBefore: string;
}

const TOKEN_CHAR = /^[\p{L}\p{M}\p{Nd}\u200c\u200d]$/u;
const DIGIT_KEY = /^[0-9]$/;
/** Separators kept inside a token when they stand between two digits: `1,500`, `١٬٥٠٠`, `2.5`. */
const DIGIT_SEPARATORS = new Set([',', '.', '\u066b', '\u066c']);
/** Punctuation that ends a clause for the readers (a line break does not: see DOMAIN.md §1). */
const CLAUSE_BREAK = /[.,،؛;:!?؟]/u;

/**
 * The matching key of one code point (DOMAIN.md §2): harakat U+064B–065F, superscript alef
 * U+0670, tatweel U+0640 and bidi/format controls are dropped; أ إ آ ٱ → ا, ى → ي, ة → ه,
 * Persian ی ک → ي ك; Arabic-Indic and Persian digits → ASCII; ٫ → `.` and ٬ → `,`.
 */
export function foldForKey(ch: string): string {
  const c = ch.codePointAt(0) as number;
  if ((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640) return '';
  if ((c >= 0x200b && c <= 0x200f) || c === 0x061c || (c >= 0x202a && c <= 0x202e)) return '';
  if (c >= 0x2066 && c <= 0x2069) return '';
  if (c >= 0x0660 && c <= 0x0669) return String.fromCharCode(0x30 + c - 0x0660);
  if (c >= 0x06f0 && c <= 0x06f9) return String.fromCharCode(0x30 + c - 0x06f0);
  switch (c) {
    case 0x0623:
    case 0x0625:
    case 0x0622:
    case 0x0671:
      return 'ا';
    case 0x0649:
    case 0x06cc:
      return 'ي';
    case 0x0629:
      return 'ه';
    case 0x06a9:
      return 'ك';
    case 0x066b:
      return '.';
    case 0x066c:
      return ',';
    default:
      return ch;
  }
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && DIGIT_KEY.test(foldForKey(ch));
}

/**
 * Splits `text` into whole tokens, in order. A digit separator (`,` `.` ٫ ٬) belongs to a token
 * only between two digits. Offsets are code points into `text`.
 */
export function tokenise(text: string): readonly Token[] {
  const cps = [...text];
  const tokens: Token[] = [];
  let gapStart = 0;
  let i = 0;
  while (i < cps.length) {
    const ch = cps[i] as string;
    if (!TOKEN_CHAR.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    let key = '';
    const keyOffsets: number[] = [];
    while (i < cps.length) {
      const c = cps[i] as string;
      const joinsDigits =
        DIGIT_SEPARATORS.has(c) && i > start && isDigit(cps[i - 1]) && isDigit(cps[i + 1]);
      if (!TOKEN_CHAR.test(c) && !joinsDigits) break;
      const folded = foldForKey(c);
      for (let k = 0; k < folded.length; k++) keyOffsets.push(i);
      key += folded;
      i++;
    }
    keyOffsets.push(i);
    const gapBefore = cps.slice(gapStart, start).join('');
    tokens.push(
      Object.freeze({
        start,
        end: i,
        key,
        keyOffsets: Object.freeze(keyOffsets),
        breakBefore: tokens.length > 0 && CLAUSE_BREAK.test(gapBefore),
        gapBefore,
      }),
    );
    gapStart = i;
  }
  return Object.freeze(tokens);
}
