import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExportContext, OffsetUnit } from '../../shared/formats/format';
import { jsonlFormat } from '../../shared/formats/jsonl';
import { collections, comparable } from '../fixtures/formats/brat/arbitraries';

// Property: JSONL export then import, in either offset unit, gives back the same spans (offsets,
// labels, quotes), attribute values, notes, relations and rejected suggestions, on generated
// Arabic texts with emoji and layers (see arbitraries.ts; labels and relation types stay within
// the schema, which JSONL cannot extend).

describe('JSONL round trip (property)', () => {
  it.each(['codepoint', 'utf16'] as const)('export then import with offsets in %s gives back the whole layer', (offsets: OffsetUnit) => {
    fc.assert(
      fc.property(collections(false), ([schema, docs]) => {
        const context: ExportContext = { schema, source: 'Ali', toolVersion: '0.1.0', exportedAt: '2026-01-06T12:00:00.000Z', offsets };
        const { files, losses } = jsonlFormat.serialize(docs, context);
        expect(losses).toEqual([]);
        const parse = jsonlFormat.parse;
        if (parse === undefined) throw new Error('jsonl has a parser');
        const back = parse(files, { offsets, schema, texts: new Map() });
        if (!back.ok) throw new Error(JSON.stringify(back.errors, null, 1));
        expect(back.value.map((d) => d.id)).toEqual(docs.map((d) => d.meta.id));
        docs.forEach((doc, i) => {
          const got = back.value[i];
          expect(got?.rawText).toBe(doc.text);
          expect(got?.spans).toEqual(comparable(doc.layer.spans));
          expect(got?.relations).toEqual(doc.layer.relations);
          expect(got?.rejected).toEqual(doc.layer.rejected);
        });
      }),
      { numRuns: 300 },
    );
  });
});
