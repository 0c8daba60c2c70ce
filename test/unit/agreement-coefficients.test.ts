import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohenKappa, cohenKappaFromTable, fleissKappa, fleissKappaFromCounts, krippendorffAlpha, type Coded } from '../../shared/agreement';
import { COHEN_2X2, FLEISS_1971_DIAGNOSES, KRIPPENDORFF_2011 } from '../fixtures/agreement/reference-data';

// The three coefficients against the published reference values (DOMAIN.md §5), their undefined
// cases (null, never NaN), and properties: identical codings agree perfectly, pairs are symmetric.

/** Expands a contingency table into two codings, item by item. */
function codings(table: readonly (readonly number[])[]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  table.forEach((row, i) => row.forEach((n, j) => {
    for (let k = 0; k < n; k++) {
      a.push(`c${i}`);
      b.push(`c${j}`);
    }
  }));
  return [a, b];
}

describe("Cohen's κ", () => {
  it('is 0.400 on the 2×2 table 20/5/10/15, from the table and from the codings', () => {
    expect(cohenKappaFromTable(COHEN_2X2)).toBeCloseTo(0.4, 12);
    const [a, b] = codings(COHEN_2X2);
    expect(a).toHaveLength(50);
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
    expect(cohenKappa(b, a)).toBeCloseTo(0.4, 12);
  });

  it('leaves out items either coder left missing', () => {
    const [a, b] = codings(COHEN_2X2);
    expect(cohenKappa([...a, 'c0', null, null], [...b, null, 'c1', null])).toBeCloseTo(0.4, 12);
  });

  it('is null without items or without variation, and 0 for a coder who always says the same other thing', () => {
    expect(cohenKappa([], [])).toBeNull();
    expect(cohenKappa([null, 'O'], ['O', null])).toBeNull();
    expect(cohenKappa(['O', 'O', 'O'], ['O', 'O', 'O'])).toBeNull();
    expect(cohenKappaFromTable([[0, 0], [0, 0]])).toBeNull();
    expect(cohenKappa(['a', 'a'], ['b', 'b'])).toBe(0);
  });

  it('refuses codings of different lengths and tables that are not square', () => {
    expect(() => cohenKappa(['a'], [])).toThrow(RangeError);
    expect(() => cohenKappaFromTable([[1, 2], [3]])).toThrow(RangeError);
    expect(() => cohenKappaFromTable([[1, -2], [3, 4]])).toThrow(RangeError);
  });
});

describe("Fleiss' κ", () => {
  it('is 0.430 (irr: 0.4302445) on Fleiss (1971) diagnoses, 30 patients × 6 raters', () => {
    expect(FLEISS_1971_DIAGNOSES).toHaveLength(30);
    const totals = [1, 2, 3, 4, 5].map((c) => FLEISS_1971_DIAGNOSES.flat().filter((v) => v === c).length);
    expect(totals).toEqual([26, 26, 30, 55, 43]);
    const kappa = fleissKappa(FLEISS_1971_DIAGNOSES);
    expect(kappa).toBeCloseTo(0.4302445, 7);
    expect((kappa as number).toFixed(3)).toBe('0.430');
  });

  it('gives the same from Fleiss’ subjects × categories table', () => {
    const counts = FLEISS_1971_DIAGNOSES.map((row) => [1, 2, 3, 4, 5].map((c) => row.filter((v) => v === c).length));
    expect(fleissKappaFromCounts(counts)).toBeCloseTo(0.4302445, 7);
  });

  it('leaves out units with a missing rating; null with fewer than two raters, no unit or no variation', () => {
    const withGaps: Coded[][] = [...FLEISS_1971_DIAGNOSES.map((r) => [...r]), [1, null, 1, 1, 1, 1]];
    expect(fleissKappa(withGaps)).toBeCloseTo(0.4302445, 7);
    expect(fleissKappa([])).toBeNull();
    expect(fleissKappa([['a'], ['b']])).toBeNull();
    expect(fleissKappa([['a', null], [null, 'b']])).toBeNull();
    expect(fleissKappa([['O', 'O', 'O'], ['O', 'O', 'O']])).toBeNull();
    expect(() => fleissKappaFromCounts([[2, 0], [1, 0]])).toThrow(RangeError);
  });
});

describe("Krippendorff's α (nominal)", () => {
  it('is 0.743 (113/152) on Krippendorff (2011): 4 coders, 12 units, missing values', () => {
    expect(krippendorffAlpha(KRIPPENDORFF_2011)).toBeCloseTo(113 / 152, 12);
    expect((krippendorffAlpha(KRIPPENDORFF_2011) as number).toFixed(3)).toBe('0.743');
  });

  it('does not depend on the order of units or coders', () => {
    const reversed = [...KRIPPENDORFF_2011].reverse().map((row) => [...row].reverse());
    expect(krippendorffAlpha(reversed)).toBeCloseTo(113 / 152, 12);
  });

  it('matches a coincidence matrix computed by hand', () => {
    // Two coders, 4 units: (a,a), (a,b), (b,b), (b,b). Coincidences: a–a 2, a–b 1, b–a 1, b–b 4;
    // n = 8, n_a = 3, n_b = 5. α = 1 − (n − 1)·(o_ab + o_ba) / (2·n_a·n_b) = 1 − 7·2/30 = 8/15.
    expect(krippendorffAlpha([['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b']])).toBeCloseTo(8 / 15, 12);
  });

  it('is null without pairable units or without variation', () => {
    expect(krippendorffAlpha([])).toBeNull();
    expect(krippendorffAlpha([['a', null], [null, 'b'], ['c']])).toBeNull();
    expect(krippendorffAlpha([['O', 'O'], ['O', 'O', null]])).toBeNull();
  });
});

describe('properties', () => {
  const label = fc.constantFrom('O', 'Actor', 'Place', 'Claim');
  const coding = fc.array(label, { minLength: 1, maxLength: 60 });
  const varied = (xs: readonly string[]): boolean => new Set(xs).size > 1;

  it('κ and α are 1 for identical codings with variation, whatever the number of coders', () => {
    fc.assert(
      fc.property(coding.filter(varied), fc.integer({ min: 2, max: 5 }), (xs, coders) => {
        expect(cohenKappa(xs, xs)).toBe(1);
        const matrix = xs.map((x) => Array.from({ length: coders }, () => x));
        expect(fleissKappa(matrix)).toBeCloseTo(1, 12);
        expect(krippendorffAlpha(matrix)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('Cohen’s κ and α of a pair do not depend on which coder comes first', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(label, label), { minLength: 1, maxLength: 60 }), (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        const ab = cohenKappa(a, b);
        const ba = cohenKappa(b, a);
        if (ab === null) expect(ba).toBeNull();
        else expect(ba).toBeCloseTo(ab, 12);
        const alphaAb = krippendorffAlpha(pairs.map(([x, y]) => [x, y]));
        const alphaBa = krippendorffAlpha(pairs.map(([x, y]) => [y, x]));
        if (alphaAb === null) expect(alphaBa).toBeNull();
        else expect(alphaBa).toBeCloseTo(alphaAb, 12);
      }),
    );
  });

  it('never gives NaN: every figure is a finite number or null', () => {
    const cell = fc.option(label, { nil: null });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }), (matrix) => {
        for (const value of [krippendorffAlpha(matrix), fleissKappa(matrix), cohenKappa(matrix.map((r) => r[0] ?? null), matrix.map((r) => r[1] ?? null))]) {
          expect(value === null || Number.isFinite(value)).toBe(true);
        }
      }),
    );
  });
});
