import { describe, expect, it } from 'vitest';
import { trimLeadingClitic } from '../../shared/text/trim-clitic';
import { cpSlice, seed000, seed004 } from '../fixtures/text/load';

// The "trim clitic" action on whole-token spans of the seeds (offsets counted against them).

const trimmed = (text: string, start: number, end: number): string | null => {
  const result = trimLeadingClitic(text, start, end);
  return result && cpSlice(text, result.start, result.end);
};

describe('trimLeadingClitic', () => {
  it('takes و off والعراقية and ومليشيات', () => {
    expect(cpSlice(seed004, 330, 339)).toBe('والعراقية');
    expect(trimLeadingClitic(seed004, 330, 339)).toEqual({ start: 331, end: 339 });
    expect(cpSlice(seed000, 57, 79)).toBe('ومليشيات موالية لإيران');
    expect(trimLeadingClitic(seed000, 57, 79)).toEqual({ start: 58, end: 79 });
  });

  it('takes ل off لإيران and only the first ل off للمليشيات', () => {
    expect(trimLeadingClitic(seed000, 73, 79)).toEqual({ start: 74, end: 79 });
    expect(trimmed(seed000, 73, 79)).toBe('إيران');
    expect(trimLeadingClitic(seed000, 697, 706)).toEqual({ start: 698, end: 706 });
    expect(trimmed(seed000, 697, 706)).toBe('لمليشيات');
  });

  it('takes ب off بريف دير الزور الشرقي (a span of several tokens)', () => {
    expect(cpSlice(seed004, 839, 860)).toBe('بريف دير الزور الشرقي');
    expect(trimLeadingClitic(seed004, 839, 860)).toEqual({ start: 840, end: 860 });
  });

  it('handles the brief examples والعراق, للمرصد, بدير الزور', () => {
    expect(trimmed('قال والعراق', 4, 11)).toBe('العراق');
    expect(trimmed('وفقا للمرصد', 5, 11)).toBe('لمرصد');
    expect(trimmed('قصف بدير الزور', 4, 14)).toBe('دير الزور');
    expect(trimLeadingClitic('قصف بدير الزور', 4, 14)).toEqual({ start: 5, end: 14 });
  });

  it('takes the clitic’s harakat and a tatweel after it too', () => {
    expect(trimLeadingClitic('وَالعراق', 0, 8)).toEqual({ start: 2, end: 8 });
    expect(trimLeadingClitic('بـالعراق', 0, 8)).toEqual({ start: 2, end: 8 });
    expect(trimLeadingClitic('بِـَالعراق', 0, 10)).toEqual({ start: 4, end: 10 });
  });

  it('counts code points after an emoji', () => {
    expect(trimLeadingClitic('🔴 والعراق', 2, 9)).toEqual({ start: 3, end: 9 });
  });

  it('returns null when the span does not begin with و ف ب ك ل, or too little would be left', () => {
    expect(trimLeadingClitic(seed004, 61, 67)).toBeNull(); // العراق
    expect(trimLeadingClitic('بي', 0, 2)).toBeNull();
    expect(trimLeadingClitic('في مدينة', 0, 8)).toBeNull(); // ف + ي: one letter left in the token
    expect(cpSlice(seed004, 1797, 1809)).toBe('بـ "الانتهاك');
    expect(trimLeadingClitic(seed004, 1797, 1809)).toBeNull(); // بـ: nothing left of the first token
    expect(trimLeadingClitic('سيقول', 0, 5)).toBeNull(); // the future س is not taken off
    expect(trimLeadingClitic('ب2021', 0, 5)).toEqual({ start: 1, end: 5 }); // a number is left: fine
    expect(trimLeadingClitic('والعراق', 3, 3)).toBeNull();
  });

  it('counts only what is left within the span', () => {
    expect(trimLeadingClitic('والعراق', 0, 2)).toBeNull(); // `وا`: one letter left
    expect(trimLeadingClitic('والعراق', 0, 3)).toEqual({ start: 1, end: 3 });
  });

  it('refuses offsets outside the text', () => {
    expect(() => trimLeadingClitic('والعراق', 0, 8)).toThrow(RangeError);
    expect(() => trimLeadingClitic('والعراق', -1, 3)).toThrow(RangeError);
  });
});
