import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLayer, serializeLayer } from '../../shared/corpus/layer-file';
import { parseManifest, serializeManifest } from '../../shared/corpus/manifest';
import type { Result } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { canonicaliseBytes, decodeText } from '../../shared/text/canonicalise';
import { FUZZ_SEED, ID_000, SEED_000, Tally, deepJson, describeInput, errorProblems, manyOverlappingSpans, mutations, readBytes, readText, utf8, type Hostile } from '../fixtures/fuzz/hostile';

// Hostile input for the corpus's own files and the text decoder: layer files (`parseLayer`),
// manifests (`parseManifest`) and imported bytes (`decodeText`, `canonicaliseBytes`). Every run
// must return a Result — never throw, never hang; every problem names the file and, for layer
// files and manifests (whose contract says so), the line inside it; an ok layer or manifest
// serialises and parses back to itself; ok decoded text is the bytes exactly, canonical text is
// canonical and its offset map runs from 0 to its end without going back.

const SEED_LENGTH = [...SEED_000].length;
const LAYER_FILE = 'corpus/layers/Ali/x.jsonl';
const MANIFEST = 'corpus/hashiya.json';

function report(t: Tally): void {
  console.log(t.summary());
  for (const c of t.crashes.slice(0, 5)) console.log(`CRASH ${c.target} ${c.kind}\n  input: ${c.input}\n  ${c.stack}`);
  for (const h of t.hangs.slice(0, 5)) console.log(`SLOW ${t.target} ${h.kind} ${h.ms} ms: ${h.input}`);
  for (const v of t.violations.slice(0, 10)) console.log(`VIOLATION ${t.target} ${v.kind}: ${v.message}\n  input: ${v.input}`);
}

function expectClean(t: Tally): void {
  expect(t.crashes, 'crashes').toEqual([]);
  expect(t.hangs, 'hangs').toEqual([]);
  expect(t.violations, 'violations').toEqual([]);
}

function fuzzText<T>(
  target: string,
  file: string,
  seeds: readonly { name: string; content: string; textLength: number; weight: number }[],
  runs: number,
  fixed: readonly Hostile[],
  parse: (text: string, file: string) => Result<T>,
  okProblems: (value: T) => string[],
): Tally {
  const t = new Tally(target);
  const one = (kind: string, content: string): void => {
    const result = t.run(kind, content, () => parse(content, file));
    t.count(result);
    if (result === undefined) return;
    const files = new Map([[file, content]]);
    t.check(kind, content, result.ok ? okProblems(result.value) : errorProblems(result.errors, files, () => true));
  };
  for (const seed of seeds) {
    const result = parse(seed.content, file);
    expect(result.ok ? [] : result.errors, `${target} seed ${seed.name}`).toEqual([]);
  }
  for (const h of fixed) one(h.kind, h.content);
  const arb = fc.oneof(...seeds.map((s) => ({ weight: s.weight, arbitrary: mutations(s.content, s.textLength).map((h) => ({ ...h, kind: `${s.name}:${h.kind}` })) })));
  fc.assert(
    fc.property(arb, (h) => one(h.kind, h.content)),
    { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true },
  );
  report(t);
  return t;
}

const deepFixed = (prefix: string): Hostile[] =>
  (['array', 'object', 'unclosed'] as const).flatMap((k) => [
    { kind: `deep-${k}-whole`, content: deepJson(100_000, k) },
    { kind: `deep-${k}-line2`, content: `${prefix}\n${deepJson(100_000, k)}\n` },
  ]);

describe('fuzz: parseLayer', () => {
  it('never throws or hangs on hostile layer files', () => {
    const golden = readText('../formats/w3c/layer-Ali-000_7db2a034c338d373.jsonl');
    const many = serializeLayer(manyOverlappingSpans(SEED_000, ID_000, 3000, ['Actor', 'Place', 'Claim', 'CasualtyCount']));
    const header = golden.split('\n')[0] ?? '';
    const span = (start: unknown, end: unknown, text = 'x'): string => JSON.stringify({ type: 'span', id: 's1', label: 'Place', start, end, text, prefix: '', suffix: '' });
    const fixed: Hostile[] = [
      ...deepFixed(header),
      { kind: 'deep-attributes', content: `${header}\n{"type":"span","id":"s1","label":"Place","start":0,"end":1,"text":"x","prefix":"","suffix":"","attributes":${deepJson(100_000, 'object')}}\n` },
      { kind: 'offsets-huge', content: `${header}\n${span(0, 1e308)}\n${span(0, 'BIG').replace('"BIG"', '9007199254740993')}\n` },
      { kind: 'offsets-negative', content: `${header}\n${span(-1, 0)}\n` },
      { kind: 'offsets-fraction', content: `${header}\n${span(0.5, 1)}\n` },
      { kind: 'offsets-equal', content: `${header}\n${span(3, 3)}\n` },
      { kind: 'lone-surrogate-escaped', content: `${header}\n{"type":"span","id":"s1","label":"Place","start":0,"end":1,"text":"\\ud800","prefix":"\\udc00","suffix":""}\n` },
      { kind: 'huge-line', content: `${header}\n${span(0, 1, 'ا'.repeat(5_000_000))}\n` },
      { kind: 'many-lines', content: `${header}\n${'\n'.repeat(1_000_000)}` },
      { kind: 'thousands-same-id', content: `${header}\n${Array.from({ length: 5000 }, () => span(0, 1)).join('\n')}\n` },
    ];
    const t = fuzzText(
      'parseLayer',
      LAYER_FILE,
      [
        { name: 'golden', content: golden, textLength: SEED_LENGTH, weight: 5 },
        { name: 'overlap3000', content: many, textLength: SEED_LENGTH, weight: 1 },
      ],
      350,
      fixed,
      parseLayer,
      (layer) => {
        const out: string[] = [];
        const ids = new Set<string>();
        for (const s of layer.spans) {
          if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end) || s.start < 0 || s.start >= s.end) out.push(`span ${s.id} has offsets [${s.start}, ${s.end})`);
          if (ids.has(s.id)) out.push(`span id ${s.id} twice`);
          ids.add(s.id);
        }
        const again = parseLayer(serializeLayer(layer), LAYER_FILE);
        if (!again.ok) out.push(`does not read back: ${JSON.stringify(again.errors).slice(0, 300)}`);
        // Compared as written: the writer sorts attribute names, the reader keeps the file's order.
        else if (serializeLayer(again.value) !== serializeLayer(layer)) out.push('reads back different');
        return out;
      },
    );
    expectClean(t);
  });
});

describe('fuzz: parseManifest', () => {
  it('never throws or hangs on hostile manifests', () => {
    const golden = serializeManifest({ name: 'Fuzz corpus', schema: DEFAULT_SCHEMA });
    const fixed: Hostile[] = [
      ...deepFixed('{'),
      { kind: 'deep-schema', content: golden.replace('"labels": [', `"labels": [${deepJson(100_000, 'array')},`) },
      { kind: 'deep-name', content: golden.replace('"name": "Fuzz corpus"', `"name": ${deepJson(100_000, 'object')}`) },
      { kind: 'huge-name', content: golden.replace('"name": "Fuzz corpus"', `"name": "${'ا'.repeat(5_000_000)}"`) },
      { kind: 'lone-surrogate-name', content: golden.replace('"name": "Fuzz corpus"', '"name": "\\ud800"') },
      { kind: 'thousands-labels', content: golden.replace('"labels": [', `"labels": [${Array.from({ length: 5000 }, () => '{"name":"Place","color":"#112233"}').join(',')},`) },
      { kind: 'version-huge', content: golden.replace('"version": 2', '"version": 1e308') },
    ];
    const t = fuzzText('parseManifest', MANIFEST, [{ name: 'golden', content: golden, textLength: 100, weight: 1 }], 400, fixed, parseManifest, (m) => {
      const out: string[] = [];
      if (typeof m.name !== 'string' || m.name.trim() === '') out.push('empty name');
      const again = parseManifest(serializeManifest(m), MANIFEST);
      if (!again.ok) out.push(`does not read back: ${JSON.stringify(again.errors).slice(0, 300)}`);
      else if (serializeManifest(again.value) !== serializeManifest(m)) out.push('reads back different');
      return out;
    });
    expectClean(t);
  });
});

/** Byte-level hostile inputs from `seed`. */
function byteMutations(seed: Uint8Array): fc.Arbitrary<{ kind: string; bytes: Uint8Array }> {
  const insert = (at: number, b: Uint8Array): Uint8Array => {
    const out = new Uint8Array(seed.length + b.length);
    out.set(seed.subarray(0, at), 0);
    out.set(b, at);
    out.set(seed.subarray(at), at + b.length);
    return out;
  };
  const at = fc.nat({ max: seed.length });
  const bad = fc.constantFrom(
    [0xed, 0xa0, 0x80], // a UTF-8-encoded lone high surrogate (CESU)
    [0xed, 0xb0, 0x80], // lone low surrogate
    [0xc0, 0xaf], // overlong
    [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
    [0xff],
    [0xd8], // a lead byte without its continuation
    [0x80, 0x80],
    [0x00],
    [0x0d],
    [0xef, 0xbb, 0xbf],
    [0x1b, 0x5b, 0x41],
  );
  return fc.oneof(
    at.map((n) => ({ kind: 'truncate-byte', bytes: seed.slice(0, n) })),
    fc.array(fc.tuple(fc.nat({ max: Math.max(0, seed.length - 1) }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 12 }).map((edits) => {
      const b = Uint8Array.from(seed);
      for (const [i, v] of edits) b[i] = v;
      return { kind: 'byte-flip', bytes: b };
    }),
    fc.tuple(at, bad).map(([n, b]) => ({ kind: 'bad-sequence', bytes: insert(n, Uint8Array.from(b)) })),
    fc.tuple(bad, fc.boolean()).map(([b, bom]) => ({ kind: 'bad-at-start', bytes: Uint8Array.from([...(bom ? [0xef, 0xbb, 0xbf] : []), ...b, ...seed.subarray(0, 200)]) })),
    fc.uint8Array({ maxLength: 8192 }).map((b) => ({ kind: 'binary', bytes: b })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => ({ kind: 'binary-no-nul', bytes: b.map((x) => (x === 0 ? 1 : x)) })),
    fc.constantFrom(
      { kind: 'utf16le-bom', bytes: Uint8Array.from([0xff, 0xfe, 0x27, 0x06]) },
      { kind: 'utf16be-bom', bytes: Uint8Array.from([0xfe, 0xff, 0x06, 0x27]) },
      { kind: 'bom-only', bytes: Uint8Array.from([0xef, 0xbb, 0xbf]) },
      { kind: 'empty', bytes: new Uint8Array() },
      { kind: 'cr-only', bytes: Uint8Array.from([0x0d, 0x0d, 0x0a, 0x0d]) },
    ),
    fc.tuple(at, fc.integer({ min: 100_000, max: 1_000_000 })).map(([n, len]) => ({ kind: 'huge-line', bytes: insert(n, utf8('ا'.repeat(len / 2))) })),
    mutations(new TextDecoder().decode(seed.subarray(0, 3000)), 100, 200_000).map((h) => ({ kind: `text:${h.kind}`, bytes: utf8(h.content) })),
  );
}

describe('fuzz: decodeText and canonicaliseBytes', () => {
  it('never throws or hangs on hostile bytes; what they accept is exact and canonical', () => {
    const t = new Tally('decodeText+canonicaliseBytes');
    let doubleBom = 0;
    const seeds = [readBytes(`../../../seeds/${ID_000}.txt`), readBytes('../../../seeds/004_fee82008326e4aee.txt'), readBytes('../formats/brat/input/emoji_0001.txt')];
    const file = 'in/x.txt';
    const one = (kind: string, bytes: Uint8Array): void => {
      const shown = describeInput(new TextDecoder('windows-1256').decode(bytes.subarray(0, 400)));
      const lines = 1 + bytes.filter((b) => b === 0x0a || b === 0x0d).length;
      const files = new Map([[file, '\n'.repeat(lines - 1)]]);
      const decoded = t.run(`decode:${kind}`, shown, () => decodeText(bytes, file));
      t.count(decoded);
      if (decoded !== undefined) {
        if (!decoded.ok) t.check(kind, shown, errorProblems(decoded.errors, files));
        else {
          const { text, encoding } = decoded.value;
          const exact = encoding === 'utf-8' ? Buffer.from(utf8(text)).equals(Buffer.from(bytes)) : text.length === bytes.length;
          t.check(kind, shown, exact ? [] : [`decoded ${encoding} text is not the bytes exactly`]);
        }
      }
      const canonical = t.run(`canonicalise:${kind}`, shown, () => canonicaliseBytes(bytes, file), false);
      t.count(canonical);
      if (canonical === undefined) return;
      if (!canonical.ok) {
        t.check(kind, shown, errorProblems(canonical.errors, files));
        return;
      }
      const c = canonical.value;
      const out: string[] = [];
      // One leading BOM is removed; a second one stays (and is warned about): see the import suite.
      if (c.text.includes('\r') || c.text.normalize('NFC') !== c.text) out.push('canonical text is not canonical');
      if (c.text.startsWith('\uFEFF')) doubleBom++;
      const rawLength = [...c.raw].length;
      const length = [...c.text].length;
      t.run(
        `mapOffset:${kind}`,
        shown,
        () => {
        if (c.mapOffset(0, 'start') !== 0) out.push(`mapOffset(0) is ${c.mapOffset(0, 'start')}`);
        if (c.mapOffset(rawLength, 'end') !== length) out.push(`mapOffset(end) is ${c.mapOffset(rawLength, 'end')}, not ${length}`);
        let last = 0;
        const step = Math.max(1, Math.floor(rawLength / 64));
        for (let i = 0; i <= rawLength; i += step) {
          const m = c.mapOffset(i, 'start');
          if (m < last || m > length) out.push(`mapOffset(${i}) is ${m}: goes back or past the end`);
          last = m;
        }
        let refused = false;
        try {
          c.mapOffset(rawLength + 1, 'end');
        } catch (error) {
          refused = error instanceof RangeError;
        }
        if (!refused) out.push('mapOffset past the end is not refused with a RangeError');
        },
        false,
      );
      t.check(kind, shown, out);
    };
    const arb = fc.oneof(...seeds.map((s) => byteMutations(s)));
    fc.assert(
      fc.property(arb, ({ kind, bytes }) => one(kind, bytes)),
      { seed: FUZZ_SEED, numRuns: 700, endOnFailure: true },
    );
    report(t);
    console.log(`fuzz: canonicaliseBytes kept a leading U+FEFF (file began with two BOMs) on ${doubleBom} inputs`);
    expectClean(t);
  });
});
