import { describe, expect, it } from 'vitest';
import {
  CSV_BOM,
  agreementTokens,
  disagreementCsv,
  disagreements,
  spanMatch,
  tokenLabels,
  type SpanLike,
} from '../../shared/agreement';
import { cpOccurrences, cpSlice, seed000, seed004 } from '../fixtures/text/load';

// Tokens, token labels, span matching and the disagreement table, by hand on the seed texts.

/** The `nth` occurrence (0-based) of `quote` in `text` as a span of `label`, in code points. */
function at(text: string, label: string, quote: string, nth = 0): SpanLike {
  const start = cpOccurrences(text, quote)[nth];
  if (start === undefined) throw new Error(`"${quote}" #${nth} is not in the text`);
  return { label, start, end: start + [...quote].length };
}

describe('agreementTokens', () => {
  it('cuts runs of letters, marks, digits and tatweel, and every punctuation mark alone', () => {
    const text = 'بـ "الانتهاك" 24)- ساعة... كُتِبَ\u200Cها';
    expect(agreementTokens(text).map((t) => t.text)).toEqual(['بـ', '"', 'الانتهاك', '"', '24', ')', '-', 'ساعة', '.', '.', '.', 'كُتِبَ', 'ها']);
  });

  it('gives code point offsets: an emoji counts one', () => {
    const tokens = agreementTokens('🚨 عاجل');
    expect(tokens).toEqual([
      { start: 0, end: 1, text: '🚨' },
      { start: 2, end: 6, text: 'عاجل' },
    ]);
  });

  it('keeps clitics on their word and never makes a token of white space', () => {
    const tokens = agreementTokens(seed000);
    expect(tokens.some((t) => t.text === 'ومليشيات')).toBe(true);
    expect(tokens.some((t) => t.text === 'لإيران')).toBe(true);
    expect(tokens.every((t) => !/\s/u.test(t.text) && cpSlice(seed000, t.start, t.end) === t.text)).toBe(true);
  });
});

describe('tokenLabels', () => {
  const governorate = at(seed000, 'Place', 'محافظة\nدير الزور');
  const city = at(seed000, 'Place', 'دير الزور');
  const militia = at(seed000, 'Actor', 'مليشيات موالية لإيران');
  const iran = at(seed000, 'Place', 'إيران');

  const labelsOf = (spans: readonly SpanLike[], from: number, to: number): string[] =>
    tokenLabels(seed000, spans)
      .filter((t) => t.start >= from && t.end <= to)
      .map((t) => `${t.text}:${t.label}`);

  it('gives the tokens of a span across a line break its label, and the line break none', () => {
    expect(labelsOf([governorate], 80, 101)).toEqual(['في:O', 'محافظة:Place', 'دير:Place', 'الزور:Place', '،:O']);
  });

  it('takes the label of the shortest overlapping span; a clitic-trimmed span labels its whole token', () => {
    expect(labelsOf([militia, iran], 56, 80)).toEqual(['ومليشيات:Actor', 'موالية:Actor', 'لإيران:Place', '،:O']);
    // Same length: the earlier start wins, then the smaller label.
    const a: SpanLike = { label: 'Place', start: 58, end: 66 };
    const b: SpanLike = { label: 'Actor', start: 60, end: 68 };
    expect(labelsOf([b, a], 57, 66)).toEqual(['ومليشيات:Place']);
    expect(labelsOf([{ ...a, label: 'Claim' }, { ...a, label: 'Actor' }], 57, 66)).toEqual(['ومليشيات:Actor']);
  });

  it('labels every token O without spans', () => {
    expect(tokenLabels(seed000, []).every((t) => t.label === 'O')).toBe(true);
    expect(tokenLabels('', [city])).toEqual([]);
  });
});

describe('spanMatch on seed 000', () => {
  const governorate = at(seed000, 'Place', 'محافظة\nدير الزور');
  const city = at(seed000, 'Place', 'دير الزور');

  it('nested spans: the inner one matches exactly, the outer one has no partner left', () => {
    const m = spanMatch([governorate, city], [city], ['Actor', 'Place']);
    expect(m.labels.Place).toMatchObject({ reference_spans: 2, other_spans: 1, matched_exact: 1, matched_overlap: 1 });
    expect(m.labels.Place?.precision_exact).toBe(1);
    expect(m.labels.Place?.recall_exact).toBe(0.5);
    expect(m.labels.Place?.f1_exact).toBeCloseTo(2 / 3, 12);
    expect(m.labels.Place?.f1_overlap).toBeCloseTo(2 / 3, 12);
    // A label nobody used is reported, with undefined figures.
    expect(m.labels.Actor).toMatchObject({ reference_spans: 0, other_spans: 0, f1_exact: null, precision_overlap: null, recall_overlap: null });
    expect(m.overall.f1_exact).toBeCloseTo(2 / 3, 12);
  });

  it('the outer span against the inner one: no exact match, one overlap match', () => {
    const m = spanMatch([governorate], [city]);
    expect(m.overall).toMatchObject({ precision_exact: 0, recall_exact: 0, f1_exact: 0, precision_overlap: 1, recall_overlap: 1, f1_overlap: 1 });
  });

  it('a span across the line break against the two halves: the larger half is its partner', () => {
    const halves = [at(seed000, 'Place', 'محافظة'), city];
    const m = spanMatch([governorate], halves);
    expect(m.overall).toMatchObject({ matched_exact: 0, matched_overlap: 1, precision_overlap: 0.5, recall_overlap: 1 });
    expect(m.overall.f1_overlap).toBeCloseTo(2 / 3, 12);
    // The tokens agree all the same: محافظة, دير and الزور are Place in both layers.
    expect(tokenLabels(seed000, [governorate]).map((t) => t.label)).toEqual(tokenLabels(seed000, halves).map((t) => t.label));
  });

  it('a clitic-trimmed span (إيران in لإيران) matches the untrimmed one by overlap only', () => {
    const trimmed = at(seed000, 'Actor', 'إيران');
    const untrimmed = at(seed000, 'Actor', 'لإيران');
    expect(spanMatch([trimmed], [untrimmed]).overall).toMatchObject({ f1_exact: 0, f1_overlap: 1 });
  });

  it('compares only spans of the same label, and swapping the reference swaps precision and recall', () => {
    const ref = [governorate, city, at(seed000, 'Actor', 'القوات الأمريكية')];
    const other = [{ ...city, label: 'Actor' }, at(seed000, 'Actor', 'القوات الأمريكية'), at(seed000, 'Actor', 'القوات الأمريكية', 1)];
    const ab = spanMatch(ref, other).overall;
    const ba = spanMatch(other, ref).overall;
    expect(ab).toMatchObject({ matched_exact: 1, matched_overlap: 1, precision_exact: 1 / 3, recall_exact: 1 / 3 });
    expect(ba.precision_exact).toBe(ab.recall_exact);
    expect(ba.f1_overlap).toBe(ab.f1_overlap);
  });

  it('greedy overlap pairing: the largest overlap first, one-to-one', () => {
    // Reference [0,10) and [8,12); other [5,12): it shares 5 with the first and 4 with the second.
    const m = spanMatch(
      [
        { label: 'X', start: 0, end: 10 },
        { label: 'X', start: 8, end: 12 },
      ],
      [{ label: 'X', start: 5, end: 12 }],
    );
    expect(m.overall).toMatchObject({ matched_overlap: 1, recall_overlap: 0.5, precision_overlap: 1 });
  });

  it('exact matches one-to-one at any offsets: past 2^26 code points and not whole numbers too', () => {
    // Below 2^26 the offsets are keyed as one number each pair; beyond, or with a fraction, as text.
    const far = 2 ** 26;
    const pairs: readonly (readonly [number, number])[] = [
      [3, 9],
      [3, 9],
      [far - 1, far + 4],
      [far + 2, far + 7],
      [1.5, 4],
    ];
    const ref = pairs.map(([start, end]) => ({ label: 'X', start, end }));
    // One [3, 9) only, the far spans exactly, the fractional one, and [far, far + 7) which equals no reference span.
    const other = [ref[0], ref[2], ref[3], ref[4], { label: 'X', start: far, end: far + 7 }].map((s) => ({ ...(s as SpanLike) }));
    expect(spanMatch(ref, other).overall).toMatchObject({ reference_spans: 5, other_spans: 5, matched_exact: 4 });
    expect(spanMatch(ref.slice(0, 2), other.slice(0, 1)).overall).toMatchObject({ matched_exact: 1 });
  });
});

describe('disagreements', () => {
  const doc = (layers: Record<string, readonly SpanLike[]>) => ({ id: 'seed000', text: seed000, layers: new Map(Object.entries(layers)) });

  it('gives each stretch the layers label differently, with every label, O, and null for missing', () => {
    const ali = [at(seed000, 'Place', 'محافظة\nدير الزور'), at(seed000, 'Actor', 'إيران'), at(seed000, 'Actor', 'القوات الأمريكية')];
    const layla = [at(seed000, 'Place', 'دير الزور'), at(seed000, 'Actor', 'لإيران'), at(seed000, 'Actor', 'القوات الأمريكية')];
    const rows = disagreements(doc({ Ali: ali, Layla: layla }), ['Ali', 'Layla', 'Omar']);
    expect(rows.map((r) => [r.text, r.labels.Ali, r.labels.Layla, r.labels.Omar])).toEqual([
      ['ل', 'O', 'Actor', null],
      ['محافظة', 'Place', 'O', null],
    ]);
    expect(rows[1]).toMatchObject({ document: 'seed000', start: 84, end: 90 });
  });

  it('has no row when fewer than two layers annotated the document, or when they agree', () => {
    const spans = [at(seed000, 'Place', 'دير الزور')];
    expect(disagreements(doc({ Ali: spans }), ['Ali', 'Layla'])).toEqual([]);
    expect(disagreements(doc({ Ali: spans, Layla: [...spans] }), ['Ali', 'Layla'])).toEqual([]);
  });

  it('writes RFC 4180 CSV with a BOM and CRLF, quoting line breaks, commas and quotes', () => {
    const rows = disagreements(doc({ A: [at(seed000, 'Place', 'محافظة\nدير الزور')], B: [] }), ['A', 'B', 'C']);
    const csv = disagreementCsv([...rows, { document: 'x', start: 0, end: 3, text: 'a,"b', labels: { A: 'O', B: 'Claim', C: null } }], ['A', 'B', 'C']);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['document,start,end,text,A,B,C', 'seed000,84,100,"محافظة\nدير الزور",Place,O,', 'x,0,3,"a,""b",O,Claim,', '']);
  });

  it('works on seed 004 with its tatweel (بـ is one token)', () => {
    const b = at(seed004, 'Claim', 'بـ');
    expect(tokenLabels(seed004, [b]).filter((t) => t.label === 'Claim').map((t) => t.text)).toEqual(['بـ']);
  });
});
