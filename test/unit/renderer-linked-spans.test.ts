import { describe, expect, it } from 'vitest';
import { linkedSpanIds, referenceAttributes } from '../../renderer/src/editor/linked-spans';
import type { Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema';

function span(id: string, label: string, text: string, start: number, attributes: Span['attributes'] = {}): Span {
  return { id, label, start, end: start + Array.from(text).length, text, prefix: '', suffix: '', attributes, note: '' };
}

// Seed 000: the five soldiers (CasualtyCount) affect the US forces (Actor); the contractor's death happened in Syria.
const forces = span('s1', 'Actor', 'القوات الأمريكية', 39);
const syria = span('s2', 'Place', 'سوريا', 107);
const soldiers = span('s3', 'CasualtyCount', 'خمسة جنود أمريكيين', 1413, { affected_party: 's1', value: 5 });
// A text attribute whose value happens to look like a span id must not link.
const kirby = span('s4', 'Actor', 'جون كيربي', 1694, { canonical_name: 's1' });
const content = { spans: [forces, syria, soldiers, kirby], relations: [{ id: 'r1', type: 'located_at', from: 's3', to: 's2' }] };
const refs = referenceAttributes(DEFAULT_SCHEMA);

describe('linkedSpanIds', () => {
  it('links the selected span to its references and relation ends, both ways', () => {
    expect([...linkedSpanIds(content, refs, 's3', null)].sort()).toEqual(['s1', 's2']);
    expect([...linkedSpanIds(content, refs, 's1', null)]).toEqual(['s3']);
    expect([...linkedSpanIds(content, refs, 's2', null)]).toEqual(['s3']);
  });
  it('ignores text attributes that look like ids, and adds the hovered span', () => {
    expect([...linkedSpanIds(content, refs, 's4', null)]).toEqual([]);
    expect([...linkedSpanIds(content, refs, null, 's2')]).toEqual(['s2']);
  });
});
