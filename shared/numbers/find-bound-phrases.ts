/**
 * Phrases that bound a figure (DOMAIN.md §3): `على الأقل`, `لا يقل عن`, `أكثر من`, `نحو`, `حتى`, ….
 * Found on whole tokens of the matching key; the first word may carry a proclitic (`لنحو 78`,
 * `بأكثر من`). Whether a phrase applies is decided by the reader: it must touch a count.
 */

import type { CountQualifier, EvidenceRange } from './count-reading';
import { cliticReadings } from './clitic-readings';
import type { Token } from './tokenise';

/** One bound phrase in the text. */
export interface BoundPhrase {
  /** Token indices: first and last (inclusive) of the phrase. */
  readonly first: number;
  readonly last: number;
  readonly qualifier: Exclude<CountQualifier, 'exact' | 'vague'>;
  /** Where the phrase stands relative to the figure it bounds. */
  readonly placement: 'before' | 'after' | 'either';
  /** `أقل من n`: the figure itself is excluded (read as up to n − 1). */
  readonly exclusive: boolean;
  /** Code points of the phrase, proclitic excluded. */
  readonly range: EvidenceRange;
}

type Phrase = readonly [
  keys: readonly string[],
  qualifier: BoundPhrase['qualifier'],
  placement: BoundPhrase['placement'],
  exclusive?: boolean,
];

/** By matching key; longer phrases first so that `ما لا يقل عن` wins over `لا يقل عن`. */
const PHRASES: readonly Phrase[] = (
  [
    [['علي', 'الاقل'], 'at_least', 'either'],
    [['علي', 'اقل', 'تقدير'], 'at_least', 'either'],
    [['ما', 'لا', 'يقل', 'عن'], 'at_least', 'before'],
    [['لا', 'يقل', 'عن'], 'at_least', 'before'],
    [['ما', 'لا', 'تقل', 'عن'], 'at_least', 'before'],
    [['لا', 'تقل', 'عن'], 'at_least', 'before'],
    [['او', 'اكثر'], 'at_least', 'after'],
    [['فاكثر'], 'at_least', 'after'],
    [['اكثر', 'من'], 'more_than', 'before'],
    [['ازيد', 'من'], 'more_than', 'before'],
    [['ما', 'يزيد', 'علي'], 'more_than', 'before'],
    [['ما', 'يزيد', 'عن'], 'more_than', 'before'],
    [['يزيد', 'علي'], 'more_than', 'before'],
    [['يزيد', 'عن'], 'more_than', 'before'],
    [['ما', 'يربو', 'علي'], 'more_than', 'before'],
    [['يربو', 'علي'], 'more_than', 'before'],
    [['ما', 'يفوق'], 'more_than', 'before'],
    [['يفوق'], 'more_than', 'before'],
    [['نحو'], 'approximately', 'before'],
    [['حوالي'], 'approximately', 'before'],
    [['قرابه'], 'approximately', 'before'],
    [['زهاء'], 'approximately', 'before'],
    [['ما', 'يقارب'], 'approximately', 'before'],
    [['يقارب'], 'approximately', 'before'],
    [['ما', 'يقرب', 'من'], 'approximately', 'before'],
    [['يقرب', 'من'], 'approximately', 'before'],
    [['ما', 'يناهز'], 'approximately', 'before'],
    [['يناهز'], 'approximately', 'before'],
    [['تقريبا'], 'approximately', 'after'],
    [['حتي'], 'up_to', 'before'],
    [['ما', 'يصل', 'الي'], 'up_to', 'before'],
    [['يصل', 'الي'], 'up_to', 'before'],
    [['علي', 'الاكثر'], 'up_to', 'after'],
    [['اقل', 'من'], 'up_to', 'before', true],
  ] satisfies Phrase[]
).toSorted((a, b) => b[0].length - a[0].length);

function matchesAt(tokens: readonly Token[], i: number, keys: readonly string[]): number | null {
  if (i + keys.length > tokens.length) return null;
  const first = tokens[i] as Token;
  const reading = cliticReadings(first.key, false).find((r) => r.key === keys[0]);
  if (!reading) return null;
  for (let k = 1; k < keys.length; k++) {
    const t = tokens[i + k] as Token;
    if (t.breakBefore || t.key !== keys[k]) return null;
  }
  return reading.stripped;
}

/** The bound phrases of `tokens`, left to right, never overlapping. */
export function findBoundPhrases(tokens: readonly Token[]): readonly BoundPhrase[] {
  const found: BoundPhrase[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const [keys, qualifier, placement, exclusive] of PHRASES) {
      const stripped = matchesAt(tokens, i, keys);
      if (stripped === null) continue;
      const last = i + keys.length - 1;
      const start = (tokens[i] as Token).keyOffsets[stripped] as number;
      found.push(
        Object.freeze({
          first: i,
          last,
          qualifier,
          placement,
          exclusive: exclusive ?? false,
          range: Object.freeze({ start, end: (tokens[last] as Token).end }),
        }),
      );
      i = last;
      break;
    }
  }
  return Object.freeze(found);
}
