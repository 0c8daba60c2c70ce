import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Layer } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema';
import { compareLayers, disagreements, spanItemId, stepItem, type Comparison, type ReviewLayer } from '../../shared/review';
import { cpSlice } from '../fixtures/text/load';
import { ID, TEXT, fixtureLayer, layerFile, reviewLayers } from '../fixtures/review/load';

function compared(layers: readonly ReviewLayer[] = reviewLayers(), schema = DEFAULT_SCHEMA): Comparison {
  const result = compareLayers(TEXT, layers, { schema });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function item(c: Comparison, id: string) {
  const found = c.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

/** A deep-frozen copy: any write to it throws (test files are ES modules, so strict mode). */
function frozen<T>(value: T): T {
  const copy = structuredClone(value);
  const freeze = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const inner of Object.values(v)) freeze(inner);
  };
  freeze(copy);
  return copy;
}

describe('compareLayers on seed 000 with Ali, Layla and Omar', () => {
  it('marks every item agree, partial or only, sorted by position, with stable ids', () => {
    const c = compared();
    expect(c.document).toBe(ID);
    expect(c.annotators).toEqual(['Ali', 'Layla', 'Omar']);
    expect(c.items.map((i) => [i.id, i.status, i.annotators.join(',')])).toEqual([
      ['39-55:Actor', 'agree', 'Ali,Layla,Omar'],
      ['58-79:Actor', 'partial', 'Ali,Layla,Omar'],
      ['74-79:Actor', 'only', 'Ali,Layla'],
      ['84-100:Place', 'partial', 'Ali,Omar'],
      ['91-100:Place', 'partial', 'Layla'],
      ['107-112:Place', 'agree', 'Ali,Layla,Omar'],
      ['263-279:Actor', 'partial', 'Layla'],
      ['263-279:Place', 'partial', 'Ali,Omar'],
      ['325-345:Place', 'agree', 'Ali,Layla,Omar'],
      ['540-549:Place', 'partial', 'Ali,Layla,Omar'],
      ['1062-1076:CasualtyCount', 'agree', 'Ali,Layla,Omar'],
      ['1413-1431:CasualtyCount', 'partial', 'Ali,Layla,Omar'],
      ['1694-1703:Actor', 'only', 'Ali'],
      ['1736-1749:CasualtyCount', 'only', 'Ali,Layla'],
    ]);
    // The same ids whatever order the layers come in; only the annotator order follows the input.
    const reversed = compared(reviewLayers(['Omar', 'Layla', 'Ali']));
    expect(reversed.items.map((i) => [i.id, i.status])).toEqual(c.items.map((i) => [i.id, i.status]));
    expect(reversed.relations.map((r) => [r.id, r.status])).toEqual(c.relations.map((r) => [r.id, r.status]));
    for (const i of c.items) expect(i.id).toBe(spanItemId(i));
  });

  it('agree: the same span in every layer, whatever its id there, quoted from the text', () => {
    const us = item(compared(), '39-55:Actor');
    expect(us.text).toBe('القوات الأمريكية');
    expect(us.text).toBe(cpSlice(TEXT, 39, 55));
    expect(us.missing).toEqual([]);
    expect(us.attributeDifferences).toEqual([]);
    expect(us.versions.map((v) => `${v.annotator}:${v.spanId}`)).toEqual(['Ali:s1', 'Layla:s21', 'Omar:s1']);
  });

  it('partial by attributes: references compare by the span they name, not by its id', () => {
    const militia = item(compared(), '58-79:Actor');
    expect(militia.versions.map((v) => v.attributes.backed_by)).toEqual(['s3', 's22', undefined]);
    expect(militia.attributeDifferences.map((d) => d.name)).toEqual(['actor_type', 'backed_by']);
    const backedBy = militia.attributeDifferences.find((d) => d.name === 'backed_by');
    expect(backedBy?.values).toEqual([
      { annotator: 'Ali', spanId: 's2', value: { kind: 'reference', item: '74-79:Actor' } },
      { annotator: 'Layla', spanId: 's23', value: { kind: 'reference', item: '74-79:Actor' } },
      { annotator: 'Omar', spanId: 's2', value: undefined },
    ]);
    const deir = item(compared(), '540-549:Place');
    expect(deir.attributeDifferences).toEqual([
      {
        name: 'level',
        values: [
          { annotator: 'Ali', spanId: 's8', value: { kind: 'value', value: 'governorate' } },
          { annotator: 'Layla', spanId: 's28', value: { kind: 'value', value: 'city' } },
          { annotator: 'Omar', spanId: 's7', value: { kind: 'value', value: 'city' } },
        ],
      },
    ]);
    // "value" is 5 in all three, missing in none: only outcome and qualifier differ.
    const count = item(compared(), '1413-1431:CasualtyCount');
    expect(count.attributeDifferences.map((d) => d.name)).toEqual(['outcome', 'qualifier']);
  });

  it('nested spans: the inner one is "only" where the outer one is in every layer, and they share a cluster', () => {
    const c = compared();
    expect(item(c, '74-79:Actor')).toMatchObject({ status: 'only', missing: ['Omar'], cluster: '58-79:Actor' });
    expect(item(c, '58-79:Actor').cluster).toBe('58-79:Actor');
    expect(item(c, '39-55:Actor').cluster).toBe('39-55:Actor');
  });

  it('partial by overlap, across a line break: the governorate and the city inside it', () => {
    const c = compared();
    const governorate = item(c, '84-100:Place');
    expect(governorate.text).toBe('محافظة\nدير الزور');
    expect(governorate.versions.map((v) => v.text)).toEqual(['محافظة\nدير الزور', 'محافظة\nدير الزور']);
    expect(governorate.versions.map((v) => v.note)).toEqual(['the governorate, not the city', '']);
    expect(governorate).toMatchObject({ status: 'partial', missing: ['Layla'], cluster: '84-100:Place' });
    expect(item(c, '91-100:Place')).toMatchObject({ status: 'partial', missing: ['Ali', 'Omar'], cluster: '84-100:Place', text: 'دير الزور' });
  });

  it('partial by label: the same offsets with another label are two items of one cluster', () => {
    const c = compared();
    expect(item(c, '263-279:Actor')).toMatchObject({ status: 'partial', annotators: ['Layla'], cluster: '263-279:Actor' });
    expect(item(c, '263-279:Place')).toMatchObject({ status: 'partial', annotators: ['Ali', 'Omar'], cluster: '263-279:Actor' });
  });

  it('only in some layers: nothing overlapping in the layers that lack it', () => {
    const c = compared();
    expect(item(c, '1694-1703:Actor')).toMatchObject({ status: 'only', annotators: ['Ali'], missing: ['Layla', 'Omar'] });
    expect(item(c, '1736-1749:CasualtyCount')).toMatchObject({ status: 'only', missing: ['Omar'] });
  });

  it('relations: agreeing, in some layers only, and of another type between the same spans', () => {
    const c = compared();
    expect(c.relations.map((r) => [r.id, r.status, r.annotators.join(',')])).toEqual([
      ['part_of:58-79:Actor>74-79:Actor', 'partial', 'Ali'],
      ['same_as:58-79:Actor>74-79:Actor', 'partial', 'Layla'],
      ['located_at:1062-1076:CasualtyCount>325-345:Place', 'agree', 'Ali,Layla,Omar'],
      ['located_at:1413-1431:CasualtyCount>107-112:Place', 'only', 'Ali,Layla'],
    ]);
    const agreed = c.relations[2];
    expect(agreed?.versions).toEqual([
      { annotator: 'Ali', relationId: 'r1' },
      { annotator: 'Layla', relationId: 'r5' },
      { annotator: 'Omar', relationId: 'r1' },
    ]);
    expect(item(c, '58-79:Actor').relations.map((r) => r.type)).toEqual(['part_of', 'same_as']);
    expect(item(c, '107-112:Place').relations.map((r) => r.id)).toEqual(['located_at:1413-1431:CasualtyCount>107-112:Place']);
    expect(item(c, '39-55:Actor').relations).toEqual([]);
  });

  it('guesses references from the values without a schema, with the same result here', () => {
    const withSchema = compared();
    const without = compareLayers(TEXT, reviewLayers());
    expect(without.ok && without.value.items.map((i) => [i.id, i.status, i.attributeDifferences.map((d) => d.name)])).toEqual(
      withSchema.items.map((i) => [i.id, i.status, i.attributeDifferences.map((d) => d.name)]),
    );
  });

  it('steps from disagreement to disagreement with the keyboard, both ways, wrapping', () => {
    const c = compared();
    const list = disagreements(c);
    expect(list.map((i) => i.id)).toEqual([
      '58-79:Actor',
      '74-79:Actor',
      '84-100:Place',
      '91-100:Place',
      '263-279:Actor',
      '263-279:Place',
      '540-549:Place',
      '1413-1431:CasualtyCount',
      '1694-1703:Actor',
      '1736-1749:CasualtyCount',
      'part_of:58-79:Actor>74-79:Actor',
      'same_as:58-79:Actor>74-79:Actor',
      'located_at:1413-1431:CasualtyCount>107-112:Place',
    ]);
    expect(stepItem(list, undefined, 1)?.id).toBe('58-79:Actor');
    expect(stepItem(list, '58-79:Actor', 1)?.id).toBe('74-79:Actor');
    // From an agreed item (not in the list), to the nearest disagreement on either side.
    expect(stepItem(list, '107-112:Place', 1)?.id).toBe('263-279:Actor');
    expect(stepItem(list, '107-112:Place', -1)?.id).toBe('91-100:Place');
    expect(stepItem(list, '58-79:Actor', -1)?.id).toBe('located_at:1413-1431:CasualtyCount>107-112:Place');
    expect(stepItem(list, 'located_at:1413-1431:CasualtyCount>107-112:Place', 1)?.id).toBe('58-79:Actor');
    expect(stepItem([], undefined, 1)).toBeUndefined();
  });

  it('leaves a relation naming no span out, with a warning naming the annotator and file', () => {
    const ali = fixtureLayer('Ali');
    const broken: Layer = { ...ali, relations: [...ali.relations, { id: 'r9', type: 'located_at', from: 's12', to: 's99' }] };
    const c = compared([{ annotator: 'Ali', layer: broken, file: layerFile('Ali') }, ...reviewLayers(['Layla'])]);
    expect(c.warnings).toEqual([
      { file: layerFile('Ali'), message: `Ali's relation "r9" (located_at) names span "s99", which is not in the layer: it is left out of the comparison` },
    ]);
    expect(c.relations).toHaveLength(4);
  });

  it('never changes a layer: frozen layers compare the same', () => {
    const layers = frozen(reviewLayers());
    const before = JSON.stringify(layers);
    expect(compareLayers(TEXT, layers, { schema: DEFAULT_SCHEMA }).ok).toBe(true);
    expect(JSON.stringify(layers)).toBe(before);
  });
});

describe('compareLayers refuses what it cannot compare, naming annotator and file', () => {
  it('a layer made on another text (its textSha256 differs)', () => {
    const stale = { ...fixtureLayer('Layla'), textSha256: '0'.repeat(64) };
    const result = compareLayers(TEXT, [...reviewLayers(['Ali']), { annotator: 'Layla', layer: stale, file: 'corpus/layers/Layla/000_7db2a034c338d373.jsonl' }]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      {
        file: 'corpus/layers/Layla/000_7db2a034c338d373.jsonl',
        line: 1,
        message:
          "Layla's layer was made on another text (textSha256 000000000000…, the document's is b6081c9170de…): its offsets may point at other characters, so it is not compared or adjudicated",
      },
    ]);
    // The text given is what is hashed: the right layers over another text are refused too.
    const other = compareLayers(`${TEXT} `, reviewLayers(['Ali', 'Layla']));
    expect(!other.ok && other.errors.map((e) => e.file)).toEqual([layerFile('Ali'), layerFile('Layla')]);
  });

  it('an annotator with no layer (none given, or the empty layer the store returns for a missing file)', () => {
    const empty: Layer = { ...fixtureLayer('Ali'), annotator: 'Sara', revision: 0, status: 'not_started', spans: [], relations: [], rejected: [] };
    const result = compareLayers(TEXT, [...reviewLayers(['Ali']), { annotator: 'Sara', layer: empty }, { annotator: 'Nour', layer: undefined }]);
    expect(!result.ok && result.errors.map((e) => `${e.file}: ${e.message}`)).toEqual([
      `layers/Sara/${ID}.jsonl: Sara has no layer of document "${ID}": there is nothing of theirs to compare; leave them out of the review`,
      `layers/Nour/${ID}.jsonl: Nour has no layer of document "${ID}": there is nothing of theirs to compare; leave them out of the review`,
    ]);
    // A saved layer that is empty is a layer: everything in the other is "only".
    const saved = compareLayers(TEXT, [...reviewLayers(['Ali']), { annotator: 'Sara', layer: { ...empty, revision: 1 } }]);
    expect(saved.ok && new Set(saved.value.items.map((i) => i.status))).toEqual(new Set(['only']));
  });

  it('no layer at all, an annotator twice, a header naming someone else, a span that no longer anchors', () => {
    expect(compareLayers(TEXT, [])).toEqual({ ok: false, errors: [{ file: '', message: 'no layer to review: pick the annotators whose layers to compare' }] });
    const twice = compareLayers(TEXT, [...reviewLayers(['Ali']), ...reviewLayers(['Ali'])]);
    expect(!twice.ok && twice.errors[0]?.message).toBe('annotator "Ali" is picked twice');
    const renamed = compareLayers(TEXT, [{ annotator: 'Omar', layer: fixtureLayer('Ali') }]);
    expect(!renamed.ok && renamed.errors[0]?.message).toBe(`the layer given as Omar's names annotator "Ali" in its header`);
    const ali = fixtureLayer('Ali');
    const moved = { ...ali, spans: ali.spans.map((s) => (s.id === 's5' ? { ...s, start: s.start + 1, end: s.end + 1 } : s)) };
    const orphan = compareLayers(TEXT, [{ annotator: 'Ali', layer: moved }]);
    expect(!orphan.ok && orphan.errors[0]?.message).toMatch(/^Ali's span "s5" does not anchor in the text \(offsets 108–113 now yield/);
  });
});

describe('compareLayers properties', () => {
  // Without its reference (backed_by): in a subset it may name a span left out, and then differs.
  const full = fixtureLayer('Ali');
  const ali = { ...full, spans: full.spans.map((s) => ({ ...s, attributes: Object.fromEntries(Object.entries(s.attributes).filter(([n]) => n !== 'backed_by')) })) };
  const subset = fc.subarray(ali.spans.map((s) => s.id));
  const layerOf = (annotator: string, ids: readonly string[]): ReviewLayer => ({
    annotator,
    layer: { ...ali, annotator, revision: 1, spans: ali.spans.filter((s) => ids.includes(s.id)), relations: ali.relations.filter((r) => ids.includes(r.from) && ids.includes(r.to)) },
  });

  it('identical layers agree everywhere', () => {
    fc.assert(
      fc.property(subset, (ids) => {
        const result = compareLayers(TEXT, [layerOf('A', ids), layerOf('B', ids), layerOf('C', ids)]);
        if (!result.ok) return false;
        return [...result.value.items, ...result.value.relations].every((i) => i.status === 'agree');
      }),
      { numRuns: 60 },
    );
  });

  it('every span of every layer is one version of exactly one item; annotators and missing split the review', () => {
    fc.assert(
      fc.property(subset, subset, (a, b) => {
        const result = compareLayers(TEXT, [layerOf('A', a), layerOf('B', b)]);
        if (!result.ok) return false;
        const versions = result.value.items.flatMap((i) => i.versions.map((v) => `${v.annotator}:${v.spanId}`)).sort();
        const spans = [...a.map((id) => `A:${id}`), ...b.map((id) => `B:${id}`)].sort();
        const inBoth = result.value.items.filter((i) => i.annotators.length === 2).every((i) => i.status === 'agree');
        const split = result.value.items.every((i) => [...i.annotators, ...i.missing].sort().join() === 'A,B');
        return JSON.stringify(versions) === JSON.stringify(spans) && inBoth && split;
      }),
      { numRuns: 60 },
    );
  });
});
