import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../shared/schema';
import { goldDiff, parseGold, type GoldDifference, type GoldLayer } from '../../shared/review';
import { GOLD_TEXT, fixtureLayer, layerFile } from '../fixtures/review/load';

function fixtureGold(): GoldLayer {
  const parsed = parseGold(GOLD_TEXT, 'gold/000_7db2a034c338d373.jsonl');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

/** One line per difference: kind, then where (gold span, layer span or relation). */
function describeAll(differences: readonly GoldDifference[]): string[] {
  return differences.map((d) => {
    switch (d.kind) {
      case 'missing':
        return `missing ${d.gold.start}-${d.gold.end}:${d.gold.label}`;
      case 'extra':
        return `extra ${d.span.start}-${d.span.end}:${d.span.label}`;
      case 'label':
      case 'offsets':
        return `${d.kind} gold ${d.gold.start}-${d.gold.end}:${d.gold.label} / layer ${d.span.start}-${d.span.end}:${d.span.label}`;
      case 'attributes':
        return `attributes ${d.gold.start}-${d.gold.end}:${d.gold.label} ${d.names.join(',')}`;
      case 'missing-relation':
      case 'extra-relation':
        return `${d.kind} ${d.relation.type} ${d.relation.from}>${d.relation.to}`;
    }
  });
}

function diff(annotator: string): string[] {
  const result = goldDiff(fixtureGold(), fixtureLayer(annotator), { schema: DEFAULT_SCHEMA });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return describeAll(result.value);
}

describe('goldDiff: where the gold differs from an annotator\'s layer', () => {
  it('Ali: another level, offsets the curator widened; references and relations match through the pairing', () => {
    expect(diff('Ali')).toEqual(['attributes 540-549:Place level', 'offsets gold 1407-1431:CasualtyCount / layer 1413-1431:CasualtyCount']);
  });

  it('Layla: a nested span where the gold has the outer one, another label, a missing span, relations of another type', () => {
    expect(diff('Layla')).toEqual([
      'offsets gold 84-100:Place / layer 91-100:Place',
      'label gold 263-279:Place / layer 263-279:Actor',
      'offsets gold 1407-1431:CasualtyCount / layer 1413-1431:CasualtyCount',
      'missing 1694-1703:Actor',
      'missing-relation part_of s2>s3',
      'extra-relation same_as s23>s22',
    ]);
  });

  it('Omar: attribute values and a reference he did not set, spans he lacks, relations at them', () => {
    expect(diff('Omar')).toEqual([
      'attributes 58-79:Actor actor_type,backed_by',
      'missing 74-79:Actor',
      'offsets gold 1407-1431:CasualtyCount / layer 1413-1431:CasualtyCount',
      'missing 1694-1703:Actor',
      'missing 1736-1749:CasualtyCount',
      'missing-relation located_at s11>s5',
      'missing-relation part_of s2>s3',
    ]);
  });

  it('a span only the layer has is extra; a gold identical to the layer differs nowhere; pending references count', () => {
    const ali = fixtureLayer('Ali');
    const gold = fixtureGold();
    const extra = goldDiff({ ...gold, spans: gold.spans.filter((s) => s.start !== 1694) }, ali);
    expect(extra.ok && describeAll(extra.value)).toContain('extra 1694-1703:Actor');
    const asGold: GoldLayer = { ...ali, annotator: 'gold', quorum: null, decisions: [], spans: ali.spans.map((s) => ({ ...s, provenance: null })), relations: ali.relations.map((r) => ({ ...r, provenance: null })) };
    expect(goldDiff(asGold, ali)).toEqual({ ok: true, value: [] });
    // The militia's backed_by waiting for إيران (pending) still agrees with Ali's reference to it.
    const pending: GoldLayer = {
      ...asGold,
      spans: asGold.spans.map((s) =>
        s.id === 's2'
          ? { ...s, attributes: { actor_type: 'political_militia' }, provenance: { item: '58-79:Actor', annotators: ['Ali'], decidedBy: 'Mona', decision: 'accepted', pending: { backed_by: '74-79:Actor' } } }
          : s,
      ),
    };
    expect(goldDiff(pending, ali, { schema: DEFAULT_SCHEMA })).toEqual({ ok: true, value: [] });
  });

  it('refuses a layer made on another text than the gold, naming annotator and file', () => {
    const stale = { ...fixtureLayer('Layla'), textSha256: 'a'.repeat(64) };
    expect(goldDiff(fixtureGold(), stale)).toEqual({
      ok: false,
      errors: [
        {
          file: layerFile('Layla'),
          line: 1,
          message: "Layla's layer was made on another text than the gold (textSha256 aaaaaaaaaaaa…, the gold's b6081c9170de…): they are not compared",
        },
      ],
    });
  });
});
