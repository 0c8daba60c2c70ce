import { describe, expect, it } from 'vitest';
import { snapSelection, type SnapMode } from '../../shared/text/snap-selection';
import { breakingNews, cpSlice, random, seed000, seed004 } from '../fixtures/text/load';

/** The snapped text, or null: what the annotator would see stored. */
function snapped(text: string, start: number, end: number, mode: SnapMode): string | null {
  const span = snapSelection(text, start, end, mode);
  return span === null ? null : cpSlice(text, span.start, span.end);
}

describe('snapSelection on seed 000', () => {
  it('snaps part of الزور to the whole word (word mode)', () => {
    expect(cpSlice(seed000, 95, 100)).toBe('الزور');
    expect(snapSelection(seed000, 96, 98, 'word')).toEqual({ start: 95, end: 100 });
    expect(snapSelection(seed000, 93, 97, 'word')).toEqual({ start: 91, end: 100 }); // ر of دير … ز
  });

  it('trims `دير الزور، ` to exactly دير الزور', () => {
    expect(cpSlice(seed000, 91, 102)).toBe('دير الزور، ');
    expect(snapSelection(seed000, 91, 102, 'word')).toEqual({ start: 91, end: 100 });
    expect(snapSelection(seed000, 91, 102, 'exact')).toEqual({ start: 91, end: 100 });
  });

  it('accepts the edges in either order', () => {
    expect(snapSelection(seed000, 102, 91, 'word')).toEqual({ start: 91, end: 100 });
    expect(snapSelection(seed000, 98, 96, 'exact')).toEqual({ start: 96, end: 98 });
  });

  it('keeps a span across the hard line break: محافظة\\nدير الزور', () => {
    expect(snapSelection(seed000, 87, 93, 'word')).toEqual({ start: 84, end: 94 });
    expect(snapped(seed000, 87, 93, 'word')).toBe('محافظة\nدير');
    expect(snapped(seed000, 83, 102, 'exact')).toBe('محافظة\nدير الزور');
  });

  it('trims the semicolon and space of `لحقوق الإنسان؛ `', () => {
    const at = seed000.indexOf('لحقوق الإنسان؛');
    expect(at).toBe(233);
    expect(cpSlice(seed000, 235, 248)).toBe('قوق الإنسان؛ ');
    expect(snapSelection(seed000, 235, 248, 'word')).toEqual({ start: 233, end: 246 });
    expect(snapped(seed000, 235, 248, 'word')).toBe('لحقوق الإنسان');
  });

  it('keeps digits: part of 2021 gives 2021, not the full stop', () => {
    expect(cpSlice(seed000, 2078, 2082)).toBe('2021');
    expect(snapSelection(seed000, 2079, 2083, 'word')).toEqual({ start: 2078, end: 2082 });
  });
});

describe('snapSelection on seed 004', () => {
  it('keeps العراق inside والعراقية in exact mode, and takes the whole token in word mode', () => {
    expect(cpSlice(seed004, 330, 339)).toBe('والعراقية');
    expect(snapSelection(seed004, 331, 337, 'exact')).toEqual({ start: 331, end: 337 });
    expect(snapSelection(seed004, 331, 337, 'word')).toEqual({ start: 330, end: 339 });
  });

  it('never ends a span on the tatweel of بـ "الانتهاك', () => {
    expect(cpSlice(seed004, 1797, 1809)).toBe('بـ "الانتهاك');
    expect(snapSelection(seed004, 1797, 1798, 'word')).toEqual({ start: 1797, end: 1798 }); // بـ → ب
    expect(snapSelection(seed004, 1797, 1799, 'exact')).toEqual({ start: 1797, end: 1798 });
    expect(snapSelection(seed004, 1797, 1803, 'exact')).toEqual({ start: 1797, end: 1803 }); // بـ "ال
    expect(snapSelection(seed004, 1797, 1809, 'word')).toEqual({ start: 1797, end: 1809 });
    expect(snapSelection(seed004, 1798, 1801, 'exact')).toBeNull(); // ـ " is nothing
    expect(snapSelection(seed004, 1798, 1803, 'word')).toEqual({ start: 1797, end: 1809 });
  });
});

describe('snapSelection on the breaking-news fixture (harakat, emoji)', () => {
  it('keeps the final fatha of قُتِلَ in word mode', () => {
    expect(snapSelection(breakingNews, 11, 12, 'word')).toEqual({ start: 9, end: 15 });
    expect(snapped(breakingNews, 11, 12, 'word')).toBe('قُتِلَ');
  });

  it('never splits a letter from its haraka in exact mode', () => {
    expect(snapped(breakingNews, 9, 10, 'exact')).toBe('قُ');
    expect(snapSelection(breakingNews, 10, 13, 'exact')).toEqual({ start: 9, end: 13 });
    expect(snapSelection(breakingNews, 12, 14, 'exact')).toEqual({ start: 11, end: 15 });
    expect(snapped(breakingNews, 12, 14, 'exact')).toBe('تِلَ');
  });

  it('keeps a final shadda: حيّ', () => {
    expect(snapSelection(breakingNews, 42, 43, 'word')).toEqual({ start: 42, end: 45 });
    expect(snapSelection(breakingNews, 42, 44, 'exact')).toEqual({ start: 42, end: 45 });
  });

  it('drops the emoji and flag at the edges; offsets after them are code points', () => {
    expect(snapSelection(breakingNews, 0, 6, 'word')).toEqual({ start: 2, end: 6 });
    expect(snapped(breakingNews, 0, 6, 'word')).toBe('عاجل');
    expect(snapSelection(breakingNews, 62, 75, 'exact')).toEqual({ start: 62, end: 71 });
    expect(snapSelection(breakingNews, 72, 73, 'exact')).toBeNull(); // half a flag: whole flag, trimmed
  });

  it('drops guillemets and the tatweel of بـقصفٍ', () => {
    expect(snapped(breakingNews, 81, 96, 'exact')).toBe('المرصد السوري');
    expect(snapped(breakingNews, 31, 32, 'word')).toBe('بـقصفٍ');
    expect(snapped(breakingNews, 31, 33, 'exact')).toBe('ب');
  });

  it('keeps a span across the line break and through the empty line', () => {
    expect(snapped(breakingNews, 130, 136, 'word')).toBe('محافظة\nدير');
    expect(snapped(breakingNews, 65, 80, 'word')).toBe('الزور 🇸🇾\n\nوقال');
  });
});

describe('snapSelection: trimming and edge cases', () => {
  it('trims bidi and format controls at the edges, and keeps them inside', () => {
    const text = 'قال \u200Fالمرصد\u200C\u200F: إن\u2066 24\u2069 ساعة';
    expect(snapped(text, 4, 13, 'exact')).toBe('المرصد');
    expect(snapped(text, 4, 13, 'word')).toBe('المرصد');
    expect(snapped(text, 13, 23, 'exact')).toBe('إن\u2066 24');
  });

  it('trims a haraka that sits on a tatweel or stands alone', () => {
    expect(snapped('بـَ قصف', 0, 3, 'exact')).toBe('ب');
    expect(snapped('قصف \u064E', 0, 5, 'exact')).toBe('قصف');
    expect(snapped('\u064Eقصف', 0, 4, 'exact')).toBe('قصف');
  });

  it('treats Arabic-Indic digits and astral letters as word characters', () => {
    expect(snapped('خلال ٢٤ ساعة', 6, 7, 'word')).toBe('٢٤');
    expect(snapped('ب𞸀ت و', 1, 2, 'word')).toBe('ب𞸀ت');
    expect(snapSelection('ب𞸀ت و', 1, 2, 'word')).toEqual({ start: 0, end: 3 });
  });

  it('returns null for an empty selection or one with nothing but spaces and punctuation', () => {
    expect(snapSelection(seed000, 95, 95, 'word')).toBeNull();
    expect(snapSelection(seed000, 100, 102, 'word')).toBeNull(); // `، `
    expect(snapSelection(seed000, 90, 91, 'exact')).toBeNull(); // the \n
    expect(snapSelection('', 0, 0, 'exact')).toBeNull();
  });

  it('throws RangeError for offsets outside the text', () => {
    expect(() => snapSelection(seed000, -1, 3, 'word')).toThrow(RangeError);
    expect(() => snapSelection(seed000, 0, 2084, 'exact')).toThrow(RangeError);
    expect(() => snapSelection(seed000, 0.5, 3, 'exact')).toThrow(RangeError);
  });
});

describe('snapSelection: properties over many selections', () => {
  const CORE = /^(?!\u0640)[\p{L}\p{Nd}]$/u; // tatweel is Lm: not a letter for span edges
  const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });

  function graphemeBoundaries(text: string): Set<number> {
    const set = new Set<number>();
    for (const { index } of graphemes.segment(text)) set.add([...text.slice(0, index)].length);
    set.add([...text].length);
    return set;
  }

  for (const [name, text] of [
    ['seed 000', seed000],
    ['seed 004', seed004],
    ['breaking news', breakingNews],
  ] as const) {
    it(`${name}: results start on a letter/digit, end on one (or its marks), sit on grapheme boundaries, and are stable`, () => {
      const next = random(name.length * 31);
      const length = [...text].length;
      const boundaries = graphemeBoundaries(text);
      let nonNull = 0;
      for (let k = 0; k < 400; k++) {
        const a = Math.floor(next() * (length + 1));
        const b = Math.min(length, a + Math.floor(next() * 40));
        for (const mode of ['word', 'exact'] as const) {
          const span = snapSelection(text, a, b, mode);
          if (span === null) continue;
          nonNull++;
          const chars = [...text].slice(span.start, span.end);
          expect(chars[0]).toMatch(CORE);
          const lastBase = chars.findLast((c) => !/^\p{M}$/u.test(c));
          expect(lastBase).toMatch(CORE);
          expect(boundaries.has(span.start)).toBe(true);
          expect(boundaries.has(span.end)).toBe(true);
          expect(snapSelection(text, span.start, span.end, mode)).toEqual(span);
          if (mode === 'exact') {
            expect(span.start).toBeGreaterThanOrEqual(Math.min(a, b) - 2); // at most a cluster outward
          }
        }
      }
      expect(nonNull).toBeGreaterThan(400);
    });
  }
});
