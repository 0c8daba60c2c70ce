import { describe, expect, it } from 'vitest';
import { readCasualtyCount, type CountReading } from '../../shared/numbers';
import { breakingNews, cpSlice, seed000, seed004 } from '../fixtures/text/load';

function evidence(text: string): readonly { start: number; end: number }[] {
  return (readCasualtyCount(text) as CountReading).evidence;
}

describe('evidence: exact code point offsets into the input', () => {
  it('gives [start, end) of the number and of the qualifier', () => {
    expect(evidence('أكثر من ٣٠ قتيلا')).toEqual([
      { start: 0, end: 7 },
      { start: 8, end: 10 },
    ]);
    expect(evidence('واحدة منها على الأقل')).toEqual([
      { start: 0, end: 5 },
      { start: 11, end: 20 },
    ]);
    expect(evidence('ثلاثة وعشرون قتيلا')).toEqual([{ start: 0, end: 12 }]);
    expect(evidence('لم تقع إصابات')).toEqual([{ start: 0, end: 13 }]);
  });

  it('leaves out a proclitic and keeps the harakat of the last letter', () => {
    expect(evidence('بخمسة')).toEqual([{ start: 1, end: 5 }]);
    expect(evidence('ولثلاثة')).toEqual([{ start: 2, end: 7 }]);
    expect(evidence('لنحو 12 قتيلا')).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 7 },
    ]);
    expect(evidence('خَمْسَةُ جـنود')).toEqual([{ start: 0, end: 8 }]);
  });

  it('counts an astral character before the number as one code point, not two UTF-16 units', () => {
    const text = '🔴 عاجل: مقتل جنديين';
    expect(text.indexOf('جنديين')).toBe(14); // UTF-16
    expect(evidence(text)).toEqual([{ start: 13, end: 19 }]); // code points
    expect(cpSlice(text, 13, 19)).toBe('جنديين');
  });

  it('reads the vocalised flash of the text fixtures', () => {
    const line = breakingNews.split('\n')[0] as string;
    expect(readCasualtyCount(line)).toMatchObject({ value: 3, qualifier: 'exact', outcome: 'killed' });
    expect(evidence(line).map((e) => cpSlice(line, e.start, e.end))).toEqual(['ثلاثةُ']);
  });

  it('reads a span across a hard line break', () => {
    const text = 'أسفر عن مقتل\nثلاثة جنود';
    expect(readCasualtyCount(text)).toMatchObject({ value: 3, outcome: 'killed' });
    expect(evidence(text).map((e) => cpSlice(text, e.start, e.end))).toEqual(['ثلاثة']);
  });
});

describe('evidence: properties over many spans', () => {
  const spans = [
    ...seed000.split(/[.،؛\n]/u),
    ...seed004.split(/[.،؛\n]/u),
    ...breakingNews.split('\n'),
    'أكثر من ٣٠ قتيلا',
    'نحو ۱۵ جريحا',
    'عشرات الآلاف من النازحين',
    'بين 10 و20 قتيلا',
    'مقتل متعاقد أمريكي وإصابة خمسة جنود أمريكيين',
    'إصابة مدنيين',
    '🔴 مقتل جنديين وإصابة ٣',
    'لم يسفر الهجوم عن وقوع إصابات',
  ];

  it('gives ascending ranges inside the text, starting and ending on letters, digits or marks', () => {
    let seen = 0;
    for (const text of spans) {
      const r = readCasualtyCount(text);
      if (!r) continue;
      seen++;
      const length = [...text].length;
      let previousEnd = 0;
      for (const { start, end } of r.evidence) {
        expect(Number.isInteger(start) && Number.isInteger(end)).toBe(true);
        expect(start).toBeGreaterThanOrEqual(previousEnd);
        expect(end).toBeGreaterThan(start);
        expect(end).toBeLessThanOrEqual(length);
        const slice = cpSlice(text, start, end);
        expect(slice).toMatch(/^[\p{L}\p{Nd}][\s\S]*[\p{L}\p{Nd}\p{M}]$|^[\p{L}\p{Nd}]$/u);
        previousEnd = end;
      }
    }
    expect(seen).toBeGreaterThan(8);
  });

  it('returns frozen values', () => {
    const r = readCasualtyCount('أكثر من ٣٠ قتيلا') as CountReading;
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.evidence)).toBe(true);
    expect(r.evidence.every((e) => Object.isFrozen(e))).toBe(true);
  });
});
