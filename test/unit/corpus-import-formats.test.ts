import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCorpus } from '../../electron/corpus-export';
import { importPaths } from '../../electron/corpus-import';
import { CorpusStore } from '../../electron/corpus-store';
import type { FileProblem } from '../../shared/model';
import { ID_000, ID_004, SEEDS, fixtureCorpus } from '../fixtures/export/corpus';
import { breakingNews } from '../fixtures/text/load';

// Bad input, format by format: every problem names the file and the line, nothing of the
// document is written, and an existing layer is never overwritten without `replace`.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-import-formats-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const EXPORTED_AT = '2025-06-01T12:00:00.000Z';

/** 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not found: ${needle}`);
  return text.slice(0, at).split('\n').length;
}

/** Replaces the first occurrence of `from`, which must be there. */
function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`not found: ${from}`);
  return text.replace(from, () => to);
}

/** Ali's layers of the fixture exported as `format` into `<dir>/in`. */
async function exported(format: 'w3c' | 'jsonl' | 'brat', offsets: 'codepoint' | 'utf16' = 'codepoint'): Promise<string> {
  const source = await fixtureCorpus(path.join(dir, 'source'));
  const out = path.join(dir, 'in');
  await exportCorpus(source, { format, source: { annotator: 'Ali' }, outDir: out, offsets, exportedAt: EXPORTED_AT });
  return out;
}

/** A fresh corpus holding the seed texts (no layers). */
async function seedsOnly(): Promise<CorpusStore> {
  const store = await CorpusStore.open(path.join(dir, 'target'), { create: true });
  await importPaths(store, [path.join(SEEDS, `${ID_000}.txt`), path.join(SEEDS, `${ID_004}.txt`)]);
  return store;
}

async function layerFiles(store: CorpusStore): Promise<string[]> {
  return existsSync(path.join(store.root, 'layers')) ? (await readdir(path.join(store.root, 'layers'), { recursive: true })).map(String).sort() : [];
}

/**
 * The first problem names `file`, `line` (a number: exactly that line; `null`: no line, the
 * document as a whole) and matches `message`; every problem names `file` (a bad annotation may
 * also leave others dangling).
 */
function expectProblem(failed: readonly FileProblem[], file: string, line: number | null, message: RegExp): void {
  expect(failed.length).toBeGreaterThan(0);
  expect(failed[0]).toMatchObject({ file, message: expect.stringMatching(message) });
  expect(failed[0]?.line).toBe(line ?? undefined);
  expect(failed.every((p) => p.file === file)).toBe(true);
}

describe('W3C JSON-LD import: bad input', () => {
  const SPAN = `urn:hashiya:${ID_004}:Ali:span:s2`;
  const cases: { name: string; corrupt: (t: string) => string; line: (t: string) => number; message: RegExp }[] = [
    { name: 'malformed JSON', corrupt: (t) => replaceOnce(t, '"type": "AnnotationCollection",', '"type": "AnnotationCollection",,'), line: (t) => lineOf(t, ',,'), message: /JSON/ },
    { name: 'an unknown label', corrupt: (t) => replaceOnce(t, '"value": "Place"', '"value": "Location"'), line: (t) => lineOf(t, `"id": "${SPAN}"`) - 1, message: /label "Location" is not in the corpus schema/ },
    { name: 'offsets out of range', corrupt: (t) => replaceOnce(t, '"end": 39', '"end": 99999'), line: (t) => lineOf(t, `"id": "${SPAN}"`) - 1, message: /99999/ },
    { name: 'a quote that does not match', corrupt: (t) => replaceOnce(t, '"exact": "سوريا"', '"exact": "العراق"'), line: (t) => lineOf(t, `"id": "${SPAN}"`) - 1, message: /العراق/ },
    {
      name: 'a duplicate id',
      corrupt: (t) => replaceOnce(t, `"id": "urn:hashiya:${ID_004}:Ali:span:s1"`, `"id": "${SPAN}"`),
      line: (t) => lineOf(t.slice(t.indexOf(`"id": "${SPAN}"`) + 10), `"id": "${SPAN}"`) + lineOf(t, `"id": "${SPAN}"`) - 2,
      message: /used twice/,
    },
    {
      name: 'a dangling relation argument',
      corrupt: (t) => replaceOnce(t, `"target": "urn:hashiya:${ID_004}:Ali:span:s3"`, `"target": "urn:hashiya:${ID_004}:Ali:span:s99"`),
      line: (t) => lineOf(t, `"id": "urn:hashiya:${ID_004}:Ali:relation:r1"`) - 1,
      message: /dangling/,
    },
  ];
  for (const c of cases) {
    it(`names file and line for ${c.name}, and writes nothing`, async () => {
      const input = path.join(await exported('w3c'), `${ID_004}.jsonld`);
      const corrupted = c.corrupt(await readFile(input, 'utf8'));
      await writeFile(input, corrupted);
      const store = await seedsOnly();
      const report = await importPaths(store, [input], { annotator: 'Ali' });
      expectProblem(report.failed, input, c.line(corrupted), c.message);
      expect(report.imported).toEqual([]);
      expect(await layerFiles(store)).toEqual([]);
    });
  }

  it('needs the text in the corpus, and never overwrites a layer without replace', async () => {
    const folder = await exported('w3c');
    const empty = await CorpusStore.open(path.join(dir, 'empty'), { create: true });
    const none = await importPaths(empty, [folder], { annotator: 'Ali' });
    expect(none.failed.map((f) => f.message)).toEqual([expect.stringContaining(ID_000), expect.stringContaining(ID_004)]);

    const store = await seedsOnly();
    expect((await importPaths(store, [folder], { annotator: 'Ali' })).failed).toEqual([]);
    const before = await readFile(store.layerPath(ID_004, 'Ali'), 'utf8');
    const again = await importPaths(store, [path.join(folder, `${ID_004}.jsonld`)], { annotator: 'Ali' });
    expectProblem(again.failed, path.join(folder, `${ID_004}.jsonld`), null, /already has 8 spans and 1 relation; it is not overwritten without --replace/);
    expect(await readFile(store.layerPath(ID_004, 'Ali'), 'utf8')).toBe(before);

    const replaced = await importPaths(store, [path.join(folder, `${ID_004}.jsonld`)], { annotator: 'Ali', replace: true });
    expect(replaced.failed).toEqual([]);
    expect(replaced.imported).toMatchObject([{ document: ID_004, textImported: false, spans: 8, relations: 1, replaced: { spans: 8, relations: 1 } }]);
    expect((await store.readLayer(ID_004, 'Ali')).layer.revision).toBe(2);
  });

  it('needs an annotator for annotations', async () => {
    const folder = await exported('w3c');
    const store = await seedsOnly();
    const report = await importPaths(store, [folder]);
    expect(report.failed).toEqual([
      { file: path.join(folder, `${ID_000}.jsonld`), message: expect.stringContaining('--annotator NAME') },
      { file: path.join(folder, `${ID_004}.jsonld`), message: expect.stringContaining('--annotator NAME') },
    ]);
    expect(await layerFiles(store)).toEqual([]);
  });
});

describe('brat import: bad input', () => {
  // breaking-news.txt starts with an emoji: after it, code points and UTF-16 units differ by one.
  const GOOD = [
    'T1\tPlace 62 71\tدير الزور',
    'T2\tActor 82 95\tالمرصد السوري',
    'T3\tCasualtyCount 16 30\tثلاثةُ مدنيّين',
    'R1\tlocated_at Arg1:T3 Arg2:T1',
    'A1\toutcome T3 killed',
    '#1\tAnnotatorNotes T2\tSOHR',
    '',
  ];
  const cases: { name: string; line: number; edit: (lines: string[]) => void; message: RegExp }[] = [
    { name: 'a malformed line', line: 2, edit: (l) => (l[1] = 'T2 Actor 82 95 المرصد السوري'), message: /tab/ },
    { name: 'an unknown label', line: 1, edit: (l) => (l[0] = 'T1\tLocation 62 71\tدير الزور'), message: /"Location"/ },
    { name: 'offsets out of range', line: 1, edit: (l) => (l[0] = 'T1\tPlace 62 710\tدير الزور'), message: /past the end/ },
    { name: 'a quote that does not match', line: 2, edit: (l) => (l[1] = 'T2\tActor 82 95\tالمرصد العراقي'), message: /is not the text at/ },
    { name: 'offsets counted in UTF-16 (a wrong unit)', line: 1, edit: (l) => (l[0] = 'T1\tPlace 63 72\tدير الزور'), message: /UTF-16/ },
    { name: 'a duplicate id', line: 3, edit: (l) => (l[2] = 'T2\tCasualtyCount 16 30\tثلاثةُ مدنيّين'), message: /T2.*(twice|used)/ },
    { name: 'a dangling relation argument', line: 4, edit: (l) => (l[3] = 'R1\tlocated_at Arg1:T3 Arg2:T9'), message: /T9/ },
  ];
  for (const c of cases) {
    it(`names file and line for ${c.name}, and imports nothing of the document`, async () => {
      const folder = path.join(dir, 'in');
      await mkdir(folder);
      await writeFile(path.join(folder, 'flash.txt'), breakingNews);
      const lines = [...GOOD];
      c.edit(lines);
      await writeFile(path.join(folder, 'flash.ann'), lines.join('\n'));
      const store = await CorpusStore.open(path.join(dir, 'target'), { create: true });
      const report = await importPaths(store, [folder], { annotator: 'Ali' });
      expectProblem(report.failed, path.join(folder, 'flash.ann'), c.line, c.message);
      expect(report.imported).toEqual([]);
      expect(await store.listDocumentIds()).toEqual([]);
      expect(await layerFiles(store)).toEqual([]);
    });
  }

  it('imports the good file, with the byte order mark removed and every offset mapped', async () => {
    const folder = path.join(dir, 'in');
    await mkdir(folder);
    await writeFile(path.join(folder, 'flash.txt'), `\uFEFF${breakingNews.replace(/\n/g, '\r\n')}`);
    // Raw offsets: +1 for the byte order mark, +1 per CRLF before the offset.
    await writeFile(path.join(folder, 'flash.ann'), ['T1\tPlace 63 72\tدير الزور', 'T3\tCasualtyCount 17 31\tثلاثةُ مدنيّين', 'R1\tlocated_at Arg1:T3 Arg2:T1', 'A1\toutcome T3 killed', ''].join('\n'));
    const store = await CorpusStore.open(path.join(dir, 'target'), { create: true });
    const report = await importPaths(store, [folder], { annotator: 'Ali' });
    expect(report.failed).toEqual([]);
    const { layer } = await store.readLayer('flash', 'Ali');
    expect(layer.spans.map((s) => [s.id, s.start, s.end, s.text, s.attributes])).toEqual([
      ['s3', 16, 30, 'ثلاثةُ مدنيّين', { outcome: 'killed' }],
      ['s1', 62, 71, 'دير الزور', {}],
    ]);
    expect(layer.relations).toEqual([{ id: 'r1', type: 'located_at', from: 's3', to: 's1' }]);
    expect((await store.readMeta('flash')).canonicalisation).toMatchObject({ bomRemoved: true, crlf: 4 });
  });
});

describe('JSONL import: bad input', () => {
  // breaking-news.txt starts with an emoji: after it, code points and UTF-16 units differ by one.
  const entities = [
    { id: 1, label: 'Place', start_offset: 62, end_offset: 71 },
    { id: 2, label: 'Actor', start_offset: 82, end_offset: 95 },
    { id: 3, label: 'CasualtyCount', start_offset: 16, end_offset: 30 },
  ];
  const line = (id: string, edit: (doc: Record<string, unknown>) => void = () => {}): string => {
    const doc: Record<string, unknown> = { id, text: breakingNews, entities: entities.map((e) => ({ ...e })), relations: [{ id: 1, from_id: 3, to_id: 1, type: 'located_at' }] };
    edit(doc);
    return JSON.stringify(doc);
  };
  const entity = (doc: Record<string, unknown>, i: number): Record<string, unknown> => (doc.entities as Record<string, unknown>[])[i]!;
  const cases: { name: string; bad: string; offsets?: 'utf16'; message: RegExp }[] = [
    { name: 'a malformed line', bad: '{"id": "b", "text": ', message: /JSON/ },
    { name: 'an unknown label', bad: line('b', (d) => (entity(d, 0).label = 'Location')), message: /"Location"/ },
    { name: 'offsets out of range', bad: line('b', (d) => (entity(d, 0).end_offset = 1000)), message: /1000/ },
    { name: 'an offset inside a surrogate pair', bad: line('b', (d) => (entity(d, 0).start_offset = 1)), offsets: 'utf16', message: /surrogate/ },
    { name: 'a quote that does not match', bad: line('b', (d) => (entity(d, 1).hashiya = { text: 'المرصد العراقي' })), message: /المرصد العراقي/ },
    { name: 'a wrong offset unit', bad: line('b', (d) => (d.hashiya = { offsets: 'utf16' })), message: /utf16|UTF-16/ },
    { name: 'a duplicate entity id', bad: line('b', (d) => (entity(d, 1).id = 1)), message: /twice/ },
    { name: 'a dangling relation argument', bad: line('b', (d) => ((d.relations as Record<string, unknown>[])[0]!.to_id = 9)), message: /9/ },
    { name: 'a duplicate document id', bad: line('a'), message: /"a" is used twice/ },
  ];
  for (const c of cases) {
    it(`names file and line for ${c.name}; the other lines are imported`, async () => {
      const file = path.join(dir, 'flashes.jsonl');
      const utf16 = (cp: number): number => [...breakingNews].slice(0, cp).join('').length;
      const good = (id: string): string => (c.offsets === 'utf16' ? line(id, (d) => (d.entities = entities.map((e) => ({ ...e, start_offset: utf16(e.start_offset), end_offset: utf16(e.end_offset) })))) : line(id));
      await writeFile(file, [good('a'), c.bad, good('c'), ''].join('\n'));
      const store = await CorpusStore.open(path.join(dir, 'target'), { create: true });
      const report = await importPaths(store, [file], { annotator: 'Ali', ...(c.offsets ? { offsets: c.offsets } : {}) });
      expectProblem(report.failed, file, 2, c.message);
      expect(await store.listDocumentIds()).toEqual(['a', 'c']);
      expect((await store.readLayer('c', 'Ali')).layer.spans.map((s) => s.text)).toEqual(['ثلاثةُ مدنيّين', 'دير الزور', 'المرصد السوري']);
      expect(await layerFiles(store)).toEqual(['Ali', path.join('Ali', 'a.jsonl'), path.join('Ali', 'c.jsonl')]);
    });
  }

  it('canonicalises the text a line carries and maps its offsets (BOM, CRLF, decomposed letters)', async () => {
    const raw = `\uFEFFقال المرصد:\r\nقتل ثلاثة في الا\u0654نبار`;
    const find = (s: string): [number, number] => {
      const u = raw.indexOf(s);
      const start = [...raw.slice(0, u)].length;
      return [start, start + [...s].length];
    };
    const [ps, pe] = find('الا\u0654نبار');
    const [as, ae] = find('المرصد');
    expect([ps, pe, as, ae]).toEqual([27, 35, 5, 11]); // raw: after the BOM, the CR and with ا + U+0654
    const file = path.join(dir, 'raw.jsonl');
    await writeFile(file, `${JSON.stringify({ id: 'raw', text: raw, label: [[ps, pe, 'Place'], [as, ae, 'Actor']] })}\n`);
    const store = await CorpusStore.open(path.join(dir, 'target'), { create: true });
    const report = await importPaths(store, [file], { annotator: 'Ali' });
    expect(report.failed).toEqual([]);
    expect(await store.readText('raw')).toBe('قال المرصد:\nقتل ثلاثة في الأنبار');
    expect((await store.readMeta('raw')).canonicalisation).toMatchObject({ bomRemoved: true, crlf: 1, nfcChanged: true });
    expect((await store.readLayer('raw', 'Ali')).layer.spans.map((s) => [s.label, s.start, s.end, s.text])).toEqual([
      ['Actor', 4, 10, 'المرصد'],
      ['Place', 25, 32, 'الأنبار'],
    ]);
  });
});
