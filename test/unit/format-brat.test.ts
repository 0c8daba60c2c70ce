import { describe, expect, it } from 'vitest';
import type { Schema, Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { bratFormat, escapeBratText, unescapeBratText } from '../../shared/formats/brat';
import { bratAnnotationConf, parseBratAnnotationConf } from '../../shared/formats/brat-conf';
import type { ImportFile, ImportOptions, ImportedDocument } from '../../shared/formats/format';
import { EMOJI_TEXT, FIXTURE_DOCUMENTS, SEED_000_TEXT, fixtureContext, golden } from '../fixtures/formats/brat/load';

const GOLDEN = new URL('../fixtures/formats/brat/golden/', import.meta.url);
const ID_000 = '000_7db2a034c338d373';
const options = (schema: Schema = DEFAULT_SCHEMA): ImportOptions => ({ offsets: 'codepoint', schema, texts: new Map() });
const EMPTY_SCHEMA: Schema = { labels: [], relations: [] };

function exported() {
  return bratFormat.serialize(FIXTURE_DOCUMENTS, fixtureContext());
}

function parse(files: readonly ImportFile[], schema?: Schema) {
  const parse = bratFormat.parse;
  if (parse === undefined) throw new Error('brat has a parser');
  return parse(files, options(schema));
}

function imported(files: readonly ImportFile[], schema?: Schema): readonly ImportedDocument[] {
  const result = parse(files, schema);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 1));
  return result.value;
}

function errorsOf(files: readonly ImportFile[], schema?: Schema) {
  const result = parse(files, schema);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

/** The seed-000 pair with `ann` as its annotations. */
function seedFiles(ann: string, conf?: string): ImportFile[] {
  return [
    { path: `in/${ID_000}.txt`, content: SEED_000_TEXT },
    { path: `in/${ID_000}.ann`, content: ann },
    ...(conf === undefined ? [] : [{ path: 'in/annotation.conf', content: conf }]),
  ];
}

describe('brat export: golden files', () => {
  it('writes seed 000 and the emoji document byte for byte as the committed files, with nothing lost', () => {
    const { files, losses } = exported();
    expect(losses).toEqual([]);
    expect(files.map((f) => f.path)).toEqual([`${ID_000}.txt`, `${ID_000}.ann`, 'emoji_0001.txt', 'emoji_0001.ann', 'annotation.conf']);
    const content = new Map(files.map((f) => [f.path, f.content]));
    expect(content.get(`${ID_000}.txt`)).toBe(SEED_000_TEXT);
    expect(content.get('emoji_0001.txt')).toBe(EMOJI_TEXT);
    for (const name of [`${ID_000}.ann`, 'emoji_0001.ann', 'annotation.conf']) {
      expect(content.get(name), name).toBe(golden(new URL(name, GOLDEN), content.get(name) as string));
    }
  });

  it('writes what brat has no type for as documented lines (spot checks on the golden files)', () => {
    const content = new Map(exported().files.map((f) => [f.path, f.content]));
    const seed = (content.get(`${ID_000}.ann`) as string).split('\n');
    const emoji = (content.get('emoji_0001.ann') as string).split('\n');
    // A span across the hard line break: brat's own fragments.
    expect(seed).toContain('T4\tPlace 84 90;91 100\tمحافظة دير الزور');
    // Relations keep their numbers; references follow as relations named after the attribute.
    expect(seed).toContain('R4\tsame_as Arg1:T1 Arg2:T29');
    expect(seed).toContain('R14\taffected_party Arg1:T25 Arg2:T24');
    expect(seed).toContain('A34\tvalue T25 5');
    expect(seed).toContain('A42\tasserted_zero T28');
    expect(seed).toContain('#1\tAnnotatorNotes T1\tfirst mention; the same forces as in line 14\\nsee also the statement of line 11');
    expect(seed).toContain('#17\thashiya.value T16\t{"attribute":"asserted_zero","value":false}');
    expect(seed).toContain('N3\tReference T11 GeoNames:170794\tDeir ez-Zor');
    // After an emoji, offsets are code points; a gazetteer id without a database is free text.
    expect(emoji).toContain('T4\tPlace 53 62\tدير الزور');
    expect(emoji).toContain('#2\thashiya.text.gazetteer_id T3\tlocal list, no id');
    expect(emoji).toContain('#6\thashiya.extent T7\t101 126');
    expect(emoji).toContain('#7\tAnnotatorNotes T7\tC:\\\\path\\\\to\tfile\\u2028next line\\r\\nend');
    // A choice value the schema lacks is declared in annotation.conf with the others.
    expect(content.get('annotation.conf')).toContain('outcome\tArg:CasualtyCount, Value:killed|injured|killed_or_injured|missing|captured|unspecified|injured_only\n');
    expect(content.get('annotation.conf')).toContain('value\tArg:CasualtyCount, Value:0|1|3|5\n');
  });

  it('reads the golden files back into the same spans, attributes, notes and relations', () => {
    const files = exported().files.map((f) => ({ path: `export/${f.path}`, content: f.content }));
    const documents = imported(files);
    expect(documents.map((d) => d.id)).toEqual([ID_000, 'emoji_0001']);
    FIXTURE_DOCUMENTS.forEach((doc, i) => {
      const back = documents[i] as ImportedDocument;
      expect(back.rawText).toBe(doc.text);
      expect(back.spans).toEqual(doc.layer.spans.map(({ prefix: _p, suffix: _s, ...rest }) => rest));
      expect(back.relations).toEqual(doc.layer.relations);
      expect(back.schemaAdditions).toBeUndefined();
      expect(back.warnings).toEqual([]);
    });
  });

  it('brings the whole schema back from annotation.conf into an empty corpus schema', () => {
    const files = exported().files.map((f) => ({ path: f.path, content: f.content }));
    const documents = imported(files, EMPTY_SCHEMA);
    expect(documents[0]?.schemaAdditions).toEqual(DEFAULT_SCHEMA);
    expect(documents[1]?.spans).toHaveLength(7);
  });
});

describe('annotation.conf', () => {
  it('is the committed file for the default schema, and reads back into that schema', () => {
    const conf = bratAnnotationConf(DEFAULT_SCHEMA);
    expect(conf).toBe(golden(new URL('default-schema.annotation.conf', GOLDEN), conf));
    expect(conf).toContain('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n');
    const parsed = parseBratAnnotationConf(conf, 'annotation.conf');
    expect(parsed).toEqual({ ok: true, value: { schema: DEFAULT_SCHEMA, eventTypes: [], warnings: [] } });
  });

  it("reads a foreign brat configuration: binary attributes as booleans, Value: as choices, <ENTITY> as every label", () => {
    const conf = [
      '[entities]',
      'Person',
      'Location',
      '  City',
      '[relations]',
      '<OVERLAP>\tArg1:Location, Arg2:Location, <OVL-TYPE>:contain',
      'Lives_in\tArg1:Person, Arg2:Location|City',
      'Equiv\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive',
      '[events]',
      'Attack\tTarget:Person',
      '[attributes]',
      'Negated\tArg:<ENTITY>',
      'Confidence\tArg:Person, Value:Low|High',
      '',
    ].join('\n');
    const parsed = parseBratAnnotationConf(conf, 'x/annotation.conf');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { schema, eventTypes, warnings } = parsed.value;
    expect(schema.labels.map((l) => [l.name, l.attributes.map((a) => `${a.name}:${a.type}:${a.choices.join('|')}`)])).toEqual([
      ['Person', ['Negated:boolean:', 'Confidence:choice:Low|High']],
      ['Location', ['Negated:boolean:']],
      ['City', ['Negated:boolean:']],
    ]);
    expect(schema.relations).toEqual([
      { name: 'Lives_in', from: ['Person'], to: ['Location', 'City'] },
      { name: 'Equiv', from: ['Person', 'Location', 'City'], to: ['Person', 'Location', 'City'] },
    ]);
    expect(eventTypes).toEqual(['Attack']);
    expect(warnings).toEqual([{ file: 'x/annotation.conf', line: 10, message: 'event types (Attack) are not imported: Hashiya has spans and relations, not events' }]);
  });

  it.each([
    ['an argument without a colon', 'Lives_in\tArg1 Person, Arg2:Location', 'cannot read argument "Arg1 Person" of "Lives_in"'],
    ['a relation with one argument', 'Lives_in\tArg1:Person', 'relation "Lives_in" needs two arguments'],
    ['a Hashiya comment that is not JSON', '# hashiya-attribute: {label: Person}', '"# hashiya-attribute:" must be followed by JSON'],
  ])('names the line of %s', (_what, line, message) => {
    const parsed = parseBratAnnotationConf(`[entities]\nPerson\nLocation\n[relations]\n${line}\n`, 'annotation.conf');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([{ file: 'annotation.conf', line: 5, message: expect.stringContaining(message) }]);
  });
});

describe('brat import', () => {
  it('reads a foreign collection: N text as the English name, M modifiers, notes joined; events only warned about', () => {
    const ann = [
      'T1\tPlace 91 100\tدير الزور',
      'T2\tActor 39 55\tالقوات الأمريكية',
      'N1\tReference T1 GeoNames:170794\tDeir ez-Zor',
      '#1\tAnnotatorNotes T2\tfirst',
      '#2\tAnnotatorNotes T2\tsecond',
      'T3\tAttack 22 26\tقصفا',
      'E1\tAttack:T3 Target:T2',
      'A1\tNegated E1',
      'M1\tNegated T2',
      '#3\tSTATUS T2\treviewed',
      '',
    ].join('\n');
    const conf = '[entities]\nActor\nPlace\n[relations]\n[events]\nAttack\tTarget:Actor\n[attributes]\nNegated\tArg:<ENTITY>|<EVENT>\n';
    const [doc] = imported(seedFiles(ann, conf));
    expect(doc?.spans).toEqual([
      { id: 's2', label: 'Actor', start: 39, end: 55, text: 'القوات الأمريكية', attributes: { Negated: true }, note: 'first\nsecond' },
      { id: 's1', label: 'Place', start: 91, end: 100, text: 'دير الزور', attributes: { gazetteer_id: 'GeoNames:170794', english_name: 'Deir ez-Zor' }, note: '' },
    ]);
    expect(doc?.schemaAdditions).toEqual({
      labels: [
        { ...DEFAULT_SCHEMA.labels[0], attributes: [{ name: 'Negated', type: 'boolean', choices: [], targets: [], help: '' }] },
        { ...DEFAULT_SCHEMA.labels[1], attributes: [{ name: 'Negated', type: 'boolean', choices: [], targets: [], help: '' }] },
      ],
      relations: [],
    });
    expect(doc?.warnings.map((w) => `${w.line ?? ''}: ${w.message}`)).toEqual([
      '8: attribute "Negated" of events is not read: only attributes of entities become Hashiya attributes',
      '6: event types (Attack) are not imported: Hashiya has spans and relations, not events',
      '6: T3 is the trigger of an event (Attack): events are not imported',
      '7: event E1 not imported: Hashiya has spans and relations, not events',
      '8: A1 (Negated) is about E1, which is not a span: not imported',
      '10: #3: comment of type "STATUS" on T2 not imported (Hashiya reads AnnotatorNotes and its own hashiya.* comments)',
    ]);
  });

  it('refuses an unknown label, and takes it when annotation.conf declares it (schemaAdditions)', () => {
    const ann = 'T1\tPlace 91 100\tدير الزور\nT2\tWeapon 1399 1405\tأمريكي\n';
    expect(errorsOf(seedFiles(ann))).toEqual([
      { file: `in/${ID_000}.ann`, line: 2, message: 'T2 has label "Weapon", which neither the schema nor annotation.conf declares' },
    ]);
    const conf = `${bratAnnotationConf(DEFAULT_SCHEMA)}\n[entities]\nWeapon\n`;
    const [doc] = imported(seedFiles(ann, conf));
    expect(doc?.spans.map((s) => s.label)).toEqual(['Place', 'Weapon']);
    expect(doc?.schemaAdditions?.labels.map((l) => [l.name, l.key, l.attributes.length])).toEqual([['Weapon', '', 0]]);
  });

  const T = 'T1\tPlace 91 100\tدير الزور\nT2\tActor 39 55\tالقوات الأمريكية\n';
  it.each([
    ['a relation with one argument', 'R1\tlocated_at Arg1:T2', 'a relation reads "TYPE Arg1:ID Arg2:ID"'],
    ['a relation with the same role twice', 'R1\tlocated_at Arg1:T2 Arg1:T1', 'must have different roles'],
    ['a dangling relation argument', 'R1\tlocated_at Arg1:T2 Arg2:T9', 'R1 points at T9, which is not in this file'],
    ['an attribute of a missing span', 'A1\tlevel T7 city', 'A1 points at T7, which is not in this file'],
    ['an attribute given twice', 'A1\tlevel T1 city\nA2\tlevel T1 country', 'T1 gets attribute "level" a second time (first on line 3)'],
    ['a malformed attribute', 'A1\tlevel', 'an attribute reads "TYPE ID VALUE" or "TYPE ID"'],
    ['a malformed normalization', 'N1\tReference T1 170794', 'a normalization reads "TYPE ID DB:ID"'],
    ['a second normalization', 'N1\tReference T1 GeoNames:1\nN2\tReference T1 GeoNames:2', 'T1 has a second normalization (first on line 3)'],
    ['a malformed comment', '#1\tAnnotatorNotes\tno target', 'a comment reads "TYPE ID" before its text'],
    ['a hashiya.value that is not JSON', '#1\thashiya.value T1\tlevel=city', 'hashiya.value must be followed by {"attribute": NAME'],
    ['an extent that adds more than line breaks', '#1\thashiya.extent T1\t89 100', 'hashiya.extent "89 100" must be "START END" around T1 (91–100)'],
    ['a duplicate id', 'T2\tPlace 107 112\tسوريا', 'annotation id T2 is used twice (first on line 2)'],
    ['offsets out of range', 'T3\tPlace 2080 2090\tx', 'run past the end of the text (2083 code points'],
    ['a quote that does not match', 'T3\tPlace 107 112\tالعراق', 'text "العراق" is not the text at 107–112, which is "سوريا"'],
    ['an unknown kind', 'X1\tthing T1', 'unknown annotation kind "X"'],
  ])('names file and line of %s, and imports nothing of the document', (_what, line, message) => {
    const errors = errorsOf(seedFiles(`${T}${line}\n`));
    expect(errors).toEqual([{ file: `in/${ID_000}.ann`, line: errors[0]?.line, message: expect.stringContaining(message) }]);
    expect(errors[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('keeps attribute values no schema declares, as written; reads past relations of unknown types with a warning', () => {
    const [doc] = imported(seedFiles(`${T}R1\tlives_in Arg1:T2 Arg2:T1\nA1\toutcome T1 killed\nA2\tOutcome T2\nR2\tsource Arg1:T1 Arg2:T2\n`));
    expect(doc?.relations).toEqual([]);
    expect(doc?.spans.map((s) => s.attributes)).toEqual([{ Outcome: true }, { outcome: 'killed' }]);
    expect(doc?.warnings).toEqual([
      { file: `in/${ID_000}.ann`, line: 3, message: 'R1: relation type "lives_in" is neither in the schema nor in annotation.conf (nor a reference attribute of Actor): not imported' },
      { file: `in/${ID_000}.ann`, line: 6, message: 'R2: relation type "source" is neither in the schema nor in annotation.conf (nor a reference attribute of Place): not imported' },
    ]);
    const conf = `${bratAnnotationConf(DEFAULT_SCHEMA)}[relations]\nlives_in\tArg1:Actor, Arg2:Place\n`;
    const [declared] = imported(seedFiles(`${T}R1\tlives_in Arg1:T2 Arg2:T1\n`, conf));
    expect(declared?.relations).toEqual([{ id: 'r1', type: 'lives_in', from: 's2', to: 's1' }]);
    expect(declared?.schemaAdditions?.relations).toEqual([{ name: 'lives_in', from: ['Actor'], to: ['Place'] }]);
  });

  it('says when offsets were counted in UTF-16 (an emoji before the span) or cut a surrogate pair', () => {
    const files = (ann: string): ImportFile[] => [
      { path: 'emoji_0001.txt', content: EMOJI_TEXT },
      { path: 'emoji_0001.ann', content: ann },
    ];
    expect(errorsOf(files('T1\tPlace 55 64\tدير الزور\n'))[0]?.message).toContain('the offsets fit if counted in UTF-16 code units, but brat counts code points');
    expect(errorsOf(files('T1\tActor 1 4\t🔴 ع\n'))[0]?.message).toContain('offset 1 would fall inside a surrogate pair');
  });

  it('imports nothing when one document of several is bad, and names every problem', () => {
    const files = [
      ...exported().files,
      { path: 'bad.txt', content: 'نص' },
      { path: 'bad.ann', content: 'T1\tPlace 0 2\tنص\nR1\tlocated_at Arg1:T1 Arg2:T5\n' },
      { path: 'orphan.ann', content: 'T1\tPlace 0 1\tx\n' },
      { path: 'notes.md', content: '# notes' },
      { path: 'x.a1', content: '' },
    ];
    expect(errorsOf(files)).toEqual([
      { file: 'notes.md', message: 'is not part of a brat collection (.txt with its .ann, annotation.conf)' },
      { file: 'x.a1', message: 'brat partial annotation files (.a1, .a2, .rel, .co) are not read: merge them into one .ann' },
      { file: 'orphan.ann', message: 'has no .txt beside it (orphan.txt): brat offsets need the text' },
      { file: 'bad.ann', line: 2, message: 'R1 points at T5, which is not in this file' },
    ]);
  });

  it('reads a reference whose name is also a relation type from its hashiya.ref comment', () => {
    const schema: Schema = {
      labels: [
        { name: 'Claim', color: '#d0bfff', key: '', attributes: [{ name: 'source', type: 'reference', choices: [], targets: ['Actor'], help: '' }] },
        { name: 'Actor', color: '#ffd8a8', key: '', attributes: [] },
      ],
      relations: [{ name: 'source', from: ['Claim'], to: ['Actor'] }],
    };
    const [doc] = FIXTURE_DOCUMENTS;
    if (doc === undefined) throw new Error('fixture');
    const spans = doc.layer.spans.filter((s) => s.id === 's15' || s.id === 's14').map((s): Span => ({ ...s, attributes: s.label === 'Claim' ? { source: 's14' } : {} }));
    const layer = { ...doc.layer, spans, relations: [{ id: 'r1', type: 'source', from: 's15', to: 's14' }] };
    const { files, losses } = bratFormat.serialize([{ ...doc, layer }], { ...fixtureContext(), schema });
    expect(losses).toEqual([]);
    const ann = files[1]?.content ?? '';
    expect(ann).toContain('R1\tsource Arg1:T15 Arg2:T14\n');
    expect(ann).toContain('#1\thashiya.ref.source T15\tT14\n');
    expect(files[2]?.content).not.toContain('# Reference attributes');
    const [back] = imported(files, schema);
    expect(back?.relations).toEqual(layer.relations);
    expect(back?.spans.find((s) => s.id === 's15')?.attributes).toEqual({ source: 's14' });
  });

  it('reports spans it cannot write instead of dropping them silently', () => {
    const [doc] = FIXTURE_DOCUMENTS;
    if (doc === undefined) throw new Error('fixture');
    const base = doc.layer.spans[0];
    if (base === undefined) throw new Error('fixture');
    const spans = [{ ...base, id: 's1', text: 'القوات الروسية' }, { ...base, id: 's2', start: 90, end: 91, text: '\n' }, { ...base, id: 's3' }];
    const relations = [{ id: 'r1', type: 'same_as', from: 's1', to: 's3' }];
    const { losses, files } = bratFormat.serialize([{ ...doc, layer: { ...doc.layer, spans, relations } }], fixtureContext());
    expect(losses).toEqual([
      { document: ID_000, message: 'span s1 (Actor 39–55) does not match the text at its offsets: it is not exported, nor its attributes, note and relations' },
      { document: ID_000, message: 'span s2 (Actor 90–91) holds only line breaks, which a brat text-bound annotation cannot: it is not exported' },
      { document: ID_000, message: 'relation r1 (same_as s1 → s3) links a span that is not exported: it is not exported' },
    ]);
    expect(files[1]?.content.startsWith('T3\tActor 39 55\tالقوات الأمريكية\n')).toBe(true);
  });
});

/** Where Python's str.splitlines (and so brat's .ann reader) breaks lines. */
const PYTHON_LINE_BREAKS = ['\n', '\r', '\u000b', '\u000c', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029'];

describe('escapeBratText', () => {
  it('keeps every line on its line and undoes exactly what it did', () => {
    for (const s of ['a\\nb', 'C:\\new\\table', 'x\ny\r\nz', '\u2028\u2029\u0085\u000b\u000c\u001c', 'tab\tstays', '\\u2028 literally']) {
      const escaped = escapeBratText(s);
      expect([...escaped].filter((c) => PYTHON_LINE_BREAKS.includes(c))).toEqual([]);
      expect(unescapeBratText(escaped)).toBe(s);
    }
    expect(unescapeBratText('C:\\path stays')).toBe('C:\\path stays');
  });
});
