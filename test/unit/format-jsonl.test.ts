import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import type { ImportFile, ImportedDocument, OffsetUnit } from '../../shared/formats/format';
import { JSONL_FILE, jsonlFormat } from '../../shared/formats/jsonl';
import { EMOJI_TEXT, FIXTURE_DOCUMENTS, fixtureContext, golden } from '../fixtures/formats/brat/load';

const GOLDEN = new URL('../fixtures/formats/jsonl/', import.meta.url);

function parse(files: readonly ImportFile[], offsets: OffsetUnit = 'codepoint') {
  const parse = jsonlFormat.parse;
  if (parse === undefined) throw new Error('jsonl has a parser');
  return parse(files, { offsets, schema: DEFAULT_SCHEMA, texts: new Map() });
}

function imported(files: readonly ImportFile[], offsets: OffsetUnit = 'codepoint'): readonly ImportedDocument[] {
  const result = parse(files, offsets);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 1));
  return result.value;
}

const one = (line: string, path = 'in/doccano.jsonl'): ImportFile[] => [{ path, content: `${line}\n` }];

function errorsOf(files: readonly ImportFile[], offsets: OffsetUnit = 'codepoint') {
  const result = parse(files, offsets);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('JSONL export: golden files', () => {
  it.each(['codepoint', 'utf16'] as const)('writes both documents in %s offsets byte for byte as the committed file', (unit) => {
    const { files, losses } = jsonlFormat.serialize(FIXTURE_DOCUMENTS, fixtureContext(unit));
    expect(losses).toEqual([]);
    expect(files.map((f) => f.path)).toEqual([JSONL_FILE]);
    const content = files[0]?.content ?? '';
    expect(content).toBe(golden(new URL(`annotations.${unit}.jsonl`, GOLDEN), content));
    expect(content.split('\n')).toHaveLength(3);
  });

  it('counts UTF-16 units only when asked: دير الزور after two emoji is 53–62 in code points, 55–64 in UTF-16', () => {
    const emoji = (unit: OffsetUnit) => JSON.parse(jsonlFormat.serialize(FIXTURE_DOCUMENTS, fixtureContext(unit)).files[0]?.content.split('\n')[1] ?? '') as {
      label: [number, number, string][];
      entities: { start_offset: number; hashiya: { text: string } }[];
    };
    expect(emoji('codepoint').label).toContainEqual([53, 62, 'Place']);
    expect(emoji('utf16').label).toContainEqual([55, 64, 'Place']);
    const cp = emoji('codepoint').entities.find((e) => e.hashiya.text === 'دير الزور');
    expect([...EMOJI_TEXT].slice(53, 62).join('')).toBe('دير الزور');
    expect(EMOJI_TEXT.slice(55, 64)).toBe('دير الزور');
    expect(cp?.start_offset).toBe(53);
  });

  it.each(['codepoint', 'utf16'] as const)('reads the %s golden file back into the same spans, attributes, notes and relations', (unit) => {
    const content = jsonlFormat.serialize(FIXTURE_DOCUMENTS, fixtureContext(unit)).files[0]?.content ?? '';
    const documents = imported([{ path: `out/${JSONL_FILE}`, content }], unit);
    FIXTURE_DOCUMENTS.forEach((doc, i) => {
      const back = documents[i] as ImportedDocument;
      expect(back.id).toBe(doc.meta.id);
      expect(back.rawText).toBe(doc.text);
      expect(back.spans).toEqual(doc.layer.spans.map(({ prefix: _p, suffix: _s, ...rest }) => rest));
      expect(back.relations).toEqual(doc.layer.relations);
      expect(back.rejected).toEqual([]);
      expect(back.warnings).toEqual([]);
    });
  });
});

describe('JSONL import', () => {
  const TEXT = '🔴 قتل 3 في دير الزور';
  it("reads doccano's own exports: sequence labelling (label) and relations (entities, relations)", () => {
    const seq = imported(one(JSON.stringify({ id: 7, text: TEXT, label: [[11, 20, 'Place'], [2, 5, 'CasualtyCount']], Comments: [] })));
    expect(seq[0]?.id).toBe('7');
    expect(seq[0]?.spans).toEqual([
      { id: 's2', label: 'CasualtyCount', start: 2, end: 5, text: 'قتل', attributes: {}, note: '' },
      { id: 's1', label: 'Place', start: 11, end: 20, text: 'دير الزور', attributes: {}, note: '' },
    ]);
    expect(seq[0]?.warnings).toEqual([{ file: 'in/doccano.jsonl', line: 1, message: 'member "Comments" not imported' }]);
    const rel = imported(
      one(
        JSON.stringify({
          text: TEXT,
          entities: [
            { id: 10, label: 'CasualtyCount', start_offset: 2, end_offset: 7 },
            { id: 11, label: 'Place', start_offset: 11, end_offset: 20 },
          ],
          relations: [{ id: 3, from_id: 10, to_id: 11, type: 'located_at' }],
        }),
      ),
    );
    expect(rel[0]?.id).toBe('doccano-1');
    expect(rel[0]?.spans.map((s) => [s.id, s.text])).toEqual([['s10', 'قتل 3'], ['s11', 'دير الزور']]);
    expect(rel[0]?.relations).toEqual([{ id: 'r3', type: 'located_at', from: 's10', to: 's11' }]);
  });

  it('reads UTF-16 offsets when told, and refuses one inside a surrogate pair, naming the line', () => {
    const line = JSON.stringify({ text: TEXT, label: [[12, 21, 'Place']] });
    expect(imported(one(line), 'utf16')[0]?.spans[0]).toMatchObject({ start: 11, end: 20, text: 'دير الزور' });
    expect(errorsOf(one(`${JSON.stringify({ text: 'x' })}\n${JSON.stringify({ text: TEXT, label: [[1, 5, 'Place']] })}`), 'utf16')).toEqual([
      { file: 'in/doccano.jsonl', line: 2, message: 'label[0]: UTF-16 offset 1 falls inside a surrogate pair (an emoji or other astral character); were the offsets counted in code points?' },
    ]);
  });

  it('refuses a file written in one unit and read in the other', () => {
    const utf16 = jsonlFormat.serialize(FIXTURE_DOCUMENTS, fixtureContext('utf16')).files[0]?.content ?? '';
    const errors = errorsOf([{ path: 'x.jsonl', content: utf16 }], 'codepoint');
    expect(errors).toEqual([
      { file: 'x.jsonl', line: 1, message: 'offsets were written in UTF-16 code units but are being read as code points: import with offsets utf16' },
      { file: 'x.jsonl', line: 2, message: 'offsets were written in UTF-16 code units but are being read as code points: import with offsets utf16' },
    ]);
  });

  it('says when code point offsets only fit as UTF-16 (a foreign file with quotes)', () => {
    const line = JSON.stringify({ text: TEXT, entities: [{ id: 1, label: 'Place', start_offset: 12, end_offset: 21, hashiya: { text: 'دير الزور' } }] });
    expect(errorsOf(one(line))[0]?.message).toBe('entities[0]: offsets 12–21 run past the end of the text (20 code points); they fit if counted in UTF-16 code units: import with offsets utf16');
    const shifted = JSON.stringify({ text: `${TEXT} جدا`, entities: [{ id: 1, label: 'Place', start_offset: 12, end_offset: 21, hashiya: { text: 'دير الزور' } }] });
    expect(errorsOf(one(shifted))[0]?.message).toBe('entities[0]: text "دير الزور" is not the text at 12–21, which is "ير الزور "; the offsets fit if counted in UTF-16 code units');
  });

  const entity = (id: number, label: string, s: number, e: number) => ({ id, label, start_offset: s, end_offset: e });
  it.each([
    ['a line that is not JSON', '{"text": "x",', 'not JSON'],
    ['a line that is not an object', '[1, 2]', 'a line must be a JSON object'],
    ['a line without text', '{"label": []}', '"text" must be the document\'s text'],
    ['an unknown label', JSON.stringify({ text: TEXT, label: [[2, 5, 'Weapon']] }), 'label[0]: label "Weapon" is not in the schema'],
    ['reversed offsets', JSON.stringify({ text: TEXT, label: [[5, 2, 'Place']] }), 'label[0]: must end after it starts (start 5, end 2)'],
    ['offsets that are not integers', JSON.stringify({ text: TEXT, label: [[2.5, 5, 'Place']] }), 'offsets must be non-negative integers'],
    ['a duplicate entity id', JSON.stringify({ text: TEXT, entities: [entity(1, 'Place', 2, 5), entity(1, 'Place', 11, 20)] }), 'entities[1]: entity id 1 is used twice'],
    ['a duplicate span id', JSON.stringify({ text: TEXT, entities: [entity(1, 'Place', 2, 5), { ...entity(2, 'Place', 11, 20), hashiya: { id: 's1' } }] }), 'entities[1]: span id "s1" is used twice'],
    ['a dangling relation', JSON.stringify({ text: TEXT, entities: [entity(1, 'Place', 2, 5)], relations: [{ id: 1, from_id: 1, to_id: 9, type: 'located_at' }] }), 'relations[0]: to_id 9 is not an entity of this line'],
    ['a duplicate relation id', JSON.stringify({ text: TEXT, entities: [entity(1, 'Place', 2, 5)], relations: [{ id: 1, from_id: 1, to_id: 1, type: 'located_at' }, { id: 1, from_id: 1, to_id: 1, type: 'part_of' }] }), 'relations[1]: relation id 1 is used twice'],
    ['an unknown relation type', JSON.stringify({ text: TEXT, entities: [entity(1, 'Place', 2, 5)], relations: [{ id: 1, from_id: 1, to_id: 1, type: 'near' }] }), 'relation type "near" is not in the schema'],
    ['label and entities that disagree', JSON.stringify({ text: TEXT, label: [[2, 5, 'Place']], entities: [entity(1, 'Place', 11, 20)] }), '"label" and "entities" hold different spans'],
    ['a quote that does not match', JSON.stringify({ text: TEXT, entities: [{ ...entity(1, 'Place', 11, 20), hashiya: { text: 'سوريا' } }] }), 'text "سوريا" is not the text at 11–20, which is "دير الزور"'],
    ['attributes that are not values', JSON.stringify({ text: TEXT, entities: [{ ...entity(1, 'Place', 11, 20), hashiya: { attributes: { level: ['city'] } } }] }), '"hashiya.attributes" must map names to strings, numbers or booleans'],
    ['an offset unit that is neither', JSON.stringify({ text: TEXT, hashiya: { offsets: 'bytes' } }), '"hashiya.offsets" must be "codepoint" or "utf16"'],
  ])('names file and line of %s, and imports nothing', (_what, line, message) => {
    const errors = errorsOf([{ path: 'in/a.jsonl', content: `${JSON.stringify({ id: 'ok', text: 'سوريا' })}\r\n${line}\r\n` }]);
    expect(errors).toEqual([{ file: 'in/a.jsonl', line: 2, message: expect.stringContaining(message) }]);
  });

  it('refuses a document id used twice, across files too', () => {
    const line = JSON.stringify({ id: 'd1', text: 'نص' });
    expect(errorsOf([...one(line, 'a.jsonl'), ...one(line, 'b.jsonl')])).toEqual([{ file: 'b.jsonl', line: 1, message: 'document id "d1" is used twice (first at a.jsonl:1)' }]);
  });

  it('keeps rejected suggestions, converting their offsets too', () => {
    const doc = FIXTURE_DOCUMENTS[1];
    if (doc === undefined) throw new Error('fixture');
    const layer = { ...doc.layer, rejected: [{ label: 'Place', start: 53, end: 62 }] };
    const { files } = jsonlFormat.serialize([{ ...doc, layer }], fixtureContext('utf16'));
    expect(files[0]?.content).toContain('"rejected":[{"label":"Place","start":55,"end":64}]');
    expect(imported(files, 'utf16')[0]?.rejected).toEqual(layer.rejected);
  });

  it('reports a span that does not match its text instead of writing it', () => {
    const doc = FIXTURE_DOCUMENTS[1];
    if (doc === undefined) throw new Error('fixture');
    const spans = doc.layer.spans.map((s) => (s.id === 's4' ? { ...s, start: s.start + 1 } : s));
    const { losses, files } = jsonlFormat.serialize([{ ...doc, layer: { ...doc.layer, spans } }], fixtureContext());
    expect(losses).toEqual([
      { document: 'emoji_0001', message: 'span s4 (Place 54–62) does not match the text at its offsets: it is not exported, nor its relations' },
      { document: 'emoji_0001', message: 'relation r2 (part_of s3 → s4) links a span that is not exported: it is not exported' },
      { document: 'emoji_0001', message: 'relation r3 (located_at s6 → s4) links a span that is not exported: it is not exported' },
    ]);
    expect(imported(files)[0]?.spans).toHaveLength(6);
  });
});
