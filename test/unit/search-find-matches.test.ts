import { describe, expect, it } from 'vitest';
import { findMatches, matchingKey, type MatchOptions } from '../../shared/search';
import { cpOccurrences, cpSlice, random, seed000, seed004 } from '../fixtures/text/load';

// findMatches on the seeds (offsets counted against them; `cpOccurrences` as the oracle where
// the text has no folding to do), then a property over generated Arabic.

const PLAIN: MatchOptions = { clitics: false, wholeToken: false };
const WHOLE: MatchOptions = { clitics: false, wholeToken: true };
const CLITICS: MatchOptions = { clitics: true, wholeToken: true };
const CLITICS_OPEN: MatchOptions = { clitics: true, wholeToken: false };
const ALL = [PLAIN, WHOLE, CLITICS, CLITICS_OPEN];

const starts = (hits: readonly { start: number; end: number }[]): number[] => hits.map((h) => h.start);
const texts = (text: string, hits: readonly { start: number; end: number }[]): string[] => hits.map((h) => cpSlice(text, h.start, h.end));
const spans = (at: readonly number[], length: number): { start: number; end: number }[] => at.map((start) => ({ start, end: start + length }));

describe('findMatches on seed 000', () => {
  it('finds every دير الزور in every mode, 9 code points each', () => {
    expect(cpOccurrences(seed000, 'دير الزور')).toEqual([91, 329, 540, 634, 746]);
    for (const options of ALL) expect(findMatches(seed000, 'دير الزور', options)).toEqual(spans([91, 329, 540, 634, 746], 9));
  });

  it('matches a query across the hard line break in محافظة\\nدير الزور, however the query spaces it', () => {
    for (const query of ['محافظة دير الزور', 'محافظة\nدير الزور', '  محافظة \n  دير   الزور ', 'محافظه دير الزور']) {
      expect(findMatches(seed000, query, WHOLE), JSON.stringify(query)).toEqual([{ start: 84, end: 100 }]);
    }
    expect(cpSlice(seed000, 84, 100)).toBe('محافظة\nدير الزور');
    // Seed 000's other line break inside a name: المليشيات\nالإيرانية.
    expect(findMatches(seed000, 'المليشيات الإيرانية', WHOLE)).toEqual([{ start: 397, end: 416 }]);
  });

  it('folds alef variants, ى and ة in either direction', () => {
    expect(cpOccurrences(seed000, 'الأمريكية')).toEqual([46, 1047, 1765]);
    expect(findMatches(seed000, 'الامريكيه', WHOLE)).toEqual(spans([46, 1047, 1765], 9));
    expect(texts(seed000, findMatches(seed000, 'الامريكيه', WHOLE))).toEqual(['الأمريكية', 'الأمريكية', 'الأمريكية']);
    expect(findMatches(seed000, 'اظهار اخبار متعلقه', WHOLE)).toEqual([{ start: 1625, end: 1643 }]);
    expect(findMatches(seed000, 'علي الأقل', WHOLE)).toEqual(findMatches(seed000, 'على الاقل', WHOLE));
    expect(findMatches(seed000, 'على الأقل', WHOLE)).toHaveLength(1);
  });

  it('مليشيات: seed 000 spells it without ي after م; whole tokens need clitics for its forms', () => {
    expect(findMatches(seed000, 'مليشيات', WHOLE)).toEqual([]);
    expect(findMatches(seed000, 'مليشيات', PLAIN)).toEqual(spans([58, 399, 597, 699], 7));
    // With clitics the hit is the whole token, clitics included.
    const hits = findMatches(seed000, 'مليشيات', CLITICS);
    expect(hits).toEqual([
      { start: 57, end: 65 },
      { start: 397, end: 406 },
      { start: 594, end: 604 },
      { start: 697, end: 706 },
    ]);
    expect(texts(seed000, hits)).toEqual(['ومليشيات', 'المليشيات', 'والمليشيات', 'للمليشيات']);
    expect(findMatches(seed000, 'مليشيات', CLITICS_OPEN)).toEqual(hits);
  });

  it('المليشيات with clitics: clitics added or taken away, not swapped (ومليشيات has و but no article)', () => {
    expect(texts(seed000, findMatches(seed000, 'المليشيات', CLITICS))).toEqual(['المليشيات', 'والمليشيات', 'للمليشيات']);
  });

  it('does not fold the spelling variant: الميليشيات (seed 004) and مليشيات (seed 000) never meet', () => {
    expect(findMatches(seed000, 'الميليشيات', CLITICS_OPEN)).toEqual([]);
    expect(findMatches(seed004, 'مليشيات', CLITICS_OPEN)).toEqual([]);
    expect(findMatches(seed004, 'الميليشيات', WHOLE)).toEqual(spans([945, 1384, 1956, 2235], 10));
    expect(findMatches(seed004, 'ميليشيات', CLITICS)).toEqual(spans([945, 1384, 1956, 2235], 10));
    // بايدن / بايدين: two spellings of one name in seed 004, also not folded.
    expect(starts(findMatches(seed004, 'بايدن', CLITICS))).toEqual([1938, 2119]);
    expect(starts(findMatches(seed004, 'بايدين', CLITICS))).toEqual([2010]);
  });

  it('counts code points, not UTF-16 units, after an emoji', () => {
    const text = `🔴 ${seed000}`;
    expect(findMatches(text, 'دير الزور', WHOLE)).toEqual(spans([93, 331, 542, 636, 748], 9));
    expect(findMatches(text, 'مليشيات', CLITICS)[0]).toEqual({ start: 59, end: 67 });
  });
});

describe('findMatches on seed 004: harakat, tatweel, whole tokens', () => {
  it('العراق: 6 whole tokens, 12 substrings (العراقية, والعراقية, ...)', () => {
    const whole = [61, 1082, 1188, 2106, 2220, 2335];
    expect(findMatches(seed004, 'العراق', WHOLE)).toEqual(spans(whole, 6));
    expect(findMatches(seed004, 'العراق', CLITICS)).toEqual(spans(whole, 6));
    expect(findMatches(seed004, 'العراق', PLAIN)).toEqual(spans(cpOccurrences(seed004, 'العراق'), 6));
    expect(findMatches(seed004, 'العراق', PLAIN)).toHaveLength(12);
    // Without wholeToken, clitics extend a hit inside والعراقية to its token start.
    const open = findMatches(seed004, 'العراق', CLITICS_OPEN);
    expect(open).toHaveLength(12);
    expect(open[1]).toEqual({ start: 330, end: 337 });
    expect(cpSlice(seed004, 330, 339)).toBe('والعراقية');
  });

  it('covers a shadda inside and the tanwin of the last letter, but never a tatweel at an edge', () => {
    expect(findMatches(seed004, 'المسيرة', WHOLE)).toEqual([{ start: 1046, end: 1054 }]);
    expect(findMatches(seed004, 'المسيَّرة', WHOLE)).toEqual([{ start: 1046, end: 1054 }]);
    expect(cpSlice(seed004, 1046, 1054)).toBe('المسيّرة');
    expect(findMatches(seed004, 'ردا', WHOLE)).toEqual([
      { start: 229, end: 233 },
      { start: 2076, end: 2080 },
    ]);
    expect(cpSlice(seed004, 229, 233)).toBe('رداً');
    // بـ "الانتهاك: the ب alone, without its tatweel; الانتهاك after the quote.
    expect(findMatches(seed004, 'بـ', WHOLE)).toEqual([{ start: 1797, end: 1798 }]);
    expect(findMatches(seed004, 'الانتهاك', WHOLE)).toEqual([{ start: 1801, end: 1809 }]);
    expect(findMatches(seed004, 'ب "الانتهاك', WHOLE)).toEqual([{ start: 1797, end: 1809 }]);
    // With clitics, بالانتهاك finds الانتهاك (the clitic taken away).
    expect(findMatches(seed004, 'بالانتهاك', CLITICS)).toEqual([{ start: 1801, end: 1809 }]);
    expect(findMatches(seed004, 'بالانتهاك', WHOLE)).toEqual([]);
  });

  it('takes (كوردستان 24)- with its punctuation, Latin case-insensitively, digits in any script', () => {
    expect(findMatches(seed004, '(كوردستان ٢٤)', WHOLE)).toEqual([{ start: 161, end: 174 }]);
    expect(cpSlice(seed004, 161, 175)).toBe('(كوردستان 24)-');
    expect(findMatches('Reuters و REUTERS', 'reuters', WHOLE)).toEqual([
      { start: 0, end: 7 },
      { start: 10, end: 17 },
    ]);
    expect(findMatches(seed000, '٢٠٢١', WHOLE)).toEqual([{ start: 2078, end: 2082 }]);
  });
});

describe('findMatches with clitics on seed sentences', () => {
  it('المرصد finds للمرصد (the article alef dropped after ل), whole token', () => {
    const text = seed000.replace('وقال المرصد السوري لحقوق الإنسان', 'ووفقا للمرصد السوري لحقوق الإنسان');
    expect(findMatches(text, 'المرصد', WHOLE)).toEqual([{ start: 496, end: 502 }]);
    expect(findMatches(text, 'المرصد', CLITICS)).toEqual([
      { start: 220, end: 226 },
      { start: 496, end: 502 },
    ]);
    expect(findMatches(text, 'المرصد السوري لحقوق الإنسان', CLITICS)).toEqual([{ start: 220, end: 247 }]);
    // And the other way round: للمرصد finds المرصد.
    expect(findMatches(seed000, 'للمرصد', CLITICS)).toEqual(spans([219, 495], 6));
  });

  it('دير الزور finds بدير الزور; العراق finds بالعراق; clitic hits cover the clitic', () => {
    const text = seed004.replace('مصادر في دير الزور', 'مصادر بدير الزور');
    expect(findMatches(text, 'دير الزور', CLITICS)).toEqual([
      { start: 577, end: 587 },
      { start: 842, end: 851 },
    ]);
    expect(cpSlice(text, 577, 587)).toBe('بدير الزور');
    expect(findMatches(text, 'دير الزور', WHOLE)).toEqual([{ start: 842, end: 851 }]);
    const iraq = seed004.replace('في العراق.', 'بالعراق.');
    expect(findMatches(iraq, 'العراق', CLITICS)[1]).toEqual({ start: 1079, end: 1086 });
    // والعراق would need و taken away and ب added: a swap, not found.
    expect(texts(iraq, findMatches(iraq, 'والعراق', CLITICS))).not.toContain('بالعراق');
  });

  it('does not swap one clitic for another, nor take a root letter for one', () => {
    expect(findMatches('بيت وكيت', 'بيت', CLITICS)).toEqual([{ start: 0, end: 3 }]);
    expect(findMatches('ويت كيت', 'بيت', CLITICS)).toEqual([]);
    expect(findMatches('بي في', 'ي', CLITICS)).toEqual([]);
    expect(findMatches('واشنطن وواشنطن ولواشنطن', 'واشنطن', CLITICS)).toEqual([
      { start: 0, end: 6 },
      { start: 7, end: 14 },
      { start: 15, end: 23 },
    ]);
  });
});

describe('findMatches: edges and odd queries', () => {
  it('finds nothing for an empty query or one of only left-out characters', () => {
    for (const query of ['', '   ', '\u064E\u0640', '\u200F']) expect(findMatches(seed000, query, PLAIN)).toEqual([]);
  });

  it('reports sorted, non-overlapping hits', () => {
    expect(findMatches('ااااا', 'اا', PLAIN)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
  });

  it('never cuts a grapheme cluster: an unfolded combining mark or a flag', () => {
    expect(findMatches('cafe\u0301 cafe', 'cafe', PLAIN)).toEqual([{ start: 6, end: 10 }]);
    expect(findMatches('🇸🇾 سوريا', '🇸', PLAIN)).toEqual([]);
    expect(findMatches('🇸🇾 سوريا', '🇸🇾', PLAIN)).toEqual([{ start: 0, end: 2 }]);
  });

  it('leaves bidi marks and tatweel at the edges out, harakat of the last letter in', () => {
    const text = 'قال \u200Fالمرصدُ\u0640 و\u2066سوريا\u2069';
    expect(findMatches(text, 'المرصد', WHOLE)).toEqual([{ start: 5, end: 12 }]);
    expect(cpSlice(text, 5, 12)).toBe('المرصدُ');
    expect(findMatches(text, 'سوريا', CLITICS)).toEqual([{ start: 14, end: 21 }]);
    expect(cpSlice(text, 14, 21)).toBe('و\u2066سوريا'); // the isolate inside the token is covered
  });

  it('reuses a given key and gives the same hits as without it', () => {
    const key = matchingKey(seed004);
    expect(findMatches(seed004, 'القوات الأمريكية', CLITICS, key)).toEqual(findMatches(seed004, 'القوات الأمريكية', CLITICS));
  });

  it('searches 10,000 seed-sized documents with cached keys in well under a second', () => {
    const docs = Array.from({ length: 10_000 }, (_, i) => `${(i % 2 ? seed000 : seed004).slice(0, 1990)} ${i}`);
    const keys = docs.map((d) => matchingKey(d));
    const started = performance.now();
    let hits = 0;
    docs.forEach((d, i) => (hits += findMatches(d, 'دير الزور', CLITICS, keys[i]).length));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(hits).toBe(5000 * 5 + 5000 * 2);
  });
});

describe('findMatches: property over generated Arabic', () => {
  const pieces = [
    'د', 'ي', 'ر', 'ا', 'ل', 'ز', 'و', 'ق', 'ت', 'ب', 'ف', 'ك', 'م', 'ة', 'ه', 'أ', 'إ', 'آ', 'ى', '٢', '2',
    '\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u064B', // harakat, shadda, sukun, tanwin
    '\u0640', ' ', ' ', ' ', '\n', '،', '"', '🔴', '😀', '\u200F',
  ];
  const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });
  const key = (s: string): string => matchingKey(s).key.replace(/^ +| +$/g, '');
  const STRIPPED = /^[\u064B-\u065F\u0670\u0640\u200B-\u200F\s]$/u;

  function boundaries(s: string): Set<number> {
    const result = new Set<number>([[...s].length]);
    for (const { index } of graphemes.segment(s)) result.add([...s.slice(0, index)].length);
    return result;
  }

  /** Greedy, leftmost, non-overlapping occurrences of `q` in the key `k` (the oracle). */
  function oracleCount(k: string, q: string, wholeToken: boolean): number {
    const token = /[\p{L}\p{M}\p{Nd}]/u;
    let count = 0;
    for (let p = k.indexOf(q); p !== -1; ) {
      const ok = !wholeToken || (!(token.test(q[0] as string) && token.test(k[p - 1] ?? '')) && !(token.test(q[q.length - 1] as string) && token.test(k[p + q.length] ?? '')));
      if (ok) count++;
      p = k.indexOf(q, ok ? p + q.length : p + 1);
    }
    return count;
  }

  it('every hit, keyed, is the keyed query; hits are all there, sorted, on grapheme boundaries', () => {
    const next = random(20240611);
    const pick = (): string => pieces[Math.floor(next() * pieces.length)] as string;
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 20 + Math.floor(next() * 60) }, pick).join('');
      const cps = [...text];
      const from = Math.floor(next() * cps.length);
      const query = cps.slice(from, from + 1 + Math.floor(next() * 8)).join('');
      const q = key(query);
      if (q === '') continue;
      const edges = boundaries(text);
      for (const options of [PLAIN, WHOLE]) {
        const hits = findMatches(text, query, options);
        const where = `${JSON.stringify(text)} / ${JSON.stringify(query)} / ${JSON.stringify(options)}`;
        // Emoji do not occur in the key twice over a cluster, so the oracle count is exact.
        expect(hits.length, where).toBe(oracleCount(matchingKey(text).key, q, options.wholeToken));
        let reached = 0;
        for (const hit of hits) {
          expect(hit.start, where).toBeGreaterThanOrEqual(reached);
          expect(hit.end, where).toBeGreaterThan(hit.start);
          reached = hit.end;
          const matched = cpSlice(text, hit.start, hit.end);
          expect(key(matched), where).toBe(q);
          expect(edges.has(hit.start) && edges.has(hit.end), where).toBe(true);
          expect(STRIPPED.test(cps[hit.start] as string), where).toBe(false);
          expect(/^[\u064B-\u065F\u0670]$/u.test(cps[hit.end] ?? ''), where).toBe(false); // the last letter keeps its harakat
          expect(/^[\u0640\u200F\s]$/u.test(matched.replace(/[\u064B-\u065F\u0670]+$/u, '').slice(-1)), where).toBe(false);
        }
      }
      // Clitic hits are sorted, apart, on grapheme boundaries, and never lose a hit: every plain
      // hit lies inside a clitic-mode hit.
      for (const [plain, withClitics] of [[PLAIN, CLITICS_OPEN], [WHOLE, CLITICS]] as const) {
        const wide = findMatches(text, query, withClitics);
        wide.forEach((w, i) => {
          expect(w.start >= (wide[i - 1]?.end ?? 0) && w.end > w.start && edges.has(w.start) && edges.has(w.end)).toBe(true);
          expect(STRIPPED.test(cps[w.start] as string)).toBe(false);
        });
        for (const hit of findMatches(text, query, plain)) {
          expect(wide.some((w) => w.start <= hit.start && hit.end <= w.end), `${JSON.stringify(text)} / ${JSON.stringify(query)}`).toBe(true);
        }
      }
    }
  });
});
