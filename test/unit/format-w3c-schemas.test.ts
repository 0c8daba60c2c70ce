import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { w3cFormat } from '../../shared/formats/w3c';
import { exportSeed, type JsonObject } from '../fixtures/formats/w3c/fixture';
import { SCHEMAS, ajv, assertion, failures, filesUnder, suite, type Check } from '../fixtures/formats/w3c/suite';

// Every annotation and the collection Hashiya exports, checked against the JSON Schemas of the W3C
// Web Annotation Working Group's test suite (copies in test/fixtures/formats/w3c/schemas; where
// they come from and what was left out: README.md there). The assertions run as the suite runs
// them: each one a draft-04 schema that the annotation must satisfy ("expectedResult": "valid").

const exported = exportSeed();
const collection = JSON.parse(exported.content) as JsonObject;
const page = collection.first as JsonObject;
/**
 * Embedded annotations take their `@context` from the collection (W3C model §5: a page's items
 * need not repeat it); standing alone, each is the annotation below, which the suite checks.
 */
const annotations: JsonObject[] = (page.items as JsonObject[]).map((a) => ({ '@context': collection['@context'], ...a }));
const spans = annotations.filter((a) => a.motivation === 'tagging');
const links = annotations.filter((a) => a.motivation === 'linking');

/** Assertions of the optional features Hashiya implements: each must pass where the feature is used. */
const IMPLEMENTED_BY_EVERY_ANNOTATION = [
  'annotations/3.3.5-annotationMotivationImplemented.json',
  'annotations/3.3.1-annotationCreatedImplemented.json',
  'annotations/3.3.1-annotationCreatorImplemented.json',
  'annotations/3.3.2-annotationCreatorAgentTypeImplemented.json',
  'annotations/3.3.2-annotationCreatorAgentNameImplemented.json',
  'annotations/3.3.1-annotationGeneratorImplemented.json',
  'bodiesTargets/3.3.5-bodyPurpose.json',
  'bodiesTargets/3.2.4-bodyETBTypeTextualBody.json',
];
const IMPLEMENTED_BY_SPANS = ['specificResource/4.2.4-textQuoteSelector.json', 'specificResource/4.2.5-textPositionSelector.json'];

describe('W3C Web Annotation test schemas', () => {
  it('has a real layer to check: spans, relations and references, every definition and assertion compiling', () => {
    expect(spans).toHaveLength(15);
    expect(links.length).toBe(3 + 3);
    for (const file of filesUnder(SCHEMAS).filter((f) => f.endsWith('.json') && !f.includes(`${path.sep}definitions${path.sep}`))) {
      expect(() => assertion(path.relative(SCHEMAS, file).split(path.sep).join('/'))).not.toThrow();
    }
  });

  it.each(['annotations/annotationMusts.test', 'bodiesTargets/bodyMusts.test', 'bodiesTargets/targetMusts.test', 'specificResource/specificResourceMusts.test'])(
    'every exported annotation passes the MUST assertions of %s',
    (testFile) => {
      const { present } = suite(testFile);
      expect(present.length).toBeGreaterThan(8);
      expect(annotations.flatMap((a) => present.flatMap((p) => failures(p, a).map((f) => `${String(a.id)}: ${f}`)))).toEqual([]);
    },
  );

  it('lists the MUST assertions its copy lacks (not in the stored copy of the suite; see README.md)', () => {
    expect(suite('bodiesTargets/bodyMusts.test').absent).toEqual([
      'bodiesTargets/3.3.6-bodyRightsValidated.json',
      'bodiesTargets/3.3.7-bodyCanonicalValidated.json',
      'bodiesTargets/3.3.7-bodyViaValidated.json',
      'bodiesTargets/4-bodyChoiceSetNoSource.json',
      'bodiesTargets/4-bodyEmbeddedTextualNoSource.json',
      'bodiesTargets/4-bodySpecificResourceNoSource.json',
    ]);
    expect(suite('bodiesTargets/targetMusts.test').absent).toEqual([
      'bodiesTargets/3.3.6-targRightsValidated.json',
      'bodiesTargets/3.3.7-targCanonicalValidated.json',
      'bodiesTargets/3.3.7-targViaValidated.json',
      'bodiesTargets/4-targChoiceSetNoSource.json',
      'bodiesTargets/4-targSpecificResourceNoSource.json',
    ]);
    expect(suite('annotations/annotationMusts.test').absent).toEqual([]);
    expect(suite('specificResource/specificResourceMusts.test').absent).toEqual([]);
    // What the missing ones would check, checked here directly: no rights, canonical or via
    // anywhere, and no body or target that mixes value, source and items.
    for (const a of annotations) {
      expect(JSON.stringify(a)).not.toMatch(/"(?:rights|canonical|via|items|state|styleClass)"/);
      for (const b of [a.body, a.target].flat() as unknown[]) {
        if (typeof b === 'object' && b !== null) expect('value' in b && 'source' in b).toBe(false);
      }
    }
  });

  it('passes the assertions of the optional features it implements (motivation, agents, purpose, TextualBody, both selectors)', () => {
    const problems = [
      ...annotations.flatMap((a) => IMPLEMENTED_BY_EVERY_ANNOTATION.flatMap((p) => failures(p, a))),
      ...spans.flatMap((a) => IMPLEMENTED_BY_SPANS.flatMap((p) => failures(p, a))),
    ];
    expect(problems).toEqual([]);
  });

  it('gives the collection and its page what the collection and page assertions ask for', () => {
    const { present, absent } = suite('collections/collectionMusts.test');
    expect(present).toEqual(['collections/5.1-collectionIdValidated.json', 'collections/5.1-collectionTypeValidated.json']);
    expect(present.flatMap((p) => failures(p, collection))).toEqual([]);
    // The collection assertions not in the stored copy, each checked with the definition it names.
    expect(absent).toHaveLength(8);
    const definition = (name: string): Check => ajv.compile({ $ref: `collections.json#/definitions/${name}` });
    expect(definition('contextValueFound')(collection['@context'])).toBe(true);
    for (const name of ['labelFound', 'totalFound', 'firstFound', 'lastFound', 'firstRequiredIfTotalMoreThanZero']) {
      expect([name, definition(name)(collection)]).toEqual([name, true]);
    }
    for (const name of ['annotationPageTypeValueFound', 'partOfFound', 'startIndexFound', 'itemsFound']) {
      expect([name, definition(name)(page)]).toEqual([name, true]);
    }
    expect(failures('collections/pages/5.2-pagePartOfImplemented.json', collection)).toEqual([]);
    expect(failures('collections/pages/5.2-pageStartIndexImplemented.json', collection)).toEqual([]);
    expect(page.partOf).toEqual({ id: collection.id, label: collection.label, total: collection.total });
  });

  it('refuses what the model forbids (the checks are live: a broken annotation fails them)', () => {
    const [span] = spans;
    if (span === undefined) throw new Error('no span');
    expect(failures('annotations/3.1-annotationIdValidated.json', { ...span, id: 's1' })).not.toEqual([]);
    expect(failures('annotations/3.3.1-annotationCreatedValidated.json', { ...span, created: '1 March 2025' })).not.toEqual([]);
    expect(failures('annotations/3.1-annotationContextValidated.json', { ...span, '@context': 'http://www.w3.org/ns/oa.jsonld' })).not.toEqual([]);
    const { target: _target, ...noTarget } = span;
    expect(failures('annotations/3.1-targetKeyFound.json', noTarget)).not.toEqual([]);
    const badSelector = { ...span, target: { source: 'urn:hashiya:x', selector: { type: 'TextPositionSelector', start: -1, end: 3 } } };
    expect(failures('specificResource/4.2-TextDataPositionSelectorValid.json', badSelector)).not.toEqual([]);
    expect(failures('bodiesTargets/3.3.5-bodyEWRNoPurpose.json', { ...span, body: { id: 'urn:x:y', purpose: 'tagging' } })).not.toEqual([]);
  });

  it('keeps ids valid URIs for any annotator name (percent-encoded), and reads them back', () => {
    const other = exportSeed({ source: 'سارة حداد' });
    const parsed = JSON.parse(other.content) as JsonObject;
    expect(parsed.id).toBe('urn:hashiya:000_7db2a034c338d373:%D8%B3%D8%A7%D8%B1%D8%A9%20%D8%AD%D8%AF%D8%A7%D8%AF');
    const items = (parsed.first as JsonObject).items as JsonObject[];
    expect(items.flatMap((a) => failures('annotations/3.1-annotationIdValidated.json', a))).toEqual([]);
    expect(items[0]?.creator).toEqual({ type: 'Person', name: 'سارة حداد' });
    const back = w3cFormat.parse?.([{ path: 'x.jsonld', content: other.content }], other.importOptions);
    expect(back?.ok && back.value[0]?.spans.map((s) => s.id).slice(0, 3)).toEqual(['s1', 's2', 's15']);
  });
});
