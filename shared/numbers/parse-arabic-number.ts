/**
 * Arabic cardinal numbers, in words or digits, read into integers. Hand-written (no npm package
 * does this; see `number-words.ts`). The grammar:
 *
 * - a group below 1000: hundreds (`مئة`, `مئتان`, `ثلاثمائة`, `ثلاث مئة`) and/or a part below 100
 *   (a unit 1–10, a teen `أحد عشر`…`تسعة عشر`, a ten, or unit + و + ten `ثلاثة وعشرون`), the parts
 *   joined by و, hundreds first or, as in classical and date style, last (`خمسة وعشرون ومئة`);
 * - or digits in ASCII, Arabic-Indic ٠-٩ or Persian ۰-۹, with ٬/`,` thousands and ٫/`.` decimal
 *   separators (a decimal only counts when a scale makes it whole: `1.5 مليون`);
 * - a scale word right after a group multiplies it (`ثلاثة آلاف`, `أحد عشر ألفاً`, `مائة ألف`,
 *   `20 ألف`); a scale word standing alone or after و is a term of its own: one (`ألف`) or two
 *   (`ألفان`, `ألفي`); terms are added in either order (`ألفان وخمسمئة`, `خمسمئة وألفان`);
 * - `ونصف` after a scale adds half of it (`مليون ونصف`).
 *
 * A bare plural scale (`آلاف`, `ملايين`) is not a number but a vague quantity: no match.
 */

import { numberAtom, TEEN_TENS, type NumberAtom } from './number-words';
import { tokenise, type Token } from './tokenise';

/** A number found at a token: its value and where it lies. */
export interface NumberMatch {
  /** The integer value. */
  readonly value: number;
  /** Index of the first token of the number. */
  readonly first: number;
  /** Index just after the last token of the number. */
  readonly end: number;
  /** Code point offset of the number's first character in the input, after any proclitic. */
  readonly start: number;
  /** Code point offset just after the number. */
  readonly stop: number;
}

const DIGITS = /^[0-9]+(?:[.,][0-9]+)*$/;

interface Rational {
  readonly num: number;
  readonly den: number;
}

/** Digits with separators, or null when the grouping is not a number (`1,50`, `1.5.0`). */
function digitsValue(key: string): Rational | null {
  if (!DIGITS.test(key)) return null;
  const commas = key.split(',');
  const intGroups = commas.map((g, k) => (k === commas.length - 1 ? (g.split('.')[0] as string) : g));
  const lastPart = commas[commas.length - 1] as string;
  const dots = lastPart.split('.');
  if (commas.length > 1) {
    const okGroups = intGroups.every((g, k) => (k === 0 ? g.length >= 1 && g.length <= 3 : g.length === 3));
    if (!okGroups || dots.length > 2) return null;
  }
  if (commas.length === 1 && dots.length > 2) {
    // `1.000.000`: dots as thousands separators, only with groups of three.
    const ok = dots.every((g, k) => (k === 0 ? g.length >= 1 && g.length <= 3 : g.length === 3));
    return ok ? { num: Number(dots.join('')), den: 1 } : null;
  }
  const whole = intGroups.join('');
  const fraction = dots.length === 2 ? (dots[1] as string) : '';
  return { num: Number(whole + fraction), den: 10 ** fraction.length };
}

type Reading =
  | { readonly atom: NumberAtom; readonly conj: boolean; readonly stripped: number }
  | { readonly digits: Rational; readonly conj: boolean; readonly stripped: number };

const LEADING_CLITICS = ['و', 'ف', 'ب', 'ك', 'ل', 'وب', 'وك', 'ول', 'فب', 'فك', 'فل'];

function readAt(key: string, stripped: number, conj: boolean): Reading | null {
  const atom = numberAtom(key);
  if (atom) return { atom, conj, stripped };
  const digits = digitsValue(key);
  return digits ? { digits, conj, stripped } : null;
}

/**
 * How token `t` reads as a number word. The first token of a number may carry the proclitics
 * و ف ب ك ل when `clitics` is set (`بخمسة`, `ولثلاثة`); later tokens may carry only the
 * conjunction و. `وأحد` and `واحد` share a key: after the first token it is read as و + أحد.
 */
function readToken(t: Token, first: boolean, clitics: boolean): Reading | null {
  const key = t.key;
  if (first) {
    const plain = readAt(key, 0, false);
    if (plain || !clitics) return plain;
    for (const c of LEADING_CLITICS) {
      if (key.length > c.length && key.startsWith(c)) {
        const r = readAt(key.slice(c.length), c.length, false);
        if (r) return r;
      }
    }
    return null;
  }
  if (key === 'واحد') return readAt('احد', 1, true);
  const plain = readAt(key, 0, false);
  if (plain) return plain;
  return key.length > 1 && key.startsWith('و') ? readAt(key.slice(1), 1, true) : null;
}

/** The parse in progress. `group` is the part below 1000 (or a digit string) being built. */
class Builder {
  total = 0;
  group: Rational = { num: 0, den: 1 };
  groupEmpty = true;
  hasHundreds = false;
  sub: 'none' | 'unit' | 'teen' | 'ten' | 'unit+ten' | 'digits' = 'none';
  unitValue = 0;
  onesUsed = false;
  scales = new Set<number>();
  lastWasScale = 0;
  finished = false;
  anything = false;

  private addToGroup(v: number): boolean {
    if (this.groupEmpty && this.onesUsed) return false;
    this.group = { num: this.group.num + v * this.group.den, den: this.group.den };
    this.groupEmpty = false;
    return true;
  }

  /** Applies one atom; false when it cannot continue the number (the parse stops before it). */
  apply(atom: NumberAtom | { kind: 'digits'; value: Rational }, conj: boolean): boolean {
    if (this.finished) return false;
    const fresh = !this.anything;
    const scaleAfterGroup = atom.kind === 'scale' && !conj && !this.groupEmpty;
    if (!fresh && !conj && !scaleAfterGroup) return false;
    const ok = this.applyChecked(atom, conj, fresh);
    if (ok) {
      this.anything = true;
      this.lastWasScale = atom.kind === 'scale' ? atom.value : 0;
    }
    return ok;
  }

  private applyChecked(atom: NumberAtom | { kind: 'digits'; value: Rational }, conj: boolean, fresh: boolean): boolean {
    switch (atom.kind) {
      case 'zero':
        if (!fresh) return false;
        this.finished = true;
        return true;
      case 'half':
        if (!this.lastWasScale || !conj) return false;
        this.total += this.lastWasScale / 2;
        this.finished = true;
        return true;
      case 'digits':
        if (!this.groupEmpty || (this.onesUsed && !fresh)) return false;
        this.group = atom.value;
        this.groupEmpty = false;
        this.sub = 'digits';
        return true;
      case 'unit':
        if (atom.teenOnly || this.sub !== 'none') return false;
        if (!this.addToGroup(atom.value)) return false;
        this.sub = atom.value < 10 ? 'unit' : 'ten';
        this.unitValue = atom.value;
        return true;
      case 'ten':
        if (this.sub === 'unit' && conj && this.unitValue < 10) {
          this.sub = 'unit+ten';
          return this.addToGroup(atom.value);
        }
        if (this.sub !== 'none') return false;
        this.sub = 'ten';
        return this.addToGroup(atom.value);
      case 'hundred':
        if (this.hasHundreds || this.sub === 'digits') return false;
        this.hasHundreds = true;
        return this.addToGroup(atom.value);
      case 'scale':
        return this.applyScale(atom.value, atom.form, conj);
    }
  }

  /** A teen (`ثلاثة عشر`): two tokens, one part below 100. */
  applyTeen(value: number, conj: boolean): boolean {
    if (this.finished || (this.anything && !conj) || this.sub !== 'none') return false;
    if (!this.addToGroup(value)) return false;
    this.sub = 'teen';
    this.anything = true;
    this.lastWasScale = 0;
    return true;
  }

  private applyScale(value: number, form: 'single' | 'dual' | 'plural', conj: boolean): boolean {
    if (this.scales.has(value)) return false;
    let multiplier: Rational;
    if (!conj && !this.groupEmpty) {
      if (form === 'dual') return false;
      multiplier = this.group;
    } else {
      if (form === 'plural') return false;
      if (!this.groupEmpty) {
        if (this.onesUsed || this.group.num % this.group.den !== 0) return false;
        this.total += this.group.num / this.group.den;
        this.onesUsed = true;
      }
      multiplier = { num: form === 'dual' ? 2 : 1, den: 1 };
    }
    const scaled = (multiplier.num * value) / multiplier.den;
    if (!Number.isInteger(scaled) || scaled <= 0) return false;
    this.total += scaled;
    this.scales.add(value);
    this.group = { num: 0, den: 1 };
    this.groupEmpty = true;
    this.hasHundreds = false;
    this.sub = 'none';
    return true;
  }

  /** The value so far, or null when the last group is not a whole number (`2.5` alone). */
  value(): number | null {
    if (this.group.num % this.group.den !== 0) return null;
    return this.total + this.group.num / this.group.den;
  }
}

/** Options of {@link matchNumberAt}. */
export interface MatchOptions {
  /** Allow و ف ب ك ل before the first word (`بخمسة`). */
  readonly clitics: boolean;
  /** Stop before this token index (default: all tokens). */
  readonly limit?: number;
}

/**
 * The longest number that starts at token `i`, or null. A number never crosses clause
 * punctuation (`،`, `.`, …). Standalone `و` tokens (`مائة و خمسون`) are joined.
 */
export function matchNumberAt(tokens: readonly Token[], i: number, options: MatchOptions): NumberMatch | null {
  const limit = Math.min(options.limit ?? tokens.length, tokens.length);
  const b = new Builder();
  let best: NumberMatch | null = null;
  let start = -1;
  let pendingConj = false;
  let j = i;
  while (j < limit) {
    const t = tokens[j] as Token;
    const first = j === i;
    if (!first && t.breakBefore) break;
    if (!first && t.key === 'و') {
      if (pendingConj) break;
      pendingConj = true;
      j++;
      continue;
    }
    const r = readToken(t, first, options.clitics);
    if (!r) break;
    const conj = r.conj || pendingConj;
    pendingConj = false;
    let consumed = 1;
    let ok: boolean;
    const next = j + 1 < limit ? tokens[j + 1] : undefined;
    const nextPlain = next && !next.breakBefore ? next.key : undefined;
    const nextAtom = nextPlain === undefined ? undefined : numberAtom(nextPlain);
    const unit = 'atom' in r && r.atom.kind === 'unit' ? r.atom.value : 0;
    if (unit > 0 && unit < 10 && nextPlain !== undefined && TEEN_TENS.has(nextPlain)) {
      ok = b.applyTeen(unit + 10, conj);
      consumed = 2;
    } else if (unit >= 3 && unit < 10 && nextAtom?.kind === 'hundred' && nextAtom.bare) {
      ok = b.apply({ kind: 'hundred', value: unit * 100, bare: false }, conj);
      consumed = 2;
    } else if ('atom' in r) {
      ok = b.apply(r.atom, conj);
    } else {
      ok = b.apply({ kind: 'digits', value: r.digits }, conj);
    }
    if (!ok) break;
    if (first) start = t.keyOffsets[r.stripped] as number;
    j += consumed;
    const v = b.value();
    if (v !== null) {
      best = { value: v, first: i, end: j, start, stop: (tokens[j - 1] as Token).end };
    }
  }
  return best;
}

/**
 * Integer value of number words or digits (`ثلاثة وعشرون`, `٢٣`, `خمسمئة وألفان`, `1.5 مليون`,
 * `ألفاً`) filling the whole input, ignoring the proclitics و ف ب ك ل on the first word
 * (`بخمسة`, `ولثلاثة`) and harakat and tatweel anywhere. Returns null when anything else is in
 * the input (other words, punctuation), when the words do not form one number (`خمسة ثلاثة`),
 * when the value is not whole (`2.5`), and for vague quantities (`آلاف`, `عشرات`). Day names
 * (`الاثنين`, `الأحد`) are null: the article is never taken off a number here.
 */
export function parseArabicNumber(words: string): number | null {
  const tokens = tokenise(words);
  if (tokens.length === 0) return null;
  if (tokens.some((t) => t.gapBefore.trim() !== '')) return null;
  const last = tokens[tokens.length - 1] as Token;
  if ([...words].slice(last.end).join('').trim() !== '') return null;
  const m = matchNumberAt(tokens, 0, { clitics: true });
  return m && m.end === tokens.length ? m.value : null;
}
