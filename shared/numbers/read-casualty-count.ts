/**
 * Reading the count a CasualtyCount span states: bound phrases and negations first (so that the
 * لا of `لا يقل عن` negates nothing), then the counts (`scan-counts.ts`), then qualifiers and the
 * outcome. A span that states more than one count is flagged, not summed.
 */

import type { CountOutcome, CountQualifier, CountReading, EvidenceRange } from './count-reading';
import { BARE_CASUALTY_PLURALS, HUMAN_LOSS_QUALIFIERS, LOSSES, OUTCOME_CUES } from './count-lexicon';
import { findBoundPhrases, type BoundPhrase } from './find-bound-phrases';
import { findNegations } from './find-negations';
import { scanCounts, type CountCandidate } from './scan-counts';
import { tokenise, type Token } from './tokenise';
import { lookup, lookupPerson } from './word-lookup';

const LOSS_WORDS: ReadonlySet<string> = new Set([LOSSES]);
const SPECIFIC: readonly CountOutcome[] = ['killed', 'injured', 'missing', 'captured'];

/** One outcome from all the outcomes the span states (see {@link CountOutcome}). */
function combineOutcomes(outcomes: Iterable<CountOutcome>): CountOutcome | null {
  const all = new Set(outcomes);
  const specific = SPECIFIC.filter((o) => all.has(o));
  if (all.has('killed_or_injured')) specific.push('killed', 'injured');
  const distinct = new Set(specific);
  if (distinct.size === 0) return all.has('unspecified') ? 'unspecified' : null;
  if (distinct.size === 1) return [...distinct][0] as CountOutcome;
  if (distinct.size === 2 && distinct.has('killed') && distinct.has('injured')) return 'killed_or_injured';
  return 'unspecified';
}

/** `خسائر بشرية` / `خسائر في الأرواح` at token k: the index of its last token, or -1. */
function humanLossesAt(tokens: readonly Token[], k: number): number {
  if (!lookup(tokens[k], LOSS_WORDS, 'any')) return -1;
  const next = tokens[k + 1];
  if (!next || next.breakBefore) return -1;
  if (lookup(next, HUMAN_LOSS_QUALIFIERS, 'any')) return k + 1;
  const after = tokens[k + 2];
  if (next.key === 'في' && after && !after.breakBefore && lookup(after, HUMAN_LOSS_QUALIFIERS, 'any')) return k + 2;
  return -1;
}

/** Outcomes stated anywhere in the span outside `skip` (cue words and victim nouns). */
function spanOutcomes(tokens: readonly Token[], skip: ReadonlySet<number>): CountOutcome[] {
  const out: CountOutcome[] = [];
  tokens.forEach((t, k) => {
    if (skip.has(k)) return;
    const cue = lookup(t, OUTCOME_CUES, 'any');
    if (cue) out.push(OUTCOME_CUES.get(cue.key) as CountOutcome);
    const person = lookupPerson(t, 'any');
    if (person?.form.outcome && !person.form.headOnlyOutcome) out.push(person.form.outcome);
    if (humanLossesAt(tokens, k) >= 0) out.push('unspecified');
  });
  return out;
}

function sorted(ranges: readonly EvidenceRange[]): readonly EvidenceRange[] {
  const seen = new Set<string>();
  const unique = ranges.filter((r) => {
    const id = `${r.start}:${r.end}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return Object.freeze(unique.toSorted((a, b) => a.start - b.start || a.end - b.end).map((r) => Object.freeze({ ...r })));
}

function reading(fields: Omit<CountReading, 'evidence'>, evidence: readonly EvidenceRange[]): CountReading {
  return Object.freeze({ ...fields, evidence: sorted(evidence) });
}

/** The bound phrase that qualifies `c`: just before it, or after it in the same clause. */
function boundFor(c: CountCandidate, bounds: readonly BoundPhrase[], tokens: readonly Token[]): BoundPhrase | undefined {
  const before = bounds.find((b) => b.placement !== 'after' && b.last + 1 === c.first);
  if (before) return before;
  return bounds.find((b) => {
    if (b.placement === 'before' || b.first < c.end) return false;
    for (let k = c.end; k <= b.first; k++) if ((tokens[k] as Token).breakBefore) return false;
    return true;
  });
}

function candidateReading(
  c: CountCandidate,
  bound: BoundPhrase | undefined,
  outcome: CountOutcome | null,
): CountReading {
  const base = { outcome, assertedZero: false };
  switch (c.kind) {
    case 'number':
    case 'dual':
    case 'single': {
      const value = c.value as number;
      if (!bound) {
        return reading({ ...base, value, min: null, max: null, qualifier: 'exact', ambiguity: null }, [c.evidence]);
      }
      const qualifier: CountQualifier = bound.qualifier;
      const stated = bound.exclusive ? value - 1 : value;
      return reading({ ...base, value: stated, min: null, max: null, qualifier, ambiguity: null }, [c.evidence, bound.range]);
    }
    case 'range':
    case 'vague':
    case 'plural':
    case 'ambiguous':
      return reading(
        { ...base, value: null, min: c.min, max: c.max, qualifier: 'vague', ambiguity: c.ambiguity },
        [c.evidence],
      );
  }
}

/**
 * Reads the casualty count a CasualtyCount span's text states; null when it states no count of
 * people. Offsets in `evidence` are code points into `text`. The text is read as it is: harakat,
 * tatweel, alef/yeh/teh-marbuta variants and Arabic-Indic or Persian digits match on a folded key.
 *
 * Returns null for numbers that count things other than people (`24 ساعة`, `عام 2021`, `نحو 78
 * هجوما`, `بثلاث قذائف`, `كوردستان 24`), day names (`الاثنين`, `الجمعة`), and negations about
 * information (`دون ورود معلومات عن خسائر بشرية`: unknown, not zero). A casualty plural without a
 * number (`سقوط قتلى`) is a vague reading without bounds. A span that states two or more counts
 * (`مقتل متعاقد وإصابة خمسة جنود`) is returned with value null and an `ambiguity` naming them.
 */
export function readCasualtyCount(text: string): CountReading | null {
  const tokens = tokenise(text);
  if (tokens.length === 0) return null;
  const codePoints = [...text];
  const bounds = findBoundPhrases(tokens);
  const skip = new Set<number>();
  for (const b of bounds) for (let k = b.first; k <= b.last; k++) skip.add(k);
  const negations = findNegations(tokens, skip);
  for (const g of negations) for (let k = g.first; k <= g.last; k++) skip.add(k);

  const cues = spanOutcomes(tokens, skip);
  const zeros = negations.filter((g) => g.kind === 'zero');
  const candidates = scanCounts({ tokens, codePoints, skip, spanHasCue: cues.length > 0, zeroAsserted: zeros.length > 0 });
  const outcome = combineOutcomes([
    ...cues,
    ...candidates.flatMap((c) => c.outcomes),
    ...zeros.map((z) => z.outcome),
  ]);

  if (candidates.length + zeros.length > 1) {
    const labels = [
      ...candidates.map((c) => codePoints.slice(c.evidence.start, c.evidence.end).join('')),
      ...zeros.map((z) => codePoints.slice(z.range.start, z.range.end).join('')),
    ];
    return reading(
      {
        value: null,
        min: null,
        max: null,
        qualifier: 'vague',
        outcome,
        assertedZero: false,
        ambiguity:
          `The span states ${labels.length} counts (${labels.map((l) => `"${l}"`).join(', ')}); ` +
          'each count needs its own span.',
      },
      [...candidates.map((c) => c.evidence), ...zeros.map((z) => z.range)],
    );
  }
  const zero = zeros[0];
  if (zero) {
    return reading(
      { value: 0, min: null, max: null, qualifier: 'exact', outcome, assertedZero: true, ambiguity: null },
      [zero.range],
    );
  }
  const only = candidates[0];
  if (only) return candidateReading(only, boundFor(only, bounds, tokens), outcome);

  for (let k = 0; k < tokens.length; k++) {
    if (skip.has(k)) continue;
    const t = tokens[k] as Token;
    const plural = lookup(t, BARE_CASUALTY_PLURALS, 'any');
    const lossEnd = humanLossesAt(tokens, k);
    if (!plural && lossEnd < 0) continue;
    const start = t.keyOffsets[plural ? plural.stripped : 0] as number;
    const end = (tokens[plural ? k : lossEnd] as Token).end;
    return reading(
      { value: null, min: null, max: null, qualifier: 'vague', outcome, assertedZero: false, ambiguity: null },
      [{ start, end }],
    );
  }
  return null;
}
