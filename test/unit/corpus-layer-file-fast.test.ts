import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Layer, Span } from '../../shared/model';
import { parseLayerLines, parseLayerWithLines, serializeLayer } from '../../shared/corpus/layer-file';
import { readLayerFast } from '../../shared/corpus/layer-file-fast';
import { colonsPerLine, countJsonMembers } from '../../shared/corpus/json-member-count';
import { quoteContext } from '../../shared/text/quote-context';
import { breakingNews, cpOccurrences, random, seed000 } from '../fixtures/text/load';

// The fast path of reading a layer file (JSON.parse, plain checks) against the line-numbered
// reader it stands in for: the same layer, with the same lines, for every file it accepts; every
// other file read line by line, so that each problem is still named with its file and line.

const FILE = 'layers/Ali/000_7db2a034c338d373.jsonl';

function span(text: string, id: string, label: string, quote: string, nth = 0, extra: Partial<Span> = {}): Span {
  const start = cpOccurrences(text, quote)[nth] as number;
  const end = start + [...quote].length;
  return { id, label, start, end, ...quoteContext(text, start, end, 24), attributes: {}, note: '', ...extra };
}

/** A layer of seed 000 with everything a layer file can hold. */
const LAYER: Layer = {
  document: '000_7db2a034c338d373',
  annotator: 'علي',
  textSha256: 'a'.repeat(64),
  revision: 7,
  status: 'in_progress',
  spans: [
    span(seed000, 's1', 'Actor', 'القوات الأمريكية', 0, { attributes: { actor_type: 'state_forces', nationality: 'USA', backed_by: 's3' } }),
    span(seed000, 's2', 'Place', 'محافظة\nدير الزور', 0, { note: 'محافظة "دير الزور"\u2028والمدينة' }),
    span(seed000, 's3', 'Actor', 'مليشيات موالية لإيران', 0, { attributes: { backed_by: 's1', '2': true, '10': 1.5 } }),
    // An own attribute named __proto__ (an object literal would set the prototype instead).
    span(seed000, 's10', 'CasualtyCount', 'عدة إصابات', 0, { attributes: Object.fromEntries([['value', 3], ['asserted_zero', false], ['__proto__', 'kept']]) }),
  ],
  relations: [
    { id: 'r1', type: 'located_at', from: 's1', to: 's2' },
    { id: 'r2', type: 'source', from: 's3', to: 's10' },
  ],
  rejected: [{ label: 'Place', start: 3, end: 9 }],
};

/** What the line-numbered reader alone makes of `text`. */
const located = (text: string): unknown => parseLayerLines(text, FILE, undefined);

describe('readLayerFast', () => {
  it('reads a layer as the app writes it, as the line-numbered reader does (members in the same order)', () => {
    const text = serializeLayer(LAYER);
    expect(readLayerFast(text)).toBeDefined();
    const fast = parseLayerWithLines(text, FILE);
    expect(fast).toEqual(located(text));
    expect(JSON.stringify(fast)).toBe(JSON.stringify(located(text)));
    expect(fast.ok && fast.value.layer.spans.find((s) => s.id === 's10')?.attributes).toEqual(Object.fromEntries([['value', 3], ['asserted_zero', false], ['__proto__', 'kept']]));
    const lines = text.split('\n');
    expect(fast.ok && [...fast.value.spanLines].map(([id, line]) => lines[line - 1]?.includes(`"id":"${id}"`))).toEqual([true, true, true, true]);
  });

  it('reads text with emoji and flags (code points), CRLF, a byte order mark, blank lines and spaces the same as the line-numbered reader', () => {
    const news: Layer = { ...LAYER, spans: [span(breakingNews, 's1', 'Place', 'دير الزور 🇸🇾'), span(breakingNews, 's2', 'Claim', '🔴 عاجل')], relations: [], rejected: [] };
    const text = serializeLayer(news);
    const variants = [
      text,
      `\uFEFF${text}`,
      text.replaceAll('\n', '\r\n'),
      text.replaceAll('\n', '\n\n  \n'),
      text.replace('{"type":"span","id":"s1",', '{ "type" : "span" ,\t"id":"s1",'),
      text.replace('"label":"Place"', '"label":"\\u0050lace"'),
    ];
    for (const v of variants) expect(parseLayerWithLines(v, FILE)).toEqual(located(v));
  });

  it('gives up on what the line-numbered reader refuses, which then names the file, line and problem', () => {
    const lines = serializeLayer(LAYER).split('\n');
    // The line of s2 (no attributes, a note) and of s1 (attributes).
    const s2 = lines.findIndex((l) => l.includes('"id":"s2"'));
    const s1 = lines.findIndex((l) => l.includes('"id":"s1"'));
    const edit = (k: number, change: (line: string) => string): string => lines.map((l, i) => (i === k ? change(l) : l)).join('\n');
    const cases: [string, number, string][] = [
      [edit(s2, (l) => l.replace('"label":', '"label":"Place","label":')), s2, 'invalid JSON: member "label" appears twice'],
      [edit(s2, (l) => l.replace('"id":', '"\\u0069d":"s99","id":')), s2, 'invalid JSON: member "id" appears twice'],
      [edit(s1, (l) => l.replace('"actor_type":', '"nationality":"SYR","actor_type":')), s1, 'invalid JSON: member "nationality" appears twice'],
      [edit(s2, (l) => l.replace(/"start":\d+/, `"start":${'1'.repeat(401)}`)), s2, 'invalid JSON: expected "," or "}", found character "1"'],
      [edit(s2, (l) => l.replace(/"start":\d+/, `"start":1.${'0'.repeat(400)}`)), s2, 'invalid JSON: expected "," or "}", found character "0"'],
      [edit(s2, (l) => l.replace(/}$/, `,"attributes":{"a":${'['.repeat(70)}${']'.repeat(70)}}}`)), s2, 'invalid JSON: nesting is too deep'],
      [edit(s2, (l) => l.replace('"prefix":"', '"prefix":"\u0001')), s2, 'invalid JSON: control character inside a string'],
      [edit(s2, (l) => l.replace(/"end":\d+/, '"end":1')), s2, 'span "s2" must end after it starts (start 84, end 1)'],
      [edit(s2, (l) => `\uFEFF${l}`), s2, 'none: a byte order mark on a later line is accepted by both readers'],
    ];
    for (const [text, k, message] of cases) {
      expect(readLayerFast(text)).toBeUndefined();
      const parsed = parseLayerWithLines(text, FILE);
      if (message.startsWith('none')) expect(parsed.ok).toBe(true);
      else expect({ message, errors: parsed.ok ? [] : parsed.errors }).toEqual({ message, errors: expect.arrayContaining([{ file: FILE, line: k + 1, message }]) });
      expect(parsed).toEqual(located(text));
    }
  });

  it('holds: for any damage to a layer file, the same result as the line-numbered reader', () => {
    const text = serializeLayer(LAYER);
    const pieces = ['"', ',', ':', '{', '}', '[', ']', '\\', '\\"', '\n', '\r', ' ', '"label":"Place",', '"id":"s1",', '"start":', '1e2', '-0', 'null', 'true', '1.5', '\uFEFF', '\u2028', '"type":"span",'];
    // Values and members the readers check, each changed to something they must refuse (or accept alike).
    const changes: readonly [RegExp, string][] = [
      [/"status":"[a-z_]+"/g, '"status":"bogus"'],
      [/"status":"[a-z_]+"/g, '"status":"done"'],
      [/"version":1/g, '"version":2'],
      [/"version":1/g, '"version":1.0'],
      [/"revision":\d+/g, '"revision":-1'],
      [/"revision":\d+/g, '"revision":"7"'],
      [/"textSha256":"a/g, '"textSha256":"A'],
      [/"document":"/g, '"document":"../'],
      [/"annotator":"[^"]*"/g, '"annotator":""'],
      [/"format":"hashiya-layer"/g, '"format":"hashiya-layers"'],
      [/"type":"span"/g, '"type":"spam"'],
      [/"type":"relation"/g, '"type":"rejected"'],
      [/"id":"s/g, '"id":"s s'],
      [/"id":"[a-z0-9]+"/g, '"id":"s1"'],
      [/"label":"[A-Za-z]+"/g, '"label":""'],
      [/"label":"[A-Za-z]+"/g, '"label":7'],
      [/"start":\d+/g, '"start":-1'],
      [/"start":\d+/g, '"start":1.5'],
      [/"start":\d+/g, '"start":1e1'],
      [/"end":\d+/g, '"end":null'],
      [/"text":"[^"]*"/g, '"text":""'],
      [/"prefix":"[^"]*"/g, '"prefix":true'],
      [/"attributes":\{/g, '"attributes":{"x":null,'],
      [/"attributes":\{/g, '"attributes":{"x":[],'],
      [/"note":"/g, '"note":1,"y":"'],
      [/"label":/g, '"label":"Place","label":'],
      [/"relation":"[a-z_]+"/g, '"relation":""'],
      [/"from":"[a-z0-9]+"/g, '"from":""'],
      [/"to":"[a-z0-9]+"/g, '"to":"s1","to":"s2"'],
    ];
    const change = fc.tuple(fc.constantFrom(...changes), fc.nat({ max: 8 })).map(([[pattern, replacement], nth]) => (t: string) => {
      const found = [...t.matchAll(pattern)];
      const m = found[nth % Math.max(1, found.length)];
      return m?.index === undefined ? t : t.slice(0, m.index) + replacement + t.slice(m.index + m[0].length);
    });
    const edit = fc.oneof(
      change,
      change,
      fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 6 })).map(([at, n]) => (t: string) => t.slice(0, at) + t.slice(at + n)),
      fc.tuple(fc.nat({ max: text.length }), fc.constantFrom(...pieces)).map(([at, p]) => (t: string) => t.slice(0, at) + p + t.slice(at)),
      fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })).map(([a, b]) => (t: string) => t.slice(0, Math.min(a, b)) + t.slice(Math.max(a, b)) + t.slice(Math.min(a, b), Math.max(a, b))),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const damaged = edits.reduce((t, e) => e(t), text);
        expect(parseLayerWithLines(damaged, FILE)).toEqual(located(damaged));
      }),
      { numRuns: 1500, seed: 20_250_101 },
    );
  });

  it('reads many generated layers exactly as the line-numbered reader', () => {
    const rnd = random(7);
    const quotes = ['القوات الأمريكية', 'دير الزور', 'سوريا', 'المرصد السوري لحقوق الإنسان', 'عدة إصابات', 'إيران'];
    for (let n = 0; n < 40; n++) {
      const spans = quotes.filter(() => rnd() < 0.7).map((q, i) => span(seed000, `s${i + 1}`, ['Actor', 'Place', 'Claim'][i % 3] as string, q, 0, rnd() < 0.3 ? { attributes: { n: Math.round(rnd() * 100) / 4, b: rnd() < 0.5, t: 'نص' } } : {}));
      const text = serializeLayer({ ...LAYER, spans, relations: spans.length > 1 ? [{ id: 'r1', type: 'source', from: 's1', to: (spans[1] as Span).id }] : [], rejected: [] });
      expect(readLayerFast(text)).toBeDefined();
      expect(JSON.stringify(parseLayerWithLines(text, FILE))).toBe(JSON.stringify(located(text)));
    }
  });
});

describe('countJsonMembers and colonsPerLine', () => {
  it('counts the members written, not the ones JSON.parse keeps', () => {
    expect(countJsonMembers('{"a":1,"a":2}')).toBe(2);
    expect(countJsonMembers('{"a":"x:y","b":{"c":[1,{"d":"\\":"}]}}')).toBe(4);
    expect(countJsonMembers('{"a\\\\":"\\\\","b" :\t1}')).toBe(2);
    expect(countJsonMembers('[1,2,3]')).toBe(0);
    expect(countJsonMembers(`{"a":${'1'.repeat(400)}}`)).toBeUndefined();
    expect(countJsonMembers(`{"a":${'1'.repeat(300)}}`)).toBe(1);
  });

  it('counts every colon of each line, as split at line feeds', () => {
    expect(colonsPerLine('{"a":1}\n\n{"b":"c:d","e":2}\r\n')).toEqual([1, 0, 3, 0]);
    expect(colonsPerLine('')).toEqual([0]);
  });
});
