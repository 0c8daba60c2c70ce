import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgreementTally, agreementReport, labelConfusion, type AgreementDocument, type AgreementPart } from '../../shared/agreement';
import { PINNED_ANNOTATORS, PINNED_LABELS, pinnedDocuments } from '../fixtures/agreement/pinned-documents';

// The report put together from parts (runs of documents tallied on their own, handed over as
// plain data as a worker thread would, added in order) is the pinned report of the
// implementation before the speed rework, byte for byte: the same as all documents at once.

const pinned = (name: string): string => readFileSync(new URL(`../fixtures/agreement/${name}`, import.meta.url), 'utf8');

/** The report of `runs` tallied one by one, each part passed through structured cloning. */
function fromParts(runs: readonly (readonly AgreementDocument[])[], annotators: readonly string[], labels: readonly string[]): string {
  const whole = new AgreementTally(annotators, labels);
  for (const run of runs) {
    const tally = new AgreementTally(annotators, labels);
    for (const doc of run) tally.add(doc);
    whole.addPart(structuredClone(tally.part()) as AgreementPart);
  }
  return `${JSON.stringify(whole.report(), null, 1)}\n`;
}

/** Every way of cutting `items` into consecutive runs (empty runs included at the ends). */
function cuttings<T>(items: readonly T[]): T[][][] {
  const out: T[][][] = [[[], [...items]], [[...items], []]];
  for (let a = 1; a < items.length; a++) {
    out.push([items.slice(0, a), items.slice(a)]);
    for (let b = a + 1; b < items.length; b++) out.push([items.slice(0, a), items.slice(a, b), items.slice(b)]);
  }
  return out;
}

describe('AgreementTally from parts', () => {
  const labels = [...PINNED_LABELS, 'Weapon'];

  it('gives the pinned report of four annotators with missing data however the documents are cut', () => {
    const expected = pinned('pinned-report.json');
    for (const runs of cuttings(pinnedDocuments())) expect(fromParts(runs, PINNED_ANNOTATORS, labels)).toBe(expected);
  });

  it('gives the pinned report of one pair however the documents are cut', () => {
    const expected = pinned('pinned-report-pair.json');
    for (const runs of cuttings(pinnedDocuments())) expect(fromParts(runs, ['Layla', 'Ali'], labels)).toBe(expected);
  });

  it('tells a part from the whole: one run alone is the report of its documents only', () => {
    const [first] = pinnedDocuments();
    const alone = fromParts([[first as AgreementDocument], []], PINNED_ANNOTATORS, labels);
    expect(alone).toBe(`${JSON.stringify(agreementReport([first as AgreementDocument], PINNED_ANNOTATORS, { labels }), null, 1)}\n`);
    expect(alone).not.toBe(pinned('pinned-report.json'));
  });

  it('gives the label confusion of every pair, as labelConfusion of the documents counts it, however the documents are cut', () => {
    const documents = pinnedDocuments();
    for (const annotators of [PINNED_ANNOTATORS, ['Layla', 'Ali']]) {
      const expected = labelConfusion(documents, agreementReport(documents, annotators, { labels }).corpus.pairs, labels);
      expect(expected.length).toBe((annotators.length * (annotators.length - 1)) / 2);
      // Not all O: the pairs agree and disagree on labelled tokens.
      expect(expected.every((c) => c.counts.slice(0, -1).some((row) => row.some((n) => n > 0)))).toBe(true);
      for (const runs of cuttings(documents)) {
        const whole = new AgreementTally(annotators, labels);
        for (const run of runs) {
          const tally = new AgreementTally(annotators, labels);
          for (const doc of run) tally.add(doc);
          whole.addPart(structuredClone(tally.part()) as AgreementPart);
        }
        expect(whole.confusion()).toEqual(expected);
      }
    }
  });

  it('refuses a label it was not given, and a repeated annotator', () => {
    const tally = new AgreementTally(PINNED_ANNOTATORS, PINNED_LABELS);
    expect(() => tally.add(pinnedDocuments()[0] as AgreementDocument)).toThrow(RangeError);
    expect(() => new AgreementTally(['Ali', 'Ali'], PINNED_LABELS)).toThrow('named twice');
  });
});
