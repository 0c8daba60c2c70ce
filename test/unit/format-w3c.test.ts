import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../shared/formats/format';
import { w3cFormat } from '../../shared/formats/w3c';
import type { Layer } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { CONTEXT, ID_000, IMPORT_000, LAYER_000, META_000, SEED_000, exportSeed, type JsonObject } from '../fixtures/formats/w3c/fixture';

// W3C Web Annotation export of seed 000 with Ali's real layer (nested spans, a span across a line
// break, values of every attribute type, notes, relations, references), compared byte for byte
// with the golden file; import of it back; and every kind of bad input refused with file and line.
// Run with UPDATE_GOLDEN=1 to rewrite the golden file after a deliberate change, then review the diff.

const GOLDEN = new URL(`../fixtures/formats/w3c/${ID_000}.jsonld`, import.meta.url);
const FILE = `in/${ID_000}.jsonld`;
const BASE = `urn:hashiya:${ID_000}:Ali`;
const exported = exportSeed();

function parse(content: string, options: ImportOptions = IMPORT_000, path = FILE): ReturnType<NonNullable<typeof w3cFormat.parse>> {
  const result = w3cFormat.parse?.([{ path, content }], options);
  if (result === undefined) throw new Error('the w3c adapter has no parse');
  return result;
}

/** 1-based line of the first occurrence of `needle` at or after `from`. */
function lineOf(content: string, needle: string, from = 0): number {
  const at = content.indexOf(needle, from);
  if (at < 0) throw new Error(`not found: ${needle}`);
  return content.slice(0, at).split('\n').length;
}

/** The line where the annotation with `iri` begins (its `{`, the line above its `"id"`). */
function annotationLine(content: string, iri: string): number {
  return lineOf(content, `"id": "${iri}"`) - 1;
}

/** `content` with the first `from` after the annotation `iri` replaced by `to`. */
function edit(content: string, iri: string, from: string, to: string): string {
  const start = content.indexOf(`"id": "${iri}"`);
  const at = content.indexOf(from, start);
  if (start < 0 || at < 0) throw new Error(`cannot edit ${iri}: ${from}`);
  return `${content.slice(0, at)}${to}${content.slice(at + from.length)}`;
}

function errorsOf(result: ReturnType<typeof parse>): readonly { file: string; line?: number; message: string }[] {
  if (result.ok) throw new Error('expected the import to be refused');
  return result.errors;
}

describe('w3cFormat.serialize', () => {
  it('writes seed 000 with a real layer byte for byte as the golden file', () => {
    expect(exported.path).toBe(`${ID_000}.jsonld`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, exported.content);
    expect(exported.content).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('reports what W3C annotations cannot hold instead of dropping it silently', () => {
    expect(exported.losses).toEqual([{ document: ID_000, message: '1 rejected suggestion is not exported: W3C annotations have no place for them' }]);
  });

  it('gives each span position, quote and grapheme-cut context, line breaks kept, in code points', () => {
    const items = (JSON.parse(exported.content) as { first: { items: JsonObject[] } }).first.items;
    const s3 = items.find((a) => a.id === `${BASE}:span:s3`) as { target: { source: string; selector: JsonObject[] }; body: JsonObject[] };
    expect(s3.target.source).toBe(`urn:hashiya:${ID_000}`);
    expect(s3.target.selector).toEqual([
      { type: 'TextPositionSelector', start: 84, end: 100 },
      { type: 'TextQuoteSelector', exact: 'محافظة\nدير الزور', prefix: 'القوات الأمريكية، ومليشيات موالية لإيران، في '.slice(-32), suffix: '، شرقي سوريا.\nوقالت وسائل إعلام؛ إن'.slice(0, 32) },
    ]);
    expect(s3.body).toContainEqual({ type: 'TextualBody', purpose: 'commenting', value: 'the governorate, not the city' });
    const s12 = items.find((a) => a.id === `${BASE}:span:s12`) as { body: JsonObject[] };
    expect(s12.body).toContainEqual({ id: `${BASE}:span:s12:attribute:value`, type: 'TextualBody', purpose: 'describing', format: 'application/json', value: '5' });
    expect(items.find((a) => a.id === `${BASE}:span:s12:reference:affected_party`)).toMatchObject({ motivation: 'linking', target: `${BASE}:span:s12`, body: [`${BASE}:span:s1`, { purpose: 'describing', value: 'affected_party' }] });
    expect(items.find((a) => a.id === `${BASE}:relation:r1`)).toMatchObject({ motivation: 'linking', target: `${BASE}:span:s10`, body: [`${BASE}:span:s8`, { purpose: 'classifying', value: 'located_at' }] });
  });

  it('leaves out spans that do not anchor, and the relations and references that need them, saying so', () => {
    const broken: Layer = {
      ...LAYER_000,
      spans: LAYER_000.spans.map((s) =>
        s.id === 's1' ? { ...s, start: 40 } : s.id === 's5' ? { ...s, attributes: { ...s.attributes, level: Number.NaN } } : s.id === 's6' ? { ...s, attributes: { ...s.attributes, '\uD800x': 'v' } } : s,
      ),
      rejected: [],
    };
    const out = w3cFormat.serialize([{ meta: META_000, text: SEED_000, layer: broken }], CONTEXT);
    expect(out.losses.map((l) => l.message)).toEqual([
      'span "s1" (Actor) is left out: offsets 40–55 now yield "لقوات الأمريكية", not the quote "القوات الأمريكية"',
      'attribute "level" of span "s5" is left out: NaN cannot be written in JSON',
      'attribute "\\ud800x" of span "s6" is left out: its name holds half of a surrogate pair, which no IRI can',
      'attribute "affected_party" of span "s12" is left out: it refers to span "s1", which is not exported',
    ]);
    const back = parse(out.files[0]?.content ?? '');
    expect(back.ok && back.value[0]?.spans.map((s) => s.id)).toEqual(LAYER_000.spans.filter((s) => s.id !== 's1').map((s) => s.id));
  });

  it('writes an empty layer as a collection without pages, and reads it back', () => {
    const out = w3cFormat.serialize([{ meta: META_000, text: SEED_000, layer: { ...LAYER_000, spans: [], relations: [], rejected: [] } }], { ...CONTEXT, source: 'gold' });
    const collection = JSON.parse(out.files[0]?.content ?? '{}') as JsonObject;
    expect(collection).toMatchObject({ id: `urn:hashiya:${ID_000}:gold`, type: 'AnnotationCollection', total: 0 });
    expect(collection).not.toHaveProperty('first');
    expect(parse(out.files[0]?.content ?? '')).toEqual({ ok: true, value: [{ id: ID_000, rawText: null, spans: [], relations: [], rejected: [], warnings: [] }] });
  });
});

describe('w3cFormat.parse', () => {
  it('reads the golden file back to the same spans, attributes, notes and relations, without warnings', () => {
    const back = parse(readFileSync(GOLDEN, 'utf8'));
    expect(back).toEqual({
      ok: true,
      value: [
        {
          id: ID_000,
          rawText: null,
          spans: LAYER_000.spans.map(({ prefix: _p, suffix: _s, ...span }) => span),
          relations: LAYER_000.relations,
          rejected: [],
          warnings: [],
        },
      ],
    });
  });

  it('reads annotations of other tools: any IRIs, quote-checked offsets, ids s1, s2, ... and a warning for what it does not import', () => {
    const text = 'قال المرصد إن قصفا استهدف دير الزور.';
    const source = 'https://example.org/texts/flash.txt';
    const annotation = (id: string, start: number, end: number, exact: string, body: unknown): JsonObject => ({
      id,
      type: 'Annotation',
      body,
      target: { source, selector: [{ type: 'TextQuoteSelector', exact }, { type: 'TextPositionSelector', start, end }] },
    });
    const content = JSON.stringify([
      annotation('https://example.org/a/1', 26, 35, 'دير الزور', [{ type: 'TextualBody', purpose: 'tagging', value: 'Place' }, { type: 'TextualBody', purpose: 'commenting', value: 'city' }, 'https://example.org/tag/x']),
      annotation('https://example.org/a/2', 4, 10, 'المرصد', { type: 'TextualBody', value: 'Actor', purpose: 'classifying' }),
      { id: 'https://example.org/a/3', type: 'Annotation', motivation: 'linking', target: 'https://example.org/a/2', body: [{ id: 'https://example.org/a/1' }, { type: 'TextualBody', purpose: 'classifying', value: 'located_at' }] },
    ], null, 1);
    const result = parse(content, { ...IMPORT_000, texts: new Map([['flash', text]]) }, 'flash.jsonld');
    expect(result).toEqual({
      ok: true,
      value: [
        {
          id: 'flash',
          rawText: null,
          spans: [
            { id: 's2', label: 'Actor', start: 4, end: 10, text: 'المرصد', attributes: {}, note: '' },
            { id: 's1', label: 'Place', start: 26, end: 35, text: 'دير الزور', attributes: {}, note: 'city' },
          ],
          relations: [{ id: 'r1', type: 'located_at', from: 's2', to: 's1' }],
          rejected: [],
          warnings: [{ file: 'flash.jsonld', line: 2, message: 'annotation https://example.org/a/1: a body that is a string is not imported' }],
        },
      ],
    });
  });

  it('refuses malformed JSON, naming the file and the line', () => {
    const content = edit(exported.content, `${BASE}:span:s3`, '"start": 84,', '"start": 84');
    expect(errorsOf(parse(content))).toEqual([
      { file: FILE, line: lineOf(content, '"end": 100'), message: 'invalid JSON: expected "," or "}", found character "\\""' },
    ]);
  });

  it('refuses a label the schema lacks, on the line of its annotation', () => {
    const content = edit(exported.content, `${BASE}:span:s5`, '"value": "Place"', '"value": "Location"');
    expect(errorsOf(parse(content))).toEqual([
      { file: FILE, line: annotationLine(content, `${BASE}:span:s5`), message: `annotation ${BASE}:span:s5: label "Location" is not in the corpus schema (Actor, Place, CasualtyCount, Claim)` },
    ]);
  });

  it('refuses offsets out of range and says where the quote is', () => {
    const content = edit(exported.content, `${BASE}:span:s9`, '"end": 549', '"end": 2090');
    expect(errorsOf(parse(content))).toEqual([
      {
        file: FILE,
        line: annotationLine(content, `${BASE}:span:s9`),
        message: `annotation ${BASE}:span:s9: the TextPositionSelector 540–2090 runs past the end of the text (2083 code points); the quote occurs at 91–100, 329–338, 540–549 and 2 more (code points)`,
      },
    ]);
  });

  it('refuses a quote that is not the text at the offsets, and says where the quote does occur', () => {
    const content = edit(edit(exported.content, `${BASE}:span:s4`, '"start": 91', '"start": 92'), `${BASE}:span:s4`, '"end": 100', '"end": 101');
    expect(errorsOf(parse(content))).toEqual([
      {
        file: FILE,
        line: annotationLine(content, `${BASE}:span:s4`),
        message: `annotation ${BASE}:span:s4: the TextQuoteSelector exact "دير الزور" is not the text at 92–101, which is "ير الزور،"; the quote occurs at 91–100, 329–338, 540–549 and 2 more (code points)`,
      },
    ]);
  });

  it('refuses offsets counted in UTF-16 code units: a quote that cuts a surrogate pair, and offsets that fit only as UTF-16', () => {
    const text = '🔥 عاجل: قصف على دير الزور 🔥';
    const annotate = (start: number, end: number, exact: string): string =>
      JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:x:1', type: 'Annotation', body: { type: 'TextualBody', purpose: 'tagging', value: 'Place' }, target: { source: 'urn:hashiya:flash', selector: [{ type: 'TextPositionSelector', start, end }, { type: 'TextQuoteSelector', exact }] } }, null, 2);
    const options = { ...IMPORT_000, texts: new Map([['flash', text]]) };
    const cut = errorsOf(parse(annotate(1, 3, text.slice(1, 3)), options, 'flash.jsonld'));
    expect(cut).toEqual([
      { file: 'flash.jsonld', line: 1, message: 'annotation urn:x:1: the TextQuoteSelector cuts a surrogate pair (half of an emoji or other astral character): its offsets were counted in UTF-16 code units, but TextPositionSelector counts code points' },
    ]);
    const u16 = text.indexOf('دير الزور');
    const shifted = errorsOf(parse(annotate(u16, u16 + 9, 'دير الزور'), options, 'flash.jsonld'));
    expect(shifted[0]?.message).toBe(
      'annotation urn:x:1: the TextQuoteSelector exact "دير الزور" is not the text at 17–26, which is "ير الزور "; the quote occurs at 16–25 (code points); ' +
        'the offsets fit if counted in UTF-16 code units, but TextPositionSelector counts code points (an emoji or other astral character comes before this span)',
    );
    const last = errorsOf(parse(annotate(text.length - 2, text.length, '🔥'), options, 'flash.jsonld'));
    expect(last[0]?.message).toBe(
      'annotation urn:x:1: the TextPositionSelector 27–29 runs past the end of the text (27 code points); the quote occurs at 0–1, 26–27 (code points); ' +
        'the offsets fit if counted in UTF-16 code units, but TextPositionSelector counts code points (an emoji or other astral character comes before this span)',
    );
  });

  it('refuses an annotation id used twice', () => {
    const content = edit(exported.content, `${BASE}:span:s5`, `"id": "${BASE}:span:s5"`, `"id": "${BASE}:span:s4"`);
    const first = annotationLine(content, `${BASE}:span:s4`);
    const second = lineOf(content, `"id": "${BASE}:span:s4"`, content.indexOf(`"id": "${BASE}:span:s4"`) + 1) - 1;
    expect(errorsOf(parse(content))).toEqual([{ file: FILE, line: second, message: `annotation id ${BASE}:span:s4 is used twice (first on line ${first})` }]);
  });

  it('refuses a relation or reference that names no span annotation (dangling), and a relation type the schema lacks', () => {
    const dangling = edit(exported.content, `${BASE}:relation:r1`, `"${BASE}:span:s8"`, `"${BASE}:span:s99"`);
    expect(errorsOf(parse(dangling))).toEqual([
      { file: FILE, line: annotationLine(dangling, `${BASE}:relation:r1`), message: `annotation ${BASE}:relation:r1: relation "located_at" points to ${BASE}:span:s99, which is no span annotation of this document (dangling)` },
    ]);
    const reference = edit(exported.content, `${BASE}:span:s12:reference:affected_party`, `"target": "${BASE}:span:s12"`, `"target": "${BASE}:span:s0"`);
    expect(errorsOf(parse(reference))).toEqual([
      {
        file: FILE,
        line: annotationLine(reference, `${BASE}:span:s12:reference:affected_party`),
        message: `annotation ${BASE}:span:s12:reference:affected_party: reference "affected_party" starts at ${BASE}:span:s0, which is no span annotation of this document (dangling)`,
      },
    ]);
    const unknownType = edit(exported.content, `${BASE}:relation:r3`, '"value": "part_of"', '"value": "depicts"');
    expect(errorsOf(parse(unknownType))[0]?.message).toBe(`annotation ${BASE}:relation:r3: relation type "depicts" is not in the corpus schema (located_at, part_of, same_as)`);
  });

  it('refuses annotations of a document the corpus lacks (the text must come from the corpus)', () => {
    expect(errorsOf(parse(exported.content, { ...IMPORT_000, texts: new Map() }))).toEqual([
      {
        file: FILE,
        line: annotationLine(exported.content, `${BASE}:span:s1`),
        message: `annotation ${BASE}:span:s1: target.source urn:hashiya:${ID_000} names document "${ID_000}", which is not in the corpus: import its text first (W3C annotations carry no text)`,
      },
    ]);
  });

  it('imports nothing of a document with any problem, and lists every problem', () => {
    let content = edit(exported.content, `${BASE}:span:s5`, '"value": "Place"', '"value": "Location"');
    content = edit(content, `${BASE}:span:s9`, '"end": 549', '"end": 2090');
    const result = parse(content);
    expect(result.ok).toBe(false);
    expect(errorsOf(result).map((e) => e.line)).toEqual([annotationLine(content, `${BASE}:span:s5`), annotationLine(content, `${BASE}:span:s9`)]);
  });

  it('refuses a document given in two files, and a file whose annotations point at two documents', () => {
    const twice = w3cFormat.parse?.([{ path: 'a.jsonld', content: exported.content }, { path: 'b.jsonld', content: exported.content }], IMPORT_000);
    expect(twice).toEqual({ ok: false, errors: [{ file: 'b.jsonld', line: 1, message: `document "${ID_000}" is also annotated in a.jsonld: give each document in one file` }] });
    const mixed = edit(exported.content, `${BASE}:span:s2`, `"source": "urn:hashiya:${ID_000}"`, '"source": "urn:hashiya:004_fee82008326e4aee"');
    expect(errorsOf(parse(mixed))[0]?.message).toContain(`target.source urn:hashiya:004_fee82008326e4aee is another document than urn:hashiya:${ID_000}`);
  });

  it('keeps the schema of the corpus: a value that does not fit is read as it is (the import reports it)', () => {
    const schema = { ...DEFAULT_SCHEMA, labels: DEFAULT_SCHEMA.labels.map((l) => (l.name === 'Place' ? { ...l, attributes: [] } : l)) };
    const back = parse(exported.content, { ...IMPORT_000, schema });
    expect(back.ok && back.value[0]?.spans.find((s) => s.id === 's3')?.attributes).toEqual({ english_name: 'Deir ez-Zor', gazetteer_id: 'GeoNames:170794', level: 'governorate' });
  });
});
