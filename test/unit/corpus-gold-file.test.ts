import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLayer, serializeLayer } from '../../shared/corpus/layer-file';
import {
  compareItemIds,
  goldToLayer,
  parseGold,
  parseGoldWithLines,
  parseItemId,
  relationItemId,
  serializeGold,
  spanItemId,
  type GoldLayer,
} from '../../shared/corpus';
import { GOLD_TEXT, layerFile } from '../fixtures/review/load';

const FILE = 'gold/000_7db2a034c338d373.jsonl';
/** The fixture's lines, without the empty string after its final newline. */
const LINES = GOLD_TEXT.slice(0, -1).split('\n');

function gold(text = GOLD_TEXT): GoldLayer {
  const parsed = parseGold(text, FILE);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

/** The fixture with `edit` applied to its lines (1-based line numbers; a line set to undefined is removed). */
function edited(edit: (lines: (string | undefined)[]) => void): string {
  const lines: (string | undefined)[] = [...LINES];
  edit(lines);
  return `${lines.filter((l) => l !== undefined).join('\n')}\n`;
}

function problems(text: string): string[] {
  const parsed = parseGoldWithLines(text, FILE);
  return parsed.ok ? [] : parsed.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
}

describe('the gold file: the layer format with provenance', () => {
  it('round-trips the fixture byte for byte, CRLF and a byte order mark read alike', () => {
    expect(serializeGold(gold())).toBe(GOLD_TEXT);
    expect(serializeGold(gold(`\uFEFF${GOLD_TEXT.replaceAll('\n', '\r\n')}`))).toBe(GOLD_TEXT);
    // Spans, relations and decisions in any order: the same bytes.
    const g = gold();
    expect(serializeGold({ ...g, spans: [...g.spans].reverse(), relations: [...g.relations].reverse(), decisions: [...g.decisions].reverse() })).toBe(GOLD_TEXT);
  });

  it('reads the provenance of every span, relation and rejected item', () => {
    const g = gold();
    expect(g.quorum).toBe(2);
    expect(g.spans.find((s) => s.id === 's2')?.provenance).toEqual({ item: '58-79:Actor', annotators: ['Ali', 'Layla'], decidedBy: 'auto:quorum', decision: 'accepted', pending: {} });
    expect(g.spans.find((s) => s.id === 's11')?.provenance).toEqual({ item: '1413-1431:CasualtyCount', annotators: [], decidedBy: 'Mona', decision: 'edited', pending: {} });
    expect(g.relations.find((r) => r.id === 'r3')?.provenance).toEqual({ annotators: ['Ali'], decidedBy: 'Mona', decision: 'accepted' });
    expect(g.decisions).toEqual([
      { item: '91-100:Place', decision: 'rejected', decidedBy: 'Mona' },
      { item: '263-279:Actor', decision: 'rejected', decidedBy: 'Mona' },
      { item: 'same_as:58-79:Actor>74-79:Actor', decision: 'rejected', decidedBy: 'Mona' },
    ]);
    const located = parseGoldWithLines(GOLD_TEXT, FILE);
    expect(located.ok && [located.value.spanLines.get('s11'), located.value.relationLines.get('r3'), located.value.decisionLines.get('263-279:Actor')]).toEqual([11, 16, 18]);
    // What exports see: a plain layer, no provenance.
    const plain = goldToLayer(g);
    expect(Object.keys(plain.spans[0] ?? {})).not.toContain('provenance');
    expect(serializeLayer(plain)).toBe(`${LINES.slice(0, 16).join('\n').replace(',"quorum":2', '').replace(/,"item":"[^"]*"|,"annotators":\[[^\]]*\],"decidedBy":"[^"]*","decision":"[^"]*"/g, '')}\n`);
  });

  it('reads old gold files, without provenance, and writes them back unchanged', () => {
    for (const name of ['000_7db2a034c338d373.jsonl', '004_fee82008326e4aee.jsonl']) {
      const text = readFileSync(new URL(`../fixtures/export/gold/${name}`, import.meta.url), 'utf8');
      const g = gold(text);
      expect(g.quorum).toBeNull();
      expect(g.decisions).toEqual([]);
      expect(g.spans.every((s) => s.provenance === null) && g.relations.every((r) => r.provenance === null)).toBe(true);
      expect(serializeGold(g)).toBe(text);
      const asLayer = parseLayer(text, FILE);
      expect(asLayer.ok && serializeLayer(asLayer.value)).toBe(text);
    }
  });

  it('keeps pending references, and refuses one that is also set', () => {
    const withPending = edited((l) => {
      l[2] = l[2]!.replace(',"backed_by":"s3"}', '}').replace(',"annotators"', ',"pending":{"backed_by":"74-79:Actor"},"annotators"');
    });
    expect(gold(withPending).spans.find((s) => s.id === 's2')?.provenance?.pending).toEqual({ backed_by: '74-79:Actor' });
    expect(serializeGold(gold(withPending))).toBe(withPending);
    const both = edited((l) => {
      l[2] = l[2]!.replace(',"annotators"', ',"pending":{"backed_by":"74-79:Actor"},"annotators"');
    });
    expect(problems(both)).toEqual([`${FILE}:3: span "s2": "backed_by" is both set and pending`]);
  });

  it.each<[string, (lines: (string | undefined)[]) => void, string[]]>([
    ['a duplicate span id', (l) => void (l[12] = l[12]!.replace('"id":"s10"', '"id":"s9"')), [`${FILE}:13: span id "s9" is used twice (first on line 10)`]],
    ['a duplicate relation id', (l) => void (l[15] = l[15]!.replace('"id":"r3"', '"id":"r1"')), [`${FILE}:16: relation id "r1" is used twice (first on line 14)`]],
    ['an item decided twice', (l) => void l.push(l[16]!.replace('"Mona"', '"Karim"')), [`${FILE}:20: item "91-100:Place" is decided twice (first on line 17)`]],
    [
      'a rejection of an item a span is decided on',
      (l) => void l.push('{"type":"decision","item":"84-100:Place","decision":"rejected","decidedBy":"Karim"}'),
      [`${FILE}:20: item "84-100:Place" is rejected, but span "s4" of the gold is decided on it`],
    ],
    [
      'a rejection of a relation the gold has',
      (l) => void l.push('{"type":"decision","item":"part_of:58-79:Actor>74-79:Actor","decision":"rejected","decidedBy":"Karim"}'),
      [`${FILE}:20: item "part_of:58-79:Actor>74-79:Actor" is rejected, but relation "r3" of the gold is that relation`],
    ],
    [
      'two spans decided on one item',
      (l) => void (l[11] = l[11]!.replace('"annotators":["Ali"],"decidedBy":"Mona","decision":"accepted"', '"item":"1413-1431:CasualtyCount","annotators":[],"decidedBy":"Mona","decision":"edited"')),
      [`${FILE}:12: span "s12" and span "s11" are both decided on item "1413-1431:CasualtyCount"`],
    ],
    [
      'an automatic acceptance by fewer than the quorum',
      (l) => void (l[3] = l[3]!.replace('"annotators":["Ali","Layla"]', '"annotators":["Ali"]')),
      [`${FILE}:4: span "s3" was accepted by auto:quorum with quorum 2, but names only 1 annotator(s) who had it`],
    ],
    [
      'automatic decisions without a quorum in the header',
      (l) => void (l[0] = l[0]!.replace(',"quorum":2', '')),
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15].map((n) => `${FILE}:${n}: ${n < 14 ? 'span' : 'relation'} "${n < 14 ? `s${n === 13 ? 10 : n - 1}` : `r${n - 13}`}" was decided by auto:quorum, but the header gives no "quorum"`),
    ],
    ['an automatic edit', (l) => void (l[1] = l[1]!.replace('"decision":"accepted"', '"decision":"edited"')), [`${FILE}:2: an edit cannot be decided by auto:quorum: only a curator edits`]],
    [
      'provenance in part',
      (l) => void (l[1] = l[1]!.replace(',"decidedBy":"auto:quorum"', '')),
      [`${FILE}:2: a span line has provenance only in part: "decidedBy" missing`],
    ],
    [
      'a curator name that is not a name',
      (l) => void (l[16] = l[16]!.replace('"Mona"', '"Mona/Karim"')),
      [`${FILE}:17: "decidedBy": annotator name "Mona/Karim" must not contain "/" or "\\" (a curator's name, or "auto:quorum")`],
    ],
    ['a rejection by auto:quorum', (l) => void (l[16] = l[16]!.replace('"Mona"', '"auto:quorum"')), [`${FILE}:17: "decidedBy": only a curator rejects, not auto:quorum`]],
    ['an annotator named twice', (l) => void (l[1] = l[1]!.replace('["Ali","Layla","Omar"]', '["Ali","Layla","Ali"]')), [`${FILE}:2: "annotators" names "Ali" twice`]],
    [
      'a span accepted from an item with other offsets',
      (l) => void (l[11] = l[11]!.replace('"annotators"', '"item":"1690-1703:Actor","annotators"')),
      [`${FILE}:12: span "s12" is "accepted" from item "1690-1703:Actor", but it is 1694-1703:Actor: a span with other offsets or label than its item is "edited"`],
    ],
    ['an item id that is none', (l) => void (l[16] = l[16]!.replace('"91-100:Place"', '"091-100:Place"')), [`${FILE}:17: "item": "091-100:Place" is not a review item id`]],
    ['a decision that is not a rejection', (l) => void (l[16] = l[16]!.replace('"rejected"', '"accepted"')), [`${FILE}:17: "decision" must be one of "rejected", not "accepted"`]],
    ['an unknown member on a decision line', (l) => void (l[16] = l[16]!.replace('}', ',"why":"dup"}')), [`${FILE}:17: unexpected member "why" in a decision line`]],
    ['a relation edited', (l) => void (l[15] = l[15]!.replace('"decision":"accepted"', '"decision":"edited"')), [`${FILE}:16: "decision" must be one of "accepted", not "edited"`]],
  ])('refuses %s, naming file and line', (_what, edit, expected) => {
    expect(problems(edited(edit))).toEqual(expected);
  });

  it('an annotator\'s layer file with provenance or decisions is refused as before', () => {
    const ali = readFileSync(new URL(`../fixtures/review/${layerFile('Ali')}`, import.meta.url), 'utf8').split('\n');
    ali[1] = ali[1]!.replace(/}$/, ',"decidedBy":"Mona"}');
    ali.push('{"type":"decision","item":"91-100:Place","decision":"rejected","decidedBy":"Mona"}');
    const parsed = parseLayer(ali.join('\n'), layerFile('Ali'));
    expect(!parsed.ok && parsed.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '2: unexpected member "decidedBy" in a span line',
      '18: unknown line type "decision" (this Hashiya reads "span", "relation" and "rejected" lines)',
    ]);
  });
});

describe('review item ids', () => {
  it('derive from offsets and label, escape what would be ambiguous, and read back in one spelling only', () => {
    expect(spanItemId({ start: 84, end: 100, label: 'Place' })).toBe('84-100:Place');
    const odd = spanItemId({ start: 1, end: 2, label: 'a:b>c%d' });
    expect(odd).toBe('1-2:a%3Ab%3Ec%25d');
    expect(parseItemId(odd)).toEqual({ kind: 'span', start: 1, end: 2, label: 'a:b>c%d' });
    const relation = relationItemId('x:y', odd, '84-100:Place');
    expect(relation).toBe('x%3Ay:1-2:a%3Ab%3Ec%25d>84-100:Place');
    expect(parseItemId(relation)).toEqual({ kind: 'relation', type: 'x:y', from: odd, to: '84-100:Place' });
    for (const bad of ['', '84-100:', '84-84:Place', '100-84:Place', '084-100:Place', '84-100:a%3ab', '84-100:a%zz', 'located_at:84-100:Place', 'located_at:84-100:Place>x']) {
      expect(parseItemId(bad)).toBeUndefined();
    }
  });

  it('sort spans by position then label, relations after them by their ends then type', () => {
    const ids = ['same_as:58-79:Actor>74-79:Actor', '263-279:Place', 'part_of:58-79:Actor>74-79:Actor', '91-100:Place', '263-279:Actor', 'located_at:1062-1076:CasualtyCount>325-345:Place', '84-100:Place'];
    expect([...ids].sort(compareItemIds)).toEqual([
      '84-100:Place',
      '91-100:Place',
      '263-279:Actor',
      '263-279:Place',
      'part_of:58-79:Actor>74-79:Actor',
      'same_as:58-79:Actor>74-79:Actor',
      'located_at:1062-1076:CasualtyCount>325-345:Place',
    ]);
  });
});
