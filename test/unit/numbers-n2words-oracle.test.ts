import { toCardinal } from 'n2words/ar-SA';
import { describe, expect, it } from 'vitest';
import { parseArabicNumber } from '../../shared/numbers';

/**
 * n2words (ar-SA) writes numbers; we read them back. It writes the nominative only and has a few
 * habits of its own, pinned below so that an upgrade that changes them shows up here:
 * - `مائة` (the older spelling; news also writes `مئة`), `مئتان`, `ألفان` (never `مئتين`, `ألفين`);
 * - 11 000–99 000 without the tanween alef when nothing follows (`أحد عشر ألف`; real text writes
 *   `أحد عشر ألفاً`), but `ألفاً` when more groups follow (`اثنا عشر ألفاً وثلاثمائة …`);
 * - the feminine option also puts the multiplier of `آلاف` in the feminine (`ثلاث آلاف`), although
 *   ألف is masculine and real text writes `ثلاثة آلاف`; both read as 3000;
 * - above our range, 101 000, 201 000, … 901 000 come out as `مائة وألف ألف` (not well-formed
 *   Arabic: `مئة ألف وألف` or `مئة وواحد ألف`); the parser returns null for those, by design.
 */
describe('parseArabicNumber against n2words', () => {
  it('reads back every number from 0 to 100 000 in both genders', () => {
    const wrong: string[] = [];
    for (let n = 0; n <= 100_000; n++) {
      for (const gender of ['masculine', 'feminine'] as const) {
        const words = toCardinal(n, { gender });
        if (parseArabicNumber(words) !== n) wrong.push(`${n} ${gender}: ${words} → ${parseArabicNumber(words)}`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('writes what we checked by hand', () => {
    const written = [1, 2, 3, 11, 12, 100, 200, 1000, 2000, 3000, 11_000, 99_999].map((n) => [
      n,
      toCardinal(n),
      toCardinal(n, { gender: 'feminine' }),
    ]);
    expect(written).toEqual([
      [1, 'واحد', 'واحدة'],
      [2, 'اثنان', 'اثنتان'],
      [3, 'ثلاثة', 'ثلاث'],
      [11, 'أحد عشر', 'إحدى عشرة'],
      [12, 'اثنا عشر', 'اثنتا عشرة'],
      [100, 'مائة', 'مائة'],
      [200, 'مئتان', 'مئتان'],
      [1000, 'ألف', 'ألف'],
      [2000, 'ألفان', 'ألفان'],
      [3000, 'ثلاثة آلاف', 'ثلاث آلاف'],
      [11_000, 'أحد عشر ألف', 'إحدى عشرة ألف'],
      [99_999, 'تسعة وتسعون ألفاً وتسعمائة وتسعة وتسعون', 'تسع وتسعون ألفاً وتسعمائة وتسع وتسعون'],
    ]);
  });

  it('returns null for the malformed x01 thousands above the range', () => {
    expect(toCardinal(101_000)).toBe('مائة وألف ألف');
    expect(parseArabicNumber('مائة وألف ألف')).toBeNull();
    expect(parseArabicNumber('مائة وواحد ألف')).toBe(101_000);
  });
});
