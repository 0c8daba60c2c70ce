import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreementReport, disagreementCsv, type DisagreementRow } from '../../shared/agreement';
import { PINNED_ANNOTATORS, PINNED_LABELS, pinnedDocuments } from '../fixtures/agreement/pinned-documents';

// The report, byte for byte, as the implementation before the speed rework computed it
// (test/fixtures/agreement/README.md): every figure to the last bit, members in the same order.

const pinned = (name: string): string => readFileSync(new URL(`../fixtures/agreement/${name}`, import.meta.url), 'utf8');

describe('agreementReport, pinned', () => {
  it('gives the pinned report of four annotators with missing data, to the last bit', () => {
    const report = agreementReport(pinnedDocuments(), PINNED_ANNOTATORS, { labels: PINNED_LABELS });
    expect(`${JSON.stringify(report, null, 1)}\n`).toBe(pinned('pinned-report.json'));
    // Some of its figures written out. Four coders give α terms that are not whole numbers (a
    // unit coded 2 + 1 + 1 adds 10/3), so α is summed unit by unit in text order.
    expect(report.corpus.overall).toEqual({ tokens: 856, fleiss_kappa: 0.7572393606898563, krippendorff_alpha: 0.763042094633996, alpha_u: 0.49990911155043116 });
    expect(report.labels).toEqual([...PINNED_LABELS, 'Weapon']);
    expect(report.documents.map((d) => [d.document, d.annotated.length, d.disagreements, d.overall.krippendorff_alpha, d.overall.fleiss_kappa, d.overall.alpha_u])).toEqual([
      ['seed-000', 4, 48, 0.7573910860894252, 0.7572393606898563, 0.49990911155043116],
      ['seed-004', 3, 45, 0.7617619750681137, 0.7615749750485418, 0.6947729313938662],
      ['breaking-news', 3, 3, 0.8474295190713101, 0.845771144278607, 0.8292960122126938],
    ]);
    // Code point offsets where the text has an emoji before the row (UTF-16 would say 7).
    expect(report.disagreements.find((r) => r.document === 'breaking-news')).toEqual({
      document: 'breaking-news',
      start: 0,
      end: 6,
      text: '🔴 عاجل',
      labels: { Ali: 'Place', Layla: 'CasualtyCount', Omar: null, Sara: 'Place' },
    });
  });

  it('gives the pinned report of one pair (the reference named first), and the same disagreement table', () => {
    const report = agreementReport(pinnedDocuments(), ['Layla', 'Ali'], { labels: PINNED_LABELS });
    expect(`${JSON.stringify(report, null, 1)}\n`).toBe(pinned('pinned-report-pair.json'));
    const expected = JSON.parse(pinned('pinned-report-pair.json')) as { disagreements: DisagreementRow[] };
    expect(disagreementCsv(report.disagreements, report.annotators)).toBe(disagreementCsv(expected.disagreements, ['Layla', 'Ali']));
  });

  it('does not depend on the order the spans of a layer come in', () => {
    const reversed = pinnedDocuments().map((d) => ({ ...d, layers: new Map([...d.layers].map(([a, spans]) => [a, [...spans].reverse()])) }));
    const report = agreementReport(reversed, PINNED_ANNOTATORS, { labels: PINNED_LABELS });
    expect(`${JSON.stringify(report, null, 1)}\n`).toBe(pinned('pinned-report.json'));
  });
});
