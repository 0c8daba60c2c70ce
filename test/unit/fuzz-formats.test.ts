import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAdapter, type ImportFile, type ImportOptions, type ImportedDocument } from '../../shared/formats/index';
import type { DocumentMeta, FileProblem, Result } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { FUZZ_SEED, ID_000, SEED_000, Tally, deepJson, errorProblems, manyOverlappingSpans, mutations, readText, spanProblems, type Hostile } from '../fixtures/fuzz/hostile';

// Hostile input for the three importing adapters (brat, W3C JSON-LD, doccano JSONL), each given
// mutations of real valid files (the golden exports of seed 000 and a layer of 3000 overlapping
// spans): every run must return a Result — never throw, never hang — whose problems name a given
// file and a line inside it (brat: but for problems of a whole file), and whose documents are consistent (every span
// inside its text and quoting it exactly, every relation between spans of the document).

const SCHEMA_OPTIONS: ImportOptions = { offsets: 'codepoint', schema: DEFAULT_SCHEMA, texts: new Map([[ID_000, SEED_000]]) };
const META: DocumentMeta = {
  id: ID_000,
  source: `${ID_000}.txt`,
  importedAt: '2026-01-05T09:00:00.000Z',
  sha256: '',
  length: [...SEED_000].length,
  canonicalisation: { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] },
};
const OVERLAPPING = manyOverlappingSpans(SEED_000, ID_000, 3000, ['Actor', 'Place', 'Claim', 'CasualtyCount']);
const CONTEXT = { schema: DEFAULT_SCHEMA, source: 'Fuzz', toolVersion: '0.1.0', exportedAt: '2026-01-05T09:00:00.000Z' } as const;

function exported(name: 'brat' | 'w3c' | 'jsonl', offsets: 'codepoint' | 'utf16' = 'codepoint'): ImportFile[] {
  const out = formatAdapter(name).serialize([{ meta: { ...META, sha256: OVERLAPPING.textSha256 }, text: SEED_000, layer: OVERLAPPING }], { ...CONTEXT, offsets });
  return out.files.map((f) => ({ path: `in/${f.path}`, content: f.content }));
}

interface SeedSet {
  readonly name: string;
  readonly files: readonly ImportFile[];
  readonly options: ImportOptions;
  /** Indexes of the files to mutate, with weights. */
  readonly mutate: readonly { readonly index: number; readonly weight: number; readonly textLength: number }[];
}

const SEED_LENGTH = [...SEED_000].length;

function parseWith(name: 'brat' | 'w3c' | 'jsonl', files: readonly ImportFile[], options: ImportOptions): Result<readonly ImportedDocument[]> {
  const parse = formatAdapter(name).parse;
  if (parse === undefined) throw new Error(`${name} cannot parse`);
  return parse(files, options);
}

/** What is wrong with a result of `files`: problems of its errors, or of its documents. */
function resultProblems(result: Result<readonly ImportedDocument[]>, files: readonly ImportFile[], options: ImportOptions, needLine: (e: FileProblem) => boolean): string[] {
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  if (!result.ok) return errorProblems(result.errors, byPath, needLine);
  const out: string[] = [];
  for (const doc of result.value) {
    const text = doc.rawText ?? options.texts.get(doc.id);
    if (text === undefined) {
      out.push(`document ${doc.id} has no text and is not in the corpus`);
      continue;
    }
    out.push(...spanProblems(text, doc.spans));
    const ids = new Set(doc.spans.map((s) => s.id));
    if (ids.size !== doc.spans.length) out.push(`document ${doc.id} repeats a span id`);
    for (const r of doc.relations) if (!ids.has(r.from) || !ids.has(r.to)) out.push(`relation ${r.id} of ${doc.id} points at a span not in the document`);
    for (const w of doc.warnings) if (!byPath.has(w.file)) out.push(`warning names a file not given: ${JSON.stringify(w).slice(0, 200)}`);
  }
  return out;
}


function report(t: Tally): void {
  console.log(t.summary());
  for (const c of t.crashes.slice(0, 5)) console.log(`CRASH ${c.target} ${c.kind}\n  input: ${c.input}\n  ${c.stack}`);
  for (const h of t.hangs.slice(0, 5)) console.log(`SLOW ${t.target} ${h.kind} ${h.ms} ms: ${h.input}`);
  for (const v of t.violations.slice(0, 10)) console.log(`VIOLATION ${t.target} ${v.kind}: ${v.message}\n  input: ${v.input}`);
}

function fuzzAdapter(name: 'brat' | 'w3c' | 'jsonl', seeds: readonly SeedSet[], runs: number, fixed: readonly { kind: string; files: ImportFile[]; options?: ImportOptions }[], needLine: (e: FileProblem) => boolean): Tally {
  const t = new Tally(name);
  const one = (kind: string, files: readonly ImportFile[], options: ImportOptions, shown: string): void => {
    const result = t.run(kind, shown, () => parseWith(name, files, options));
    t.count(result);
    if (result !== undefined) t.check(kind, shown, resultProblems(result, files, options, needLine));
    if (result !== undefined && !result.ok) {
      for (const e of result.errors) {
        if (e.line !== undefined) continue;
        noLine++;
        if (noLineSamples.size < 6) noLineSamples.add(`${e.file}: ${e.message.slice(0, 140)}`);
      }
    }
  };
  let noLine = 0;
  const noLineSamples = new Set<string>();
  // The seeds themselves import cleanly.
  for (const seed of seeds) {
    const result = parseWith(name, seed.files, seed.options);
    expect(result.ok ? [] : result.errors, `${name} seed ${seed.name}`).toEqual([]);
    expect(resultProblems(result, seed.files, seed.options, needLine), `${name} seed ${seed.name}`).toEqual([]);
  }
  for (const f of fixed) one(f.kind, f.files, f.options ?? SCHEMA_OPTIONS, f.files.map((x) => x.content).join('\n--\n'));

  const arb = fc.oneof(
    ...seeds.flatMap((seed) =>
      seed.mutate.map(({ index, weight, textLength }) => ({
        weight,
        arbitrary: mutations(seed.files[index]?.content ?? '', textLength).map((h: Hostile) => ({ seed, index, h })),
      })),
    ),
  );
  fc.assert(
    fc.property(arb, ({ seed, index, h }) => {
      const files = seed.files.map((f, i) => (i === index ? { ...f, content: h.content } : f));
      one(`${seed.name}:${h.kind}`, files, seed.options, h.content);
    }),
    { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true },
  );
  report(t);
  console.log(`fuzz: ${name}: ${noLine} problems without a line, e.g.\n  ${[...noLineSamples].join('\n  ')}`);
  return t;
}

function expectClean(t: Tally): void {
  expect(t.crashes, 'crashes').toEqual([]);
  expect(t.hangs, 'hangs').toEqual([]);
  expect(t.violations, 'violations').toEqual([]);
}

const ANN_000 = readText('../formats/brat/golden/000_7db2a034c338d373.ann');
const CONF = readText('../formats/brat/golden/annotation.conf');
const W3C_000 = readText('../formats/w3c/000_7db2a034c338d373.jsonld');
const JSONL_CP = readText('../formats/jsonl/annotations.codepoint.jsonl');
const JSONL_U16 = readText('../formats/jsonl/annotations.utf16.jsonl');

describe('fuzz: brat', () => {
  it('never throws or hangs on hostile .ann, .txt and annotation.conf files', () => {
    const golden = [
      { path: `in/${ID_000}.txt`, content: SEED_000 },
      { path: `in/${ID_000}.ann`, content: ANN_000 },
      { path: 'in/annotation.conf', content: CONF },
    ];
    const many = exported('brat');
    const annOf = (files: readonly ImportFile[]) => files.findIndex((f) => f.path.endsWith('.ann'));
    const confOf = (files: readonly ImportFile[]) => files.findIndex((f) => f.path.endsWith('.conf'));
    const seeds: SeedSet[] = [
      { name: 'golden', files: golden, options: SCHEMA_OPTIONS, mutate: [{ index: 1, weight: 6, textLength: SEED_LENGTH }, { index: 0, weight: 2, textLength: SEED_LENGTH }, { index: 2, weight: 2, textLength: 100 }] },
      { name: 'overlap3000', files: many, options: SCHEMA_OPTIONS, mutate: [{ index: annOf(many), weight: 2, textLength: SEED_LENGTH }, ...(confOf(many) >= 0 ? [{ index: confOf(many), weight: 1, textLength: 100 }] : [])] },
    ];
    const pair = (ann: string, txt = SEED_000): ImportFile[] => [{ path: 'in/x.txt', content: txt }, { path: 'in/x.ann', content: ann }];
    const n = SEED_LENGTH;
    const fixed = [
      { kind: 'ann-alone', files: [{ path: 'in/x.ann', content: ANN_000 }] },
      { kind: 'empty-txt', files: pair(ANN_000, '') },
      { kind: 'offset-at-end', files: pair(`T1\tPlace ${n - 1} ${n}\t${[...SEED_000].at(-1) ?? ''}\n`) },
      { kind: 'offset-past-end', files: pair(`T1\tPlace ${n} ${n + 1}\tx\n`) },
      { kind: 'offset-huge', files: pair(`T1\tPlace 0 99999999999999999999999\tx\n`) },
      { kind: 'offset-negative', files: pair(`T1\tPlace -1 3\tx\n`) },
      { kind: 'empty-span', files: pair(`T1\tPlace 5 5\t\n`) },
      { kind: 'surrogate-text', files: pair('T1\tPlace 0 1\t\uD800\n', '\uD800\uDC00\uDC00x') },
      { kind: 'split-pair', files: pair('T1\tPlace 0 1\t\uD83D\n', '😀x') },
      { kind: 'deep-value', files: pair(`T1\tPlace 91 100\tدير الزور\n#1\tHashiyaValue T1\t${deepJson(100_000, 'array')}\n#2\tHashiyaValue T1\t${deepJson(100_000, 'object')}\n`) },
      { kind: 'deep-conf', files: [...golden, { path: 'in/annotation.conf', content: `[entities]\n${'!'.repeat(100_000)}Place\n` }] },
      { kind: 'huge-line', files: pair(`T1\tPlace 0 4\t${'ا'.repeat(5_000_000)}\n`) },
      { kind: 'discontinuous-thousands', files: pair(`T1\tPlace ${Array.from({ length: 5000 }, (_, i) => `${i % 50} ${(i % 50) + 1}`).join(';')}\tx\n`) },
      { kind: 'self-loops', files: pair(`T1\tActor 39 55\tالقوات الأمريكية\nR1\tpart_of Arg1:T1 Arg2:T1\nR2\tpart_of Arg1:T9 Arg2:R1\n*\tsame_as T1 T1 T1\n`) },
    ];
    // Every problem has a line but those about a whole file (a .ann without its .txt).
    expectClean(fuzzAdapter('brat', seeds, 400, fixed, (e) => !/has no \.txt beside it|is not part of a brat collection|partial annotation files/u.test(e.message)));
  });
});

describe('fuzz: brat, found slow', () => {
  // Found by this suite (overlap3000 seed, .txt mutated by a 2 MB inserted line: 52 s; 645 kB: 12 s).
  // Every span whose quote no longer matched called offsetHint (shared/formats/brat.ts), which
  // spread the whole raw text into code points once per span: O(spans × text). Fixed: the index
  // is built once per text. This pins it.
  it('refuses 3000 shifted spans over a 1 MB text in well under a second', () => {
    const many = exported('brat');
    const files = many.map((f) => (f.path.endsWith('.txt') ? { ...f, content: `${'x'.repeat(1_000_000)}\n${f.content}` } : f));
    const t0 = performance.now();
    const result = parseWith('brat', files, SCHEMA_OPTIONS);
    expect(result.ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});

describe('fuzz: w3c', () => {
  it('never throws or hangs on hostile JSON-LD', () => {
    const many = exported('w3c');
    const seeds: SeedSet[] = [
      { name: 'golden', files: [{ path: `in/${ID_000}.jsonld`, content: W3C_000 }], options: SCHEMA_OPTIONS, mutate: [{ index: 0, weight: 3, textLength: SEED_LENGTH }] },
      { name: 'overlap3000', files: many, options: SCHEMA_OPTIONS, mutate: [{ index: 0, weight: 1, textLength: SEED_LENGTH }] },
    ];
    const file = (content: string): ImportFile[] => [{ path: 'in/x.jsonld', content }];
    const fixed = [
      ...(['array', 'object', 'unclosed'] as const).map((k) => ({ kind: `deep-${k}`, files: file(deepJson(100_000, k)) })),
      { kind: 'deep-in-items', files: file(W3C_000.replace('"items": [', `"items": [${deepJson(100_000, 'array')},`)) },
      { kind: 'not-in-corpus', files: [{ path: 'in/x.jsonld', content: W3C_000 }], options: { ...SCHEMA_OPTIONS, texts: new Map() } },
      { kind: 'empty-text', files: [{ path: 'in/x.jsonld', content: W3C_000 }], options: { ...SCHEMA_OPTIONS, texts: new Map([[ID_000, '']]) } },
      { kind: 'surrogate-text', files: [{ path: 'in/x.jsonld', content: W3C_000 }], options: { ...SCHEMA_OPTIONS, texts: new Map([[ID_000, `\uD800${SEED_000.slice(1)}`]]) } },
      { kind: 'huge-string', files: file(`{"@context":"http://www.w3.org/ns/anno.jsonld","id":"${'x'.repeat(5_000_000)}"}`) },
      { kind: 'json-primitives', files: file('null') },
      { kind: 'json-number', files: file('1e999999') },
    ];
    expectClean(fuzzAdapter('w3c', seeds, 200, fixed, () => true));
  });
});

describe('fuzz: jsonl', () => {
  it('never throws or hangs on hostile JSON Lines, in both offset units', () => {
    const utf16Options: ImportOptions = { ...SCHEMA_OPTIONS, offsets: 'utf16' };
    const seeds: SeedSet[] = [
      { name: 'golden-cp', files: [{ path: 'in/a.jsonl', content: JSONL_CP }], options: SCHEMA_OPTIONS, mutate: [{ index: 0, weight: 3, textLength: SEED_LENGTH }] },
      { name: 'golden-u16', files: [{ path: 'in/a.jsonl', content: JSONL_U16 }], options: utf16Options, mutate: [{ index: 0, weight: 2, textLength: SEED_000.length }] },
      { name: 'overlap3000', files: exported('jsonl'), options: SCHEMA_OPTIONS, mutate: [{ index: 0, weight: 1, textLength: SEED_LENGTH }] },
    ];
    const file = (content: string): ImportFile[] => [{ path: 'in/x.jsonl', content }];
    const line = (text: string, label: unknown[]): string => JSON.stringify({ id: 'x', text, label });
    const fixed = [
      ...(['array', 'object', 'unclosed'] as const).map((k) => ({ kind: `deep-${k}`, files: file(`${JSONL_CP.split('\n')[0] ?? ''}\n${deepJson(100_000, k)}\n`) })),
      { kind: 'deep-label', files: file(`{"id":"x","text":"abc","label":${deepJson(100_000, 'array')}}\n`) },
      { kind: 'at-end', files: file(line('abc', [[2, 3, 'Place']])) },
      { kind: 'past-end', files: file(line('abc', [[3, 4, 'Place']])) },
      { kind: 'huge-offsets', files: file(line('abc', [[0, 1e308, 'Place'], [-1, 2, 'Place'], [1.5, 2, 'Place'], [0, 'BIG', 'Place']]).replace('"BIG"', '9007199254740993')) },
      { kind: 'lone-surrogates', files: file(line('\uD800a\uDC00b', [[0, 1, 'Place'], [2, 3, 'Place']])) },
      { kind: 'split-pair-u16', files: file(line('😀x', [[1, 3, 'Place']])), options: utf16Options },
      { kind: 'escaped-lone-surrogate', files: file('{"id":"x","text":"\\ud800\\udc00\\udc00","label":[[0,1,"Place"],[1,2,"Place"]]}\n') },
      { kind: 'overlap-thousands', files: file(line('دير الزور '.repeat(200), Array.from({ length: 5000 }, (_, i) => [i % 100, (i % 100) + 3 + (i % 7), i % 2 === 0 ? 'Place' : 'Actor']))) },
      { kind: 'huge-line', files: file(line('ا'.repeat(5_000_000), [[0, 1, 'Place']])) },
    ];
    expectClean(fuzzAdapter('jsonl', seeds, 400, fixed, () => true));
  });
});
