import { describe, expect, it } from 'vitest';
import { parseLexiconCache, serializeLexiconCache, type LexiconCacheEntries } from '../../electron/lexicon-cache-file';
import { LEXICON_KEY_VERSION } from '../../shared/search';

// The lexicon cache file's format: what is written reads back the same; anything else is no
// cache (or, entry by entry, leaves that entry out). It never throws: a damaged file is no error.

const ENTRIES: LexiconCacheEntries = new Map([
  [
    'layers/amal/000_7db2a034c338d373.jsonl',
    {
      stamp: '1.5:1.5:3469:12',
      strings: [
        { key: 'دير الزور', label: 'Place' },
        { key: 'جون كيربي', label: 'Actor' },
        { key: 'دير الزور', label: 'Place' },
      ],
    },
  ],
  ['layers/badr/004_fee82008326e4aee.jsonl', { stamp: '2:2:900:13', strings: [{ key: 'المرصد السوري لحقوق الانسان', label: 'Actor' }] }],
  ['layers/badr/empty.jsonl', { stamp: '3:3:200:14', strings: [] }],
]);

describe('the lexicon cache file', () => {
  it('reads back what it wrote, Arabic keys and repeated strings included, each label and key written once', () => {
    const text = serializeLexiconCache(ENTRIES);
    expect(parseLexiconCache(text)).toEqual(ENTRIES);
    expect(text.endsWith('\n')).toBe(true);
    const raw = JSON.parse(text);
    expect(raw.labels).toEqual(['Place', 'Actor']);
    expect(raw.keys).toEqual(['دير الزور', 'جون كيربي', 'المرصد السوري لحقوق الانسان']);
    expect(raw.layers['layers/amal/000_7db2a034c338d373.jsonl']).toEqual(['1.5:1.5:3469:12', [0, 0, 1, 1, 0, 0]]);
    expect(raw.keyVersion).toBe(LEXICON_KEY_VERSION);
  });

  it('is empty for text that is not the format or has keys of another version, and leaves out the entries that do not fit', () => {
    const good = serializeLexiconCache(ENTRIES);
    for (const text of ['', '{', 'null', '[]', good.replace('"version":1', '"version":2'), good.replace(`"keyVersion":${LEXICON_KEY_VERSION}`, `"keyVersion":${LEXICON_KEY_VERSION + 1}`), good.replace('hashiya-lexicon-cache', 'other')]) {
      expect(parseLexiconCache(text).size).toBe(0);
    }
    const mixed = JSON.parse(good);
    mixed.layers['layers/x/out-of-range.jsonl'] = ['4:4:1:1', [0, 3]];
    mixed.layers['layers/x/odd.jsonl'] = ['4:4:1:1', [0]];
    mixed.layers['layers/x/fraction.jsonl'] = ['4:4:1:1', [0.5, 0]];
    mixed.layers['layers/x/no-stamp.jsonl'] = [4, [0, 0]];
    mixed.layers['layers/x/shape.jsonl'] = { stamp: '4:4:1:1' };
    expect(parseLexiconCache(JSON.stringify(mixed))).toEqual(ENTRIES);
  });
});
