import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLexicon, matchingKey, suggestSpans } from '../../shared/search';
import { cpSlice, seed000, seed004 } from '../fixtures/text/load';

// The lexicon from the real brat annotations of seed 000 (test/fixtures/corpus), proposed in
// seed 004 and in seed 000 itself.

/** `{label, text}` of every `T` line of the fixture .ann (fragments joined as brat shows them). */
const annotated = readFileSync(new URL('../fixtures/corpus/000_7db2a034c338d373.ann', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('T'))
  .map((line) => {
    const [, type = '', text = ''] = line.split('\t');
    return { label: type.split(' ')[0] as string, text };
  });

const lexicon = buildLexicon(annotated);
const at = (suggestions: readonly { label: string; start: number; end: number; text: string }[], text: string) =>
  suggestions.filter((s) => s.text === text).map((s) => [s.label, s.start, s.end]);

describe('buildLexicon', () => {
  it('keys each labelled string by its matching key', () => {
    expect(annotated).toHaveLength(14);
    expect(lexicon.entries.get('دير الزور')?.label).toBe('Place');
    expect(lexicon.entries.get('دير الزور')?.counts).toEqual(new Map([['Place', 2]])); // T4 and T9
    expect(lexicon.entries.get('القوات الامريكيه')?.label).toBe('Actor');
    expect(lexicon.entries.get('محافظه دير الزور')?.label).toBe('Place');
    // T13 ends with a quote: stored without it, so that it can match on token edges.
    expect([...lexicon.entries.keys()].some((k) => k.startsWith('قال البيان: "لدينا') && k.endsWith('السوريه'))).toBe(true);
  });

  it('proposes the most frequent label, ties broken by label name', () => {
    const mixed = buildLexicon([
      { label: 'Place', text: 'واشنطن' },
      { label: 'Actor', text: 'واشنطن' },
      { label: 'Place', text: 'سوريا' },
      { label: 'Place', text: 'سوريّا' },
      { label: 'Actor', text: 'سوريا' },
    ]);
    expect(mixed.entries.get('واشنطن')).toEqual({ label: 'Actor', counts: new Map([['Place', 1], ['Actor', 1]]) });
    expect(mixed.entries.get('سوريا')?.label).toBe('Place');
  });

  it('leaves out strings of fewer than 2 letters, and folds harakat, tatweel and alef variants', () => {
    const small = buildLexicon([
      { label: 'Place', text: 'و' },
      { label: 'CasualtyCount', text: '5' },
      { label: 'Actor', text: ' ه ' },
      { label: 'Place', text: 'في' },
      { label: 'Place', text: 'دَيْر الزّـور' },
      { label: 'Actor', text: 'الأمريكيّة' },
    ]);
    expect([...small.entries.keys()].sort()).toEqual(['الامريكيه', 'دير الزور', 'في']);
  });
});

describe('suggestSpans', () => {
  it('proposes seed 000’s strings where they stand in seed 004, whole tokens only', () => {
    const suggestions = suggestSpans(seed004, lexicon, [], []);
    expect(at(suggestions, 'دير الزور')).toEqual([
      ['Place', 580, 589],
      ['Place', 844, 853],
    ]);
    // `بريف دير الزور الشرقي`: no clitic folding, so the lexicon's `ريف دير الزور الشرقي` is not proposed there.
    expect(suggestions.some((s) => s.text.includes('ريف'))).toBe(false);
    expect(at(suggestions, 'حقل العمر النفطي')).toEqual([
      ['Place', 664, 680],
      ['Place', 809, 825],
    ]);
    expect(at(suggestions, 'المرصد السوري لحقوق الإنسان')).toEqual([['Actor', 753, 780]]);
    expect(at(suggestions, 'القوات الأمريكية').map(([, start]) => start)).toEqual([182, 408, 1590, 2301]);
    // Not 1195 `وسوريا`: no clitic folding in suggestions.
    expect(at(suggestions, 'سوريا').map(([, start]) => start)).toEqual([34, 223, 595, 700, 1783, 2037]);
    for (const s of suggestions) expect(cpSlice(seed004, s.start, s.end)).toBe(s.text);
    expect(suggestions.map((s) => s.start)).toEqual([...suggestions.map((s) => s.start)].sort((a, b) => a - b));
  });

  it('proposes nested entries both, outer first, and skips the existing spans of the same label', () => {
    const t8 = { label: 'Place', start: 325, end: 345 };
    const t9 = { label: 'Place', start: 329, end: 338 };
    const all = suggestSpans(seed000, lexicon, [], []);
    const nested = all.filter((s) => s.start >= 325 && s.end <= 345);
    expect(nested.map((s) => [s.label, s.start, s.end, s.text])).toEqual([
      ['Place', 325, 345, 'ريف دير الزور الشرقي'],
      ['Place', 329, 338, 'دير الزور'],
    ]);
    const left = suggestSpans(seed000, lexicon, [t8, t9], []);
    expect(left.filter((s) => s.start >= 325 && s.end <= 345)).toEqual([]);
    // The same offsets under another label are not that span: still proposed.
    const other = suggestSpans(seed000, lexicon, [{ ...t9, label: 'Actor' }], []);
    expect(other.some((s) => s.start === 329 && s.end === 338 && s.label === 'Place')).toBe(true);
  });

  it('skips rejected suggestions', () => {
    const rejected = [{ label: 'Place', start: 580, end: 589 }];
    const suggestions = suggestSpans(seed004, lexicon, [], rejected);
    expect(at(suggestions, 'دير الزور')).toEqual([['Place', 844, 853]]);
  });

  it('proposes a string across a line break, with its harakat, after an emoji', () => {
    const lex = buildLexicon([
      { label: 'Place', text: 'محافظة دير الزور' },
      { label: 'Actor', text: 'المسيرة' },
    ]);
    expect(suggestSpans(seed000, lex, [], [])).toEqual([{ label: 'Place', start: 84, end: 100, text: 'محافظة\nدير الزور' }]);
    expect(suggestSpans(`🔴 ${seed004}`, lex, [], [])).toEqual([{ label: 'Actor', start: 1048, end: 1056, text: 'المسيّرة' }]);
  });

  it('proposes nothing from an empty lexicon and never a piece of a word', () => {
    expect(suggestSpans(seed004, buildLexicon([]), [], [])).toEqual([]);
    expect(suggestSpans('العراقية', buildLexicon([{ label: 'Place', text: 'العراق' }]), [], [])).toEqual([]);
    expect(matchingKey('العراقية').key).toContain('العراق');
  });
});
