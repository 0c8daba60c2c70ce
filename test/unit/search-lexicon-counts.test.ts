import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEXICON_KEY_VERSION, LexiconCounts, buildLexicon, keyedStrings, lexiconKey, type Lexicon } from '../../shared/search';
import { random } from '../fixtures/text/load';

// The lexicon kept up to date string by string (as layer files are saved, added and removed) is
// the lexicon built at once from the strings left: the same keys, labels, counts and token counts.

const seed000 = readFileSync(new URL('../../seeds/000_7db2a034c338d373.txt', import.meta.url), 'utf8');

/** The lexicon as plain sorted data (the order of its maps is not part of it). */
function plain(lexicon: Lexicon): unknown {
  return {
    entries: [...lexicon.entries].map(([key, e]) => [key, e.label, [...e.counts].sort()] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    tokenCounts: [...lexicon.tokenCounts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  };
}

/** Phrases of the seed (one to four words, harakat and tatweel as written), labelled at random. */
function phrases(rnd: () => number, n: number): { label: string; text: string }[] {
  const words = seed000.split(/\s+/u).filter((w) => w.length > 0);
  const labels = ['Actor', 'Place', 'CasualtyCount', 'Claim'];
  return Array.from({ length: n }, () => {
    const at = Math.floor(rnd() * (words.length - 4));
    const text = words.slice(at, at + 1 + Math.floor(rnd() * 4)).join(' ');
    // Some spellings that fold to the same key: tatweel, a haraka.
    const spelled = rnd() < 0.2 ? text.replace('ا', 'ـا') : rnd() < 0.2 ? `${text}َ` : text;
    return { label: labels[Math.floor(rnd() * (rnd() < 0.7 ? 2 : 4))] as string, text: spelled };
  });
}

describe('LexiconCounts', () => {
  it('is the lexicon built at once of the strings left, through random saves, additions and removals', () => {
    const rnd = random(71);
    const counts = new LexiconCounts();
    const files = new Map<number, { label: string; text: string }[]>();
    for (let step = 0; step < 300; step++) {
      const file = Math.floor(rnd() * 12);
      const before = files.get(file);
      if (before !== undefined) counts.remove(keyedStrings(before));
      if (rnd() < 0.15) files.delete(file);
      else {
        const now = phrases(rnd, Math.floor(rnd() * 25));
        files.set(file, now);
        counts.add(keyedStrings(now));
      }
      if (step % 7 === 0 || step === 299) expect(plain(counts.lexicon())).toEqual(plain(buildLexicon([...files.values()].flat())));
    }
    expect(counts.lexicon().entries.size).toBeGreaterThan(20);
  });

  it('counts labels per key, folds spellings, and gives the same lexicon while nothing changed', () => {
    const counts = new LexiconCounts();
    counts.add(keyedStrings([
      { label: 'Place', text: 'دير الزور' },
      { label: 'Place', text: 'ديـر الزّور' },
      { label: 'Actor', text: 'دير الزور' },
      { label: 'Actor', text: 'و' },
    ]));
    const lexicon = counts.lexicon();
    expect(lexicon.entries.get('دير الزور')).toEqual({ label: 'Place', counts: new Map([['Place', 2], ['Actor', 1]]) });
    expect(lexicon.entries.has('و')).toBe(false);
    expect(lexicon.tokenCounts.get('دير')).toEqual([2]);
    expect(counts.lexicon()).toBe(lexicon);
    // Taking one Place away makes a tie: Actor wins by name; the lexicon before is unchanged.
    counts.remove([{ key: lexiconKey('دير الزور') as string, label: 'Place' }]);
    expect(counts.lexicon().entries.get('دير الزور')).toEqual({ label: 'Actor', counts: new Map([['Place', 1], ['Actor', 1]]) });
    expect(lexicon.entries.get('دير الزور')?.label).toBe('Place');
    counts.remove(keyedStrings([{ label: 'Place', text: 'دير الزور' }, { label: 'Actor', text: 'دير الزور' }]));
    expect(counts.lexicon().entries.size).toBe(0);
    expect(counts.lexicon().tokenCounts.size).toBe(0);
    expect(() => counts.remove([{ key: 'دير الزور', label: 'Place' }])).toThrow(RangeError);
  });

  it('keys each text once when given the keys met before, with the same strings', () => {
    const spans = [
      { label: 'Place', text: 'ديـر الزّور' },
      { label: 'Actor', text: 'و' },
      { label: 'Place', text: 'ديـر الزّور' },
      { label: 'Actor', text: 'المرصد السوري' },
    ];
    const keys = new Map<string, string | undefined>();
    expect(keyedStrings(spans, keys)).toEqual(keyedStrings(spans));
    expect(keys).toEqual(
      new Map([
        ['ديـر الزّور', 'دير الزور'],
        ['و', undefined],
        ['المرصد السوري', lexiconKey('المرصد السوري')],
      ]),
    );
    // A key met before is taken as it is: the map is what it is consulted for.
    keys.set('و', 'و و');
    expect(keyedStrings([{ label: 'Actor', text: 'و' }], keys)).toEqual([{ key: 'و و', label: 'Actor' }]);
  });

  it('keys texts as version 1 of lexiconKey does (a change here is a new LEXICON_KEY_VERSION: cached keys of the old one must not be read)', () => {
    expect(LEXICON_KEY_VERSION).toBe(1);
    expect(
      ['ديـر الزّور', 'إطلاق «الصواريخ»', 'أمريكا؛', 'المرصد السوري لحقوق الإنسان', '١٢ قتيلاً', 'و', 'مستشفى'].map((t) => lexiconKey(t)),
    ).toEqual(['دير الزور', 'اطلاق «الصواريخ', 'امريكا', 'المرصد السوري لحقوق الانسان', '12 قتيلا', undefined, 'مستشفي']);
  });
});
