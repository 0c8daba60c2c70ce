import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bratFormat } from '../../shared/formats/brat';
import type { ExportContext } from '../../shared/formats/format';
import { collections, comparable } from '../fixtures/formats/brat/arbitraries';

// Property: brat export then import gives back the same spans (offsets, labels, quotes), attribute
// values, notes and relations, on generated Arabic texts and layers (see arbitraries.ts).
//
// HASHIYA_BRAT_DUMP=DIR writes every generated collection into DIR/run-N/ (.txt, .ann,
// annotation.conf), to be checked with brat's own parser and verifier.

const DUMP = process.env.HASHIYA_BRAT_DUMP;
let run = 0;

describe('brat round trip (property)', () => {
  it('export then import gives back every span, attribute value, note and relation', () => {
    fc.assert(
      fc.property(collections(true), ([schema, docs]) => {
        const context: ExportContext = { schema, source: 'Ali', toolVersion: '0.1.0', exportedAt: '2026-01-06T12:00:00.000Z', offsets: 'codepoint' };
        const { files, losses } = bratFormat.serialize(docs, context);
        expect(losses).toEqual([]);
        if (DUMP !== undefined) {
          const dir = path.join(DUMP, `run-${run++}`);
          mkdirSync(dir, { recursive: true });
          for (const f of files) writeFileSync(path.join(dir, f.path), f.content, 'utf8');
        }
        const parse = bratFormat.parse;
        if (parse === undefined) throw new Error('brat has a parser');
        const back = parse(
          files.map((f) => ({ path: `collection/${f.path}`, content: f.content })),
          { offsets: 'codepoint', schema, texts: new Map() },
        );
        if (!back.ok) throw new Error(JSON.stringify(back.errors, null, 1));
        expect(back.value.map((d) => d.id)).toEqual(docs.map((d) => d.meta.id));
        docs.forEach((doc, i) => {
          const got = back.value[i];
          expect(got?.rawText).toBe(doc.text);
          expect(got?.spans).toEqual(comparable(doc.layer.spans));
          expect(got?.relations).toEqual(doc.layer.relations);
          // Only labels and relation types the schema lacks come back as additions.
          for (const l of got?.schemaAdditions?.labels ?? []) expect(schema.labels.some((s) => s.name === l.name)).toBe(false);
          for (const r of got?.schemaAdditions?.relations ?? []) expect(r.name).toBe('mentions');
        });
      }),
      { numRuns: 300 },
    );
  });
});
