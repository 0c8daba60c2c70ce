import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mergeLayers, type LayerContentValue } from '../../shared/corpus/merge-layers';
import type { AttributeValue, Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { canonicalise } from '../../shared/text/canonicalise';
import { quoteContext } from '../../shared/text/quote-context';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const text = canonicalise(readFileSync(path.join(root, 'seeds/000_7db2a034c338d373.txt'), 'utf8')).text;

/** A span on the seed text at the first occurrence of `quote` (code points = UTF-16 here: no astral characters before it). */
function span(id: string, label: string, quote: string, attributes: Record<string, AttributeValue> = {}, note = ''): Span {
  const start = [...text.slice(0, text.indexOf(quote))].length;
  const end = start + [...quote].length;
  const q = quoteContext(text, start, end);
  expect(q.text).toBe(quote);
  return { id, label, start, end, text: q.text, prefix: q.prefix, suffix: q.suffix, attributes, note };
}

const americans = span('s1', 'Actor', 'القوات الأمريكية');
const militias = span('s2', 'Actor', 'ومليشيات موالية لإيران');
const deirEzzor = span('s3', 'Place', 'دير الزور');
const content = (spans: readonly Span[], relations: LayerContentValue['relations'] = [], rejected: LayerContentValue['rejected'] = []): LayerContentValue => ({ spans, relations, rejected });
const base = content([americans, militias, deirEzzor], [{ id: 'r1', type: 'located_at', from: 's1', to: 's3' }]);

describe('mergeLayers', () => {
  it('takes each side’s change where only one side changed a span', () => {
    const ours = content([americans, { ...militias, note: 'مدعومة من إيران' }, deirEzzor], base.relations);
    const theirs = content([{ ...americans, label: 'Place' }, militias, deirEzzor], base.relations);
    const merged = mergeLayers(base, ours, theirs, DEFAULT_SCHEMA);
    expect(merged.conflicts).toEqual([]);
    expect(merged.content.spans.map((s) => [s.id, s.label, s.text, s.note])).toEqual([
      ['s1', 'Place', 'القوات الأمريكية', ''],
      ['s2', 'Actor', 'ومليشيات موالية لإيران', 'مدعومة من إيران'],
      ['s3', 'Place', 'دير الزور', ''],
    ]);
    expect(merged.changedFromTheirs).toBe(true);
  });

  it('keeps both spans made independently under the same new id, renumbering ours and what points at it', () => {
    const ourSyria = span('s4', 'Place', 'شرقي سوريا');
    const ourClaim = span('s5', 'Claim', 'إن عدة إصابات وقعت جراء القصف المتبادل', { source: 's4' });
    const ours = content([...base.spans, ourSyria, ourClaim], [...base.relations, { id: 'r2', type: 'located_at', from: 's5', to: 's4' }]);
    const theirAttack = span('s4', 'Claim', 'قصفا متبادلا');
    const theirs = content([...base.spans, theirAttack], base.relations);
    const merged = mergeLayers(base, ours, theirs, DEFAULT_SCHEMA);
    expect(merged.conflicts).toEqual([]);
    expect(Object.fromEntries(merged.renamed)).toEqual({ s4: 's6' });
    const byId = new Map(merged.content.spans.map((s) => [s.id, s]));
    expect(byId.get('s4')?.text).toBe('قصفا متبادلا');
    expect(byId.get('s6')).toMatchObject({ label: 'Place', text: 'شرقي سوريا', start: ourSyria.start, end: ourSyria.end });
    // The claim's source attribute and the relation follow the renumbered span.
    expect(byId.get('s5')?.attributes).toEqual({ source: 's6' });
    expect(merged.content.relations).toEqual([
      { id: 'r1', type: 'located_at', from: 's1', to: 's3' },
      { id: 'r2', type: 'located_at', from: 's5', to: 's6' },
    ]);
  });

  it('keeps both versions of a span both sides changed differently, and reports it', () => {
    const ours = content([{ ...americans, label: 'Claim' }, militias, deirEzzor], base.relations);
    const theirs = content([{ ...americans, note: 'واشنطن' }, militias, deirEzzor], base.relations);
    const merged = mergeLayers(base, ours, theirs, DEFAULT_SCHEMA);
    expect(merged.conflicts).toEqual([{ kind: 'both-changed', id: 's1', theirsId: 's4' }]);
    const s1 = merged.content.spans.filter((s) => s.text === 'القوات الأمريكية').map((s) => [s.id, s.label, s.note]);
    // Same offsets: stored order is by label.
    expect(s1).toEqual([
      ['s4', 'Actor', 'واشنطن'],
      ['s1', 'Claim', ''],
    ]);
  });

  it('keeps a span one side deleted and the other changed; drops one deleted on one side only', () => {
    const ours = content([americans, deirEzzor], []); // deleted s2 and the relation
    const theirs = content([americans, { ...militias, label: 'Claim' }], []); // changed s2, deleted s3 and the relation
    const merged = mergeLayers(base, ours, theirs, DEFAULT_SCHEMA);
    expect(merged.content.spans.map((s) => [s.id, s.label])).toEqual([
      ['s1', 'Actor'],
      ['s2', 'Claim'],
    ]);
    expect(merged.conflicts).toEqual([{ kind: 'deleted-and-changed', id: 's2', deletedBy: 'ours' }]);
    expect(merged.content.relations).toEqual([]);
  });

  it('drops a relation whose end the other side deleted, and says so', () => {
    const ours = content(base.spans, [...base.relations, { id: 'r2', type: 'part_of', from: 's2', to: 's1' }]);
    const theirs = content([militias, deirEzzor], []);
    const merged = mergeLayers(base, ours, theirs, DEFAULT_SCHEMA);
    expect(merged.content.spans.map((s) => s.id)).toEqual(['s2', 's3']);
    expect(merged.conflicts).toEqual([{ kind: 'relation-dropped', relation: { id: 'r2', type: 'part_of', from: 's2', to: 's1' } }]);
  });

  it('unites rejected suggestions and reports no change when ours adds nothing', () => {
    const rejected = [{ label: 'Place', start: deirEzzor.start, end: deirEzzor.end }];
    const theirs = content(base.spans, base.relations, rejected);
    const same = mergeLayers(base, base, theirs, DEFAULT_SCHEMA);
    expect(same.content).toEqual(theirs);
    expect(same.changedFromTheirs).toBe(false);
    const ours = content(base.spans, base.relations, [{ label: 'Actor', start: 0, end: 4 }]);
    expect(mergeLayers(base, ours, theirs, DEFAULT_SCHEMA).content.rejected).toEqual([{ label: 'Actor', start: 0, end: 4 }, ...rejected]);
  });
});
