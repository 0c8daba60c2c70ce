import { describe, expect, it } from 'vitest';
import { parseDocumentListCache, serializeDocumentListCache, type DocumentListCache } from '../../electron/document-list-cache-file';

// The cache file's format: what is written reads back the same; anything else is no cache
// (or, entry by entry, leaves that entry out). It never throws: a damaged file is no error.

const SHA = 'a'.repeat(64);
const CACHE: DocumentListCache = {
  documents: new Map([
    ['000_7db2a034c338d373', { metaStamp: '1.5:1.5:346:12', textStamp: '2:2:3735:13', sha256: SHA, length: 2083, title: 'شهدت الساعات الماضية، قصفا متبادلا' }],
    ['late', { metaStamp: '3:3:300:14', textStamp: '4:4:45:15', sha256: 'b'.repeat(64), length: 26, title: 'قصف على دير الزور' }],
  ]),
  layers: new Map([['amal', new Map([['000_7db2a034c338d373', { stamp: '5:5:900:16', status: 'done' as const, spans: 2 }], ['late', { stamp: '-', status: 'not_started' as const, spans: 0 }]])]]),
};

describe('the document list cache file', () => {
  it('reads back what it wrote, Arabic titles included', () => {
    const text = serializeDocumentListCache(CACHE);
    expect(parseDocumentListCache(text)).toEqual(CACHE);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('is empty for text that is not the format, and leaves out the entries that do not fit', () => {
    for (const text of ['', '{', 'null', '[]', '"x"', serializeDocumentListCache(CACHE).replace('"version":1', '"version":2'), serializeDocumentListCache(CACHE).replace('hashiya-document-list-cache', 'other')]) {
      const parsed = parseDocumentListCache(text);
      expect([parsed.documents.size, parsed.layers.size]).toEqual([0, 0]);
    }
    const mixed = JSON.parse(serializeDocumentListCache(CACHE));
    mixed.documents.bad1 = ['1', '2', 'not a hash', 1, 't'];
    mixed.documents.bad2 = ['1', '2', SHA, -1, 't'];
    mixed.documents.bad3 = { metaStamp: '1' };
    mixed.layers.amal.bad = ['1', 'finished', 1];
    mixed.layers.amal.bad2 = ['1', 'done', 1.5];
    mixed.layers['../x'] = { late: ['1', 'done', 1] };
    mixed.layers.sara = 'nothing';
    const parsed = parseDocumentListCache(JSON.stringify(mixed));
    expect(parsed).toEqual(CACHE);
  });
});
