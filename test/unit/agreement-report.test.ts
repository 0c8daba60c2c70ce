import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementReport, agreementTable, formatFigure, type AgreementDocument, type SpanLike } from '../../shared/agreement';
import { cpOccurrences, seed000, seed004 } from '../fixtures/text/load';

// agreementReport on documents in memory: what each scope counts, missing data, and undefined
// figures as null (never NaN).

function at(text: string, label: string, quote: string, nth = 0): SpanLike {
  const start = cpOccurrences(text, quote)[nth] as number;
  return { label, start, end: start + [...quote].length };
}

const LABELS = ['Actor', 'Place', 'CasualtyCount', 'Claim'];
const ali000 = [at(seed000, 'Actor', 'القوات الأمريكية'), at(seed000, 'Place', 'محافظة\nدير الزور'), at(seed000, 'Place', 'دير الزور'), at(seed000, 'Place', 'سوريا')];
const layla000 = [at(seed000, 'Actor', 'القوات الأمريكية'), at(seed000, 'Place', 'دير الزور'), at(seed000, 'Place', 'سوريا')];
const ali004 = [at(seed004, 'Place', 'سوريا'), at(seed004, 'Actor', 'واين ماروتو')];

const doc = (id: string, text: string, layers: Record<string, readonly SpanLike[]>): AgreementDocument => ({ id, text, layers: new Map(Object.entries(layers)) });

/** Every number in `value`, recursively. */
function numbers(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object') return typeof value === 'number' ? [value] : [];
  return Object.values(value as object).flatMap(numbers);
}

describe('agreementReport', () => {
  it('reports every label, per document and for the corpus, with the pair figures pooled', () => {
    const report = agreementReport([doc('000', seed000, { Ali: ali000, Layla: layla000 }), doc('004', seed004, { Ali: ali004, Layla: ali004 })], ['Ali', 'Layla'], { labels: LABELS });
    expect(report.labels).toEqual(LABELS);
    expect(report.corpus).toMatchObject({ documents: 2, complete_documents: 2 });
    const [pair] = report.corpus.pairs;
    expect(pair).toMatchObject({ reference: 'Ali', other: 'Layla', documents: 2 });
    // Spans pooled: Ali 4 + 2, Layla 3 + 2; exact matches 3 + 2.
    expect(pair?.overall).toMatchObject({ reference_spans: 6, other_spans: 5, matched_exact: 5, matched_overlap: 5 });
    expect(pair?.overall.f1_exact).toBeCloseTo(10 / 11, 12);
    expect(pair?.labels.Place).toMatchObject({ reference_spans: 4, other_spans: 3, matched_exact: 3 });
    // Tokens pooled over both documents; one token differs (محافظة: Place against O).
    const tokens = report.documents[0]!.overall.tokens + report.documents[1]!.overall.tokens;
    expect(pair?.overall.tokens).toBe(tokens);
    expect(report.corpus.overall.tokens).toBe(tokens);
    // Document 004 agrees perfectly; document 000 does not.
    expect(report.documents[1]!.overall).toMatchObject({ fleiss_kappa: 1, krippendorff_alpha: 1, alpha_u: 1 });
    expect(report.documents[1]!.pairs[0]!.overall).toMatchObject({ cohen_kappa: 1, f1_exact: 1, f1_overlap: 1 });
    expect(report.documents[0]!.overall.krippendorff_alpha).toBeLessThan(1);
    expect(report.documents[0]!.disagreements).toBe(1);
    expect(report.disagreements.map((r) => r.text)).toEqual(['محافظة']);
    // A label nobody used: null κ, α, αu and F1.
    expect(report.corpus.labels.Claim).toMatchObject({ fleiss_kappa: null, krippendorff_alpha: null, alpha_u: null });
    expect(pair?.labels.Claim).toMatchObject({ cohen_kappa: null, f1_exact: null, f1_overlap: null });
  });

  it('treats a document an annotator has not annotated as missing data, not O', () => {
    const docs = [doc('000', seed000, { Ali: ali000, Layla: layla000 }), doc('004', seed004, { Ali: ali004, Omar: ali004 })];
    const report = agreementReport(docs, ['Ali', 'Layla', 'Omar'], { labels: LABELS });
    expect(report.documents.map((d) => [d.document, d.annotated, d.missing])).toEqual([
      ['000', ['Ali', 'Layla'], ['Omar']],
      ['004', ['Ali', 'Omar'], ['Layla']],
    ]);
    expect(report.corpus).toMatchObject({ documents: 2, complete_documents: 0 });
    // Fleiss' κ and αu need all three on the same units: there are none.
    expect(report.corpus.overall).toMatchObject({ fleiss_kappa: null, alpha_u: null });
    // Krippendorff's α takes what there is; as if Omar's missing 000 were O it would be lower.
    const alpha = report.corpus.overall.krippendorff_alpha as number;
    const asO = agreementReport([doc('000', seed000, { Ali: ali000, Layla: layla000, Omar: [] }), docs[1]!], ['Ali', 'Layla', 'Omar']).corpus.overall.krippendorff_alpha as number;
    expect(alpha).toBeGreaterThan(asO);
    // Each pair counts the documents both annotated.
    expect(report.corpus.pairs.map((p) => [p.reference, p.other, p.documents])).toEqual([
      ['Ali', 'Layla', 1],
      ['Ali', 'Omar', 1],
      ['Layla', 'Omar', 0],
    ]);
    expect(report.corpus.pairs[2]!.overall).toMatchObject({ tokens: 0, cohen_kappa: null, f1_exact: null, precision_exact: null, recall_exact: null });
    // In a document, Fleiss' κ counts who annotated it.
    expect(report.documents[1]!.overall.fleiss_kappa).toBe(1);
    expect(report.documents[1]!.pairs.map((p) => `${p.reference}/${p.other}`)).toEqual(['Ali/Omar']);
  });

  it('gives identical layers κ = α = αu = 1, and the same figures whichever pair order', () => {
    const report = agreementReport([doc('000', seed000, { A: ali000, B: ali000, C: ali000 })], ['A', 'B', 'C']);
    expect(report.corpus.overall).toMatchObject({ fleiss_kappa: 1, krippendorff_alpha: 1, alpha_u: 1 });
    for (const p of report.corpus.pairs) expect(p.overall).toMatchObject({ cohen_kappa: 1, f1_exact: 1, f1_overlap: 1 });
    const ab = agreementReport([doc('000', seed000, { A: ali000, B: layla000 })], ['A', 'B']).corpus;
    const ba = agreementReport([doc('000', seed000, { A: ali000, B: layla000 })], ['B', 'A']).corpus;
    expect(ba.overall).toEqual(ab.overall);
    expect(ba.pairs[0]!.overall.cohen_kappa).toBeCloseTo(ab.pairs[0]!.overall.cohen_kappa as number, 12);
    expect(ba.pairs[0]!.overall.f1_overlap).toBe(ab.pairs[0]!.overall.f1_overlap);
    expect(ba.pairs[0]!.overall.precision_exact).toBe(ab.pairs[0]!.overall.recall_exact);
  });

  it('is all null for fewer than two annotators, and never NaN', () => {
    const one = agreementReport([doc('000', seed000, { A: ali000 })], ['A']);
    expect(one.corpus.overall).toEqual({ tokens: 0, fleiss_kappa: null, krippendorff_alpha: null, alpha_u: null });
    expect(one.corpus.pairs).toEqual([]);
    const empty = agreementReport([doc('000', seed000, { A: [], B: [] })], ['A', 'B']);
    expect(empty.corpus.overall).toMatchObject({ fleiss_kappa: null, krippendorff_alpha: null, alpha_u: null });
    expect(JSON.stringify(empty)).not.toContain('NaN');

    const span = fc.record({ start: fc.integer({ min: 0, max: 120 }), length: fc.integer({ min: 1, max: 30 }), label: fc.constantFrom(...LABELS) });
    const text = seed000.slice(0, 150);
    fc.assert(
      fc.property(fc.array(span, { maxLength: 6 }), fc.array(span, { maxLength: 6 }), (a, b) => {
        const spans = (xs: typeof a): SpanLike[] => xs.map((s) => ({ label: s.label, start: s.start, end: s.start + s.length }));
        const report = agreementReport([doc('d', text, { A: spans(a), B: spans(b) })], ['A', 'B'], { labels: LABELS });
        expect(numbers(report).every((n) => Number.isFinite(n))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a span outside its text and a repeated annotator', () => {
    expect(() => agreementReport([doc('x', 'abc', { A: [{ label: 'X', start: 1, end: 9 }] })], ['A'])).toThrow(/outside the text/);
    expect(() => agreementReport([], ['A', 'A'])).toThrow(RangeError);
  });

  it('prints a table with three decimals and n/a', () => {
    const table = agreementTable(agreementReport([doc('000', seed000, { Ali: ali000, Layla: layla000 }), doc('004', seed004, { Ali: ali004 })], ['Ali', 'Layla'], { labels: LABELS }));
    expect(table).toContain('Agreement among Ali and Layla: 1 document compared, 1 annotated by all.');
    expect(table).toMatch(/^Ali \/ Layla \(1 document\) +\d+ +0\.\d{3} +1\.000 +0\.750 +0\.857 /m);
    expect(table).toMatch(/^004_?\S* +Ali \(not started: Layla\) +0 +n\/a +n\/a +n\/a +0$/m);
    expect(formatFigure(-0.0001)).toBe('0.000');
    expect(formatFigure(null)).toBe('n/a');
  });
});
