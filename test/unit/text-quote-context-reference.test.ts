import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUOTE_CONTEXT } from '../../shared/model';
import { CodePointIndex } from '../../shared/text/code-points';
import { quoteContext } from '../../shared/text/quote-context';
import { breakingNews, seed000, seed004 } from '../fixtures/text/load';

// quoteContext finds its grapheme boundaries without segmenting the whole text (see
// shared/text/grapheme-boundaries.ts). This pins it to what it computed before, kept here as the
// reference: one Intl.Segmenter pass over the whole text for each of the two cuts of each span.

const segmenter = new Intl.Segmenter('ar', { granularity: 'grapheme' });

function referenceQuoteContext(text: string, start: number, end: number, size: number = QUOTE_CONTEXT): { text: string; prefix: string; suffix: string } {
  const floor = (u16: number): number => {
    if (u16 <= 0 || u16 >= text.length) return u16;
    const cluster = segmenter.segment(text).containing(u16);
    return cluster === undefined ? u16 : cluster.index;
  };
  const ceil = (u16: number): number => {
    if (u16 <= 0 || u16 >= text.length) return u16;
    const cluster = segmenter.segment(text).containing(u16);
    if (cluster === undefined || cluster.index === u16) return u16;
    return cluster.index + cluster.segment.length;
  };
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`Context size ${size} is not a count`);
  const index = new CodePointIndex(text);
  const s = index.toUtf16(start);
  const e = index.toUtf16(end);
  if (e < s) throw new RangeError(`End ${end} is before start ${start}`);
  const prefixCut = Math.min(ceil(index.toUtf16(Math.max(0, start - size))), s);
  const suffixCut = Math.max(floor(index.toUtf16(Math.min(index.length, end + size))), e);
  return { text: text.slice(s, e), prefix: text.slice(prefixCut, s), suffix: text.slice(e, suffixCut) };
}

/** Vowelled Arabic with shadda, tatweel, superscript alef, a Quranic mark, an emoji with skin tone, a ZWJ family, a flag, a combining acute on Latin and a CRLF. */
const VOWELLED = 'بِسْمِ اللَّهِ الرَّحْمَٰنِ ۝١ قُتِلَ ثَلَاثَةُ مَدَنِيِّينَ بِـقَصْفٍ 👍🏽 عَلَى حَيِّ 👨‍👩‍👧 العُمّال 🇸🇾 في مَدِينَةِ دَيْرِ الزُّورِ، وَقَالَ «المَرْصَدُ» cafe\u0301\r\nإِنَّ.';

describe('quoteContext on vowelled Arabic (exact strings)', () => {
  const cp = (needle: string): number => [...VOWELLED.slice(0, VOWELLED.indexOf(needle))].length;
  const len = (s: string): number => [...s].length;

  it('cuts the prefix after whole letters with their harakat and shadda, never on a mark', () => {
    const at = cp('مَدَنِيِّينَ');
    const end = at + len('مَدَنِيِّينَ');
    // 8 code points back falls between ثَ and لَ of ثَلَاثَةُ, a boundary: all 8 are kept. 8 on
    // falls after the sukun of قَصْ, before ف: all 8 again.
    expect(quoteContext(VOWELLED, at, end, 8)).toEqual({ text: 'مَدَنِيِّينَ', prefix: 'لَاثَةُ ', suffix: ' بِـقَصْ' });
    // 7 back falls between ل and its fatha: the cut moves on past لَ. 7 on falls between ص and its
    // sukun: the cut moves back before ص.
    expect(quoteContext(VOWELLED, at, end, 7)).toEqual({ text: 'مَدَنِيِّينَ', prefix: 'اثَةُ ', suffix: ' بِـقَ' });
  });

  it('keeps the tatweel and the emoji with its skin tone whole', () => {
    const at = cp('عَلَى');
    const end = at + len('عَلَى');
    // 4 on falls between ي and the kasra and shadda on it: the suffix stops before يِّ.
    expect(quoteContext(VOWELLED, at, end, 4)).toEqual({ text: 'عَلَى', prefix: ' 👍🏽 ', suffix: ' حَ' });
    expect(quoteContext(VOWELLED, at, end, 3)).toEqual({ text: 'عَلَى', prefix: '👍🏽 ', suffix: ' حَ' });
    // 2 back is between 👍 and its skin tone: the emoji is left out rather than split; 2 on is
    // between ح and its fatha: the suffix stops before حَ
    expect(quoteContext(VOWELLED, at, end, 2)).toEqual({ text: 'عَلَى', prefix: ' ', suffix: ' ' });
    // the tatweel after بِ is a character of its own; 👍 with its skin tone (two code points) is one grapheme
    const before = cp('قَصْفٍ');
    expect(quoteContext(VOWELLED, before, before + len('قَصْفٍ'), 3)).toEqual({ text: 'قَصْفٍ', prefix: 'بِـ', suffix: ' 👍🏽' });
    // 2 back is between ب and its kasra: the prefix starts at the tatweel; 2 on is inside 👍🏽
    expect(quoteContext(VOWELLED, before, before + len('قَصْفٍ'), 2)).toEqual({ text: 'قَصْفٍ', prefix: 'ـ', suffix: ' ' });
  });

  it('keeps the ZWJ family and the flag whole or leaves them out', () => {
    const at = cp('العُمّال');
    expect(quoteContext(VOWELLED, at, at + len('العُمّال'), 6)).toEqual({ text: 'العُمّال', prefix: '👨‍👩‍👧 ', suffix: ' 🇸🇾 في' });
    expect(quoteContext(VOWELLED, at, at + len('العُمّال'), 5)).toEqual({ text: 'العُمّال', prefix: ' ', suffix: ' 🇸🇾 ف' });
    expect(quoteContext(VOWELLED, at, at + len('العُمّال'), 2)).toEqual({ text: 'العُمّال', prefix: ' ', suffix: ' ' });
  });

  it('keeps a combining acute with its letter and CR with LF', () => {
    const at = cp('cafe');
    expect(quoteContext(VOWELLED, at, at + 4, 2)).toEqual({ text: 'cafe', prefix: '» ', suffix: '\u0301' });
    expect(quoteContext(VOWELLED, at, at + 5, 2)).toEqual({ text: 'cafe\u0301', prefix: '» ', suffix: '\r\n' });
    expect(quoteContext(VOWELLED, at, at + 5, 1)).toEqual({ text: 'cafe\u0301', prefix: ' ', suffix: '' });
  });

  it('gives what the reference gives for every span of one to twelve code points and every size up to 40', () => {
    const length = [...VOWELLED].length;
    for (let start = 0; start < length; start++) {
      for (const width of [1, 5, 12]) {
        const end = Math.min(length, start + width);
        for (const size of [0, 1, 2, 3, 7, 24, 32, 40]) expect(quoteContext(VOWELLED, start, end, size)).toEqual(referenceQuoteContext(VOWELLED, start, end, size));
      }
    }
  });
});

describe('quoteContext against the reference (property)', () => {
  const pieces = [
    ...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىة',
    '\u064e', '\u064f', '\u0650', '\u0651', '\u0652', '\u064b', '\u0670', '\u0640', '\u06d6', '\u0600', '\u06dd', '\u061c', '\u200d', '\u200c', '\u200f',
    ' ', ' ', '\n', '\r', '\r\n', '،', '«', '»', '.', 'a', 'é', 'e\u0301', '٣', '24',
    '🔴', '🇸🇾', '🇸', '👍🏽', '👨‍👩‍👧', '❤️', '\ud83d', '\ude00', 'क्ष', '각',
  ];
  const textArb = fc.array(fc.constantFrom(...pieces), { minLength: 0, maxLength: 60 }).map((parts) => parts.join(''));

  it('gives the same prefix, quote and suffix for any span and size', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), fc.nat({ max: 40 }), (text, a, b, size) => {
        const length = [...text].length;
        const start = Math.min(a, b) % (length + 1);
        const end = Math.min(length, start + (Math.max(a, b) % 20));
        expect(quoteContext(text, start, end, size)).toEqual(referenceQuoteContext(text, start, end, size));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same as the reference for every span of the seeds and the breaking news with the default size', () => {
    for (const text of [seed000, seed004, breakingNews]) {
      const length = [...text].length;
      for (let start = 0; start < length; start += 3) {
        const end = Math.min(length, start + 1 + (start % 17));
        expect(quoteContext(text, start, end)).toEqual(referenceQuoteContext(text, start, end));
      }
    }
  });
});
