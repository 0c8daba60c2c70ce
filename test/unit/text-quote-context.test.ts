import { describe, expect, it } from 'vitest';
import { QUOTE_CONTEXT } from '../../shared/model';
import { quoteContext } from '../../shared/text/quote-context';
import { breakingNews, cpSlice, random, seed000, seed004 } from '../fixtures/text/load';

describe('quoteContext on seed 000', () => {
  it('gives دير الزور with 24 code points each side, the line break included', () => {
    expect(QUOTE_CONTEXT).toBe(24);
    expect(quoteContext(seed000, 91, 100)).toEqual({
      text: 'دير الزور',
      prefix: 'والية لإيران، في محافظة\n',
      suffix: '، شرقي سوريا.\nوقالت وسائ',
    });
  });

  it('shortens the context at the start and end of the text', () => {
    expect(quoteContext(seed000, 0, 4, 10)).toEqual({ text: 'شهدت', prefix: '', suffix: ' الساعات ا' });
    expect(quoteContext(seed000, 2078, 2083, 6)).toEqual({ text: '2021.', prefix: 'ة عام ', suffix: '' });
  });

  it('takes a custom size and an empty quote', () => {
    expect(quoteContext(seed000, 95, 95, 4)).toEqual({ text: '', prefix: 'دير ', suffix: 'الزو' });
    expect(quoteContext(seed000, 91, 100, 0)).toEqual({ text: 'دير الزور', prefix: '', suffix: '' });
  });
});

describe('quoteContext cuts on grapheme boundaries', () => {
  it('never starts the prefix with the damma of قُ', () => {
    // breaking news: ق 9, damma 10, ت 11, kasra 12, ل 13, fatha 14, space 15, ثلاثةُ 16–22
    expect(quoteContext(breakingNews, 16, 22, 7)).toEqual({ text: 'ثلاثةُ', prefix: 'قُتِلَ ', suffix: ' مدنيّي' });
    expect(quoteContext(breakingNews, 16, 22, 6)).toEqual({ text: 'ثلاثةُ', prefix: 'تِلَ ', suffix: ' مدنيّ' });
  });

  it('never ends the suffix between a letter and its haraka', () => {
    expect(quoteContext(breakingNews, 9, 15, 6)).toEqual({ text: 'قُتِلَ', prefix: 'اجل | ', suffix: ' ثلاث' });
    expect(quoteContext(breakingNews, 9, 15, 7)).toEqual({ text: 'قُتِلَ', prefix: 'عاجل | ', suffix: ' ثلاثةُ' });
  });

  it('counts code points after the emoji and keeps the flag whole', () => {
    expect(quoteContext(breakingNews, 2, 6, 2)).toEqual({ text: 'عاجل', prefix: '🔴 ', suffix: ' |' });
    expect(quoteContext(breakingNews, 76, 80, 5)).toEqual({ text: 'وقال', prefix: ' 🇸🇾\n\n', suffix: ' «الم' });
    // 3 code points back from 76 is between 🇸 and 🇾: the flag is left out rather than split
    expect(quoteContext(breakingNews, 76, 80, 3)).toEqual({ text: 'وقال', prefix: '\n\n', suffix: ' «ا' });
  });

  it('agrees with a slice whenever the cut is on a grapheme boundary, and stays within size', () => {
    const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });
    for (const text of [seed004, breakingNews]) {
      const chars = [...text];
      const boundaries = new Set<number>([chars.length]);
      for (const { index } of graphemes.segment(text)) boundaries.add([...text.slice(0, index)].length);
      const next = random(chars.length);
      for (let k = 0; k < 300; k++) {
        const start = Math.floor(next() * (chars.length + 1));
        const end = Math.min(chars.length, start + Math.floor(next() * 20));
        const size = Math.floor(next() * 30);
        const q = quoteContext(text, start, end, size);
        expect(q.text).toBe(cpSlice(text, start, end));
        const prefixLength = [...q.prefix].length;
        const suffixLength = [...q.suffix].length;
        expect(prefixLength).toBeLessThanOrEqual(size);
        expect(suffixLength).toBeLessThanOrEqual(size);
        expect(q.prefix).toBe(cpSlice(text, start - prefixLength, start));
        expect(q.suffix).toBe(cpSlice(text, end, end + suffixLength));
        if (prefixLength > 0) expect(boundaries.has(start - prefixLength)).toBe(true);
        if (suffixLength > 0) expect(boundaries.has(end + suffixLength)).toBe(true);
        if (boundaries.has(Math.max(0, start - size))) expect(prefixLength).toBe(Math.min(size, start));
        if (boundaries.has(Math.min(chars.length, end + size))) {
          expect(suffixLength).toBe(Math.min(size, chars.length - end));
        }
      }
    }
  });
});

describe('quoteContext errors', () => {
  it('throws RangeError for bad offsets or size', () => {
    expect(() => quoteContext(seed000, -1, 4)).toThrow(RangeError);
    expect(() => quoteContext(seed000, 0, 2084)).toThrow(RangeError);
    expect(() => quoteContext(seed000, 10, 9)).toThrow(RangeError);
    expect(() => quoteContext(seed000, 0, 4, -1)).toThrow(RangeError);
    expect(() => quoteContext(seed000, 0, 4, 1.5)).toThrow(RangeError);
  });
});
