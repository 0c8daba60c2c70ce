import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSpans, sortRelations } from '../../shared/corpus/layer-file';
import { w3cFormat } from '../../shared/formats/w3c';
import { assertNever, type AttributeDef, type AttributeValue, type DocumentMeta, type Layer, type Relation, type Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { quoteContext } from '../../shared/text/quote-context';
import { mustFailures } from '../fixtures/formats/w3c/suite';

// Property: export to W3C JSON-LD, then import, gives back the same spans (offsets in code points,
// quotes), attribute values of every type, notes and relations — on generated Arabic texts with
// harakat, shadda, tatweel, emoji (a flag and a skin tone: several code points, one grapheme) and
// line breaks, with random nested, overlapping and grapheme-splitting spans. And every exported
// annotation passes the W3C working group's MUST assertions.

const WORDS = ['دير', 'الزور', 'قُتِلَ', 'ثلاثةُ', 'مدنيّين', 'بـقصفٍ', 'بـ', 'حيّ', 'لإيران', '«بيان»', 'قال:', '٣٠', '24', '🔥', '🇸🇾', '👍🏽', 'عاجل🔴'];
const SEPARATORS = [' ', ' ', '\n', '\n\n', '، ', ' ـ '];
const LETTERS = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىة'];
const MARKS = ['\u064B', '\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u0640', '\u0670'];
/** Characters of generated notes and text values: Arabic, marks, Latin, quotes, tab, line breaks, emoji, a lone surrogate. */
const NOTE_UNITS = [...LETTERS, ...MARKS, 'a', 'Z', ' ', '"', '\\', '|', '\t', '\n', '\r', '🔥', '\u200F', '\uD83D', '\u2028'];

const token = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.array(fc.constantFrom(...LETTERS, ...MARKS), { minLength: 1, maxLength: 6 }).map((cs) => cs.join('')),
);
const textArb = fc
  .array(fc.tuple(token, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 25 })
  .map((parts) => parts.map(([w, s]) => w + s).join('').trimEnd() || 'دير');
const noteArb = fc.oneof(fc.constant(''), fc.string({ unit: fc.constantFrom(...NOTE_UNITS), minLength: 1, maxLength: 30 }));
const numberArb = fc.oneof(fc.integer({ min: -1000, max: 100000 }), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)));

interface SpanSeed {
  readonly a: number;
  readonly b: number;
  readonly label: number;
  readonly values: readonly (number | undefined)[];
  readonly texts: readonly string[];
  readonly numbers: readonly number[];
  /** An attribute the schema lacks (kept as it is): an odd name and a text value. */
  readonly extra: readonly [string, string] | undefined;
  readonly note: string;
}

const spanSeed: fc.Arbitrary<SpanSeed> = fc.record({
  a: fc.nat(),
  b: fc.nat(),
  label: fc.nat(DEFAULT_SCHEMA.labels.length - 1),
  values: fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: 8, maxLength: 8 }),
  texts: fc.array(noteArb, { minLength: 8, maxLength: 8 }),
  numbers: fc.array(numberArb, { minLength: 8, maxLength: 8 }),
  extra: fc.option(fc.tuple(fc.constantFrom('x-extra value', '', 'اسم المصدر', 'a:b/c?d#e', '__proto__', 'constructor'), noteArb), { nil: undefined }),
  note: noteArb,
});

const generated = fc.record({
  text: textArb,
  spans: fc.array(spanSeed, { minLength: 0, maxLength: 12 }),
  relations: fc.array(fc.record({ type: fc.nat(DEFAULT_SCHEMA.relations.length - 1), from: fc.nat(), to: fc.nat() }), { maxLength: 8 }),
  source: fc.constantFrom('Ali', 'سارة', 'gold', 'Ana María O’Neil'),
});

/** A value of `def` from the seeds: every attribute type, references to spans of the layer. */
function valueOf(def: AttributeDef, seed: number, text: string, num: number, ids: readonly string[]): AttributeValue {
  switch (def.type) {
    case 'choice':
      return def.choices[seed % def.choices.length] ?? '';
    case 'text':
      return text;
    case 'number':
      return num;
    case 'boolean':
      return seed % 2 === 0;
    case 'reference':
      return ids[seed % ids.length] ?? 's1';
    default:
      return assertNever(def.type, 'attribute type');
  }
}

function build(g: { text: string; spans: readonly SpanSeed[]; relations: readonly { type: number; from: number; to: number }[] }): Layer {
  const cps = [...g.text];
  const ids = g.spans.map((_, i) => `s${i + 1}`);
  const spans: Span[] = g.spans.map((seed, i) => {
    const start = seed.a % cps.length;
    const end = start + 1 + (seed.b % (cps.length - start));
    const label = DEFAULT_SCHEMA.labels[seed.label] ?? DEFAULT_SCHEMA.labels[0];
    if (label === undefined || end > cps.length) throw new Error('bad seed');
    const entries: [string, AttributeValue][] = [];
    label.attributes.forEach((def, k) => {
      const v = seed.values[k];
      if (v !== undefined) entries.push([def.name, valueOf(def, v, seed.texts[k] ?? '', seed.numbers[k] ?? 0, ids)]);
    });
    if (seed.extra !== undefined) entries.push([seed.extra[0], seed.extra[1]]);
    // fromEntries defines own properties: "__proto__" stays an ordinary attribute name.
    const attributes: Record<string, AttributeValue> = Object.fromEntries(entries);
    const q = quoteContext(g.text, start, end);
    return { id: ids[i] ?? 's0', label: label.name, start, end, text: q.text, prefix: q.prefix, suffix: q.suffix, attributes, note: seed.note };
  });
  const relations: Relation[] =
    spans.length === 0
      ? []
      : g.relations.map((r, i) => ({
          id: `r${i + 1}`,
          type: DEFAULT_SCHEMA.relations[r.type]?.name ?? 'located_at',
          from: ids[r.from % ids.length] ?? 's1',
          to: ids[r.to % ids.length] ?? 's1',
        }));
  return { document: 'flash_2025-03.v1', annotator: 'x', textSha256: '0'.repeat(64), revision: 1, status: 'in_progress', spans, relations, rejected: [] };
}

function meta(text: string): DocumentMeta {
  return {
    id: 'flash_2025-03.v1',
    source: 'flash.txt',
    importedAt: '2025-03-01T09:00:00Z',
    sha256: '0'.repeat(64),
    length: [...text].length,
    canonicalisation: { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] },
  };
}

describe('w3cFormat round trip (property)', () => {
  it('export then import gives back the same spans, attribute values, notes and relations', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const layer = build(g);
        const out = w3cFormat.serialize([{ meta: meta(g.text), text: g.text, layer }], {
          schema: DEFAULT_SCHEMA,
          source: g.source,
          toolVersion: '0.1.0',
          exportedAt: '2025-03-01T10:15:00Z',
          offsets: 'codepoint',
        });
        expect(out.losses).toEqual([]);
        const back = w3cFormat.parse?.(out.files, { offsets: 'codepoint', schema: DEFAULT_SCHEMA, texts: new Map([['flash_2025-03.v1', g.text]]) });
        if (!back?.ok) throw new Error(JSON.stringify(back?.ok === false ? back.errors : back));
        const [doc] = back.value;
        expect(doc?.id).toBe('flash_2025-03.v1');
        expect(doc?.rawText).toBeNull();
        expect(doc?.spans).toEqual([...layer.spans].sort(compareSpans).map(({ prefix: _p, suffix: _s, ...span }) => span));
        expect(doc?.relations).toEqual(sortRelations(layer.relations));
        expect(doc?.warnings).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('every exported annotation passes the W3C MUST assertions', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const layer = build(g);
        const out = w3cFormat.serialize([{ meta: meta(g.text), text: g.text, layer }], { schema: DEFAULT_SCHEMA, source: g.source, toolVersion: '0.1.0', exportedAt: '2025-03-01T10:15:00Z', offsets: 'codepoint' });
        const collection = JSON.parse(out.files[0]?.content ?? '{}') as { '@context': string; first?: { items: Record<string, unknown>[] } };
        const problems = (collection.first?.items ?? []).flatMap((a) => mustFailures({ '@context': collection['@context'], ...a }));
        expect(problems).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
