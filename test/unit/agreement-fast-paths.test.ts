import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementTokens, alphaUDisagreement, alphaUDisagreementPacked, disagreements, labelTokens, mergeUnits, mergeUnitsPacked, type Interval, type SpanLike } from '../../shared/agreement';
import { CohenKappaCounter } from '../../shared/agreement/cohen-kappa';
import { FleissKappaCounter } from '../../shared/agreement/fleiss-kappa';
import { KrippendorffAlphaCounter } from '../../shared/agreement/krippendorff-alpha';
import { PairTable } from '../../shared/agreement/pair-table';
import { ReportContext, UnitizingStudies, documentUnitizing, prepare } from '../../shared/agreement/report-scope';
import { tokenBounds } from '../../shared/agreement/token-labels';
import { plainAlphaUDisagreement, plainDisagreements, plainTokenLabels, plainTokens, sweptTokenLabels } from '../fixtures/agreement/plain-implementations';
import { breakingNews, random, seed000, seed004 } from '../fixtures/text/load';

// The faster ways the agreement report works (tokens found by a table of character classes,
// token labels and disagreement pieces painted span by span, αu's gaps counted by length, κ and α
// summed by row) against the plain implementations they replaced: the same results, to the bit.

const LABELS = ['Actor', 'Place', 'CasualtyCount', 'Claim'];

/** Random spans over `length` code points: nested, overlapping, repeated, some empty or reversed when `odd`. */
function spans(rnd: () => number, length: number, n: number, odd = false): SpanLike[] {
  const out: SpanLike[] = [];
  for (let k = 0; k < n; k++) {
    const start = Math.floor(rnd() * length);
    const len = odd && rnd() < 0.1 ? -Math.floor(rnd() * 3) : 1 + Math.floor(rnd() * 30);
    out.push({ label: LABELS[Math.floor(rnd() * LABELS.length)] as string, start, end: Math.min(length, start + len) });
    if (rnd() < 0.15) out.push({ ...(out[out.length - 1] as SpanLike) }); // the same span twice
  }
  return out;
}

describe('tokens', () => {
  it('are the tokens of the plain rule on real Arabic, emoji, flags, harakat and lone surrogates', () => {
    const odd = `${seed004.slice(0, 200)}\uD83D ab\uDE00c ١٢٣ 😀😀 \u200Fنص\u0640\u064B`;
    for (const text of [seed000, seed004, breakingNews, odd, '', ' ', '😀']) {
      expect(agreementTokens(text)).toEqual(plainTokens(text));
      expect(tokenBounds(text).length).toBe([...text].length);
    }
  });
});

describe('token labels', () => {
  it('are those of the shortest, then first, then smallest-label overlapping span, for any spans', () => {
    const rnd = random(99);
    const tokens = agreementTokens(seed000);
    const length = [...seed000].length;
    for (let round = 0; round < 60; round++) {
      const layer = spans(rnd, length, 1 + Math.floor(rnd() * 80), round % 3 === 0);
      expect(labelTokens(tokens, layer)).toEqual(plainTokenLabels(tokens, layer));
      expect(labelTokens(tokens, layer)).toEqual(sweptTokenLabels(tokens, layer));
    }
    // Offsets that are not numbers (no layer has them: the report refuses them) give what they gave before.
    for (const odd of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const layer = [...spans(rnd, length, 10), { label: 'Place', start: odd, end: 30 }, ...spans(rnd, length, 10)];
      expect(labelTokens(tokens, layer)).toEqual(sweptTokenLabels(tokens, layer));
    }
  });
});

describe('disagreements', () => {
  it('are the rows of the plain implementation, for two to four layers and any spans', () => {
    const rnd = random(5);
    for (const text of [seed000, seed004, breakingNews]) {
      const length = [...text].length;
      for (let round = 0; round < 15; round++) {
        const annotators = ['Ali', 'Layla', 'Omar', 'Sara'].slice(0, 2 + (round % 3));
        const layers = new Map(annotators.filter((_, i) => i < 2 || rnd() < 0.7).map((a) => [a, spans(rnd, length, Math.floor(rnd() * 60), round % 4 === 0)]));
        const document = { id: 'd', text, layers };
        expect(disagreements(document, annotators)).toEqual(plainDisagreements(document, annotators));
      }
    }
    // Offsets that are not numbers (which the report refuses before): the rows they gave before.
    const length = [...seed000].length;
    for (const odd of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const layers = new Map([
        ['Ali', [{ label: 'Place', start: odd, end: 40 }, ...spans(rnd, length, 30)]],
        ['Layla', [...spans(rnd, length, 30), { label: 'Actor', start: 10, end: odd }]],
      ]);
      const document = { id: 'd', text: seed000, layers };
      expect(disagreements(document, ['Ali', 'Layla'])).toEqual(plainDisagreements(document, ['Ali', 'Layla']));
    }
  });
});

describe('αu', () => {
  const study = (rnd: () => number, docs: number, coders: number, withSections: boolean): { length: number; coders: Interval[][]; sections: number[] } => {
    const units: Interval[][] = Array.from({ length: coders }, () => []);
    const sections: number[] = [];
    let offset = 0;
    for (let d = 0; d < docs; d++) {
      const length = 200 + Math.floor(rnd() * 2000);
      if (offset > 0 && withSections) sections.push(offset);
      for (const list of units) for (const u of mergeUnits(spans(rnd, length, Math.floor(rnd() * 12)))) list.push({ start: offset + u.start, end: offset + u.end });
      offset += length;
    }
    return { length: offset, coders: units, sections };
  };

  it('has the disagreements of the plain implementation, to the bit, for small and large studies', () => {
    const rnd = random(31);
    for (const [docs, coders, withSections] of [[1, 2, false], [3, 3, true], [40, 2, true], [300, 4, true], [120, 3, false]] as const) {
      for (let round = 0; round < 4; round++) {
        const s = study(rnd, docs, coders, withSections);
        expect(alphaUDisagreement(s)).toEqual(plainAlphaUDisagreement(s));
      }
    }
    // Gaps of lengths that are not whole numbers (a continuum cut at fractions) go the sorted way.
    const fractional = { length: 1000.5, coders: [[{ start: 1, end: 5 }], [{ start: 2, end: 9 }]], sections: [400.25, 700.75] };
    expect(alphaUDisagreement(fractional)).toEqual(plainAlphaUDisagreement(fractional));
  });

  it('gives the same disagreements, to the bit, from units packed as numbers', () => {
    const rnd = random(53);
    const pack = (units: readonly Interval[]): number[] => units.flatMap((u) => [u.start, u.end]);
    for (const [docs, coders, withSections] of [[1, 2, false], [3, 3, true], [40, 2, true], [300, 4, true], [120, 3, false]] as const) {
      for (let round = 0; round < 4; round++) {
        const s = study(rnd, docs, coders, withSections);
        const packed = { length: s.length, coders: s.coders.map(pack), sections: s.sections };
        expect(alphaUDisagreementPacked(packed)).toEqual(plainAlphaUDisagreement(s));
      }
    }
    // Few gaps, or gaps of fractional length: the sorted way.
    const fractional = { length: 1000.5, coders: [[{ start: 1, end: 5 }], [{ start: 2, end: 9 }]], sections: [400.25, 700.75] };
    expect(alphaUDisagreementPacked({ ...fractional, coders: fractional.coders.map(pack) })).toEqual(plainAlphaUDisagreement(fractional));
    const one = { length: 30, coders: [[{ start: 3, end: 9 }, { start: 12, end: 20 }], [{ start: 4, end: 9 }]] };
    expect(alphaUDisagreementPacked({ ...one, coders: one.coders.map(pack) })).toEqual(plainAlphaUDisagreement(one));
  });

  it('merges spans into packed units as mergeUnits does', () => {
    const rnd = random(59);
    for (let round = 0; round < 200; round++) {
      const given = spans(rnd, 300, Math.floor(rnd() * 14), true);
      expect(mergeUnitsPacked(given)).toEqual(mergeUnits(given).flatMap((u) => [u.start, u.end]));
    }
    // Nested and overlapping become one unit; touching stay apart; empty and reversed are dropped.
    expect(mergeUnitsPacked([{ start: 5, end: 9 }, { start: 0, end: 3 }, { start: 3, end: 6 }, { start: 7, end: 12 }, { start: 14, end: 14 }, { start: 20, end: 18 }])).toEqual([0, 3, 3, 12]);
  });

  it('refuses packed units that are out of order, overlap, are empty or lie outside the continuum', () => {
    expect(() => alphaUDisagreementPacked({ length: 20, coders: [[10, 15, 2, 5], [1, 4]] })).toThrow('coder 0: units [10, 15) and [2, 5) overlap or are out of order');
    expect(() => alphaUDisagreementPacked({ length: 20, coders: [[2, 8, 6, 9], [1, 4]] })).toThrow('coder 0: units [2, 8) and [6, 9) overlap or are out of order');
    expect(() => alphaUDisagreementPacked({ length: 20, coders: [[2, 5], [4, 4]] })).toThrow('coder 1: unit [4, 4) is empty or outside the continuum [0, 20)');
    expect(() => alphaUDisagreementPacked({ length: 20, coders: [[2, 5], [15, 21]] })).toThrow('coder 1: unit [15, 21) is empty or outside the continuum [0, 20)');
    expect(() => alphaUDisagreementPacked({ length: 20, coders: [[2, 5, 7], [1, 4]] })).toThrow('coder 0: packed units have an odd count of numbers (3)');
  });
});

describe('αu of one document', () => {
  it('is what the studies of the document alone give, to the bit, for any coders present', () => {
    const rnd = random(47);
    const annotators = ['Layla', 'Ali', 'Sara', 'Omar'];
    const context = new ReportContext(annotators, LABELS);
    for (const text of [seed000, seed004, breakingNews]) {
      const length = [...text].length;
      for (let round = 0; round < 6; round++) {
        const present = annotators.filter(() => rnd() < 0.75);
        const doc = { id: `doc-${round}`, text, layers: new Map(present.map((a) => [a, spans(rnd, length, Math.floor(rnd() * 40))])) };
        const p = prepare(context, doc);
        const studies = new UnitizingStudies(LABELS, p.presentColumns);
        studies.add(p);
        expect(documentUnitizing(prepare(context, doc), LABELS, p.presentColumns)).toEqual(studies.disagreements());
      }
    }
  });
});

describe('counters by row', () => {
  const codings = fc.array(fc.array(fc.constantFrom('Actor', 'Place', 'O', null), { minLength: 4, maxLength: 4 }), { maxLength: 200 });

  it('give the same α and κ by key, and in bulk where every term is a whole number', () => {
    fc.assert(
      fc.property(codings, (rows) => {
        const alpha = new KrippendorffAlphaCounter();
        const byKey = new KrippendorffAlphaCounter();
        const fleiss = new FleissKappaCounter(4);
        const fleissByKey = new FleissKappaCounter(4);
        for (const row of rows) {
          alpha.add(row);
          byKey.addKey(byKey.key(row));
          fleiss.add(row);
          fleissByKey.addKey(fleissByKey.key(row));
        }
        expect(byKey.result()).toBe(alpha.result());
        expect(fleissByKey.result()).toBe(fleiss.result());
      }),
      { numRuns: 200, seed: 3 },
    );
    // Two coders: every term is 0, 1 or 2, so adding a row's units at once is the same sum.
    const rnd = random(4);
    const rows = Array.from({ length: 5000 }, () => [rnd() < 0.5 ? 'A' : 'O', rnd() < 0.3 ? 'A' : rnd() < 0.5 ? 'B' : 'O']);
    const one = new KrippendorffAlphaCounter();
    const bulk = new KrippendorffAlphaCounter();
    const fOne = new FleissKappaCounter(2);
    const fBulk = new FleissKappaCounter(2);
    const seen = new Map<string, { row: string[]; n: number }>();
    for (const row of rows) {
      one.add(row);
      fOne.add(row);
      const entry = seen.get(row.join()) ?? { row, n: 0 };
      entry.n += 1;
      seen.set(row.join(), entry);
    }
    for (const { row, n } of seen.values()) {
      expect(Number.isInteger(bulk.term(bulk.key(row)))).toBe(true);
      bulk.addKeyTimes(bulk.key(row), n);
      fBulk.addKeyTimes(fBulk.key(row), n);
    }
    expect(bulk.result()).toBe(one.result());
    expect(fBulk.result()).toBe(fOne.result());
  });

  it('Cohen κ of a pair table is that of the counter, mapped and added up, to the bit', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(fc.nat({ max: 4 }), fc.nat({ max: 4 })), { maxLength: 60 }), { minLength: 1, maxLength: 4 }), fc.nat({ max: 4 }), (docs, label) => {
        const total = new PairTable(5);
        const counter = new CohenKappaCounter();
        const mapped = new CohenKappaCounter();
        const map = (c: number): number => (c === label ? label : 0);
        for (const items of docs) {
          const table = new PairTable(5);
          for (const [x, y] of items) {
            table.add(x, y);
            counter.add(x, y);
            mapped.add(map(x), map(y));
          }
          total.addTable(table);
        }
        expect(total.kappa()).toBe(counter.result());
        expect(total.kappa(map)).toBe(mapped.result());
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
