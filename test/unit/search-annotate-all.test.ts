import { describe, expect, it } from 'vitest';
import { findMatches, occurrencesOf } from '../../shared/search';
import { cpSlice, seed000, seed004 } from '../fixtures/text/load';

// "Annotate all occurrences" on the seeds; the spans of test/fixtures/corpus/000_*.ann as input.

const texts = (text: string, hits: readonly { start: number; end: number }[]): string[] => hits.map((h) => cpSlice(text, h.start, h.end));

describe('occurrencesOf', () => {
  it('finds every whole-token دير الزور of seed 000, the annotated ones (T4, T9) among them', () => {
    const hits = occurrencesOf(seed000, 'دير الزور', { clitics: false });
    expect(hits).toEqual([91, 329, 540, 634, 746].map((start) => ({ start, end: start + 9 })));
    expect(hits).toContainEqual({ start: 91, end: 100 }); // T4
    expect(hits).toContainEqual({ start: 329, end: 338 }); // T9
  });

  it('never finds a span text inside a word', () => {
    expect(occurrencesOf(seed004, 'العراق', { clitics: false })).toHaveLength(6);
    expect(occurrencesOf(seed004, 'العراق', { clitics: true })).toHaveLength(6); // والعراقية, العراقية are other words
  });

  it('with clitics, shapes each occurrence like the span: clitics the span lacks are left out', () => {
    const hits = occurrencesOf(seed000, 'مليشيات', { clitics: true });
    expect(hits).toEqual([
      { start: 58, end: 65 }, // و|مليشيات
      { start: 399, end: 406 }, // ال|مليشيات
      { start: 597, end: 604 }, // وال|مليشيات
      { start: 699, end: 706 }, // لل|مليشيات: the first ل and the article's ل
    ]);
    expect(texts(seed000, hits)).toEqual(['مليشيات', 'مليشيات', 'مليشيات', 'مليشيات']);
    // findMatches instead covers the whole token.
    expect(texts(seed000, findMatches(seed000, 'مليشيات', { clitics: true, wholeToken: true }))).toEqual([
      'ومليشيات',
      'المليشيات',
      'والمليشيات',
      'للمليشيات',
    ]);
  });

  it('gives back the span itself for its own text (T2 مليشيات موالية لإيران at 58–79)', () => {
    expect(occurrencesOf(seed000, 'مليشيات موالية لإيران', { clitics: true })).toEqual([{ start: 58, end: 79 }]);
    expect(occurrencesOf(seed000, 'المرصد السوري لحقوق الإنسان', { clitics: true })).toEqual([{ start: 219, end: 246 }]); // T6
  });

  it('keeps the article when the span has it: للمرصد for المرصد gives لمرصد, as "trim clitic" does', () => {
    const text = seed000.replace('وقال المرصد السوري', 'ووفقا للمرصد السوري');
    const hits = occurrencesOf(text, 'المرصد', { clitics: true });
    expect(hits).toEqual([
      { start: 221, end: 226 },
      { start: 496, end: 502 },
    ]);
    expect(texts(text, hits)).toEqual(['لمرصد', 'المرصد']);
    expect(occurrencesOf(text, 'المرصد', { clitics: false })).toEqual([{ start: 496, end: 502 }]);
  });

  it('finds the bare form whole when the span carries a clitic: بدير الزور finds دير الزور', () => {
    expect(occurrencesOf(seed000, 'بدير الزور', { clitics: true })).toEqual(occurrencesOf(seed000, 'دير الزور', { clitics: false }));
    expect(occurrencesOf(seed000, 'بدير الزور', { clitics: false })).toEqual([]);
  });

  it('folds harakat and tatweel of the span text: بـ "الانتهاك and الانتهاك', () => {
    expect(occurrencesOf(seed004, 'الانْتِهاك', { clitics: false })).toEqual([{ start: 1801, end: 1809 }]);
    expect(occurrencesOf(seed004, 'المسيّرة', { clitics: false })).toEqual([{ start: 1046, end: 1054 }]);
  });
});
