/**
 * The noun a figure counts (`خمسة جنود`, `30 قتيلا`, `عدة إصابات`, `ثلاثة من الجنود`, `واحدة
 * منها`) and the words that go with it (`جنود أمريكيين`, `قتلى وجرحى`).
 */

import type { CountOutcome } from './count-reading';
import { CASUALTY_EVENT_NOUNS, NON_PERSON_NOUNS, OUTCOME_CUES, PARTITIVE_PRONOUNS } from './count-lexicon';
import { isNumberWord } from './number-words';
import type { SpanView } from './span-view';
import { hasConjunction, lookup, lookupPerson } from './word-lookup';

/**
 * What follows a figure: `person` (a person noun), `event` (`إصابات`, `وفيات`), `partitive` (`من
 * الجنود`, `منها`), `non-person` (`ساعة`, `هجوما`), `cue` (`قتلوا`), `none` (end of clause), or
 * `unknown` (any other word).
 */
export interface CountedNoun {
  readonly kind: 'person' | 'event' | 'partitive' | 'non-person' | 'cue' | 'none' | 'unknown';
  /** Token index after the counted noun (the figure's end when there is none). */
  readonly end: number;
  /** The outcome the counted noun states (`قتلى` → killed), or null. */
  readonly outcome: CountOutcome | null;
}

/** A sound masculine plural (ون/ين), which Arabic uses for male humans. */
function looksLikeSoundPlural(key: string): boolean {
  return key.length >= 5 && (key.endsWith('ون') || key.endsWith('ين')) && !isNumberWord(key) && !NON_PERSON_NOUNS.has(key);
}

/**
 * The counted noun at token `h`, after a figure of value `figure`. Past 3, an unlisted sound
 * masculine plural counts as people (`خمسة آخرين`).
 */
export function countedNounAt(view: SpanView, h: number, figure: number): CountedNoun {
  const t = view.tok(h);
  if (!t) return { kind: 'none', end: h, outcome: null };
  const person = lookupPerson(t, 'article');
  if (person) return { kind: 'person', end: h + 1, outcome: person.form.outcome };
  const event = lookup(t, CASUALTY_EVENT_NOUNS, 'article');
  if (event) return { kind: 'event', end: h + 1, outcome: CASUALTY_EVENT_NOUNS.get(event.key) ?? null };
  if (lookup(t, NON_PERSON_NOUNS, 'article')) return { kind: 'non-person', end: h + 1, outcome: null };
  if (t.key === 'من') {
    const after = view.tok(h + 1);
    const p = lookupPerson(after, 'article');
    if (p) return { kind: 'partitive', end: h + 2, outcome: p.form.outcome };
    const e = lookup(after, CASUALTY_EVENT_NOUNS, 'article');
    if (e) return { kind: 'partitive', end: h + 2, outcome: CASUALTY_EVENT_NOUNS.get(e.key) ?? null };
    if (lookup(after, NON_PERSON_NOUNS, 'article')) return { kind: 'non-person', end: h + 2, outcome: null };
    return { kind: 'unknown', end: h, outcome: null };
  }
  if (PARTITIVE_PRONOUNS.has(t.key)) return { kind: 'partitive', end: h + 1, outcome: null };
  if (lookup(t, OUTCOME_CUES, 'clitics')) return { kind: 'cue', end: h, outcome: null };
  if (figure >= 3 && looksLikeSoundPlural(t.key)) return { kind: 'person', end: h + 1, outcome: null };
  return { kind: 'unknown', end: h, outcome: null };
}

/**
 * Adjectives and coordinated plurals from token `k0` on: person nouns without و (`جنود
 * أمريكيين`), plural person or casualty nouns with و (`قتلى وجرحى`). Returns the index after them
 * and the outcomes the coordinated nouns state. A dual or singular with و is a new count.
 */
export function modifiersFrom(view: SpanView, k0: number): { readonly end: number; readonly outcomes: readonly CountOutcome[] } {
  const outcomes: CountOutcome[] = [];
  let k = k0;
  for (let t = view.tok(k); t; t = view.tok(k)) {
    if (lookupPerson(t, 'article')) {
      k++;
      continue;
    }
    const p = lookupPerson(t, 'any');
    if (p && hasConjunction(p.reading) && p.form.number === 'plural') {
      if (p.form.outcome) outcomes.push(p.form.outcome);
      k++;
      continue;
    }
    const e = lookup(t, CASUALTY_EVENT_NOUNS, 'any');
    if (e && hasConjunction(e)) {
      outcomes.push(CASUALTY_EVENT_NOUNS.get(e.key) as CountOutcome);
      k++;
      continue;
    }
    break;
  }
  return { end: k, outcomes };
}
