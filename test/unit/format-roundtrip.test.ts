import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli';
import { CorpusStore } from '../../electron/corpus-store';
import type { SpanInput } from '../../shared/corpus/span-input';
import { FORMATS, type FormatName, type OffsetUnit } from '../../shared/formats';
import type { AttributeValue, Layer, Relation, Schema } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';

// Property: for every adapter that declares itself lossless, export → import gives back the same
// spans, attribute values, notes and relations — on generated Arabic texts whose raw file has a
// byte order mark, CRLF line breaks, decomposed letters (NFC changes them), harakat, tatweel and
// emoji, with random nested and overlapping spans. Everything goes through the CLI, as a user would.

/** Words of generated texts: letters with harakat, tatweel, decomposed hamza forms, emoji, digits. */
const WORDS = [
  'دير', 'الزور', 'قُتِلَ', 'ثلاثةُ', 'مدنيّين', 'بـقصفٍ', 'حيّ', 'الا\u0654مريكية', 'سو\u0654ال', 'شاطي\u0654',
  'سوريا', 'القوات', 'مليشيات', 'لإيران', 'للمرصد', '🔴', '🇸🇾', 'عاجل🔥', '٣٠', '24', '«بيان»', 'قال:',
];
const NOTES = ['', 'المحافظة لا المدينة', 'see | the "quote"', 'مصدر: رويترز؛ تحقق'];
const ANNOTATOR = 'Ali';
const ID = 'article';

interface Generated {
  /** Each word with the separator after it (the last word has none). */
  readonly words: readonly { readonly word: string; readonly crlf: boolean }[];
  readonly bom: boolean;
  /** Spans by word indexes `[first, last]`, with a label index and value seeds. */
  readonly spans: readonly { readonly first: number; readonly last: number; readonly label: number; readonly values: readonly number[]; readonly note: number }[];
  readonly relations: readonly { readonly type: number; readonly from: number; readonly to: number }[];
}

const generated: fc.Arbitrary<Generated> = fc
  .record({
    words: fc.array(fc.record({ word: fc.constantFrom(...WORDS), crlf: fc.boolean() }), { minLength: 3, maxLength: 30 }),
    bom: fc.boolean(),
  })
  .chain(({ words, bom }) =>
    fc.record({
      words: fc.constant(words),
      bom: fc.constant(bom),
      spans: fc.array(
        fc
          .record({ a: fc.nat(words.length - 1), b: fc.nat(words.length - 1), label: fc.nat(3), values: fc.array(fc.nat(1000), { minLength: 8, maxLength: 8 }), note: fc.nat(NOTES.length - 1) })
          .map(({ a, b, ...rest }) => ({ first: Math.min(a, b), last: Math.max(a, b), ...rest })),
        { minLength: 1, maxLength: 12 },
      ),
      relations: fc.array(fc.record({ type: fc.nat(2), from: fc.nat(50), to: fc.nat(50) }), { maxLength: 6 }),
    }),
  );

/** The raw file: optional BOM, words separated by a space or CRLF, decomposed letters kept. */
function rawFile(g: Generated): string {
  return `${g.bom ? '\uFEFF' : ''}${g.words.map((w, i) => (i === g.words.length - 1 ? w.word : `${w.word}${w.crlf ? '\r\n' : ' '}`)).join('')}`;
}

/** Spans and relations on the canonical text (words NFC'd, CRLF → LF), every value fitting the schema. */
function layerInput(g: Generated, schema: Schema): { spans: SpanInput[]; relations: Relation[] } {
  const starts: number[] = [];
  const words: string[] = [];
  let at = 0;
  for (const w of g.words) {
    const word = w.word.normalize('NFC');
    starts.push(at);
    words.push(word);
    at += [...word].length + 1;
  }
  const canonical = g.words.map((w, i) => `${w.word.normalize('NFC')}${i === g.words.length - 1 ? '' : w.crlf ? '\n' : ' '}`).join('');
  const cps = [...canonical];
  const spans: SpanInput[] = [];
  const seen = new Set<string>();
  g.spans.forEach((s, i) => {
    const label = schema.labels[s.label % schema.labels.length]!;
    const start = starts[s.first]!;
    const end = starts[s.last]! + [...words[s.last]!].length;
    const key = `${start} ${end} ${label.name}`;
    if (seen.has(key)) return; // one span per offsets and label keeps the comparison simple
    seen.add(key);
    const attributes: Record<string, AttributeValue> = {};
    label.attributes.forEach((a, k) => {
      const v = s.values[k % s.values.length]!;
      if (v % 3 === 0) return; // about a third left unset
      switch (a.type) {
        case 'choice':
          attributes[a.name] = a.choices[v % a.choices.length]!;
          break;
        case 'number':
          attributes[a.name] = v % 7 === 0 ? -v : v;
          break;
        case 'boolean':
          attributes[a.name] = v % 2 === 0;
          break;
        case 'text':
          attributes[a.name] = v % 2 === 0 ? WORDS[v % WORDS.length]!.normalize('NFC') : `USA ${v}`;
          break;
        case 'reference': {
          // Only to an earlier span of an allowed label: never a cycle.
          const target = [...spans].reverse().find((t) => a.targets.length === 0 || a.targets.includes(t.label));
          if (target) attributes[a.name] = target.id;
          break;
        }
      }
    });
    spans.push({ id: `s${i + 1}`, label: label.name, start, end, text: cps.slice(start, end).join(''), attributes, note: NOTES[s.note]! });
  });
  const relations: Relation[] = [];
  g.relations.forEach((r, i) => {
    const type = schema.relations[r.type % schema.relations.length]!;
    const from = spans.filter((s) => type.from.includes(s.label));
    const to = spans.filter((s) => type.to.includes(s.label));
    if (from.length === 0 || to.length === 0) return;
    relations.push({ id: `r${i + 1}`, type: type.name, from: from[r.from % from.length]!.id, to: to[r.to % to.length]!.id });
  });
  return { spans, relations };
}

/** A layer with span ids replaced by offsets and label, so layers from different imports compare. */
function comparable(layer: Pick<Layer, 'spans' | 'relations'>): unknown {
  const keyOf = new Map(layer.spans.map((s) => [s.id, `${s.start}-${s.end}:${s.label}`]));
  const schemaRefs = new Set(DEFAULT_SCHEMA.labels.flatMap((l) => l.attributes.filter((a) => a.type === 'reference').map((a) => `${l.name}.${a.name}`)));
  return {
    spans: layer.spans
      .map((s) => ({
        key: keyOf.get(s.id),
        text: s.text,
        note: s.note,
        attributes: Object.fromEntries(
          Object.entries(s.attributes)
            .map(([name, value]) => [name, schemaRefs.has(`${s.label}.${name}`) ? `→${keyOf.get(String(value)) ?? `?${String(value)}`}` : value] as const)
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        ),
      }))
      .sort((a, b) => (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0)),
    relations: layer.relations.map((r) => `${r.type} ${keyOf.get(r.from)} → ${keyOf.get(r.to)}`).sort(),
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-roundtrip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, now: () => new Date('2025-06-01T12:00:00Z') });
  return { code, stdout, stderr };
}

const lossless = [...FORMATS.values()].filter((a) => a.lossless && a.parse !== undefined);
const cases: { format: FormatName; offsets: OffsetUnit }[] = lossless.flatMap((a): { format: FormatName; offsets: OffsetUnit }[] =>
  a.name === 'jsonl' ? [{ format: a.name, offsets: 'codepoint' }, { format: a.name, offsets: 'utf16' }] : [{ format: a.name, offsets: 'codepoint' }],
);

describe('export → import round trip through the CLI', () => {
  it('covers every lossless format that can be read back', () => {
    expect(cases.map((c) => `${c.format}/${c.offsets}`)).toEqual(expect.arrayContaining(['brat/codepoint', 'w3c/codepoint', 'jsonl/codepoint', 'jsonl/utf16']));
  });

  let run = 0;
  for (const { format, offsets } of cases) {
    it(`${format} (${offsets} offsets) gives back the same spans, values, notes and relations`, async () => {
      await fc.assert(
        fc.asyncProperty(generated, async (g) => {
          const here = path.join(dir, `${format}-${offsets}-${run++}`);
          const raw = path.join(here, 'raw', `${ID}.txt`);
          await mkdir(path.dirname(raw), { recursive: true });
          await writeFile(raw, rawFile(g));
          const first = await cli('import', '--corpus', path.join(here, 'a'), raw);
          expect(first.stderr).toBe('');
          const a = await CorpusStore.open(path.join(here, 'a'));
          const input = layerInput(g, a.manifest.schema);
          const saved = await a.saveLayer(ID, ANNOTATOR, { ...input, rejected: [], status: 'in_progress', expectedRevision: 0 });

          const out = path.join(here, 'export');
          const exported = await cli('export', '--corpus', a.root, '--format', format, '--annotator', ANNOTATOR, '--offsets', offsets, '--out', out);
          expect(exported.stderr).toBe('');
          expect(exported.code).toBe(0);

          // W3C annotations carry no text: the fresh corpus gets the raw file first, as the first did.
          if (format === 'w3c') expect((await cli('import', '--corpus', path.join(here, 'b'), raw)).code).toBe(0);
          const back = await cli('import', '--corpus', path.join(here, 'b'), '--annotator', ANNOTATOR, '--format', format, '--offsets', offsets, out);
          expect(back.stderr).toBe('');
          expect(back.code).toBe(0);
          const b = await CorpusStore.open(path.join(here, 'b'));
          expect(await b.readText(ID)).toBe(await a.readText(ID));
          const read = await b.readLayer(ID, ANNOTATOR);
          expect(read.orphans).toEqual([]);
          expect(comparable(read.layer)).toEqual(comparable(saved));
          expect(b.manifest.schema).toEqual(a.manifest.schema);
          await rm(here, { recursive: true, force: true });
        }),
        { numRuns: 25, seed: 20250601 },
      );
    }, 120_000);
  }
});

describe('brat pairs on a raw text: offsets mapped through canonicalisation', () => {
  it('gives every span its canonical offsets, whatever BOM, CRLF and decomposed letters come before it', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(generated, async (g) => {
        const here = path.join(dir, `raw-brat-${n++}`);
        await mkdir(here, { recursive: true });
        // Raw and canonical code point offsets of each word.
        const raw: { start: number; end: number; text: string }[] = [];
        const canonical: { start: number; end: number; text: string }[] = [];
        let r = g.bom ? 1 : 0;
        let c = 0;
        for (const w of g.words) {
          const nfc = w.word.normalize('NFC');
          raw.push({ start: r, end: r + [...w.word].length, text: w.word });
          canonical.push({ start: c, end: c + [...nfc].length, text: nfc });
          r += [...w.word].length + (w.crlf ? 2 : 1);
          c += [...nfc].length + 1;
        }
        const lines: string[] = [];
        const expected: string[] = [];
        const seen = new Set<string>();
        g.spans.forEach((s, i) => {
          const label = DEFAULT_SCHEMA.labels[s.label % DEFAULT_SCHEMA.labels.length]!.name;
          const key = `${s.first} ${s.last} ${label}`;
          if (seen.has(key)) return;
          seen.add(key);
          // brat's fragments: a span crossing a CRLF is split around it, texts joined by a space.
          const fragments: [number, number][] = [];
          let from = s.first;
          for (let k = s.first; k < s.last; k++) {
            if (g.words[k]!.crlf) {
              fragments.push([from, k]);
              from = k + 1;
            }
          }
          fragments.push([from, s.last]);
          const offsets = fragments.map(([a, b]) => `${raw[a]!.start} ${raw[b]!.end}`).join(';');
          const quote = fragments.map(([a, b]) => g.words.slice(a, b + 1).map((w, j) => `${w.word}${a + j < b ? ' ' : ''}`).join('')).join(' ');
          lines.push(`T${i + 1}\t${label} ${offsets}\t${quote}`);
          expected.push(`${label} ${canonical[s.first]!.start} ${canonical[s.last]!.end}`);
        });
        await writeFile(path.join(here, `${ID}.txt`), rawFile(g));
        await writeFile(path.join(here, `${ID}.ann`), `${lines.join('\r\n')}\r\n`);
        const result = await cli('import', '--corpus', path.join(here, 'corpus'), '--annotator', ANNOTATOR, here);
        expect(result.stderr).toBe('');
        const store = await CorpusStore.open(path.join(here, 'corpus'));
        const read = await store.readLayer(ID, ANNOTATOR);
        expect(read.orphans).toEqual([]);
        expect(read.layer.spans.map((s) => `${s.label} ${s.start} ${s.end}`).sort()).toEqual(expected.sort());
        await rm(here, { recursive: true, force: true });
      }),
      { numRuns: 40, seed: 20250602 },
    );
  }, 120_000);
});
