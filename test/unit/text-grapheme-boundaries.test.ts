import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemeCeil, graphemeChunks, graphemeFloor, isPlainUnit } from '../../shared/text/grapheme-boundaries';
import { breakingNews, seed000, seed004 } from '../fixtures/text/load';

/** The reference: what the helpers computed before their fast paths, one segmentation of the whole text per lookup. */
const segmenter = new Intl.Segmenter('ar', { granularity: 'grapheme' });
function referenceFloor(text: string, u16: number): number {
  if (u16 <= 0 || u16 >= text.length) return u16;
  const cluster = segmenter.segment(text).containing(u16);
  return cluster === undefined ? u16 : cluster.index;
}
function referenceCeil(text: string, u16: number): number {
  if (u16 <= 0 || u16 >= text.length) return u16;
  const cluster = segmenter.segment(text).containing(u16);
  if (cluster === undefined || cluster.index === u16) return u16;
  return cluster.index + cluster.segment.length;
}

/** Every code unit the fast path treats as plain. */
const plainUnits: number[] = [];
for (let u = 0; u < 0x10000; u++) if (isPlainUnit(u)) plainUnits.push(u);

/**
 * Characters that do take part in grapheme breaking, to surround plain ones with: harakat,
 * shadda, superscript alef, Quranic marks, the Arabic number sign and end of ayah (prepended),
 * ALM, ZWJ, ZWNJ, bidi marks, CR, soft hyphen, BOM, a combining acute, Devanagari consonant,
 * virama and vowel sign, Hangul jamo, a variation selector, and halves of astral characters
 * (emoji, skin tone, regional indicators, keycap, tag) so lone surrogates occur too.
 */
const JOINERS = [
  '\u064e', '\u064f', '\u0650', '\u0651', '\u0652', '\u064b', '\u0670', '\u06d6', '\u0610',
  '\u0600', '\u06dd', '\u061c', '\u200d', '\u200c', '\u200f', '\u200e', '\r', '\u00ad', '\ufeff', '\u0301',
  '\u0915', '\u094d', '\u093f', '\u1100', '\u1161', '\u11a8', '\ufe0f', '\u20e3',
  '\ud83d', '\ude00', '\udffd', '\ud83c', '\uddf8', '\uddfe', '\udb40', '\udc61',
];
/** Whole astral characters and sequences, so real emoji, flags and ZWJ sequences occur. */
const SEQUENCES = ['\r\n', '🔴', '🇸🇾', '🇸', '👍🏽', '👨‍👩‍👧', '❤️', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'क्ष', 'ﻻ', '각'];
const PLAIN_SAMPLE = ['ا', 'ب', 'ق', 'ـ', 'ء', ' ', '\n', '\t', 'a', '5', '٣', '،', '؟', '«', '»', '.', '-', '“', '©', '…'];

const tricky = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...JOINERS), weight: 3 },
      { arbitrary: fc.constantFrom(...SEQUENCES), weight: 2 },
      { arbitrary: fc.constantFrom(...PLAIN_SAMPLE), weight: 3 },
      { arbitrary: fc.constantFrom(...plainUnits.map((u) => String.fromCharCode(u))), weight: 1 },
    ),
    { maxLength: 40, size: 'large' },
  )
  .map((parts) => parts.join(''));

describe('plain characters', () => {
  it('include the Arabic letters, tatweel, digits and punctuation, and exclude every mark and control that joins', () => {
    for (const ch of 'ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئـ٠١٢٣٤٥٦٧٨٩،؛؟«» \n\t.,:;!?()"\'-0123456789azAZ') expect(isPlainUnit(ch.charCodeAt(0))).toBe(true);
    for (const ch of JOINERS) expect(isPlainUnit(ch.charCodeAt(0))).toBe(false);
  });

  it('always have a grapheme boundary between two of them (every ordered pair, checked with Intl.Segmenter)', () => {
    expect(plainUnits.length).toBeGreaterThan(500);
    // For each x, one text "x y1 x y2 x …" over every plain y: it must fall apart into single characters.
    const all = plainUnits.map((u) => String.fromCharCode(u));
    for (const x of all) {
      const text = `${all.join(x)}${x}${all[0] as string}`;
      let count = 0;
      for (const part of segmenter.segment(text)) {
        count += 1;
        if (part.segment.length !== 1) throw new Error(`no boundary inside ${JSON.stringify(part.segment)}`);
      }
      expect(count).toBe(text.length);
    }
  });

  it('keep their boundary after the characters that make the rules look back (ZWJ, regional indicator, virama, marks)', () => {
    const all = plainUnits.map((u) => String.fromCharCode(u));
    for (const before of ['\u200d', '🇸', '\u094d', '\u0915\u094d', '\u064e', '👍\u200d', '\r', '\u0600']) {
      for (const x of all) {
        const text = `${before}${x}${all.join('')}`;
        const at = before.length + 1;
        expect(segmenter.segment(text).containing(at)?.index).toBe(at);
      }
    }
  });
});

describe('graphemeFloor and graphemeCeil', () => {
  it('give the exact cluster edges inside harakat, shadda, tatweel, an emoji and a flag of the breaking news', () => {
    // 🔴 is UTF-16 0–1; ق 10, damma 11, ت 12, kasra 13, ل 14, fatha 15
    expect(graphemeFloor(breakingNews, 1)).toBe(0);
    expect(graphemeCeil(breakingNews, 1)).toBe(2);
    expect(graphemeFloor(breakingNews, 11)).toBe(10);
    expect(graphemeCeil(breakingNews, 11)).toBe(12);
    expect(graphemeFloor(breakingNews, 12)).toBe(12);
    expect(graphemeCeil(breakingNews, 15)).toBe(16);
    const flag = breakingNews.indexOf('🇸🇾');
    for (const inside of [flag + 1, flag + 2, flag + 3]) {
      expect(graphemeFloor(breakingNews, inside)).toBe(flag);
      expect(graphemeCeil(breakingNews, inside)).toBe(flag + 4);
    }
    const shadda = breakingNews.indexOf('ّ');
    expect(graphemeFloor(breakingNews, shadda)).toBe(shadda - 1);
    expect(graphemeCeil(breakingNews, shadda)).toBe(shadda + 1);
    const tatweel = breakingNews.indexOf('ـ');
    expect(graphemeFloor(breakingNews, tatweel)).toBe(tatweel);
    expect(graphemeCeil(breakingNews, tatweel + 1)).toBe(tatweel + 1);
  });

  it('agree with one segmentation of the whole text at every offset of the seeds and the breaking news', () => {
    for (const text of [seed000, seed004, breakingNews, `${breakingNews}👨‍👩‍👧\u0651${seed004.slice(0, 300)}\r\n🇸🇾🇸`]) {
      for (let u = -1; u <= text.length + 1; u++) {
        expect(graphemeFloor(text, u)).toBe(referenceFloor(text, u));
        expect(graphemeCeil(text, u)).toBe(referenceCeil(text, u));
      }
    }
  });

  it('agree with one segmentation of the whole text at every offset of any text (property)', () => {
    fc.assert(
      fc.property(tricky, (text) => {
        for (let u = 0; u <= text.length; u++) {
          if (graphemeFloor(text, u) !== referenceFloor(text, u) || graphemeCeil(text, u) !== referenceCeil(text, u)) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('cut graphemeChunks where one segmentation of the whole text has boundaries', () => {
    fc.assert(
      fc.property(tricky, fc.integer({ min: 1, max: 8 }), (text, size) => {
        const chunks = graphemeChunks(text, size);
        expect(chunks.join('')).toBe(text);
        let at = 0;
        for (const chunk of chunks.slice(0, -1)) {
          at += chunk.length;
          expect(referenceFloor(text, at)).toBe(at);
        }
      }),
      { numRuns: 500 },
    );
  });
});
