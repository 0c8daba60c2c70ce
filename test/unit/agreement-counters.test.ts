import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohenKappaCounter, cohenKappa, cohenKappaFromTable } from '../../shared/agreement/cohen-kappa';
import { FleissKappaCounter, fleissKappa, fleissKappaFromCounts } from '../../shared/agreement/fleiss-kappa';
import { KrippendorffAlphaCounter, krippendorffAlpha } from '../../shared/agreement/krippendorff-alpha';
import { alphaUDisagreement, mergeUnits, type Interval, type UnitizingStudy } from '../../shared/agreement/alpha-u';
import type { Category, Coded } from '../../shared/agreement/category';

// The agreement figures of a 10,000-document corpus are computed without building the
// units × coders matrix (the counters take one row at a time) and αu's expected disagreement
// without a loop over every gap per unit. Each must give the same number, to the last bit, as
// the plain computation it replaced, kept here as the oracle.

/** The matrix-building Fleiss' κ that FleissKappaCounter replaced. */
function fleissOracle(ratings: readonly (readonly Coded[])[]): number | null {
  const width = ratings[0]?.length ?? 0;
  if (width < 2) return null;
  const index = new Map<Category, number>();
  const counts: number[][] = [];
  ratings.forEach((row, u) => {
    if (row.length !== width) throw new RangeError(`unit ${u} has ${row.length} ratings, not ${width}`);
    if (row.some((v) => v === null)) return;
    const line: number[] = new Array<number>(index.size).fill(0);
    for (const value of row as readonly Category[]) {
      let j = index.get(value);
      if (j === undefined) {
        j = index.size;
        index.set(value, j);
      }
      line[j] = (line[j] ?? 0) + 1;
    }
    counts.push(line);
  });
  const k = index.size;
  return fleissKappaFromCounts(counts.map((line) => Array.from({ length: k }, (_, j) => line[j] ?? 0)));
}

/** The Krippendorff's α that KrippendorffAlphaCounter replaced. */
function alphaOracle(matrix: readonly (readonly Coded[])[]): number | null {
  const totals = new Map<Category, number>();
  let observed = 0;
  let n = 0;
  for (const row of matrix) {
    const counts = new Map<Category, number>();
    let m = 0;
    for (const value of row) {
      if (value === null) continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    let squares = 0;
    for (const [value, c] of counts) {
      squares += c * c;
      totals.set(value, (totals.get(value) ?? 0) + c);
    }
    observed += (m * m - squares) / (m - 1);
    n += m;
  }
  if (n === 0) return null;
  let squares = 0;
  for (const c of totals.values()) squares += c * c;
  const expected = n * n - squares;
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/** The Cohen's κ that CohenKappaCounter replaced. */
function cohenOracle(a: readonly Coded[], b: readonly Coded[]): number | null {
  const index = new Map<Category, number>();
  const pairs: [number, number][] = [];
  const at = (value: Category): number => {
    let i = index.get(value);
    if (i === undefined) {
      i = index.size;
      index.set(value, i);
    }
    return i;
  };
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    pairs.push([at(x), at(y)]);
  }
  const table = Array.from({ length: index.size }, () => new Array<number>(index.size).fill(0));
  for (const [x, y] of pairs) (table[x] as number[])[y] = ((table[x] as number[])[y] as number) + 1;
  return cohenKappaFromTable(table);
}

/** The αu expected disagreement before: every gap looked at for every unit (units sorted, gaps cut at sections). */
function alphaUOracle(study: UnitizingStudy): { observed: number; expected: number } {
  const L = study.length;
  const R = study.coders.length;
  const coders = study.coders.map((units) => [...units].sort((a, b) => a.start - b.start || a.end - b.end));
  const cuts = [...new Set(study.sections ?? [])].filter((p) => p > 0 && p < L).sort((x, y) => x - y);
  const gapsOf = (units: readonly Interval[]): number[] => {
    const gaps: number[] = [];
    const add = (from: number, to: number): void => {
      let at = from;
      for (const cut of cuts) {
        if (cut <= at) continue;
        if (cut >= to) break;
        gaps.push(cut - at);
        at = cut;
      }
      if (to > at) gaps.push(to - at);
    };
    let pos = 0;
    for (const u of units) {
      if (u.start > pos) add(pos, u.start);
      pos = Math.max(pos, u.end);
    }
    if (pos < L) add(pos, L);
    return gaps;
  };
  const gaps = coders.flatMap(gapsOf).sort((x, y) => y - x);
  const all = coders.flat();
  const N = all.length;
  let squared = 0;
  let sum = 0;
  for (const unit of all) {
    const l = unit.end - unit.start;
    squared += l * (l - 1);
    let placements = 0;
    for (const g of gaps) {
      if (g < l) break;
      placements += g - l + 1;
    }
    sum += ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * placements;
  }
  return { observed: alphaUDisagreement(study).observed, expected: R < 2 || L <= 0 || N === 0 ? 0 : ((2 / L) * sum) / (R * L * (R * L - 1) - squared) };
}

const category = fc.constantFrom<Coded>('O', 'Actor', 'Place', 'CasualtyCount', 'Claim', 3, null);

describe('the one-row-at-a-time counters give the matrix computations’ numbers, to the bit', () => {
  it('Fleiss’ κ, Krippendorff’s α: any coders, categories, missing values; rows passed in one reused array', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((w) => fc.array(fc.array(category, { minLength: w, maxLength: w }), { maxLength: 300 })), (matrix) => {
        const fleiss = new FleissKappaCounter(matrix[0]?.length ?? 2);
        const alpha = new KrippendorffAlphaCounter();
        const reused: Coded[] = [];
        for (const row of matrix) {
          reused.length = 0;
          reused.push(...row);
          fleiss.add(reused);
          alpha.add(reused);
        }
        expect(Object.is(matrix.length === 0 ? null : fleiss.result(), fleissOracle(matrix))).toBe(true);
        expect(Object.is(fleissKappa(matrix), fleissOracle(matrix))).toBe(true);
        expect(Object.is(alpha.result(), alphaOracle(matrix))).toBe(true);
        expect(Object.is(krippendorffAlpha(matrix), alphaOracle(matrix))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('Krippendorff’s α with rows of different lengths (coders missing at the end)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(category, { maxLength: 4 }), { maxLength: 200 }), (matrix) => {
        expect(Object.is(krippendorffAlpha(matrix), alphaOracle(matrix))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('Cohen’s κ', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(category, category), { maxLength: 300 }), (pairs) => {
        const a = pairs.map(([x]) => x);
        const b = pairs.map(([, y]) => y);
        const counter = new CohenKappaCounter();
        for (const [x, y] of pairs) counter.add(x, y);
        expect(Object.is(counter.result(), cohenOracle(a, b))).toBe(true);
        expect(Object.is(cohenKappa(a, b), cohenOracle(a, b))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what the matrix functions refuse', () => {
    expect(() => new FleissKappaCounter(1)).toThrow(RangeError);
    const counter = new FleissKappaCounter(2);
    counter.add(['A', 'B']);
    expect(() => counter.add(['A'])).toThrow('unit 1 has 1 ratings, not 2');
    expect(() => fleissKappa([['A', 'B'], ['A']])).toThrow('unit 1 has 1 ratings, not 2');
  });
});

describe('αu’s expected disagreement, one lookup per unit instead of a pass over the gaps', () => {
  const interval = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 30 })).map(([start, length]) => ({ start, end: start + length }));
  const study = fc
    .tuple(fc.array(fc.array(interval, { maxLength: 25 }), { minLength: 2, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 440 }), { maxLength: 12 }))
    .map(([coders, sections]): UnitizingStudy => ({ length: 440, coders: coders.map((units) => mergeUnits(units)), sections }));

  it('gives the same D_E to the bit, with and without document borders', () => {
    fc.assert(
      fc.property(study, (s) => {
        const d = alphaUDisagreement(s);
        const oracle = alphaUOracle(s);
        expect(Object.is(d.expected, oracle.expected)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
