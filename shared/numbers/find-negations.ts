/**
 * Negated casualties: an asserted zero (`لم تقع إصابات`, `لا توجد إصابات`, `لم يسفر عن ضحايا`,
 * `دون وقوع إصابات`, `لم يصب أحد`) versus a negation about information, which leaves the count
 * unknown (`دون ورود معلومات عن خسائر بشرية`, `لم ترد أنباء عن إصابات`, `لم يتضح عدد القتلى`).
 */

import type { CountOutcome, EvidenceRange } from './count-reading';
import { cliticReadings } from './clitic-readings';
import {
  HUMAN_LOSS_QUALIFIERS,
  INFORMATION_WORDS,
  LOSSES,
  NEGATABLE_CASUALTIES,
  NEGATORS,
  NO_ONE,
  NO_ONE_VERBS,
} from './count-lexicon';
import type { Token } from './tokenise';

/** One negation that reaches a casualty word. */
export interface Negation {
  /** `zero`: casualties are denied. `unknown`: information about them is. */
  readonly kind: 'zero' | 'unknown';
  /** Token indices: the negator and the casualty word (inclusive). */
  readonly first: number;
  readonly last: number;
  readonly outcome: CountOutcome;
  /** From the negator (proclitic excluded) to the end of the casualty word. */
  readonly range: EvidenceRange;
}

/** How many tokens after the negator may separate it from the casualty word. */
const SCOPE = 6;
const LOSS_WORDS: ReadonlySet<string> = new Set([LOSSES]);

function has(t: Token | undefined, set: ReadonlySet<string> | ReadonlyMap<string, unknown>, article: boolean): string | null {
  if (!t) return null;
  return cliticReadings(t.key, article).find((r) => set.has(r.key))?.key ?? null;
}

/** The casualty word at token `j`: its outcome and last token, or null. */
function casualtyAt(tokens: readonly Token[], j: number): { outcome: CountOutcome; last: number } | null {
  const t = tokens[j] as Token;
  const noun = has(t, NEGATABLE_CASUALTIES, true);
  if (noun) return { outcome: NEGATABLE_CASUALTIES.get(noun) as CountOutcome, last: j };
  const next = tokens[j + 1];
  const nextOk = next !== undefined && !next.breakBefore;
  if (has(t, LOSS_WORDS, true) && nextOk) {
    if (has(next, HUMAN_LOSS_QUALIFIERS, true)) return { outcome: 'unspecified', last: j + 1 };
    const after = tokens[j + 2];
    if (next.key === 'في' && after && !after.breakBefore && has(after, HUMAN_LOSS_QUALIFIERS, true)) {
      return { outcome: 'unspecified', last: j + 2 };
    }
  }
  const verb = has(t, NO_ONE_VERBS, false);
  if (verb && nextOk && next.key === NO_ONE) return { outcome: NO_ONE_VERBS.get(verb) as CountOutcome, last: j + 1 };
  return null;
}

/**
 * The negations in `tokens` that reach a casualty word within a few tokens of the same clause.
 * Tokens in `skip` (bound phrases such as `لا يقل عن`) are never negators.
 */
export function findNegations(tokens: readonly Token[], skip: ReadonlySet<number>): readonly Negation[] {
  const found: Negation[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (skip.has(i)) continue;
    const negator = cliticReadings((tokens[i] as Token).key, false).find((r) => NEGATORS.has(r.key));
    if (!negator) continue;
    let aboutInformation = false;
    for (let j = i + 1; j <= i + SCOPE && j < tokens.length; j++) {
      const t = tokens[j] as Token;
      if (t.breakBefore || skip.has(j)) break;
      if (has(t, INFORMATION_WORDS, true)) aboutInformation = true;
      const hit = casualtyAt(tokens, j);
      if (!hit) continue;
      found.push(
        Object.freeze({
          kind: aboutInformation ? 'unknown' : 'zero',
          first: i,
          last: hit.last,
          outcome: hit.outcome,
          range: Object.freeze({
            start: (tokens[i] as Token).keyOffsets[negator.stripped] as number,
            end: (tokens[hit.last] as Token).end,
          }),
        }),
      );
      i = hit.last;
      break;
    }
  }
  return Object.freeze(found);
}
