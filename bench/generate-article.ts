/**
 * The long-article benchmark input: a ~100,000-character Arabic article made of the seeds'
 * sentences, and layers of N spans over it of the four default labels, about 10% of them nested
 * in or crossing another span. Deterministic for a given seed.
 */
import { sortSpans } from '../shared/corpus/layer-file';
import type { Layer, Span } from '../shared/model';
import { CodePointIndex } from '../shared/text/code-points';
import { quoteContext } from '../shared/text/quote-context';
import { seededRandom, type Random } from './prng';

export const BENCH_LABELS = ['Actor', 'Place', 'CasualtyCount', 'Claim'] as const;

/** The seeds' non-empty lines, repeated in a seeded order until the text has `codePoints` code points. */
export function articleText(seedTexts: readonly string[], codePoints: number, seed: number): string {
  const random = seededRandom(seed);
  const lines = seedTexts.flatMap((t) => t.replace(/\r\n?/g, '\n').split('\n')).map((l) => l.trim()).filter((l) => l.length > 0);
  const out: string[] = [];
  let length = 0;
  while (length < codePoints) {
    const line = random.pick(lines);
    out.push(line);
    length += [...line].length + 1;
  }
  return out.join('\n');
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/** Words of `text` as code point ranges; with `split`, words of 6+ code points count as two halves. */
function wordSlots(text: string, split: boolean): Range[] {
  const index = new CodePointIndex(text);
  const slots: Range[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu)) {
    const start = index.toCodePoint(match.index);
    const end = index.toCodePoint(match.index + match[0].length);
    const chars = [...match[0]];
    // Cut only before a base letter, never before a haraka.
    const cut = chars.findIndex((c, i) => i >= 3 && i <= chars.length - 3 && /\p{L}/u.test(c));
    if (split && cut > 0) {
      slots.push({ start, end: start + cut }, { start: start + cut, end });
    } else {
      slots.push({ start, end });
    }
  }
  return slots;
}

/** `count` distinct indexes of `0..n-1`, ascending, spread evenly with seeded jitter. */
function spreadIndexes(n: number, count: number, random: Random): number[] {
  if (count > n) throw new RangeError(`cannot place ${count} spans on ${n} word slots`);
  const chosen: number[] = [];
  for (let k = 0; k < count; k += 1) {
    const low = Math.floor((k * n) / count);
    const high = Math.floor(((k + 1) * n) / count);
    chosen.push(low + random.int(Math.max(1, high - low)));
  }
  return chosen;
}

/**
 * `count` spans over `text` (ids `s1`…): 90% on distinct words (or word halves when the words
 * run out), 10% covering two neighbouring words (so they contain or cross others). Sorted as a
 * layer stores them; quotes and context computed from the text.
 */
export function articleSpans(text: string, count: number, seed: number): Span[] {
  const random = seededRandom(seed);
  const disjoint = Math.round(count * 0.9);
  let slots = wordSlots(text, false);
  if (slots.length < disjoint) slots = wordSlots(text, true);
  const ranges: Range[] = spreadIndexes(slots.length, disjoint, random).map((i) => slots[i] as Range);
  for (let k = disjoint; k < count; k += 1) {
    const i = random.int(slots.length - 1);
    const a = slots[i] as Range;
    const b = slots[i + 1] as Range;
    // Half contain two whole slots; half cross from inside one slot into the next.
    ranges.push(random.next() < 0.5 || a.end - a.start < 2 ? { start: a.start, end: b.end } : { start: a.start + 1, end: b.end });
  }
  const spans = ranges.map((r, k): Span => {
    const quote = quoteContext(text, r.start, r.end);
    return { id: `s${k + 1}`, label: random.pick(BENCH_LABELS), start: r.start, end: r.end, text: quote.text, prefix: quote.prefix, suffix: quote.suffix, attributes: {}, note: '' };
  });
  return [...sortSpans(spans)];
}

/** A layer of `spans` for `annotator` on the text with SHA-256 `textSha256`, in progress. */
export function benchLayer(document: string, annotator: string, textSha256: string, spans: readonly Span[]): Layer {
  return { document, annotator, textSha256, revision: 1, status: 'in_progress', spans, relations: [], rejected: [] };
}
