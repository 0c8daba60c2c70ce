import { describe, expect, it } from 'vitest';
import { MIN_SCORE, reanchorSpans, type ReanchorResult } from '../../shared/corpus/reanchor';
import type { Span } from '../../shared/model';
import { quoteContext } from '../../shared/text';
import { SPANS, TEXT, span } from '../fixtures/reanchor/load';

/** A span of seed 000 at `[start, end)`, with quote and context as a layer stores them. */
function spanAt(id: string, start: number, end: number): Span {
  return { id, label: 'Place', start, end, ...quoteContext(TEXT, start, end), attributes: {}, note: '' };
}

function resultOf(results: readonly ReanchorResult[], id: string): ReanchorResult {
  const found = results.find((r) => r.spanId === id);
  if (found === undefined) throw new Error(`no result for ${id}`);
  return found;
}

/** `[outcome, start, end]` of span `id` after re-anchoring in `newText`. */
function placement(newText: string, id: string, spans: readonly Span[] = SPANS): [string, number?, number?] {
  const r = resultOf(reanchorSpans(spans, newText), id);
  return [r.outcome, r.start, r.end];
}

/** The text of `[start, end)` code points of `text`. */
function cpSlice(text: string, start: number | undefined, end: number | undefined): string {
  return [...text].slice(start, end).join('');
}

/** `TEXT` with the `nth` (0-based) occurrence of `from` replaced by `to`. */
function replaceNth(from: string, to: string, nth = 0): string {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = TEXT.indexOf(from, at + 1);
  if (at < 0) throw new Error(`no occurrence ${nth} of ${from}`);
  return TEXT.slice(0, at) + to + TEXT.slice(at + from.length);
}

describe('the fixture', () => {
  it('holds the real spans of seed 000', () => {
    expect(span('T4')).toMatchObject({ start: 91, end: 100, text: 'دير الزور' });
    expect(span('T8')).toMatchObject({ start: 325, end: 345, text: 'ريف دير الزور الشرقي' });
    expect(SPANS).toHaveLength(13);
  });
});

describe('reanchorSpans', () => {
  it('keeps every span of an unchanged text where it was', () => {
    const results = reanchorSpans(SPANS, TEXT);
    expect(results.map((r) => r.spanId)).toEqual(SPANS.map((s) => s.id));
    for (const [k, r] of results.entries()) {
      expect(r).toEqual({ spanId: SPANS[k]?.id, outcome: 'unchanged', start: SPANS[k]?.start, end: SPANS[k]?.end, score: 1 });
    }
  });

  it('shifts every span exactly when a paragraph is inserted before them', () => {
    const paragraph = 'تحديث: أضيفت هذه الفقرة بعد التعليق على النص.\n'; // 46 code points
    const results = reanchorSpans(SPANS, paragraph + TEXT);
    expect(resultOf(results, 'T4')).toMatchObject({ outcome: 'exact', start: 137, end: 146 });
    expect(resultOf(results, 'T8')).toMatchObject({ outcome: 'exact', start: 371, end: 391 });
    expect(resultOf(results, 'T9')).toMatchObject({ outcome: 'exact', start: 375, end: 384 });
    for (const s of SPANS) expect(resultOf(results, s.id)).toMatchObject({ outcome: 'exact', start: s.start + 46, end: s.end + 46 });
  });

  it('counts an emoji inserted before as one code point, not two UTF-16 units', () => {
    const results = reanchorSpans(SPANS, '🙂 ' + TEXT);
    expect(resultOf(results, 'T4')).toMatchObject({ outcome: 'exact', start: 93, end: 102 });
    expect(resultOf(results, 'T8')).toMatchObject({ outcome: 'exact', start: 327, end: 347 });
    expect(resultOf(results, 'T13')).toMatchObject({ outcome: 'exact', start: 1114, end: 1203 });
  });

  it('follows a line break turned into CRLF, before a span and inside one', () => {
    const newText = replaceNth('\n', '\r\n'); // the break in "محافظة\nدير الزور", after code point 90
    const governorate = spanAt('gov', 84, 100); // محافظة\nدير الزور, across the break
    const spans = [...SPANS, governorate];
    expect(placement(newText, 'T1', spans)).toEqual(['unchanged', 39, 55]);
    expect(placement(newText, 'T4', spans)).toEqual(['exact', 92, 101]);
    expect(placement(newText, 'T8', spans)).toEqual(['exact', 326, 346]);
    const [outcome, start, end] = placement(newText, 'gov', spans);
    expect([outcome, start, end]).toEqual(['fuzzy', 84, 101]);
    expect(cpSlice(newText, start, end)).toBe('محافظة\r\nدير الزور');
  });

  it('finds a quote with a letter changed inside it (fuzzy)', () => {
    const newText = replaceNth('ريف دير الزور الشرقي', 'ريف دير الزور الشرقى');
    const r = resultOf(reanchorSpans(SPANS, newText), 'T8');
    expect(r).toMatchObject({ outcome: 'fuzzy', start: 325, end: 345 });
    expect(r.score).toBeGreaterThan(0.95);
    expect(placement(newText, 'T9')).toEqual(['unchanged', 329, 338]);
  });

  it('finds a long quote with words changed inside it (fuzzy), and the spans after it', () => {
    // مراكزنا → مواقعنا (3 edits), الرد → الردع (1 edit, one code point longer): 4 of 8 allowed.
    const newText = replaceNth('مراكزنا', 'مواقعنا').replace('على الرد في', 'على الردع في');
    const r = resultOf(reanchorSpans(SPANS, newText), 'T13');
    expect(r).toMatchObject({ outcome: 'fuzzy', start: 1112, end: 1202 });
    expect(cpSlice(newText, r.start, r.end)).toBe('قال البيان: "لدينا القدرة على الردع في حال تم استهداف مواقعنا وقواتنا على الأراضي السورية"');
    expect(placement(newText, 'T12')).toEqual(['exact', 1695, 1704]);
  });

  it('finds a quote once diacritics are added to it (fuzzy), snapped to whole graphemes', () => {
    const newText = replaceNth('ريف دير الزور الشرقي', 'رِيف دَيْر الزُّور الشَّرْقِي'); // 9 marks added
    const results = reanchorSpans(SPANS, newText);
    expect(resultOf(results, 'T8')).toMatchObject({ outcome: 'fuzzy', start: 325, end: 354 });
    expect(cpSlice(newText, 325, 354)).toBe('رِيف دَيْر الزُّور الشَّرْقِي');
    // The nested دير الزور follows its own diacritised words, not a bare occurrence elsewhere.
    expect(resultOf(results, 'T9')).toMatchObject({ outcome: 'fuzzy', start: 330, end: 343 });
    expect(resultOf(results, 'T4')).toMatchObject({ outcome: 'unchanged', start: 91, end: 100 });
    expect(resultOf(results, 'T10')).toMatchObject({ outcome: 'exact', start: 1071, end: 1085 });
  });

  it('never leaves a span between a letter and its haraka', () => {
    const newText = replaceNth('دير الزور،', 'دير الزورُ،'); // a damma on the last letter of T4
    const r = resultOf(reanchorSpans(SPANS, newText), 'T4');
    expect(r).toMatchObject({ outcome: 'fuzzy', start: 91, end: 101 });
    expect(cpSlice(newText, r.start, r.end)).toBe('دير الزورُ');
  });

  it('orphans a span whose quote was deleted, with a reason, and keeps the others', () => {
    const newText = replaceNth('ريف دير الزور الشرقي', '');
    const results = reanchorSpans(SPANS, newText);
    const t8 = resultOf(results, 'T8');
    expect(t8.outcome).toBe('orphaned');
    expect(t8.start).toBeUndefined();
    expect(t8.reason).toMatch(/"ريف دير الزور الشرقي" occurs nowhere in the text, verbatim or with at most 2 edit/);
    // دير الزور, nested in it, still occurs elsewhere, but with neither of its neighbours.
    const t9 = resultOf(results, 'T9');
    expect(t9.outcome).toBe('orphaned');
    expect(t9.score).toBeLessThan(MIN_SCORE);
    expect(t9.reason).toMatch(/context does not fit/);
    expect(resultOf(results, 'T4')).toMatchObject({ outcome: 'unchanged', start: 91, end: 100 });
    expect(resultOf(results, 'T10')).toMatchObject({ outcome: 'exact', start: 1042, end: 1056 });
    expect(results).toHaveLength(SPANS.length);
  });

  it('picks, among the five occurrences of دير الزور, the one whose context matches', () => {
    const starts = [91, 329, 540, 634, 746];
    const spans = starts.map((start, k) => spanAt(`d${k}`, start, start + 9));
    // Text inserted before, and the stored offsets all pointing at the first occurrence: only the
    // context can tell the five apart.
    const newText = 'مقدمة قصيرة.\n' + TEXT; // 13 code points
    const misplaced = spans.map((s) => ({ ...s, start: 91, end: 100 }));
    const results = reanchorSpans(misplaced, newText);
    expect(results.map((r) => [r.outcome, r.start, r.end])).toEqual(starts.map((s) => ['exact', s + 13, s + 22]));
    // With the offsets right the answer is the same, and the neighbours win over nearness.
    expect(reanchorSpans(spans, newText).map((r) => r.start)).toEqual(starts.map((s) => s + 13));
  });

  it('orphans, and never throws on, spans it cannot read', () => {
    const odd = [
      { ...span('T4'), id: 'empty', text: '' },
      { ...span('T4'), id: 'nan', start: Number.NaN, end: Number.NaN },
      { ...span('T4'), id: 'far', start: 10_000, end: 10_009 },
      { ...span('T4'), id: 'marks', text: 'ُ', prefix: '', suffix: '' },
    ];
    const results = reanchorSpans(odd, TEXT);
    expect(resultOf(results, 'empty')).toMatchObject({ outcome: 'orphaned', reason: 'the span has no quote to search for' });
    expect(resultOf(results, 'nan')).toMatchObject({ outcome: 'exact', start: 91, end: 100 });
    expect(resultOf(results, 'far')).toMatchObject({ outcome: 'exact', start: 91, end: 100 });
    expect(resultOf(results, 'marks').outcome).toBe('orphaned');
    expect(reanchorSpans(SPANS, '')).toSatisfy((rs: readonly ReanchorResult[]) => rs.every((r) => r.outcome === 'orphaned'));
  });

  it('honours maxErrorRate', () => {
    const newText = replaceNth('ريف دير الزور الشرقي', 'ريف دير الزور الشرقى');
    expect(resultOf(reanchorSpans(SPANS, newText, { maxErrorRate: 0 }), 'T8').outcome).toBe('orphaned');
    expect(resultOf(reanchorSpans(SPANS, newText, { maxErrorRate: 0.05 }), 'T8')).toMatchObject({ outcome: 'fuzzy', start: 325 });
  });

  it('re-anchors thousands of spans in a 100,000-character text quickly', () => {
    const copies = 50;
    const big = Array.from({ length: copies }, () => TEXT).join('\n');
    const stride = [...TEXT].length + 1; // code points per copy, with its joining line break
    const spans: Span[] = [];
    // Three annotators' worth: 3 × 50 × 13 = 1,950 spans.
    for (const who of ['a', 'b', 'c']) {
      for (let c = 0; c < copies; c++) {
        for (const s of SPANS) spans.push({ ...s, id: `${s.id}-${c}-${who}`, start: s.start + c * stride, end: s.end + c * stride });
      }
    }
    // Context from the big text itself, several spans per copy fuzzy, one quote gone everywhere.
    const layer = spans.map((s) => ({ ...s, ...quoteContext(big, s.start, s.end) }));
    const edited = ('فقرة مضافة.\n' + big).replaceAll('مراكزنا', 'مواقعنا').replaceAll('جون كيربي', 'ج. كيربي');
    expect(big.length).toBeGreaterThan(100_000);
    const newStride = stride - 1; // ج. كيربي is one code point shorter than جون كيربي
    const t0 = performance.now();
    const results = reanchorSpans(layer, edited);
    const elapsed = performance.now() - t0;
    expect(results).toHaveLength(3 * copies * SPANS.length);
    const t13 = results.filter((r) => /^T13-\d+-a$/.test(r.spanId));
    expect(t13.map((r) => [r.outcome, r.start])).toEqual(t13.map((_, c) => ['fuzzy', 1112 + 12 + c * newStride]));
    const t4 = results.filter((r) => /^T4-\d+-a$/.test(r.spanId));
    // Copy 12 lost 12 code points before it and gained 12: its spans did not move at all.
    expect(t4.map((r) => [r.outcome, r.start])).toEqual(t4.map((_, c) => [c === 12 ? 'unchanged' : 'exact', 91 + 12 + c * newStride]));
    expect(results.filter((r) => r.spanId.startsWith('T12-')).every((r) => r.outcome === 'orphaned')).toBe(true);
    expect(elapsed).toBeLessThan(10_000);
  });
});
