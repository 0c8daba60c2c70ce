import { isUtf8 } from 'node:buffer';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../electron/corpus-import';
import { CorpusError, type CorpusStore } from '../../electron/corpus-store';
import { scanLayerForAgreement, scanText, type ScannedLayer } from '../../shared/corpus/layer-scan';
import { ID_000, ID_004, agreementCorpus } from '../fixtures/agreement/corpus';
import { NEWS_QUOTES, breakingNews, cpOccurrences, random, seed004, spansAtQuotes } from '../fixtures/text/load';

// Reading a layer for agreement from its bytes (layer-scan.ts) against the store's own reading
// of the same file (readLayersToCompare: the layer reader, then the header and anchoring checks):
// whatever the scan accepts, it gives what the store gives agreement (status, spans sorted, no
// problem, no orphan); the files the app writes it accepts; everything else it leaves to the store.

const NEWS = fileURLToPath(new URL('../fixtures/text/breaking-news.txt', import.meta.url));
const ID_NEWS = 'breaking-news';

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-scan-'));
  store = await agreementCorpus(dir);
  const report = await importPaths(store, [NEWS]);
  if (report.failed.length > 0) throw new Error(JSON.stringify(report.failed));
  const text = await store.readText(ID_NEWS);
  const spans = spansAtQuotes(text, NEWS_QUOTES);
  await store.saveLayer(ID_NEWS, 'Ali', { spans, relations: [], rejected: [], status: 'in_progress', expectedRevision: 0 });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What agreement takes from the store's reading of a layer file: its status and spans, or why not. */
async function storeView(id: string, annotator: string): Promise<ScannedLayer | 'damaged' | 'problems'> {
  const got = (await store.readLayersToCompare(id, [annotator])).layers.get(annotator);
  if (got === undefined || got instanceof CorpusError) return 'damaged';
  if (got.problems.length > 0 || got.orphans.length > 0) return 'problems';
  return { status: got.layer.status, spans: got.layer.spans.map(({ label, start, end }) => ({ label, start, end })) };
}

async function scan(id: string, annotator: string, bytes?: Uint8Array): Promise<ScannedLayer | undefined> {
  const meta = await store.readMeta(id);
  const text = await store.readText(id);
  const file = bytes ?? (await readFile(store.layerPath(id, annotator)));
  return scanLayerForAgreement(file, { document: id, annotator, textSha256: meta.sha256 }, scanText(text));
}

/** Writes `content` as the layer file, then: what the scan gives, and what the store gives. */
async function both(id: string, annotator: string, content: string | Uint8Array): Promise<{ scanned: ScannedLayer | undefined; stored: ScannedLayer | 'damaged' | 'problems' }> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await writeFile(store.layerPath(id, annotator), bytes);
  return { scanned: await scan(id, annotator, bytes), stored: await storeView(id, annotator) };
}

const WRITTEN: readonly (readonly [string, string])[] = [
  [ID_000, 'Ali'],
  [ID_000, 'Layla'],
  [ID_000, 'Omar'],
  [ID_004, 'Ali'],
  [ID_004, 'Layla'],
  [ID_004, 'Omar'],
  [ID_NEWS, 'Ali'],
];

describe('scanText', () => {
  it('gives the UTF-8 bytes and the byte offset of every code point: emoji, a flag, harakat, tatweel, a lone surrogate', () => {
    for (const text of [breakingNews, seed004, 'أ\uD800ب🔴', '']) {
      const points = [...text];
      const scanned = scanText(text);
      expect(Buffer.from(scanned.utf8).equals(Buffer.from(text, 'utf8'))).toBe(true);
      expect(Array.from(scanned.byteAt)).toEqual(points.map((_, k) => Buffer.byteLength(points.slice(0, k).join(''))).concat(Buffer.byteLength(text)));
    }
  });
});

describe('scanLayerForAgreement', () => {
  it('reads every layer the store wrote, as the store reads it for agreement', async () => {
    for (const [id, annotator] of WRITTEN) {
      const scanned = await scan(id, annotator);
      expect(scanned, `${id} ${annotator}`).toBeDefined();
      expect(scanned).toEqual(await storeView(id, annotator));
    }
    // Exact offsets (code points) of the news flash: after the emoji, the flag counted as two.
    const news = await scan(ID_NEWS, 'Ali');
    expect(news?.status).toBe('in_progress');
    const text = [...(await store.readText(ID_NEWS))];
    expect(news?.spans.map((s) => [s.label, text.slice(s.start, s.end).join('')])).toEqual([
      ['Claim', 'بـقصفٍ'],
      ['Place', 'دير الزور 🇸🇾'],
      ['CasualtyCount', 'ثلاثةُ'],
      ['Actor', 'مدنيّين'],
      ['Place', 'محافظة\nدير الزور'],
    ].sort((a, b) => text.join('').indexOf(a[1] as string) - text.join('').indexOf(b[1] as string)));
  });

  it('reads quotes with escapes (a line break, a quotation mark next to a tatweel) by decoding them', async () => {
    // Ali's 000 holds «محافظة\nدير الزور»; 004 holds «بـ "الانتهاك» when labelled here.
    const file = await readFile(store.layerPath(ID_000, 'Ali'), 'utf8');
    expect(file).toContain('"text":"محافظة\\nدير الزور"');
    const text004 = await store.readText(ID_004);
    const quote = 'بـ "الانتهاك';
    const start = cpOccurrences(text004, quote)[0] as number;
    await store.saveLayer(ID_004, 'Ali', {
      spans: [{ id: 's1', label: 'Claim', start, end: start + [...quote].length, text: quote, attributes: {}, note: '' }],
      relations: [],
      rejected: [],
      status: 'done',
      expectedRevision: 1,
    });
    expect(await readFile(store.layerPath(ID_004, 'Ali'), 'utf8')).toContain('"text":"بـ \\"الانتهاك"');
    const scanned = await scan(ID_004, 'Ali');
    expect(scanned).toEqual({ status: 'done', spans: [{ label: 'Claim', start, end: start + 12 }] });
    expect(scanned).toEqual(await storeView(ID_004, 'Ali'));
  });

  it('reads CRLF line ends, empty lines, no final line end and spans out of order as the store does', async () => {
    const file = await readFile(store.layerPath(ID_000, 'Ali'), 'utf8');
    const lines = file.trimEnd().split('\n');
    const variants = [file.replaceAll('\n', '\r\n'), file.replaceAll('\n', '\n\n'), file.trimEnd(), [lines[0], ...lines.slice(1).reverse()].join('\n')];
    for (const v of variants) {
      const { scanned, stored } = await both(ID_000, 'Ali', v);
      expect(scanned, JSON.stringify(v.slice(0, 300))).toBeDefined();
      expect(scanned).toEqual(stored);
    }
  });

  it('leaves to the store what it does not read: forms the app does not write, and every problem', async () => {
    const file = await readFile(store.layerPath(ID_000, 'Layla'), 'utf8');
    const lines = file.split('\n');
    const spanLine = lines[2] as string;
    const edit = (change: (line: string) => string): string => lines.map((l, i) => (i === 2 ? change(l) : l)).join('\n');
    const left: [string, string, 'damaged' | 'problems' | 'read'][] = [
      // Forms the store reads the same, which the scan leaves to it.
      ['a byte order mark', `\uFEFF${file}`, 'read'],
      ['spaces in a line', edit((l) => l.replace('"label":', '"label" :')), 'read'],
      ['an escaped label', edit((l) => l.replace(/"label":"(\w)/, (_m, c: string) => `"label":"\\u00${c.charCodeAt(0).toString(16)}`)), 'read'],
      ['an offset written 5.0', edit((l) => l.replace(/"end":(\d+)/, '"end":$1.0')), 'read'],
      ['attributes', edit((l) => l.replace(/}$/, ',"attributes":{"actor_type":"state_forces"}}')), 'read'],
      ['a note', edit((l) => l.replace(/}$/, ',"note":"راجع"}')), 'read'],
      ['a relation', `${file}{"type":"relation","id":"r1","relation":"located_at","from":"s1","to":"s2"}\n`, 'read'],
      ['a rejected suggestion', `${file}{"type":"rejected","label":"Place","start":3,"end":9}\n`, 'read'],
      ['a line of spaces', file.replace('\n', '\n   \n'), 'read'],
      // Problems.
      ['a quote one letter off', edit((l) => l.replace(/"text":"(.)/u, (_m, c: string) => `"text":"${c === 'ب' ? 'ت' : 'ب'}`)), 'problems'],
      ['offsets past the end', edit((l) => l.replace(/"start":\d+,"end":\d+/, '"start":99990,"end":99999')), 'problems'],
      ['a header naming another annotator', file.replace('"annotator":"Layla"', '"annotator":"Ali"'), 'problems'],
      ['a header naming another document', file.replace(`"document":"${ID_000}"`, `"document":"${ID_004}"`), 'problems'],
      ['another text hash', file.replace(/"textSha256":"[0-9a-f]/, '"textSha256":"x'), 'damaged'],
      ['a span id twice', `${file}${spanLine}\n`, 'damaged'],
      ['start not before end', edit((l) => l.replace(/"start":(\d+),"end":(\d+)/, '"start":$2,"end":$1')), 'damaged'],
      ['a negative start', edit((l) => l.replace(/"start":\d+/, '"start":-1')), 'damaged'],
      ['an empty label', edit((l) => l.replace(/"label":"\w+"/, '"label":""')), 'damaged'],
      ['a bad span id', edit((l) => l.replace(/"id":"s\d+"/, '"id":"s 1"')), 'damaged'],
      ['a line cut short', edit((l) => l.slice(0, -20)), 'damaged'],
      ['a member twice', edit((l) => l.replace('"label":', '"label":"Place","label":')), 'damaged'],
      ['an unknown status', file.replace('"status":"done"', '"status":"finished"'), 'damaged'],
      ['a raw tab in a suffix', edit((l) => l.replace('"suffix":"', '"suffix":"\t')), 'damaged'],
    ];
    for (const [what, content, expected] of left) {
      expect(content, what).not.toBe(file);
      const { scanned, stored } = await both(ID_000, 'Layla', content);
      expect(scanned, what).toBeUndefined();
      expect(typeof stored === 'string' ? stored : 'read', what).toBe(expected);
    }
  });

  it('never gives other than the store under random damage to the bytes', async () => {
    const original = await readFile(store.layerPath(ID_NEWS, 'Ali'));
    const next = random(20261122);
    // Bytes that matter to the format: quotation marks, backslashes, digits, braces, line ends, a letter of the text.
    const interesting = [0x22, 0x5c, 0x30, 0x31, 0x39, 0x7b, 0x7d, 0x0a, 0x0d, 0x20, 0x2c, 0x3a, 0x75, 0x6e, 0x41];
    let accepted = 0;
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(original);
      const at = Math.floor(next() * bytes.length);
      const kind = Math.floor(next() * 3);
      let mutated: Buffer;
      if (kind === 0) {
        bytes[at] = interesting[Math.floor(next() * interesting.length)] as number;
        mutated = bytes;
      } else if (kind === 1) mutated = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
      else mutated = Buffer.concat([bytes.subarray(0, at), Buffer.from([interesting[Math.floor(next() * interesting.length)] as number]), bytes.subarray(at)]);
      // The scan's contract is for UTF-8 bytes (its caller checks); others are refused before it.
      if (!isUtf8(mutated)) continue;
      const { scanned, stored } = await both(ID_NEWS, 'Ali', mutated);
      if (scanned === undefined) continue;
      accepted += 1;
      expect(scanned, `round ${round}: ${mutated.toString('utf8').slice(0, 400)}`).toEqual(stored);
    }
    // Some damage leaves a sound file (a changed prefix or suffix letter): those are read.
    expect(accepted).toBeGreaterThan(10);
  });
});

describe('validate, which reads a plain, sound layer from its bytes', () => {
  /** What validate says of the layer file of `id` by `annotator` with `content`, and of the same file with a byte order mark (which the scan leaves to the layer reader). */
  async function validated(id: string, annotator: string, content: Buffer): Promise<{ plain: string[]; parsed: string[] }> {
    const file = store.layerPath(id, annotator);
    const of = async (bytes: Buffer): Promise<string[]> => {
      await writeFile(file, bytes);
      return (await store.validate()).filter((p) => p.file === file).map((p) => `${p.line ?? ''}: ${p.message}`);
    };
    const parsed = await of(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), content]));
    return { plain: await of(content), parsed };
  }

  it('reports for a layer what it reports when the layer is parsed: nothing for the files the app wrote, every problem of the others', async () => {
    for (const [id, annotator] of WRITTEN) {
      const { plain, parsed } = await validated(id, annotator, await readFile(store.layerPath(id, annotator)));
      expect(plain, `${id} ${annotator}`).toEqual([]);
      expect(parsed).toEqual([]);
    }
    const file = await readFile(store.layerPath(ID_000, 'Layla'), 'utf8');
    const lines = file.split('\n');
    const edit = (change: (line: string) => string): string => lines.map((l, i) => (i === 2 ? change(l) : l)).join('\n');
    const variants: [string, string, RegExp][] = [
      // Read from its bytes, yet a label outside the schema: the layer is parsed, the line named.
      ['a label outside the schema', edit((l) => l.replace(/"label":"\w+"/, '"label":"Weapon"')), /^3: span "s\d+": label "Weapon" is not in the corpus schema$/],
      ['a quote one letter off', edit((l) => l.replace(/"text":"(.)/u, (_m, c: string) => `"text":"${c === 'ب' ? 'ت' : 'ب'}`)), /^3: span "s\d+" is orphaned/],
      ['a header naming another annotator', file.replace('"annotator":"Layla"', '"annotator":"Ali"'), /^1: the header names annotator "Ali"/],
      ['another text hash', file.replace(/"textSha256":"[0-9a-f]/, '"textSha256":"x'), /textSha256/],
      ['a line cut short', edit((l) => l.slice(0, -20)), /^3: /],
    ];
    for (const [what, content, expected] of variants) {
      const { plain, parsed } = await validated(ID_000, 'Layla', Buffer.from(content, 'utf8'));
      expect(plain, what).toEqual(parsed);
      expect(plain.length, what).toBeGreaterThan(0);
      expect(plain.some((p) => expected.test(p)), `${what}: ${plain.join(' | ')}`).toBe(true);
    }
  });

  it('reports what the parsed layer gives under random damage to its bytes', async () => {
    const original = await readFile(store.layerPath(ID_NEWS, 'Ali'));
    const next = random(20261123);
    const interesting = [0x22, 0x5c, 0x30, 0x31, 0x39, 0x7b, 0x7d, 0x0a, 0x0d, 0x20, 0x2c, 0x3a, 0x41];
    let clean = 0;
    for (let round = 0; round < 60; round++) {
      const bytes = Buffer.from(original);
      const at = Math.floor(next() * bytes.length);
      bytes[at] = interesting[Math.floor(next() * interesting.length)] as number;
      if (!isUtf8(bytes)) continue;
      const { plain, parsed } = await validated(ID_NEWS, 'Ali', bytes);
      expect(plain, `round ${round}: ${bytes.toString('utf8').slice(0, 300)}`).toEqual(parsed);
      if (plain.length === 0) clean += 1;
    }
    expect(clean).toBeGreaterThan(3);
  });
});
