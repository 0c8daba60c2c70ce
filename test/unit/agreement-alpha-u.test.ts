import { describe, expect, it } from 'vitest';
import { alphaU, alphaUAcrossCategories, alphaUDisagreement, mergeUnits, type Interval, type UnitizingStudy } from '../../shared/agreement';

// Krippendorff's unitizing α against the values DKPro Agreement's own tests give for its
// KrippendorffAlphaUnitizingAgreement (dkpro-statistics, org.dkpro.statistics.agreement.unitizing:
// Krippendorff2004Test, Krippendorff1995Test, UnitizingAgreementTest), then hand cases.

const unit = (start: number, length: number): Interval => ({ start, end: start + length });

/** JUnit's `assertEquals(expected, actual, delta)`, as DKPro's tests state their values. */
function near(actual: number | null, expected: number, delta: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(delta);
}

describe('αu: the examples of Krippendorff (2004) and (1995), as DKPro computes them', () => {
  // Krippendorff (2004: p. 254): continuum [150, 450), two observers, categories c and k.
  // Shifted by −150 here: our continuum starts at 0.
  const shift = (start: number, length: number): Interval => unit(start - 150, length);
  const c: UnitizingStudy = { length: 300, coders: [[shift(225, 70), shift(370, 30)], [shift(220, 80), shift(355, 20), shift(400, 20)]] };
  const k: UnitizingStudy = { length: 300, coders: [[shift(180, 60), shift(300, 50)], [shift(180, 60), shift(300, 50)]] };

  it('category c: D_O 0.0144, D_E 0.0532, αu 0.7286', () => {
    const d = alphaUDisagreement(c);
    near(d.observed, 0.0144, 0.0001);
    near(d.expected, 0.0532, 0.0001);
    near(alphaU(c), 0.7286, 0.0001);
  });

  it('category k (identical units): D_O 0, D_E 0.0490, αu 1; both categories together 0.8591', () => {
    const d = alphaUDisagreement(k);
    expect(d.observed).toBe(0);
    near(d.expected, 0.049, 0.0001);
    expect(alphaU(k)).toBe(1);
    near(alphaUAcrossCategories([c, k]), 0.8591, 0.0005);
  });

  // Krippendorff (1995: p. 57): four pairs of observers on a continuum of 24, one category each.
  const example1995 = (stretch: number): Record<'A' | 'B' | 'C' | 'D', UnitizingStudy> => {
    const u = (start: number, length: number): Interval => unit(Math.trunc(start * stretch), Math.trunc(length * stretch));
    const length = Math.trunc(24 * stretch);
    return {
      A: { length, coders: [[u(2, 8), u(14, 6)], [u(4, 4), u(15, 2)]] },
      B: { length, coders: [[u(0, 18)], [u(0, 2), u(2, 1), u(3, 1), u(4, 1), u(5, 1), u(6, 3), u(9, 1)]] },
      C: { length, coders: [[u(2, 6), u(10, 2), u(14, 4), u(20, 2)], [u(0, 2), u(4, 4), u(10, 4), u(16, 2), u(20, 2)]] },
      D: { length, coders: [[u(0, 2), u(2, 8), u(10, 4), u(14, 6), u(20, 4)], [u(0, 4), u(4, 4), u(8, 7), u(15, 2), u(17, 7)]] },
    };
  };

  it('observed disagreement of the four 1995 pairs (touching units included)', () => {
    const s = example1995(1);
    near(alphaUDisagreement(s.A).observed, 0.03125, 0.00001);
    near(alphaUDisagreement(s.B).observed, 2.26736, 0.00001);
    near(alphaUDisagreement(s.C).observed, 0.02777, 0.00001);
    near(alphaUDisagreement(s.D).observed, 0.38715, 0.00001);
  });

  it('expected disagreement and αu of the 1995 pairs on a fine continuum (DKPro: ±0.005 and ±0.02)', () => {
    const s = example1995(1_200_000 / 24);
    const expected = { A: 0.0699, B: 1.17731, C: 0.08642, D: 0.41445 };
    const alpha = { A: 0.553, B: -0.926, C: 0.679, D: 0.066 };
    for (const key of ['A', 'B', 'C', 'D'] as const) {
      near(alphaUDisagreement(s[key]).expected, expected[key], 0.005);
      near(alphaU(s[key]), alpha[key], 0.02);
    }
    // The same pair C on a coarse continuum (every length halved): the observed disagreement
    // stays, the expected one shrinks.
    const coarse = example1995(12 / 24).C;
    near(alphaUDisagreement(coarse).observed, 0.02777, 0.00001);
    near(alphaUDisagreement(coarse).expected, 0.05494, 0.00001);
    near(alphaU(coarse), 0.494, 0.02);
  });

  it('one coder’s long unit against three short ones: D_O 0.91, D_E 0.5351, αu −0.7003', () => {
    const study: UnitizingStudy = { length: 10, coders: [[unit(1, 8)], [unit(2, 1), unit(4, 1), unit(6, 1)]] };
    const d = alphaUDisagreement(study);
    near(d.observed, 0.91, 0.0001);
    near(d.expected, 0.5351, 0.0001);
    near(alphaU(study), -0.7003, 0.0001);
  });

  it('a single unit of one of three coders gives αu 0; no unit at all gives null', () => {
    expect(alphaU({ length: 20, coders: [[unit(0, 1)], [], []] })).toBeCloseTo(0, 12);
    expect(alphaU({ length: 20, coders: [[], [], []] })).toBeNull();
    expect(alphaUAcrossCategories([{ length: 20, coders: [[], []] }])).toBeNull();
  });
});

describe('αu: hand cases', () => {
  const L = 100;
  it('is 1 for identical units, whatever the number of coders', () => {
    const units = [unit(10, 8), unit(40, 20), unit(70, 3)];
    expect(alphaU({ length: L, coders: [units, units] })).toBe(1);
    expect(alphaU({ length: L, coders: [units, [...units].reverse(), units] })).toBe(1);
  });

  it('falls below 0 for disjoint units, and lies between for partial overlap, worse as the overlap shrinks', () => {
    const disjoint = alphaU({ length: L, coders: [[unit(10, 10)], [unit(50, 10)]] }) as number;
    const half = alphaU({ length: L, coders: [[unit(10, 10)], [unit(15, 10)]] }) as number;
    const most = alphaU({ length: L, coders: [[unit(10, 10)], [unit(11, 10)]] }) as number;
    expect(disjoint).toBeLessThan(0);
    expect(half).toBeGreaterThan(disjoint);
    expect(half).toBeLessThan(1);
    expect(most).toBeGreaterThan(half);
    expect(most).toBeLessThan(1);
    // D_O by hand for the half overlap: δ = (10 − 15)² + (20 − 25)² = 50; D_O = 2·50 / (2·1·100²).
    expect(alphaUDisagreement({ length: L, coders: [[unit(10, 10)], [unit(15, 10)]] }).observed).toBeCloseTo(0.005, 12);
    // Disjoint: each unit lies in the other's gap, δ = 10² + 10²; D_O = 2·200 / 20000.
    expect(alphaUDisagreement({ length: L, coders: [[unit(10, 10)], [unit(50, 10)]] }).observed).toBeCloseTo(0.02, 12);
  });

  it('is symmetric in the coders', () => {
    const a = [unit(3, 7), unit(30, 12)];
    const b = [unit(5, 2), unit(28, 20), unit(80, 4)];
    expect(alphaU({ length: L, coders: [b, a] })).toBeCloseTo(alphaU({ length: L, coders: [a, b] }) as number, 12);
  });

  it('section cuts leave D_O alone and only shorten the gaps D_E counts', () => {
    const coders = [[unit(10, 10)], [unit(15, 10)]];
    const whole = alphaUDisagreement({ length: L, coders });
    const cut = alphaUDisagreement({ length: L, coders, sections: [50] });
    expect(cut.observed).toBe(whole.observed);
    expect(cut.expected).toBeLessThan(whole.expected);
  });

  it('mergeUnits joins overlapping and nested intervals, keeps touching ones apart', () => {
    expect(mergeUnits([unit(84, 16), unit(91, 9), unit(100, 5), unit(3, 2), unit(4, 3), unit(7, 0)])).toEqual([
      { start: 3, end: 7 },
      { start: 84, end: 100 },
      { start: 100, end: 105 },
    ]);
  });

  it('refuses overlapping units of one coder and units outside the continuum', () => {
    expect(() => alphaU({ length: L, coders: [[unit(1, 5), unit(3, 5)], []] })).toThrow(/overlap/);
    expect(() => alphaU({ length: L, coders: [[unit(98, 5)], []] })).toThrow(RangeError);
  });
});
