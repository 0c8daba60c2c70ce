/**
 * A span's tokens as the count scanner sees them: tokens taken by bound phrases and negations
 * are closed, and clause punctuation closes the way forward.
 */

import type { EvidenceRange } from './count-reading';
import type { Token } from './tokenise';

/** What the count scanner needs to know about a span. */
export interface ScanInput {
  readonly tokens: readonly Token[];
  /** The span's code points, for harakat checks and messages. */
  readonly codePoints: readonly string[];
  /** Tokens taken by bound phrases and negations. */
  readonly skip: ReadonlySet<number>;
  /** True when a casualty cue stands in the span outside negations (`مقتل`, `قتلى`, …). */
  readonly spanHasCue: boolean;
  /** True when the span asserts a zero: weak counts (homographs) then yield to it. */
  readonly zeroAsserted: boolean;
}

/** Read-only helpers over a {@link ScanInput}. */
export class SpanView implements ScanInput {
  readonly tokens: readonly Token[];
  readonly codePoints: readonly string[];
  readonly skip: ReadonlySet<number>;
  readonly spanHasCue: boolean;
  readonly zeroAsserted: boolean;

  constructor(input: ScanInput) {
    this.tokens = input.tokens;
    this.codePoints = input.codePoints;
    this.skip = input.skip;
    this.spanHasCue = input.spanHasCue;
    this.zeroAsserted = input.zeroAsserted;
  }

  /** True when token `k` exists, is not skipped and no clause break comes before it. */
  open(k: number): boolean {
    return k < this.tokens.length && !this.skip.has(k) && !(this.tokens[k] as Token).breakBefore;
  }

  /** Token `k` when {@link open}, else undefined. */
  tok(k: number): Token | undefined {
    return this.open(k) ? this.tokens[k] : undefined;
  }

  /** The token just before `k` in the same clause, unless skipped. */
  prevOf(k: number): Token | undefined {
    return k > 0 && !(this.tokens[k] as Token).breakBefore && !this.skip.has(k - 1) ? this.tokens[k - 1] : undefined;
  }

  /** The first skipped token index at or after `k` (or the token count). */
  nextSkipped(k: number): number {
    let j = k;
    while (j < this.tokens.length && !this.skip.has(j)) j++;
    return j;
  }

  /** True when every token outside `[from, to)` is skipped: the span says nothing else. */
  onlyContent(from: number, to: number): boolean {
    for (let k = 0; k < this.tokens.length; k++) if (!this.skip.has(k) && (k < from || k >= to)) return false;
    return true;
  }

  /** The text of a code point range. */
  text(r: EvidenceRange): string {
    return this.codePoints.slice(r.start, r.end).join('');
  }
}
