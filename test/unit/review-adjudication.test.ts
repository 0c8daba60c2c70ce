import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../shared/schema';
import {
  AUTO_QUORUM,
  applyDecision,
  autoAccept,
  compareLayers,
  emptyGold,
  itemState,
  nextOpenItem,
  openItems,
  reviewProgress,
  serializeGold,
  type Comparison,
  type Decision,
  type GoldLayer,
  type Outcome,
} from '../../shared/review';
import { GOLD_TEXT, TEXT, reviewLayers } from '../fixtures/review/load';

const options = { schema: DEFAULT_SCHEMA };

function comparison(): Comparison {
  const result = compareLayers(TEXT, reviewLayers(), options);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function ok<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

function refusal<T>(outcome: Outcome<T>): string {
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.message;
}

const c = comparison();
const byQuorum2 = ok(autoAccept(c, 2, undefined, options));
const decide = (gold: GoldLayer, item: string, decision: Decision, curator = 'Mona'): GoldLayer => ok(applyDecision(gold, c, item, decision, curator, options));
const spans = (gold: GoldLayer): string[] => gold.spans.map((s) => `${s.id} ${s.start}-${s.end}:${s.label}`);
const open = (gold: GoldLayer): string[] => openItems(c, gold).map((i) => i.id);

describe('autoAccept', () => {
  it('with all three: only what every annotator has exactly; the relation between two such spans follows', () => {
    const gold = ok(autoAccept(c, 3, undefined, options));
    expect(spans(gold)).toEqual(['s1 39-55:Actor', 's2 107-112:Place', 's3 325-345:Place', 's4 1062-1076:CasualtyCount']);
    expect(gold.spans.map((s) => s.provenance)).toEqual(
      gold.spans.map((s) => ({ item: `${s.start}-${s.end}:${s.label}`, annotators: ['Ali', 'Layla', 'Omar'], decidedBy: AUTO_QUORUM, decision: 'accepted', pending: {} })),
    );
    expect(gold.relations).toEqual([
      { id: 'r1', type: 'located_at', from: 's4', to: 's3', provenance: { annotators: ['Ali', 'Layla', 'Omar'], decidedBy: AUTO_QUORUM, decision: 'accepted' } },
    ]);
    expect(gold).toMatchObject({ quorum: 3, status: 'in_progress', revision: 0, annotator: 'gold', document: c.document, decisions: [] });
    // Attribute disagreements stay open, as do spans some lack; relations at spans not gold wait.
    expect(open(gold)).toEqual([
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
    ]);
    expect(reviewProgress(c, gold)).toEqual({ open: 10, waiting: 3, decided: 5, total: 18 });
    expect(itemState(gold, c.relations[0]!)).toEqual({ kind: 'waiting', ends: ['58-79:Actor', '74-79:Actor'] });
  });

  it('with 2 of 3: the version two agree on exactly, references resolved to gold ids, notes only when alike', () => {
    const gold = byQuorum2;
    expect(spans(gold)).toEqual([
      's1 39-55:Actor',
      's2 58-79:Actor',
      's3 74-79:Actor',
      's4 84-100:Place',
      's5 107-112:Place',
      's6 263-279:Place',
      's7 325-345:Place',
      's8 540-549:Place',
      's9 1062-1076:CasualtyCount',
      's10 1736-1749:CasualtyCount',
    ]);
    const byId = new Map(gold.spans.map((s) => [s.id, s]));
    // Ali and Layla agree on the militia (backed_by the span at 74-79, ids s3 and s22); Omar does not.
    expect(byId.get('s2')).toMatchObject({ attributes: { actor_type: 'political_militia', backed_by: 's3' }, provenance: { annotators: ['Ali', 'Layla'], pending: {} } });
    expect(byId.get('s8')).toMatchObject({ attributes: { level: 'city' }, provenance: { annotators: ['Layla', 'Omar'] } });
    // Ali's note and Omar's empty one differ: the gold span gets none.
    expect(byId.get('s4')).toMatchObject({ text: 'محافظة\nدير الزور', note: '', provenance: { annotators: ['Ali', 'Omar'] } });
    expect(gold.relations.map((r) => `${r.id} ${r.type} ${r.from}>${r.to}`)).toEqual(['r1 located_at s9>s7']);
    expect(open(gold)).toEqual([
      '91-100:Place',
      '263-279:Actor',
      '1413-1431:CasualtyCount',
      '1694-1703:Actor',
      'part_of:58-79:Actor>74-79:Actor',
      'same_as:58-79:Actor>74-79:Actor',
    ]);
    expect(reviewProgress(c, gold)).toEqual({ open: 6, waiting: 1, decided: 11, total: 18 });
  });

  it('refuses a quorum outside 1..annotators and a gold of another text', () => {
    expect(refusal(autoAccept(c, 0))).toBe('the quorum must be a whole number from 1 to 3 (the annotators compared), not 0');
    expect(refusal(autoAccept(c, 4))).toMatch(/from 1 to 3/);
    expect(refusal(autoAccept(c, 1.5))).toMatch(/not 1.5/);
    expect(refusal(autoAccept(c, 2, { ...emptyGold(c), textSha256: 'f'.repeat(64) }))).toMatch(/^the gold was made on another text/);
  });

  it('run again with a higher quorum, takes out what fewer accepted automatically and keeps the curator\'s decisions', () => {
    const curated = decide(decide(byQuorum2, '1694-1703:Actor', { kind: 'accept', annotator: 'Ali' }), 'part_of:58-79:Actor>74-79:Actor', { kind: 'accept' });
    const raised = ok(autoAccept(c, 3, curated, options));
    expect(spans(raised)).toEqual(['s1 39-55:Actor', 's5 107-112:Place', 's7 325-345:Place', 's9 1062-1076:CasualtyCount', 's11 1694-1703:Actor']);
    // The part_of relation lost its ends: it waits again (and must be decided again).
    expect(raised.relations.map((r) => r.id)).toEqual(['r1']);
    const lowered = ok(autoAccept(c, 2, raised, options));
    expect(spans(lowered).length).toBe(11);
    expect(lowered.spans.find((s) => s.start === 58)?.attributes.backed_by).toBe(lowered.spans.find((s) => s.start === 74)?.id);
  });
});

describe('applyDecision', () => {
  it('accepts, rejects and edits with the next open item each time, ending with nothing open: the fixture gold', () => {
    let gold = byQuorum2;
    const steps: [string, Decision, string | undefined][] = [
      ['91-100:Place', { kind: 'reject' }, '263-279:Actor'],
      ['263-279:Actor', { kind: 'reject' }, '1413-1431:CasualtyCount'],
      [
        '1413-1431:CasualtyCount',
        { kind: 'edit', span: { label: 'CasualtyCount', start: 1407, end: 1431, attributes: { outcome: 'injured', qualifier: 'exact', value: 5 }, note: 'the count includes إصابة' } },
        '1694-1703:Actor',
      ],
      ['1694-1703:Actor', { kind: 'accept', annotator: 'Ali' }, 'part_of:58-79:Actor>74-79:Actor'],
      ['part_of:58-79:Actor>74-79:Actor', { kind: 'accept' }, 'same_as:58-79:Actor>74-79:Actor'],
      ['same_as:58-79:Actor>74-79:Actor', { kind: 'reject' }, undefined],
    ];
    const left: number[] = [];
    for (const [item, decision, next] of steps) {
      expect(nextOpenItem(c, gold, undefined)?.id).toBe(item);
      gold = decide(gold, item, decision);
      expect(nextOpenItem(c, gold, item)?.id).toBe(next);
      left.push(reviewProgress(c, gold).open);
    }
    expect(left).toEqual([5, 4, 3, 2, 1, 0]);
    expect(reviewProgress(c, gold)).toEqual({ open: 0, waiting: 0, decided: 18, total: 18 });
    expect(serializeGold({ ...gold, revision: 1, status: 'done' })).toBe(GOLD_TEXT);
  });

  it('edit: the quote and context come from the text, the item is recorded, the quorum relation at it follows', () => {
    const gold = decide(byQuorum2, '1413-1431:CasualtyCount', {
      kind: 'edit',
      span: { label: 'CasualtyCount', start: 1407, end: 1431, attributes: { outcome: 'injured', value: 5 }, note: '' },
    });
    const edited = gold.spans.find((s) => s.start === 1407);
    expect(edited).toMatchObject({ id: 's11', text: 'إصابة خمسة جنود أمريكيين', prefix: ' عن مقتل متعاقد أمريكي و', provenance: { item: '1413-1431:CasualtyCount', decision: 'edited', annotators: [] } });
    expect(gold.relations.map((r) => `${r.type} ${r.from}>${r.to} ${r.provenance?.decidedBy}`)).toEqual(['located_at s9>s7 auto:quorum', 'located_at s11>s5 auto:quorum']);
    // An edit that is exactly one annotator's version names them.
    const same = decide(byQuorum2, '1413-1431:CasualtyCount', { kind: 'edit', span: { label: 'CasualtyCount', start: 1413, end: 1431, attributes: { outcome: 'injured', value: 5 }, note: 'x' } });
    expect(same.spans.find((s) => s.start === 1413)?.provenance).toMatchObject({ annotators: ['Layla'], decision: 'edited' });
  });

  it('accept: without an annotator only when all versions are alike; one of several versions by name', () => {
    expect(refusal(applyDecision(byQuorum2, c, '1413-1431:CasualtyCount', { kind: 'accept' }, 'Mona', options))).toBe(
      'the versions of 1413-1431:CasualtyCount differ (outcome, qualifier): name the annotator whose version to accept',
    );
    expect(refusal(applyDecision(byQuorum2, c, '1694-1703:Actor', { kind: 'accept', annotator: 'Omar' }, 'Mona', options))).toBe(
      'Omar has no version of 1694-1703:Actor (versions: Ali)',
    );
    const layla = decide(byQuorum2, '1413-1431:CasualtyCount', { kind: 'accept', annotator: 'Layla' });
    expect(layla.spans.find((s) => s.start === 1413)).toMatchObject({ attributes: { outcome: 'injured', value: 5 }, provenance: { annotators: ['Layla'], decidedBy: 'Mona', decision: 'accepted' } });
    const alike = decide(byQuorum2, '1694-1703:Actor', { kind: 'accept' });
    expect(alike.spans.find((s) => s.start === 1694)?.note).toBe('Pentagon spokesman');
  });

  it('deciding again replaces the decision and keeps the gold id; rejecting takes the span, its relations and references out', () => {
    const rejected = decide(byQuorum2, '74-79:Actor', { kind: 'reject' });
    expect(rejected.spans.some((s) => s.start === 74)).toBe(false);
    const militia = rejected.spans.find((s) => s.start === 58);
    expect(militia?.attributes).toEqual({ actor_type: 'political_militia' });
    expect(militia?.provenance?.pending).toEqual({ backed_by: '74-79:Actor' });
    expect(itemState(rejected, c.relations[0]!)).toEqual({ kind: 'waiting', ends: ['74-79:Actor'] });
    expect(rejected.decisions).toEqual([{ item: '74-79:Actor', decision: 'rejected', decidedBy: 'Mona' }]);

    const again = decide(rejected, '74-79:Actor', { kind: 'accept', annotator: 'Layla' }, 'Karim');
    const iran = again.spans.find((s) => s.start === 74);
    expect(iran).toMatchObject({ id: 's11', provenance: { decidedBy: 'Karim', annotators: ['Ali', 'Layla'] } });
    expect(again.spans.find((s) => s.start === 58)?.attributes).toEqual({ actor_type: 'political_militia', backed_by: 's11' });
    expect(again.decisions).toEqual([]);

    const redecided = decide(byQuorum2, '540-549:Place', { kind: 'accept', annotator: 'Ali' });
    expect(redecided.spans.find((s) => s.start === 540)).toMatchObject({ id: 's8', attributes: { level: 'governorate' }, provenance: { annotators: ['Ali'], decidedBy: 'Mona' } });
  });

  it('relations: decided once both ends are gold, accepted or rejected, never edited', () => {
    const waiting = 'located_at:1413-1431:CasualtyCount>107-112:Place';
    expect(refusal(applyDecision(byQuorum2, c, waiting, { kind: 'accept' }, 'Mona'))).toBe(
      'both ends of a relation must be gold before it is decided: 1413-1431:CasualtyCount is not',
    );
    expect(refusal(applyDecision(byQuorum2, c, 'part_of:58-79:Actor>74-79:Actor', { kind: 'edit', span: { label: 'x', start: 0, end: 1, attributes: {}, note: '' } }, 'Mona'))).toMatch(
      /^a relation is accepted or rejected, not edited/,
    );
    const both = decide(decide(byQuorum2, 'part_of:58-79:Actor>74-79:Actor', { kind: 'accept' }), 'same_as:58-79:Actor>74-79:Actor', { kind: 'accept' });
    expect(both.relations.map((r) => `${r.id} ${r.type} ${r.from}>${r.to} ${r.provenance?.annotators.join(',')} ${r.provenance?.decidedBy}`)).toEqual([
      'r1 located_at s9>s7 Ali,Layla,Omar auto:quorum',
      'r2 part_of s2>s3 Ali Mona',
      'r3 same_as s2>s3 Layla Mona',
    ]);
    const dropped = decide(both, 'part_of:58-79:Actor>74-79:Actor', { kind: 'reject' });
    expect(dropped.relations.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(dropped.decisions).toEqual([{ item: 'part_of:58-79:Actor>74-79:Actor', decision: 'rejected', decidedBy: 'Mona' }]);
    // A curator may also take back an automatic relation.
    const noAuto = decide(byQuorum2, 'located_at:1062-1076:CasualtyCount>325-345:Place', { kind: 'reject' });
    expect(noAuto.relations).toEqual([]);
  });

  it('refuses, changing nothing: unknown items, bad names, edits that collide or do not fit the text', () => {
    const before = JSON.stringify(byQuorum2);
    const attempt = (item: string, decision: Decision, curator = 'Mona'): string => refusal(applyDecision(byQuorum2, c, item, decision, curator, options));
    expect(attempt('5-9:Place', { kind: 'reject' })).toBe('there is no item "5-9:Place" in this comparison');
    expect(attempt('91-100:Place', { kind: 'reject' }, AUTO_QUORUM)).toMatch(/^the curator's name: annotator name "auto:quorum" may hold only/);
    expect(attempt('91-100:Place', { kind: 'reject' }, '')).toBe("the curator's name: the annotator name is empty");
    const edit = (start: number, end: number, label = 'Place', attributes = {}): Decision => ({ kind: 'edit', span: { label, start, end, attributes, note: '' } });
    expect(attempt('91-100:Place', edit(84, 100))).toBe('the gold already has span "s4" at 84-100:Place');
    expect(attempt('91-100:Place', edit(3000, 3001))).toBe('offsets 3000–3001 are not a span of the text (0–2083 code points)');
    expect(attempt('91-100:Place', edit(95, 91))).toMatch(/^offsets 95–91/);
    expect(attempt('91-100:Place', edit(91, 100, 'Actor', { backed_by: 's99' }))).toBe(
      '"backed_by" names span "s99", which is not in the gold: give the span item it should point at as pending instead',
    );
    const rejected = decide(byQuorum2, '263-279:Actor', { kind: 'reject' });
    expect(refusal(applyDecision(rejected, c, '263-279:Place', edit(263, 279, 'Actor'), 'Mona', options))).toBe(
      'the span lands on item 263-279:Actor, which Mona rejected: decide that item instead',
    );
    expect(JSON.stringify(byQuorum2)).toBe(before);
  });

  it('edit: references name gold spans, or wait as pending for an item not gold yet', () => {
    const linked = decide(byQuorum2, '1413-1431:CasualtyCount', {
      kind: 'edit',
      span: { label: 'CasualtyCount', start: 1413, end: 1431, attributes: { outcome: 'injured', affected_party: 's1' }, note: '' },
    });
    expect(linked.spans.find((s) => s.start === 1413)?.attributes).toEqual({ outcome: 'injured', affected_party: 's1' });
    const waiting = decide(byQuorum2, '58-79:Actor', {
      kind: 'edit',
      span: { label: 'Actor', start: 58, end: 79, attributes: { actor_type: 'political_militia' }, note: '', pending: { backed_by: '1694-1703:Actor' } },
    });
    expect(waiting.spans.find((s) => s.start === 58)?.provenance?.pending).toEqual({ backed_by: '1694-1703:Actor' });
    const resolved = decide(waiting, '1694-1703:Actor', { kind: 'accept', annotator: 'Ali' });
    const kirby = resolved.spans.find((s) => s.start === 1694);
    expect(resolved.spans.find((s) => s.start === 58)).toMatchObject({ attributes: { backed_by: kirby?.id }, provenance: { pending: {} } });
  });

  it('never changes its arguments', () => {
    const gold = structuredClone(byQuorum2);
    const before = JSON.stringify(gold);
    decide(gold, '74-79:Actor', { kind: 'reject' });
    decide(gold, '540-549:Place', { kind: 'accept', annotator: 'Ali' });
    ok(autoAccept(c, 3, gold, options));
    expect(JSON.stringify(gold)).toBe(before);
  });
});
