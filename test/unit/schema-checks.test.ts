import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AttributeValue, Layer, Relation, Schema, Span } from '../../shared/model';
import { DEFAULT_SCHEMA, checkRelations, checkSpanValues, findReferenceCycles, schemaChangeReport, validateSchema } from '../../shared/schema';
import { CodePointIndex } from '../../shared/text/code-points';

const SEED_000 = new CodePointIndex(readFileSync(new URL('../../seeds/000_7db2a034c338d373.txt', import.meta.url), 'utf8'));

/** A span of seed 000 at code points `[start, end)` (offsets checked against the text). */
function span(id: string, label: string, start: number, end: number, attributes: Record<string, AttributeValue> = {}): Span {
  return { id, label, start, end, text: SEED_000.slice(start, end), prefix: '', suffix: '', attributes, note: '' };
}

const US_FORCES = span('s1', 'Actor', 39, 55, { actor_type: 'external_forces', nationality: 'USA' });
const MILITIAS = span('s2', 'Actor', 58, 79, { actor_type: 'identity_militia', backed_by: 's3' });
const IRAN = span('s3', 'Actor', 74, 79, { actor_type: 'government', nationality: 'IRN' });
const DEIR_EZ_ZOR = span('s4', 'Place', 91, 100, { level: 'governorate', gazetteer_id: 'GeoNames:170794' });
const STATEMENT = span('s6', 'Claim', 1112, 1201, { source: 's2', claim_kind: 'threat', direct: 'direct', cue: 'قال' });
const FIVE_SOLDIERS = span('s5', 'CasualtyCount', 1413, 1431, { outcome: 'injured', value: 5, qualifier: 'exact', affected_party: 's1' });
const NONE_HURT = span('s7', 'CasualtyCount', 1736, 1749, { outcome: 'injured', value: 0, asserted_zero: true, affected_party: 's1' });
const SPANS = [US_FORCES, MILITIAS, IRAN, DEIR_EZ_ZOR, STATEMENT, FIVE_SOLDIERS, NONE_HURT];
const BY_ID = new Map(SPANS.map((s) => [s.id, s]));

describe('the seed spans', () => {
  it('quote the seed where the offsets say', () => {
    expect(SPANS.map((s) => s.text)).toEqual([
      'القوات الأمريكية',
      'مليشيات موالية لإيران',
      'إيران',
      'دير الزور',
      'قال البيان: "لدينا القدرة على الرد في حال تم استهداف مراكزنا وقواتنا على الأراضي السورية"',
      'خمسة جنود أمريكيين',
      'لم تقع إصابات',
    ]);
  });
});

describe('validateSchema', () => {
  const actor = DEFAULT_SCHEMA.labels[0]!;
  const place = DEFAULT_SCHEMA.labels[1]!;

  it('finds nothing wrong in the default schema', () => {
    expect(validateSchema(DEFAULT_SCHEMA)).toEqual([]);
  });

  it('names duplicate labels, attributes, relations and keys', () => {
    const schema: Schema = {
      labels: [
        actor,
        { ...place, key: '1' },
        { ...place, key: '', attributes: [...place.attributes, place.attributes[0]!] },
      ],
      relations: [...DEFAULT_SCHEMA.relations.filter((r) => r.name !== 'located_at'), { name: 'part_of', from: ['Place'], to: ['Place'] }],
    };
    expect(validateSchema(schema)).toEqual([
      'key "1" is given to both "Actor" and "Place"',
      'label "Place" is defined twice',
      'label "Place" has attribute "level" twice',
      'relation "part_of" is defined twice',
    ]);
  });

  it('names choices, targets and relation ends that cannot work', () => {
    const schema: Schema = {
      labels: [
        {
          ...actor,
          attributes: [
            { name: 'actor_type', type: 'choice', choices: [], targets: [], help: '' },
            { name: 'backed_by', type: 'reference', choices: [], targets: ['Person'], help: '' },
            { name: 'strength', type: 'number', choices: ['many'], targets: [], help: '' },
            { name: 'alias', type: 'text', choices: [], targets: ['Actor'], help: '' },
            { name: 'side', type: 'choice', choices: ['a', '', 'a'], targets: [], help: '' },
          ],
        },
      ],
      relations: [{ name: 'located_at', from: ['Actor'], to: ['Place'] }, { name: 'hits', from: [], to: ['Actor'] }],
    };
    expect(validateSchema(schema)).toEqual([
      'attribute Actor.actor_type: a choice attribute needs at least one choice',
      'attribute Actor.backed_by: target "Person" is not a label of the schema',
      'attribute Actor.strength: only a choice attribute has choices (this one is number)',
      'attribute Actor.alias: only a reference attribute has targets (this one is text)',
      'attribute Actor.side: a choice is empty',
      'attribute Actor.side: choice "a" is listed twice',
      'relation "located_at": "to" label "Place" is not a label of the schema',
      'relation "hits": "from" names no label',
    ]);
  });

  it('names names brat cannot carry, bad colours and keys, and an empty schema', () => {
    const schema: Schema = {
      labels: [
        { name: 'مكان', color: 'green', key: '  ', attributes: [{ name: 'english name', type: 'text', choices: [], targets: [], help: '' }] },
      ],
      relations: [{ name: 'located at', from: ['مكان'], to: ['مكان'] }],
    };
    const ascii = 'must be an ASCII letter then letters, digits, "_" or "-" (at most 64): brat type names are ASCII';
    expect(validateSchema(schema)).toEqual([
      `label name "مكان" ${ascii}`,
      'label "مكان": colour "green" must be written #rrggbb',
      'label "مكان": key "  " must be one printable character, or "" for none',
      `attribute name "english name" of label "مكان" ${ascii}`,
      `relation name "located at" ${ascii}`,
    ]);
    expect(validateSchema({ labels: [], relations: [] })).toEqual(['the schema has no labels']);
  });
});

describe('checkSpanValues', () => {
  const check = (s: Span): readonly { attribute: string; message: string }[] => checkSpanValues(s, DEFAULT_SCHEMA, BY_ID);

  it('finds nothing wrong with values that fit', () => {
    for (const s of SPANS) expect(check(s), s.id).toEqual([]);
  });

  it('reports an unknown label once, naming the values it keeps', () => {
    expect(check({ ...FIVE_SOLDIERS, label: 'Event' })).toEqual([
      { attribute: '', message: 'label "Event" is not in the corpus schema; its values are kept (affected_party, outcome, qualifier, value)' },
    ]);
    expect(check({ ...DEIR_EZ_ZOR, label: 'Location', attributes: {} })).toEqual([{ attribute: '', message: 'label "Location" is not in the corpus schema' }]);
  });

  it('reports unknown attributes, wrong types, choices not in the list and numbers that are not finite', () => {
    const bad = {
      ...FIVE_SOLDIERS,
      attributes: { outcome: 'wounded', value: 'خمسة', min: Number.POSITIVE_INFINITY, qualifier: 3, asserted_zero: 'no', wounded_by: 's3' },
    };
    expect(check(bad)).toEqual([
      { attribute: 'asserted_zero', message: '"asserted_zero" must be true or false, not the text "no"' },
      { attribute: 'min', message: '"min": Infinity is not a finite number' },
      { attribute: 'outcome', message: '"outcome": "wounded" is not one of killed, injured, killed_or_injured, missing, captured, unspecified' },
      { attribute: 'qualifier', message: '"qualifier" must be one of its choices, not 3' },
      { attribute: 'value', message: '"value" must be a number, not the text "خمسة"' },
      { attribute: 'wounded_by', message: '"wounded_by" is not an attribute of CasualtyCount' },
    ]);
    expect(check({ ...US_FORCES, attributes: { nationality: 840, canonical_name: true } })).toEqual([
      { attribute: 'canonical_name', message: '"canonical_name" must be text, not true' },
      { attribute: 'nationality', message: '"nationality" must be text, not 840' },
    ]);
  });

  it('reports dangling references and references to a span of the wrong label', () => {
    expect(check({ ...FIVE_SOLDIERS, attributes: { affected_party: 's99', reported_by: 's1' } })).toEqual([
      { attribute: 'affected_party', message: '"affected_party" refers to span "s99", which is not in the layer' },
      { attribute: 'reported_by', message: '"reported_by" refers to span "s1" (Actor), but takes Claim' },
    ]);
    expect(check({ ...MILITIAS, attributes: { backed_by: 4 } })).toEqual([{ attribute: 'backed_by', message: '"backed_by" must be the id of a span, not 4' }]);
  });

  it('does not mistake an inherited name for an attribute', () => {
    expect(check({ ...US_FORCES, attributes: Object.fromEntries([['constructor', 'x'], ['__proto__', 'y']]) })).toEqual([
      { attribute: '__proto__', message: '"__proto__" is not an attribute of Actor' },
      { attribute: 'constructor', message: '"constructor" is not an attribute of Actor' },
    ]);
  });
});

describe('checkRelations', () => {
  it('reports unknown types, dangling ends and labels the type does not allow', () => {
    const relations: Relation[] = [
      { id: 'r1', type: 'located_at', from: 's5', to: 's4' },
      { id: 'r2', type: 'LocatedIn', from: 's5', to: 's4' },
      { id: 'r3', type: 'located_at', from: 's4', to: 's99' },
      { id: 'r4', type: 'part_of', from: 's2', to: 's4' },
      { id: 'r5', type: 'same_as', from: 's1', to: 's1' },
    ];
    expect(checkRelations(relations, SPANS, DEFAULT_SCHEMA)).toEqual([
      { relationId: 'r2', message: 'relation type "LocatedIn" is not in the corpus schema' },
      { relationId: 'r3', message: '"from" is span "s4" (Place), but located_at goes from CasualtyCount, Claim or Actor' },
      { relationId: 'r3', message: '"to" names span "s99", which is not in the layer' },
      { relationId: 'r4', message: '"to" is span "s4" (Place), but part_of goes to Actor' },
    ]);
  });
});

describe('findReferenceCycles', () => {
  it('finds none in the seed spans', () => {
    expect(findReferenceCycles(SPANS, DEFAULT_SCHEMA)).toEqual([]);
  });

  it('finds two actors backing each other, and an actor backing itself', () => {
    const spans = [US_FORCES, MILITIAS, { ...IRAN, attributes: { backed_by: 's2' } }, { ...US_FORCES, id: 's8', attributes: { backed_by: 's8' } }];
    expect(findReferenceCycles(spans, DEFAULT_SCHEMA)).toEqual([['s2', 's3'], ['s8']]);
  });

  it('finds a reported_by chain that leads back, across labels', () => {
    const claim = DEFAULT_SCHEMA.labels[3]!;
    const schema: Schema = {
      ...DEFAULT_SCHEMA,
      labels: DEFAULT_SCHEMA.labels.map((l) =>
        l === claim ? { ...l, attributes: [...l.attributes, { name: 'about', type: 'reference', choices: [], targets: ['CasualtyCount'], help: '' }] } : l,
      ),
    };
    const spans = [STATEMENT, { ...FIVE_SOLDIERS, attributes: { reported_by: 's6' } }];
    expect(findReferenceCycles(spans, schema)).toEqual([]);
    expect(findReferenceCycles([{ ...STATEMENT, attributes: { about: 's5' } }, spans[1]!], schema)).toEqual([['s6', 's5']]);
  });

  it('ignores text that looks like a span id and attributes the label does not have', () => {
    const spans: Span[] = [
      { ...US_FORCES, attributes: { canonical_name: 's2' } },
      { ...MILITIAS, attributes: { canonical_name: 's1', supports: 's1' } },
    ];
    expect(findReferenceCycles(spans, DEFAULT_SCHEMA)).toEqual([]);
  });

  it('handles a chain of 20,000 references without overflowing the stack', () => {
    const n = 20_000;
    const spans = Array.from({ length: n }, (_, i) => ({ id: `s${i + 1}`, label: 'Actor', attributes: { backed_by: `s${i + 2}` } }));
    expect(findReferenceCycles(spans, DEFAULT_SCHEMA)).toEqual([]);
    const closed = spans.map((s, i) => (i === n - 1 ? { ...s, attributes: { backed_by: 's1' } } : s));
    const cycles = findReferenceCycles(closed, DEFAULT_SCHEMA);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
  });
});

describe('schemaChangeReport', () => {
  const layerOf = (annotator: string, spans: readonly Span[], relations: readonly Relation[] = []): Layer => ({
    document: '000_7db2a034c338d373',
    annotator,
    textSha256: 'a'.repeat(64),
    revision: 4,
    status: 'in_progress',
    spans,
    relations,
    rejected: [],
  });
  const ali = layerOf('Ali', SPANS, [{ id: 'r1', type: 'located_at', from: 's6', to: 's4' }]);
  const layla = layerOf('ليلى', [US_FORCES, { ...NONE_HURT, attributes: { outcome: 'killed', asserted_zero: true } }]);

  const withLabel = (name: string, change: (l: Schema['labels'][number]) => Schema['labels'][number] | undefined): Schema => ({
    ...DEFAULT_SCHEMA,
    labels: DEFAULT_SCHEMA.labels.flatMap((l) => {
      if (l.name !== name) return [l];
      const next = change(l);
      return next ? [next] : [];
    }),
  });

  it('reports nothing when nothing changes', () => {
    expect(schemaChangeReport(DEFAULT_SCHEMA, DEFAULT_SCHEMA, [ali, layla])).toEqual([]);
  });

  it('reports each value that uses a removed choice, in every layer, and drops nothing', () => {
    const before = structuredClone([ali, layla]);
    const next = withLabel('CasualtyCount', (l) => ({
      ...l,
      attributes: l.attributes.map((a) => (a.name === 'outcome' ? { ...a, choices: a.choices.filter((c) => c !== 'injured') } : a)),
    }));
    expect(validateSchema(next)).toEqual([]);
    const message = '"outcome": "injured" is not one of killed, killed_or_injured, missing, captured, unspecified';
    expect(schemaChangeReport(DEFAULT_SCHEMA, next, [ali, layla])).toEqual([
      { document: '000_7db2a034c338d373', annotator: 'Ali', spanId: 's5', message },
      { document: '000_7db2a034c338d373', annotator: 'Ali', spanId: 's7', message },
    ]);
    expect([ali, layla]).toEqual(before);
  });

  it('reports the values of a renamed attribute under their old name', () => {
    const next = withLabel('CasualtyCount', (l) => ({ ...l, attributes: l.attributes.map((a) => (a.name === 'affected_party' ? { ...a, name: 'victims' } : a)) }));
    expect(schemaChangeReport(DEFAULT_SCHEMA, next, [ali, layla]).map((u) => `${u.annotator} ${u.spanId}: ${u.message}`)).toEqual([
      'Ali s5: "affected_party" is not an attribute of CasualtyCount',
      'Ali s7: "affected_party" is not an attribute of CasualtyCount',
    ]);
  });

  it('reports the spans of a deleted label, the references to them and the relations from them', () => {
    const noClaim: Schema = {
      labels: withLabel('Claim', () => undefined).labels.map((l) =>
        l.name === 'CasualtyCount' ? { ...l, attributes: l.attributes.filter((a) => a.name !== 'reported_by') } : l,
      ),
      relations: DEFAULT_SCHEMA.relations.map((r) => (r.name === 'located_at' ? { ...r, from: ['CasualtyCount', 'Actor'] } : r)),
    };
    expect(validateSchema(noClaim)).toEqual([]);
    const reported = layerOf('Ali', [...SPANS.slice(0, 5), { ...FIVE_SOLDIERS, attributes: { ...FIVE_SOLDIERS.attributes, reported_by: 's6' } }], ali.relations);
    expect(schemaChangeReport(DEFAULT_SCHEMA, noClaim, [reported]).map((u) => `${u.spanId}: ${u.message}`)).toEqual([
      's6: label "Claim" is not in the corpus schema; its values are kept (claim_kind, cue, direct, source)',
      's5: "reported_by" is not an attribute of CasualtyCount',
      's6: relation "r1" (located_at): "from" is span "s6" (Claim), but located_at goes from CasualtyCount or Actor',
    ]);
  });

  it('does not repeat values that did not fit before either, and reports a cycle the change creates', () => {
    const claim = DEFAULT_SCHEMA.labels[3]!;
    const withAbout = withLabel('Claim', () => ({
      ...claim,
      attributes: [...claim.attributes, { name: 'about', type: 'reference', choices: [], targets: ['CasualtyCount'], help: '' }],
    }));
    const layer = layerOf('Ali', [
      { ...STATEMENT, attributes: { ...STATEMENT.attributes, about: 's5' } },
      { ...FIVE_SOLDIERS, attributes: { ...FIVE_SOLDIERS.attributes, reported_by: 's6', outcome: 'wounded' } },
    ]);
    expect(schemaChangeReport(DEFAULT_SCHEMA, withAbout, [layer])).toEqual([
      { document: '000_7db2a034c338d373', annotator: 'Ali', spanId: 's6', message: 'references now form a cycle through spans s6, s5' },
    ]);
  });
});
