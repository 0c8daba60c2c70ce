/**
 * Finding the counts of people a span states, left to right. A count is one of:
 * - a number (`خمسة`, `٣٠`, `ثلاثة وعشرون`, `ألفي`) or a range (`بين 10 و20`, `3 أو 4`) whose
 *   counted noun is a person or casualty noun (`خمسة جنود`, `30 قتيلا`, `عدة إصابات`), a partitive
 *   (`واحدة منها`, `ثلاثة من الجنود`), or nothing at all when the span speaks of casualties or holds
 *   nothing but the number; never when the counted noun is a non-person noun (`24 ساعة`) or the
 *   number follows a year, month or label word (`عام 2021`, `فبراير 2021`);
 * - a vague quantity (`عدة`, `بضعة`, `عشرات الآلاف`, `العديد من`, `قتلى كثيرون`);
 * - a dual person noun (`قتيلين`, `جنديين`) or casualty noun (`إصابتين`);
 * - a dual/plural homograph (`مدنيين`), flagged, or a plural its harakat decide: weak counts, made
 *   only when the span speaks of casualties or holds nothing else, and dropped when the span
 *   states another count (`عدة قتلى من المقاتلين` is one count);
 * - a singular person noun after a casualty cue (`مقتل متعاقد`, `إصابة جندي`), with `واحد`, or a
 *   victim noun on its own (`قتيل`).
 * Person nouns right after a counted noun are its adjectives (`جنود أمريكيين`), not new counts;
 * after `بينهم`/`منهم`, counts are subsets of the first and are not counted again.
 */

import type { CountOutcome, EvidenceRange } from './count-reading';
import {
  CASUALTY_EVENT_DUALS,
  CASUALTY_EVENT_NOUNS,
  DAY_NAMES,
  NON_COUNT_BEFORE,
  NON_PERSON_NOUNS,
  SINGLE_VICTIM_CUES,
  SUBSET_MARKERS,
  VAGUE_AFTER_NOUN,
  VAGUE_BEFORE_MIN,
  VAGUE_MULTIPLIERS,
  VAGUE_QUANTITIES,
} from './count-lexicon';
import { countedNounAt, modifiersFrom, type CountedNoun } from './counted-noun';
import { harakatNumber } from './harakat-number';
import { numberAtom } from './number-words';
import { matchNumberAt, type NumberMatch } from './parse-arabic-number';
import { SpanView, type ScanInput } from './span-view';
import type { Token } from './tokenise';
import { hasConjunction, lookup, lookupPerson } from './word-lookup';

export type { ScanInput } from './span-view';

/** A count found in the span, before qualifiers are applied. */
export interface CountCandidate {
  readonly kind: 'number' | 'range' | 'vague' | 'dual' | 'single' | 'plural' | 'ambiguous';
  readonly value: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** Token index where the figure starts: a bound phrase before it must end just before. */
  readonly first: number;
  /** Token index after everything the count took (figure, counted noun, adjectives, partitive). */
  readonly end: number;
  /** Outcomes stated by the counted noun and its coordinated nouns (`قتلى وجرحى`). */
  readonly outcomes: readonly CountOutcome[];
  /** The figure's code points (proclitic excluded). */
  readonly evidence: EvidenceRange;
  /** Why a human must look (set for `ambiguous`), in English. */
  readonly ambiguity: string | null;
}

interface Step {
  readonly candidate?: CountCandidate;
  readonly end: number;
}

const BETWEEN: ReadonlySet<string> = new Set(['بين']);
const VAGUE_BEFORE_MIN_SET: ReadonlySet<string> = new Set([VAGUE_BEFORE_MIN]);
const RANGE_JOINERS: ReadonlySet<string> = new Set(['الي', 'او']);
const DASH_GAP = /^\s*[-\u2013\u2014]\s*$/u;
/** Counts that yield to any other count or asserted zero: homographs, plurals without a figure. */
const WEAK: ReadonlySet<CountCandidate['kind']> = new Set(['ambiguous', 'plural']);
const BETWEEN_AMBIGUITY =
  '"بين" before a number joined with و is either a range (between the first and the second part) ' +
  'or one compound number ("among"); min and max cover both readings.';

function ambiguityOf(text: string): string {
  return (
    `"${text}" is either a dual ("two …") or a sound masculine plural ("… (many)"); without ` +
    'harakat the text does not say which, so no value is given (min 2 holds under both readings).'
  );
}

/** Finds the counts in one span. See the module comment for what counts. */
export function scanCounts(input: ScanInput): readonly CountCandidate[] {
  const view = new SpanView(input);
  const { tokens, codePoints, skip, spanHasCue } = view;
  const n = tokens.length;
  const found: CountCandidate[] = [];
  let lastSingleEnd = -1;
  const open = (k: number): boolean => view.open(k);
  const tok = (k: number): Token | undefined => view.tok(k);
  const prevOf = (k: number): Token | undefined => view.prevOf(k);
  const onlyContent = (from: number, to: number): boolean => view.onlyContent(from, to);
  const headAt = (h: number, figure: number): CountedNoun => countedNounAt(view, h, figure);

  /** Whether a figure without a person noun after it still counts people. */
  function bareFigureCounts(i: number, figureEnd: number, head: CountedNoun): { counts: boolean; outcome: CountOutcome | null } {
    const prev = prevOf(i);
    const person = lookupPerson(prev, 'article');
    if (person) return { counts: true, outcome: person.form.outcome };
    if (prev && (lookup(prev, NON_COUNT_BEFORE, 'clitics') || lookup(prev, NON_PERSON_NOUNS, 'article'))) {
      return { counts: false, outcome: null };
    }
    return { counts: head.kind === 'cue' || spanHasCue || onlyContent(i, figureEnd), outcome: null };
  }

  function rangeEnd(
    i: number,
    m: NumberMatch,
    limit: number,
  ): { lo: NumberMatch; hi: NumberMatch; from: number; start: number; split: boolean } | null {
    const prev = prevOf(i);
    const betweenReading = lookup(prev, BETWEEN, 'clitics');
    const between = betweenReading && prev ? prev : undefined;
    let lo = m;
    let hi: NumberMatch | null = null;
    let split = false;
    const after = tok(m.end);
    if (between) {
      if (after && (after.key === 'و' || after.key.startsWith('و'))) {
        const at = after.key === 'و' ? m.end + 1 : m.end;
        hi = matchNumberAt(tokens, at, { clitics: true, limit });
      }
      for (let p = m.first + 1; !hi && p < m.end; p++) {
        if (!(tokens[p] as Token).key.startsWith('و')) continue;
        const a = matchNumberAt(tokens, i, { clitics: true, limit: p });
        const b = a && a.end === p ? matchNumberAt(tokens, p, { clitics: true, limit: m.end }) : null;
        if (a && b && b.end === m.end) {
          lo = a;
          hi = b;
          split = true;
        }
      }
    } else if (after && RANGE_JOINERS.has(after.key)) {
      hi = matchNumberAt(tokens, m.end + 1, { clitics: false, limit });
    } else if (after && DASH_GAP.test(after.gapBefore)) {
      hi = matchNumberAt(tokens, m.end, { clitics: false, limit });
    }
    if (!hi || hi.value <= lo.value) return null;
    const from = between ? i - 1 : i;
    const start = between && betweenReading ? (between.keyOffsets[betweenReading.stripped] as number) : lo.start;
    return { lo, hi, from, start, split };
  }

  function tryNumber(i: number): Step | null {
    const limit = view.nextSkipped(i);
    const m = matchNumberAt(tokens, i, { clitics: true, limit });
    if (!m) return null;
    const range = rangeEnd(i, m, limit);
    const figureEnd = range ? range.hi.end : m.end;
    const figure = range?.split ? m.value : range ? range.hi.value : m.value;
    const head = headAt(figureEnd, figure);
    let outcome = head.outcome;
    if (head.kind === 'non-person') return { end: head.end };
    if (head.kind !== 'person' && head.kind !== 'event' && head.kind !== 'partitive') {
      const bare = bareFigureCounts(range ? range.from : i, figureEnd, head);
      if (!bare.counts) return { end: figureEnd };
      outcome = bare.outcome;
    }
    const mods = modifiersFrom(view, head.end);
    const outcomes = outcome ? [outcome, ...mods.outcomes] : mods.outcomes;
    if (range) {
      return {
        end: mods.end,
        candidate: {
          kind: range.split ? 'ambiguous' : 'range',
          value: null,
          min: range.lo.value,
          max: range.split ? m.value : range.hi.value,
          first: range.from,
          end: mods.end,
          outcomes,
          evidence: { start: range.start, end: range.hi.stop },
          ambiguity: range.split ? BETWEEN_AMBIGUITY : null,
        },
      };
    }
    return {
      end: mods.end,
      candidate: {
        kind: 'number',
        value: m.value,
        min: null,
        max: null,
        first: i,
        end: mods.end,
        outcomes,
        evidence: { start: m.start, end: m.stop },
        ambiguity: null,
      },
    };
  }

  function tryVague(i: number): Step | null {
    const t = tokens[i] as Token;
    let reading = lookup(t, VAGUE_QUANTITIES, 'any');
    let q = reading ? VAGUE_QUANTITIES.get(reading.key) : undefined;
    if (!reading) {
      reading = lookup(t, VAGUE_BEFORE_MIN_SET, 'clitics');
      if (!reading || tok(i + 1)?.key !== 'من') return null;
      q = { min: 3, max: null };
    }
    if (!q) return null;
    let min = q.min;
    let max = q.max;
    let k = i + 1;
    const multiplier = VAGUE_MULTIPLIERS.has(reading.key) ? undefined : lookup(tok(k), VAGUE_MULTIPLIERS, 'article');
    if (multiplier) {
      const by = VAGUE_MULTIPLIERS.get(multiplier.key) as number;
      min *= by;
      max = max === null ? null : max * by;
      k++;
    }
    const evidence = { start: t.keyOffsets[reading.stripped] as number, end: (tokens[k - 1] as Token).end };
    const head = headAt(k, 3);
    if (head.kind === 'non-person') return { end: head.end };
    const counted = head.kind === 'person' || head.kind === 'event' || head.kind === 'partitive';
    if (!counted && !(head.kind === 'cue' || spanHasCue || onlyContent(i, k))) return { end: k };
    const mods = modifiersFrom(view, head.end);
    const outcomes = head.outcome ? [head.outcome, ...mods.outcomes] : mods.outcomes;
    return {
      end: mods.end,
      candidate: { kind: 'vague', value: null, min, max, first: i, end: mods.end, outcomes, evidence, ambiguity: null },
    };
  }

  function tryVagueAfterNoun(i: number): Step | null {
    const t = tokens[i] as Token;
    if (!VAGUE_AFTER_NOUN.has(t.key)) return null;
    const prev = prevOf(i);
    const person = lookupPerson(prev, 'any');
    const event = lookup(prev, CASUALTY_EVENT_NOUNS, 'any');
    if (!(person && person.form.number !== 'singular') && !event) return null;
    const outcome = person ? person.form.outcome : event ? (CASUALTY_EVENT_NOUNS.get(event.key) ?? null) : null;
    return {
      end: i + 1,
      candidate: {
        kind: 'vague',
        value: null,
        min: 3,
        max: null,
        first: i,
        end: i + 1,
        outcomes: outcome ? [outcome] : [],
        evidence: { start: t.start, end: t.end },
        ambiguity: null,
      },
    };
  }

  function tryNoun(i: number): Step | null {
    const t = tokens[i] as Token;
    const p = lookupPerson(t, 'any');
    if (!p) return null;
    const prev = prevOf(i);
    const conj = hasConjunction(p.reading);
    if (!conj && lookupPerson(prev, 'any')) return { end: i + 1 };
    const evidence = { start: t.keyOffsets[p.reading.stripped] as number, end: t.end };
    const outcomes = p.form.outcome ? [p.form.outcome] : [];
    let number = p.form.number;
    if (number === 'dual-or-plural') number = harakatNumber(t, codePoints) ?? 'dual-or-plural';
    let value: number | null = null;
    let kind: CountCandidate['kind'];
    let end = i + 1;
    let min: number | null = null;
    let ambiguity: string | null = null;
    switch (number) {
      case 'dual': {
        kind = 'dual';
        value = 2;
        const two = open(end) ? matchNumberAt(tokens, end, { clitics: false, limit: end + 1 }) : null;
        const definiteTwo = tok(end) && numberAtom((tokens[end] as Token).key.replace(/^ال/u, ''));
        if (two?.value === 2 || (definiteTwo && definiteTwo.kind === 'unit' && definiteTwo.value === 2)) end++;
        break;
      }
      case 'dual-or-plural':
        if (!spanHasCue && !onlyContent(i, i + 1)) return { end: i + 1 };
        kind = 'ambiguous';
        min = 2;
        ambiguity = ambiguityOf(view.text(evidence));
        break;
      case 'plural':
        if (p.form.number !== 'dual-or-plural') return { end: i + 1 };
        if (!spanHasCue && !onlyContent(i, i + 1)) return { end: i + 1 };
        kind = 'plural';
        break;
      case 'singular': {
        const afterCue = lookup(prev, SINGLE_VICTIM_CUES, 'clitics') !== undefined;
        const coordinated = conj && lastSingleEnd === i;
        const one = open(end) ? matchNumberAt(tokens, end, { clitics: false, limit: end + 1 }) : null;
        const victim = p.form.outcome !== null && !p.form.headOnlyOutcome && !p.reading.definite;
        if (!afterCue && !coordinated && one?.value !== 1 && !victim) return { end: i + 1 };
        if (one?.value === 1) end++;
        kind = 'single';
        value = 1;
        break;
      }
    }
    const mods = modifiersFrom(view, end);
    if (kind === 'single') lastSingleEnd = mods.end;
    return {
      end: mods.end,
      candidate: {
        kind,
        value,
        min,
        max: null,
        first: i,
        end: mods.end,
        outcomes: [...outcomes, ...mods.outcomes],
        evidence,
        ambiguity,
      },
    };
  }

  /** `وقوع إصابتين`: the dual of a casualty event noun is two casualties. */
  function tryEventDual(i: number): Step | null {
    const t = tokens[i] as Token;
    const r = lookup(t, CASUALTY_EVENT_DUALS, 'any');
    if (!r) return null;
    const outcome = CASUALTY_EVENT_DUALS.get(r.key) as CountOutcome;
    return {
      end: i + 1,
      candidate: {
        kind: 'dual',
        value: 2,
        min: null,
        max: null,
        first: i,
        end: i + 1,
        outcomes: [outcome],
        evidence: { start: t.keyOffsets[r.stripped] as number, end: t.end },
        ambiguity: null,
      },
    };
  }

  /** `الجنود الثلاثة`: a definite number word after a definite person noun (never a day name). */
  function tryDefiniteNumber(i: number): Step | null {
    const t = tokens[i] as Token;
    if (!t.key.startsWith('ال') || DAY_NAMES.has(t.key)) return null;
    const atom = numberAtom(t.key.slice(2));
    if (!atom || (atom.kind !== 'unit' && atom.kind !== 'ten') || atom.value < 3) return null;
    const person = lookupPerson(prevOf(i), 'any');
    if (!person || !person.reading.definite) return null;
    return {
      end: i + 1,
      candidate: {
        kind: 'number',
        value: atom.value,
        min: null,
        max: null,
        first: i,
        end: i + 1,
        outcomes: person.form.outcome ? [person.form.outcome] : [],
        evidence: { start: t.keyOffsets[2] as number, end: t.end },
        ambiguity: null,
      },
    };
  }

  let subset = false;
  let i = 0;
  while (i < n) {
    const t = tokens[i] as Token;
    if (t.breakBefore) subset = false;
    if (skip.has(i) || subset) {
      i++;
      continue;
    }
    if (found.length > 0 && SUBSET_MARKERS.has(t.key)) {
      subset = true;
      i++;
      continue;
    }
    if (lookup(t, DAY_NAMES, 'clitics')) {
      i++;
      continue;
    }
    const step = tryNumber(i) ?? tryVague(i) ?? tryVagueAfterNoun(i) ?? tryNoun(i) ?? tryEventDual(i) ?? tryDefiniteNumber(i);
    if (step?.candidate) found.push(Object.freeze({ ...step.candidate, outcomes: Object.freeze(step.candidate.outcomes) }));
    i = step ? Math.max(step.end, i + 1) : i + 1;
  }
  const strong = found.filter((c) => !WEAK.has(c.kind) || c.ambiguity === BETWEEN_AMBIGUITY);
  return Object.freeze(strong.length > 0 || view.zeroAsserted ? strong : found);
}
