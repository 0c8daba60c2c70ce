import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Layer, RejectedSuggestion, Relation, Span } from '../../shared/model';
import { checkAnchors } from '../../shared/corpus/anchoring';
import { compareSpans, parseLayer, parseLayerWithLines, serializeLayer } from '../../shared/corpus/layer-file';
import { CodePointIndex } from '../../shared/text/code-points';
import { quoteContext } from '../../shared/text/quote-context';

const SEED_000 = readFileSync(new URL('../../seeds/000_7db2a034c338d373.txt', import.meta.url), 'utf8');
const SHA = 'a'.repeat(64);
const FILE = 'layers/Ali/000_7db2a034c338d373.jsonl';

/** Real spans of seed 000, with the context quoteContext gives them (checked by hand). */
const DEIR_EZ_ZOR: Span = {
  id: 's3',
  label: 'Place',
  start: 91,
  end: 100,
  text: 'دير الزور',
  prefix: 'والية لإيران، في محافظة\n',
  suffix: '، شرقي سوريا.\nوقالت وسائ',
  attributes: {},
  note: '',
};
const GOVERNORATE: Span = {
  id: 's2',
  label: 'Place',
  start: 84,
  end: 100,
  text: 'محافظة\nدير الزور',
  prefix: 'يشيات موالية لإيران، في ',
  suffix: '، شرقي سوريا.\nوقالت وسائ',
  attributes: {},
  note: '',
};
const US_FORCES: Span = {
  id: 's10',
  label: 'Actor',
  start: 39,
  end: 55,
  text: 'القوات الأمريكية',
  prefix: 'ماضية، قصفا متبادلا بين ',
  suffix: '، ومليشيات موالية لإيران',
  attributes: {},
  note: '',
};

function layerOf(spans: readonly Span[], relations: readonly Relation[] = [], rejected: readonly RejectedSuggestion[] = []): Layer {
  return { document: '000_7db2a034c338d373', annotator: 'علي', textSha256: SHA, revision: 3, status: 'in_progress', spans, relations, rejected };
}

describe('serializeLayer', () => {
  it('writes the header, one sorted line per span and a trailing newline, byte for byte', () => {
    const text = serializeLayer(layerOf([DEIR_EZ_ZOR, GOVERNORATE, US_FORCES]));
    const lines = text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[0]).toBe(
      `{"format":"hashiya-layer","version":1,"document":"000_7db2a034c338d373","annotator":"علي","textSha256":"${SHA}","revision":3,"status":"in_progress"}`,
    );
    expect(lines[1]).toBe(
      '{"type":"span","id":"s10","label":"Actor","start":39,"end":55,"text":"القوات الأمريكية","prefix":"ماضية، قصفا متبادلا بين ","suffix":"، ومليشيات موالية لإيران"}',
    );
    // The span across the hard line break stays on one line, its newline escaped.
    expect(lines[2]).toBe(
      '{"type":"span","id":"s2","label":"Place","start":84,"end":100,"text":"محافظة\\nدير الزور","prefix":"يشيات موالية لإيران، في ","suffix":"، شرقي سوريا.\\nوقالت وسائ"}',
    );
    expect(lines[3]).toContain('"id":"s3","label":"Place","start":91,"end":100,"text":"دير الزور"');
  });

  it('is deterministic: the same layer in any span order gives the same bytes', () => {
    const a = serializeLayer(layerOf([DEIR_EZ_ZOR, GOVERNORATE, US_FORCES]));
    const b = serializeLayer(layerOf([US_FORCES, DEIR_EZ_ZOR, GOVERNORATE]));
    expect(b).toBe(a);
    const parsed = parseLayer(a, FILE);
    expect(parsed.ok && serializeLayer(parsed.value)).toBe(a);
  });

  it('escapes U+2028 and U+2029 so no JSON Lines reader splits a span line', () => {
    const span: Span = { ...US_FORCES, suffix: 'a\u2028b\u2029c' };
    const text = serializeLayer(layerOf([span]));
    expect(text).toContain('"suffix":"a\\u2028b\\u2029c"');
    const parsed = parseLayer(text, FILE);
    expect(parsed.ok && parsed.value.spans[0]?.suffix).toBe('a\u2028b\u2029c');
  });
});

describe('parseLayer', () => {
  it('round-trips real spans exactly, sorted by (start, end, label, id)', () => {
    const layer = layerOf([DEIR_EZ_ZOR, GOVERNORATE, US_FORCES]);
    const parsed = parseLayer(serializeLayer(layer), FILE);
    expect(parsed).toEqual({ ok: true, value: { ...layer, spans: [US_FORCES, GOVERNORATE, DEIR_EZ_ZOR] } });
  });

  it('gives the line of every span and accepts CRLF line ends', () => {
    const crlf = serializeLayer(layerOf([GOVERNORATE, DEIR_EZ_ZOR])).replace(/\n/g, '\r\n');
    const parsed = parseLayerWithLines(crlf, FILE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.spanLines.get('s2')).toBe(2);
    expect(parsed.value.spanLines.get('s3')).toBe(3);
    expect(parsed.value.layer.spans[0]?.text).toBe('محافظة\nدير الزور');
  });

  const header = serializeLayer(layerOf([])).trimEnd();
  const span = (fields: string): string => `{"type":"span",${fields}}`;
  const ok = '"id":"s1","label":"Place","start":91,"end":100,"text":"دير الزور","prefix":"","suffix":""';

  it.each([
    ['bad JSON', [header, span(ok), '{"type":"span","id":"s2'], 3, 'invalid JSON: unterminated string'],
    ['a missing member', [header, span('"id":"s1","label":"Place","start":91,"text":"دير الزور","prefix":"","suffix":""')], 2, 'is missing "end"'],
    ['a wrong type', [header, span('"id":"s1","label":"Place","start":"91","end":100,"text":"دير الزور","prefix":"","suffix":""')], 2, '"start" must be an integer, not a string'],
    ['a duplicate span id', [header, span(ok), span(ok)], 3, 'span id "s1" is used twice (first on line 2)'],
    ['start >= end', [header, span('"id":"s1","label":"Place","start":100,"end":91,"text":"x","prefix":"","suffix":""')], 2, 'must end after it starts (start 100, end 91)'],
    ['a missing header', [span(ok)], 1, 'the first line must be the layer header'],
    ['an unknown line type', [header, '{"type":"event","id":"e1"}'], 2, 'unknown line type "event" (this Hashiya reads "span", "relation" and "rejected" lines)'],
    ['a bad status', [header.replace('"in_progress"', '"finished"')], 1, '"status" must be one of'],
    ['a path in the annotator', [header.replace('"علي"', '"../x"')], 1, 'annotator name "../x"'],
    ['a negative offset', [header, span('"id":"s1","label":"Place","start":-1,"end":100,"text":"x","prefix":"","suffix":""')], 2, '"start" must be at least 0'],
  ])('names the file and line of %s', (_what, lines, line, message) => {
    const parsed = parseLayer(`${lines.join('\n')}\n`, FILE);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ file: FILE, line });
    expect(parsed.errors[0]?.message).toContain(message);
  });

  it('reports an empty file at line 1', () => {
    expect(parseLayer('', FILE)).toEqual({ ok: false, errors: [{ file: FILE, line: 1, message: expect.stringContaining('empty') }] });
  });

  it('reports every bad line, not only the first', () => {
    const parsed = parseLayer([header, '{', span(ok), 'nonsense'].join('\n'), FILE);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.line)).toEqual([2, 4]);
  });
});

describe('compareSpans', () => {
  it('orders by start, end, label, then numeric id', () => {
    const base = { start: 1, end: 2, label: 'Place' };
    expect(compareSpans({ ...base, id: 's2' }, { ...base, id: 's10' })).toBeLessThan(0);
    expect(compareSpans({ ...base, label: 'Actor', id: 's9' }, { ...base, id: 's1' })).toBeLessThan(0);
    expect(compareSpans({ ...base, end: 3, id: 's1' }, { ...base, id: 's9' })).toBeGreaterThan(0);
  });
});

describe('checkAnchors', () => {
  it('accepts spans whose offsets yield their quote, across the line break too', () => {
    expect(checkAnchors([US_FORCES, GOVERNORATE, DEIR_EZ_ZOR], SEED_000)).toEqual([]);
  });

  it('reports, never drops, a span whose offsets no longer yield its quote', () => {
    const shifted = { ...DEIR_EZ_ZOR, start: 92, end: 101 };
    expect(checkAnchors([US_FORCES, shifted], SEED_000)).toEqual([
      { spanId: 's3', message: 'offsets 92–101 now yield "ير الزور،", not the quote "دير الزور"' },
    ]);
  });

  it('reports offsets past the end of the text', () => {
    expect(checkAnchors([{ ...DEIR_EZ_ZOR, start: 2080, end: 2090 }], SEED_000)).toEqual([
      { spanId: 's3', message: 'offsets 2080–2090 run past the end of the text (2083 code points)' },
    ]);
  });

  it('counts code points: an emoji before a span does not shift it', () => {
    const text = `🇸🇾 ${SEED_000}`; // two astral code points and a space: +3 code points, +5 UTF-16 units
    expect(checkAnchors([{ ...DEIR_EZ_ZOR, start: 94, end: 103 }], text)).toEqual([]);
  });
});

/** A span of seed 000 at code points `[start, end)`, its quote and context taken from the text. */
function seedSpan(id: string, label: string, start: number, end: number, more: Partial<Pick<Span, 'attributes' | 'note'>> = {}): Span {
  const { prefix, suffix } = quoteContext(SEED_000, start, end, 24);
  return { id, label, start, end, text: new CodePointIndex(SEED_000).slice(start, end), prefix, suffix, attributes: {}, note: '', ...more };
}

describe('attributes, notes, relations and rejected suggestions', () => {
  const US = seedSpan('s10', 'Actor', 39, 55, { attributes: { actor_type: 'external_forces', nationality: 'USA' } });
  const FIVE_SOLDIERS = seedSpan('s12', 'CasualtyCount', 1413, 1431, {
    // Given out of order on purpose: stored sorted by name.
    attributes: { value: 5, outcome: 'injured', qualifier: 'exact', asserted_zero: false, affected_party: 's10' },
    note: 'الجرحى جنود،\nوالقتيل متعاقد',
  });
  const NONE_HURT = seedSpan('s14', 'CasualtyCount', 1736, 1749, { attributes: { asserted_zero: true, outcome: 'injured' } });
  const PLACE = { ...DEIR_EZ_ZOR, attributes: { level: 'governorate', gazetteer_id: 'GeoNames:170794', english_name: 'Deir ez-Zor' } };
  const relations: Relation[] = [
    { id: 'r10', type: 'located_at', from: 's10', to: 's3' },
    { id: 'r2', type: 'located_at', from: 's12', to: 's3' },
  ];
  /** `نحو 78 هجوما`: 78 attacks, not casualties; `24 ساعة`: hours. */
  const rejected: RejectedSuggestion[] = [
    { label: 'CasualtyCount', start: 2025, end: 2027 },
    { label: 'CasualtyCount', start: 964, end: 971 },
  ];

  it('reads a file written before attributes existed, and writes it back byte for byte', () => {
    const old = [
      `{"format":"hashiya-layer","version":1,"document":"000_7db2a034c338d373","annotator":"علي","textSha256":"${SHA}","revision":3,"status":"in_progress"}`,
      '{"type":"span","id":"s10","label":"Actor","start":39,"end":55,"text":"القوات الأمريكية","prefix":"ماضية، قصفا متبادلا بين ","suffix":"، ومليشيات موالية لإيران"}',
      '{"type":"span","id":"s2","label":"Place","start":84,"end":100,"text":"محافظة\\nدير الزور","prefix":"يشيات موالية لإيران، في ","suffix":"، شرقي سوريا.\\nوقالت وسائ"}',
      '',
    ].join('\n');
    const parsed = parseLayer(old, FILE);
    expect(parsed).toEqual({ ok: true, value: { ...layerOf([US_FORCES, GOVERNORATE]) } });
    expect(parsed.ok && parsed.value.spans.map((s) => [s.attributes, s.note])).toEqual([
      [{}, ''],
      [{}, ''],
    ]);
    expect(parsed.ok && serializeLayer(parsed.value)).toBe(old);
  });

  it('writes header, spans, relations, rejected in that order, each sorted, exactly', () => {
    const text = serializeLayer(layerOf([NONE_HURT, FIVE_SOLDIERS, PLACE, US], relations, rejected));
    const lines = text.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.slice(1, 5).map((l) => JSON.parse(l).id)).toEqual(['s10', 's3', 's12', 's14']);
    expect(lines[1]).toBe(
      '{"type":"span","id":"s10","label":"Actor","start":39,"end":55,"text":"القوات الأمريكية","prefix":"ماضية، قصفا متبادلا بين ","suffix":"، ومليشيات موالية لإيران","attributes":{"actor_type":"external_forces","nationality":"USA"}}',
    );
    expect(lines[3]).toBe(
      `{"type":"span","id":"s12","label":"CasualtyCount","start":1413,"end":1431,"text":"خمسة جنود أمريكيين","prefix":${JSON.stringify(FIVE_SOLDIERS.prefix)},"suffix":${JSON.stringify(FIVE_SOLDIERS.suffix)},` +
        '"attributes":{"affected_party":"s10","asserted_zero":false,"outcome":"injured","qualifier":"exact","value":5},"note":"الجرحى جنود،\\nوالقتيل متعاقد"}',
    );
    expect(lines[4]).toContain('"text":"لم تقع إصابات"');
    expect(lines[4]).toMatch(/"attributes":\{"asserted_zero":true,"outcome":"injured"\}\}$/);
    expect(lines.slice(5)).toEqual([
      '{"type":"relation","id":"r2","relation":"located_at","from":"s12","to":"s3"}',
      '{"type":"relation","id":"r10","relation":"located_at","from":"s10","to":"s3"}',
      '{"type":"rejected","label":"CasualtyCount","start":964,"end":971}',
      '{"type":"rejected","label":"CasualtyCount","start":2025,"end":2027}',
      '',
    ]);
  });

  it('round-trips byte for byte, whatever order the lines were in', () => {
    const layer = layerOf([NONE_HURT, FIVE_SOLDIERS, PLACE, US], relations, rejected);
    const text = serializeLayer(layer);
    const parsed = parseLayerWithLines(text, FILE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.layer.spans.find((s) => s.id === 's12')).toEqual(FIVE_SOLDIERS);
    expect(parsed.value.layer.relations).toEqual([relations[1], relations[0]]);
    expect(parsed.value.layer.rejected).toEqual([rejected[1], rejected[0]]);
    expect(parsed.value.relationLines).toEqual(new Map([['r2', 6], ['r10', 7]]));
    expect(serializeLayer(parsed.value.layer)).toBe(text);

    const [header, ...rest] = text.trimEnd().split('\n');
    const shuffled = `${[header, ...rest.reverse()].join('\n')}\n`;
    const again = parseLayer(shuffled, FILE);
    expect(again.ok && serializeLayer(again.value)).toBe(text);
  });

  it('keeps attribute names exactly, "__proto__" and digit names included, sorted by code units', () => {
    const odd = { ...US, attributes: Object.fromEntries([['__proto__', 'x'], ['2', 2], ['10', true], ['b', 'ب']]) };
    const text = serializeLayer(layerOf([odd]));
    expect(text).toContain('"attributes":{"10":true,"2":2,"__proto__":"x","b":"ب"}');
    const parsed = parseLayer(text, FILE);
    const attributes = parsed.ok ? parsed.value.spans[0]?.attributes : undefined;
    expect(attributes && Object.keys(attributes).sort()).toEqual(['10', '2', '__proto__', 'b']);
    expect(attributes && Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(parsed.ok && serializeLayer(parsed.value)).toBe(text);
  });

  it('refuses to write a number JSON cannot hold', () => {
    expect(() => serializeLayer(layerOf([{ ...FIVE_SOLDIERS, attributes: { value: Number.NaN } }]))).toThrow('span "s12": attribute "value" is NaN');
  });

  const header = serializeLayer(layerOf([])).trimEnd();
  const span = (more: string): string =>
    `{"type":"span","id":"s1","label":"CasualtyCount","start":1413,"end":1431,"text":"خمسة جنود أمريكيين","prefix":"","suffix":""${more}}`;

  it.each([
    ['a null attribute value', [header, span(',"attributes":{"value":null}')], 2, 'attribute "value" must be text, a number or true/false, not null'],
    ['an array attribute value', [header, span(',"attributes":{"outcome":["killed"]}')], 2, 'attribute "outcome" must be text, a number or true/false, not an array'],
    ['a number too large', [header, span(',"attributes":{"value":1e400}')], 2, 'attribute "value" must be text, a number or true/false, not a number too large to hold'],
    ['attributes that are not an object', [header, span(',"attributes":["value",5]')], 2, '"attributes" must be a JSON object, not an array'],
    ['a note that is not text', [header, span(',"note":5')], 2, '"note" must be a string, not a number'],
    ['an unexpected span member', [header, span(',"notes":"x"')], 2, 'unexpected member "notes" in a span line'],
    [
      'a duplicate relation id',
      [header, span(''), '{"type":"relation","id":"r1","relation":"located_at","from":"s1","to":"s1"}', '{"type":"relation","id":"r1","relation":"same_as","from":"s1","to":"s1"}'],
      4,
      'relation id "r1" is used twice (first on line 3)',
    ],
    ['a relation without "to"', [header, '{"type":"relation","id":"r1","relation":"located_at","from":"s1"}'], 2, 'a relation line is missing "to"'],
    ['a relation type given as "type"', [header, '{"type":"relation","id":"r1","type":"located_at","from":"s1","to":"s2"}'], 2, 'member "type" appears twice'],
    ['a bad relation id', [header, '{"type":"relation","id":"r 1","relation":"located_at","from":"s1","to":"s2"}'], 2, '"r 1" is not a relation id'],
    ['a rejected suggestion ending before it starts', [header, '{"type":"rejected","label":"CasualtyCount","start":2027,"end":2025}'], 2, 'a rejected suggestion must end after it starts'],
    ['a rejected suggestion without a label', [header, '{"type":"rejected","start":964,"end":971}'], 2, 'a rejected line is missing "label"'],
    ['a line without a type', [header, '{"id":"s1"}'], 2, 'a layer line is missing "type"'],
  ])('names the file and line of %s', (_what, lines, line, message) => {
    const parsed = parseLayer(`${lines.join('\n')}\n`, FILE);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ file: FILE, line });
    expect(parsed.errors[0]?.message).toContain(message);
  });

  it('reports every bad value of a span, on its line', () => {
    const parsed = parseLayer([header, span(''), span(',"attributes":{"value":null,"min":[]}').replace('"s1"', '"s2"')].join('\n'), FILE);
    expect(parsed.ok ? [] : parsed.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '3: attribute "value" must be text, a number or true/false, not null',
      '3: attribute "min" must be text, a number or true/false, not an array',
    ]);
  });
});
