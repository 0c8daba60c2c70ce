import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Layer, Span } from '../../shared/model';
import { checkAnchors } from '../../shared/corpus/anchoring';
import { compareSpans, parseLayer, parseLayerWithLines, serializeLayer } from '../../shared/corpus/layer-file';

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
};
const GOVERNORATE: Span = {
  id: 's2',
  label: 'Place',
  start: 84,
  end: 100,
  text: 'محافظة\nدير الزور',
  prefix: 'يشيات موالية لإيران، في ',
  suffix: '، شرقي سوريا.\nوقالت وسائ',
};
const US_FORCES: Span = {
  id: 's10',
  label: 'Actor',
  start: 39,
  end: 55,
  text: 'القوات الأمريكية',
  prefix: 'ماضية، قصفا متبادلا بين ',
  suffix: '، ومليشيات موالية لإيران',
};

function layerOf(spans: readonly Span[]): Layer {
  return { document: '000_7db2a034c338d373', annotator: 'علي', textSha256: SHA, revision: 3, status: 'in_progress', spans };
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
    ['an unknown line type', [header, '{"type":"relation","id":"r1"}'], 2, 'unknown line type "relation"'],
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
