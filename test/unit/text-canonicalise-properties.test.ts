import { describe, expect, it } from 'vitest';
import { canonicalise } from '../../shared/text/canonicalise';
import { OffsetMap, diffMap } from '../../shared/text/offset-map';
import { cpOccurrences, cpSlice, random, seed000, seed004 } from '../fixtures/text/load';

// Properties of canonicalise's offset map: generated raw texts, long documents, the fallback map.

describe('coarse offset map (the fallback should per-cluster NFC ever differ)', () => {
  it('maps around the changed stretch exactly and inside it to its edges', () => {
    const map = diffMap('قال الا\u0654مريكيون', 'قال الأمريكيون');
    expect(map.map(6, 'start')).toBe(6);
    expect(map.map(7, 'start')).toBe(6);
    expect(map.map(7, 'end')).toBe(7);
    expect(map.map(8, 'start')).toBe(7);
    expect(map.map(15, 'end')).toBe(14);
  });

  it('is the identity for equal texts and handles pure insertions', () => {
    expect(diffMap('سوريا', 'سوريا').map(3, 'end')).toBe(3);
    const grown = diffMap('دير', 'دير الزور');
    expect(grown.map(3, 'start')).toBe(3);
    expect(new OffsetMap([]).map(9, 'start')).toBe(9);
  });
});

describe('canonicalise: property over generated raw texts', () => {
  const pieces = [
    'د', 'ي', 'ر', 'ا', 'ل', 'ز', 'و', 'ق', 'ت', ' ', '،', '«', '»',
    '\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u064B', // harakat, shadda, sukun, tanwin
    'ا\u0654', 'و\u0654', 'ي\u0654', 'e\u0301', // decomposed: become أ ؤ ئ é
    '\u0640', '\r\n', '\r', '\n', '\uFEFF', '🔴', '🇸🇾', '𞸀', '\u200F',
  ];
  const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });

  /** Code point offsets of the grapheme boundaries of `s`. */
  function boundaries(s: string): number[] {
    const result: number[] = [];
    for (const { index } of graphemes.segment(s)) result.push([...s.slice(0, index)].length);
    result.push([...s].length);
    return result;
  }

  it('maps every grapheme-aligned raw span onto its canonical text', () => {
    const next = random(853);
    let spans = 0;
    const seen = { bom: 0, crlf: 0, cr: 0, nfc: 0, astral: 0 };
    for (let n = 0; n < 150; n++) {
      let raw = next() < 0.5 ? '\uFEFF' : '';
      const size = 1 + Math.floor(next() * 24);
      for (let i = 0; i < size; i++) raw += pieces[Math.floor(next() * pieces.length)];
      const c = canonicalise(raw);
      seen.bom += Number(c.info.bomRemoved);
      seen.crlf += Number(c.info.crlf > 0);
      seen.cr += Number(c.info.cr > 0);
      seen.nfc += Number(c.info.nfcChanged);
      seen.astral += Number([...raw].length < raw.length);
      const expected = (s: string): string => s.replace(/\r\n?/g, '\n').normalize('NFC');
      expect(c.text).toBe(expected(raw.replace(/^\uFEFF/, '')));

      const rawLength = [...raw].length;
      let previous = 0;
      for (let cp = 0; cp <= rawLength; cp++) {
        const start = c.mapOffset(cp, 'start');
        expect(start).toBeGreaterThanOrEqual(previous);
        expect(c.mapOffset(cp, 'end')).toBeGreaterThanOrEqual(start);
        previous = start;
      }
      expect(c.mapOffset(rawLength, 'end')).toBe([...c.text].length);

      const edges = boundaries(raw);
      for (const s of edges) {
        for (const e of edges) {
          if (e < s) continue;
          let slice = cpSlice(raw, s, e);
          if (s === 0) slice = slice.replace(/^\uFEFF/, '');
          expect(cpSlice(c.text, c.mapOffset(s, 'start'), c.mapOffset(e, 'end'))).toBe(expected(slice));
          spans++;
        }
      }
    }
    expect(spans).toBeGreaterThan(10_000);
    // the generator really exercised every transform
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(20);
  });
});

describe('canonicalise: a long document (the NFC walk goes in chunks of about 1024 UTF-16 units)', () => {
  it('maps every cluster and every دير الزور of a 13,000-character raw text', () => {
    const body = [seed000, seed004, seed000, seed004, seed000, seed004].join('\n🔴\n');
    // decomposed hamza everywhere, Windows line breaks, a BOM: all three transforms all along
    const raw = `\uFEFF${body.replaceAll('أ', 'ا\u0654').replaceAll('\n', '\r\n')}`;
    expect(raw.length).toBeGreaterThan(13_000);
    const c = canonicalise(raw);
    expect(c.text).toBe(body);
    expect(c.info).toMatchObject({ bomRemoved: true, crlf: 3 * 15 + 3 * 18 + 5 * 2, cr: 0, nfcChanged: true });

    const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });
    const chars = [...raw];
    const edges: number[] = [];
    let cp = 0;
    for (const { segment } of graphemes.segment(raw)) {
      edges.push(cp);
      cp += [...segment].length;
    }
    edges.push(cp);
    const expected = (s: string): string => s.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').normalize('NFC');
    const canonical = [...c.text];
    for (let i = 0; i + 1 < edges.length; i++) {
      for (const j of [i + 1, Math.min(edges.length - 1, i + 37)]) {
        const s = edges[i] as number;
        const e = edges[j] as number;
        const mapped = canonical.slice(c.mapOffset(s, 'start'), c.mapOffset(e, 'end')).join('');
        expect(mapped).toBe(expected(chars.slice(s, e).join('')));
      }
    }
    const places = cpOccurrences(raw, 'دير الزور');
    expect(places).toHaveLength(3 * 5 + 3 * 2);
    for (const at of places) {
      expect(cpSlice(c.text, c.mapOffset(at, 'start'), c.mapOffset(at + 9, 'end'))).toBe('دير الزور');
    }
  });

  it('maps every cluster of a fully vowelled text whose shadda comes before its fatha', () => {
    // every letter carries shadda + fatha in the non-canonical order, so NFC changes every
    // cluster and chunk cuts cannot avoid clusters
    const raw = [seed000, seed004].join('\n').replace(/\p{L}/gu, (letter) => `${letter}\u0651\u064E`);
    expect(raw.length).toBeGreaterThan(10_000);
    const c = canonicalise(raw);
    expect(c.text).toBe(raw.normalize('NFC'));
    expect(c.text).toContain('د\u064E\u0651ي\u064E\u0651ر\u064E\u0651 ');
    const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });
    const chars = [...raw];
    const canonical = [...c.text];
    let cp = 0;
    let previous = 0;
    for (const { segment } of graphemes.segment(raw)) {
      const length = [...segment].length;
      if (cp > 0) {
        expect(canonical.slice(c.mapOffset(previous, 'start'), c.mapOffset(cp + length, 'end')).join('')).toBe(
          chars.slice(previous, cp + length).join('').normalize('NFC'),
        );
      }
      expect(c.mapOffset(cp + length - 1, 'start')).toBe(c.mapOffset(cp, 'start')); // inside → start
      previous = cp;
      cp += length;
    }
  });
});
