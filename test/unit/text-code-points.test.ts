import { describe, expect, it } from 'vitest';
import { CodePointIndex, codePointLength } from '../../shared/text/code-points';
import { breakingNews, cpSlice, random, seed000 } from '../fixtures/text/load';

describe('codePointLength', () => {
  it('counts Arabic letters and harakat one each', () => {
    expect(codePointLength('قُتِلَ')).toBe(6);
    expect(codePointLength('')).toBe(0);
  });

  it('counts an astral character once although it is two UTF-16 units', () => {
    expect('🔴 عاجل'.length).toBe(7);
    expect(codePointLength('🔴 عاجل')).toBe(6);
    expect(codePointLength('🇸🇾')).toBe(2); // two regional indicators, one grapheme
  });

  it('counts a lone surrogate as one code point, as spreading does', () => {
    expect(codePointLength('ا\uD83Dب')).toBe(3);
    expect(codePointLength('\uDC00\uD800')).toBe(2); // low before high is no pair
  });

  it('agrees with the fixtures', () => {
    expect(codePointLength(seed000)).toBe(2083);
    expect(codePointLength(breakingNews)).toBe(156);
    expect(breakingNews.length).toBe(159);
  });
});

describe('CodePointIndex on text without astral characters (seed 000)', () => {
  const index = new CodePointIndex(seed000);

  it('maps every offset to itself', () => {
    expect(index.length).toBe(2083);
    for (const cp of [0, 90, 91, 100, 2083]) {
      expect(index.toUtf16(cp)).toBe(cp);
      expect(index.toCodePoint(cp)).toBe(cp);
    }
  });

  it('slices a place name across the hard line break', () => {
    expect(index.slice(84, 100)).toBe('محافظة\nدير الزور');
    expect(index.slice(91, 100)).toBe('دير الزور');
  });
});

describe('CodePointIndex on the breaking-news fixture (emoji, flag, harakat)', () => {
  const index = new CodePointIndex(breakingNews);

  it('shifts offsets after the emoji by one and after the flag by three', () => {
    expect(index.toUtf16(0)).toBe(0); // before 🔴
    expect(index.toUtf16(1)).toBe(2); // after 🔴
    expect(index.toUtf16(9)).toBe(10); // ق of قُتِلَ
    expect(index.toUtf16(72)).toBe(73); // before 🇸
    expect(index.toUtf16(73)).toBe(75); // between 🇸 and 🇾
    expect(index.toUtf16(74)).toBe(77); // the first \n
    expect(index.toUtf16(156)).toBe(159);
  });

  it('maps back from UTF-16', () => {
    expect(index.toCodePoint(0)).toBe(0);
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.toCodePoint(10)).toBe(9);
    expect(index.toCodePoint(77)).toBe(74);
    expect(index.toCodePoint(159)).toBe(156);
  });

  it('slices words with harakat after the emoji, and the name split by a line break', () => {
    expect(index.slice(9, 15)).toBe('قُتِلَ');
    expect(index.slice(62, 71)).toBe('دير الزور');
    expect(index.slice(72, 74)).toBe('🇸🇾');
    expect(index.slice(127, 143)).toBe('محافظة\nدير الزور');
    expect(index.slice(5, 5)).toBe('');
  });

  it('round-trips every offset', () => {
    for (let cp = 0; cp <= index.length; cp++) {
      expect(index.toCodePoint(index.toUtf16(cp))).toBe(cp);
      expect(index.slice(cp, index.length)).toBe(cpSlice(breakingNews, cp, index.length));
    }
  });

  it('refuses a UTF-16 offset between the halves of a surrogate pair', () => {
    expect(() => index.toCodePoint(1)).toThrow(RangeError); // inside 🔴
    expect(() => index.toCodePoint(74)).toThrow(RangeError); // inside 🇸
    expect(() => index.toCodePoint(76)).toThrow(RangeError); // inside 🇾
    expect(index.toCodePoint(75)).toBe(73); // between 🇸 and 🇾 is a code point boundary
  });

  it('refuses offsets out of range or not integers', () => {
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
    expect(() => index.toUtf16(157)).toThrow(RangeError);
    expect(() => index.toUtf16(1.5)).toThrow(RangeError);
    expect(() => index.toUtf16(Number.NaN)).toThrow(RangeError);
    expect(() => index.toCodePoint(-1)).toThrow(RangeError);
    expect(() => index.toCodePoint(160)).toThrow(RangeError);
    expect(() => index.slice(0, 157)).toThrow(RangeError);
    expect(() => index.slice(10, 9)).toThrow(RangeError);
  });
});

describe('CodePointIndex against a naive oracle', () => {
  it('agrees on a long generated text with many astral characters (binary-search path)', () => {
    const next = random(7);
    const pieces = ['د', 'ي', 'ر', ' ', '\n', 'ُ', '🔴', '𝟐', '🇸', 'ـ'];
    let text = '';
    for (let i = 0; i < 5000; i++) text += pieces[Math.floor(next() * pieces.length)];
    const chars = [...text];
    const utf16At: number[] = [0];
    for (const c of chars) utf16At.push((utf16At.at(-1) as number) + c.length);

    const index = new CodePointIndex(text);
    expect(index.length).toBe(chars.length);
    for (let cp = 0; cp <= chars.length; cp++) {
      expect(index.toUtf16(cp)).toBe(utf16At[cp]);
      expect(index.toCodePoint(utf16At[cp] as number)).toBe(cp);
    }
    for (let k = 0; k < 500; k++) {
      const a = Math.floor(next() * (chars.length + 1));
      const b = Math.floor(next() * (chars.length + 1));
      const [s, e] = a <= b ? [a, b] : [b, a];
      expect(index.slice(s, e)).toBe(chars.slice(s, e).join(''));
    }
  });

  it('handles a text that ends with an astral character and an empty text', () => {
    const index = new CodePointIndex('سوريا🇸🇾');
    expect(index.length).toBe(7);
    expect(index.toUtf16(7)).toBe(9);
    expect(index.toCodePoint(9)).toBe(7);
    expect(() => index.toCodePoint(8)).toThrow(RangeError);
    const empty = new CodePointIndex('');
    expect(empty.length).toBe(0);
    expect(empty.toUtf16(0)).toBe(0);
    expect(() => empty.toCodePoint(1)).toThrow(RangeError);
  });
});
