import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusStore } from '../../electron/corpus-store';
import { importPaths } from '../../electron/corpus-import';

const ID_000 = '000_7db2a034c338d373';
const ID_004 = '004_fee82008326e4aee';
const SEED_000 = readFileSync(new URL(`../../seeds/${ID_000}.txt`, import.meta.url), 'utf8');
const SEED_004 = readFileSync(new URL(`../../seeds/${ID_004}.txt`, import.meta.url), 'utf8');
const ANN_000 = readFileSync(new URL(`../fixtures/corpus/${ID_000}.ann`, import.meta.url), 'utf8');
const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** windows-1256 bytes of `text`, from the decoder's own table (every Arabic letter of the seeds is in it). */
function encodeWindows1256(text: string): Uint8Array {
  const decoder = new TextDecoder('windows-1256');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Uint8Array.from([...text].map((c) => {
    const byte = table.get(c);
    if (byte === undefined) throw new Error(`not in windows-1256: ${c}`);
    return byte;
  }));
}

/** A raw (brat) offset in `\uFEFF` + text with CRLF, from a canonical one: +1 for the BOM, +1 per line break before it. */
function rawOffset(text: string, cp: number): number {
  return cp + 1 + [...text].slice(0, cp).filter((c) => c === '\n').length;
}

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-import-'));
  store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
  await mkdir(path.join(dir, 'in'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const input = (...parts: string[]): string => path.join(dir, 'in', ...parts);

describe('importPaths: texts', () => {
  it('strips a BOM, turns CRLF into LF, and records both', async () => {
    await writeFile(input(`${ID_000}.txt`), `\uFEFF${SEED_000.replace(/\n/g, '\r\n')}`);
    const report = await importPaths(store, [input(`${ID_000}.txt`)]);
    expect(report.failed).toEqual([]);
    expect(report.imported).toEqual([{ file: input(`${ID_000}.txt`), document: ID_000, format: 'text', textImported: true, spans: 0, relations: 0, warnings: [] }]);
    expect(await store.readText(ID_000)).toBe(SEED_000);
    const meta = await store.readMeta(ID_000);
    expect(meta).toMatchObject({ id: ID_000, source: `${ID_000}.txt`, sha256: sha(SEED_000), length: 2083 });
    expect(meta.canonicalisation).toEqual({ encoding: 'utf-8', bomRemoved: true, crlf: 15, cr: 0, nfcChanged: false, warnings: [] });
  });

  it('reads windows-1256 and says so', async () => {
    await writeFile(input('legacy.txt'), encodeWindows1256(SEED_004));
    const report = await importPaths(store, [input('legacy.txt')]);
    expect(report.failed).toEqual([]);
    expect(await store.readText('legacy')).toBe(SEED_004);
    const meta = await store.readMeta('legacy');
    expect(meta.canonicalisation.encoding).toBe('windows-1256');
    expect(meta.sha256).toBe(sha(SEED_004));
    expect(report.imported[0]?.warnings[0]).toEqual({ file: input('legacy.txt'), line: 1, message: expect.stringContaining('read as windows-1256') });
    expect(meta.canonicalisation.warnings).toEqual([expect.stringMatching(/^legacy\.txt is not valid UTF-8 \(first bad byte on line 1\); it was read as windows-1256/)]);
  });

  it('imports a folder recursively in sorted order, skipping hidden files, and skips what is already there', async () => {
    await mkdir(input('b-later'));
    await mkdir(input('.hidden'));
    await writeFile(input('b-later', `${ID_000}.txt`), SEED_000);
    await writeFile(input(`${ID_004}.txt`), SEED_004);
    await writeFile(input('.hidden', 'x.txt'), 'hidden');
    await writeFile(input('notes.md'), 'not imported');
    const report = await importPaths(store, [input()]);
    expect(report.imported.map((d) => d.document)).toEqual([ID_004, ID_000]);
    expect((await store.listDocuments()).map((m) => m.id)).toEqual([ID_000, ID_004]);

    const again = await importPaths(store, [input()]);
    expect(again.imported).toEqual([]);
    expect(again.skipped.map((s) => s.document)).toEqual([ID_004, ID_000]);
    expect(again.skipped[0]?.message).toContain('with the same text');
  });

  it('refuses a different text under an existing id and gives clashing names -2', async () => {
    await writeFile(input(`${ID_000}.txt`), SEED_000);
    await importPaths(store, [input(`${ID_000}.txt`)]);
    await mkdir(input('other'));
    await writeFile(input('other', `${ID_000}.txt`), SEED_004);
    const report = await importPaths(store, [input('other', `${ID_000}.txt`)]);
    expect(report.failed).toEqual([{ file: input('other', `${ID_000}.txt`), message: expect.stringContaining('already in the corpus with a different text') }]);
    expect(await store.readText(ID_000)).toBe(SEED_000);

    await mkdir(input('x'));
    await mkdir(input('y'));
    await writeFile(input('x', 'report.txt'), SEED_000);
    await writeFile(input('y', 'report.txt'), SEED_004);
    const both = await importPaths(store, [input('x'), input('y')]);
    expect(both.imported.map((d) => d.document)).toEqual(['report', 'report-2']);
  });
});

/**
 * The brat configuration of the fixture's collection: it declares the relation type `LocatedIn`
 * and the attribute `Outcome` that `test/fixtures/corpus/*.ann` uses and the default schema lacks.
 */
const CONF = ['[entities]', 'Actor', 'Place', 'CasualtyCount', 'Claim', '', '[relations]', 'LocatedIn\tArg1:Place, Arg2:Place', '', '[events]', '', '[attributes]', 'Outcome\tArg:CasualtyCount, Value:killed|injured', ''].join('\n');

describe('importPaths: brat pairs', () => {
  it('maps offsets from a BOM + CRLF text onto the canonical text, exactly, and extends the schema from annotation.conf', async () => {
    const raw = `\uFEFF${SEED_000.replace(/\n/g, '\r\n')}`;
    const rawAnn = ANN_000.replace(/^(T\d+\t\S+) ([\d ;]+)\t/gm, (_m, head: string, offsets: string) => `${head} ${offsets.replace(/\d+/g, (n) => String(rawOffset(SEED_000, Number(n))))}\t`);
    expect(rawAnn.split('\n')[3]).toBe('T4\tPlace 93 102\tدير الزور');
    // brat's fragments around the line break: the CRLF sits in the gap (91–93).
    expect(rawAnn.split('\n')[2]).toBe('T3\tPlace 85 91;93 102\tمحافظة دير الزور');
    await writeFile(input('article.txt'), raw);
    await writeFile(input('article.ann'), rawAnn);
    await writeFile(input('annotation.conf'), CONF);

    const report = await importPaths(store, [input('article.txt')], { annotator: 'علي' });
    expect(report.failed).toEqual([]);
    expect(report.imported[0]).toMatchObject({ document: 'article', format: 'brat', textImported: true, annotationFile: input('article.ann'), spans: 14, relations: 1 });
    expect(report.schemaAdditions).toEqual([`attribute CasualtyCount.Outcome (from ${input('annotation.conf')})`, `relation type LocatedIn (from ${input('annotation.conf')})`]);
    expect(store.manifest.schema.relations.find((r) => r.name === 'LocatedIn')).toEqual({ name: 'LocatedIn', from: ['Place'], to: ['Place'] });
    expect(store.manifest.schema.labels.find((l) => l.name === 'CasualtyCount')?.attributes.at(-1)).toMatchObject({ name: 'Outcome', type: 'choice', choices: ['killed', 'injured'] });

    const { layer, orphans } = await store.readLayer('article', 'علي');
    expect(orphans).toEqual([]);
    expect(layer.revision).toBe(1);
    expect(layer.status).toBe('in_progress');
    const byId = new Map(layer.spans.map((s) => [s.id, s]));
    expect(byId.get('s1')).toMatchObject({ label: 'Actor', start: 39, end: 55, text: 'القوات الأمريكية' });
    expect(byId.get('s3')).toMatchObject({ label: 'Place', start: 84, end: 100, text: 'محافظة\nدير الزور', prefix: 'يشيات موالية لإيران، في ', note: 'the governorate, not the city' });
    expect(byId.get('s4')).toMatchObject({ label: 'Place', start: 91, end: 100, text: 'دير الزور', attributes: { gazetteer_id: 'GeoNames:170794', english_name: 'Deir ez-Zor' } });
    expect(byId.get('s9')).toMatchObject({ label: 'Place', start: 329, end: 338, text: 'دير الزور' });
    expect(byId.get('s11')).toMatchObject({ label: 'CasualtyCount', start: 1413, end: 1431, attributes: { Outcome: 'injured' } });
    expect(byId.get('s13')).toMatchObject({ label: 'Claim', start: 1112, end: 1201 });
    expect(byId.get('s14')).toMatchObject({ label: 'CasualtyCount', start: 1736, end: 1749, text: 'لم تقع إصابات' });
    expect(layer.relations).toEqual([{ id: 'r1', type: 'LocatedIn', from: 's9', to: 's8' }]);
    expect(layer.rejected).toEqual([]);
    expect(await store.validate()).toEqual([]);
  });

  it('names the file and line of bad .ann lines and imports nothing of that document', async () => {
    await writeFile(input(`${ID_000}.txt`), SEED_000);
    await writeFile(input(`${ID_004}.txt`), SEED_004);
    await writeFile(input('annotation.conf'), CONF);
    const lines = ANN_000.split('\n');
    lines[4] = 'T5\tPlace 107 112;120 125\tسوريا x';
    lines[8] = 'T9\tPlace 330 339\tدير الزور';
    lines[11] = 'T12\tPerson 1694 1703\tجون كيربي';
    await writeFile(input(`${ID_000}.ann`), lines.join('\n'));
    const report = await importPaths(store, [input()], { annotator: 'Ali' });
    const ann = input(`${ID_000}.ann`);
    expect(report.failed.map((p) => [p.file, p.line])).toEqual([
      [ann, 5],
      [ann, 9],
      [ann, 12],
    ]);
    expect(report.failed[0]?.message).toContain('T5');
    expect(report.failed[1]?.message).toBe('text-bound T9 text "دير الزور" is not the text at 330–339, which is "ير الزور "');
    expect(report.failed[2]?.message).toContain('"Person"');
    // The other document of the folder is imported; nothing of this one, and the schema is unchanged.
    expect(report.imported.map((d) => d.document)).toEqual([ID_004]);
    expect(await store.hasDocument(ID_000)).toBe(false);
    expect(existsSync(store.textPath(ID_000))).toBe(false);
    expect(await readdir(path.join(store.root, 'layers'))).toEqual([]);
    expect(store.manifest.schema.relations.map((r) => r.name)).not.toContain('LocatedIn');
  });

  it('needs an annotator for a brat pair, and never overwrites a non-empty layer without replace', async () => {
    await writeFile(input(`${ID_000}.txt`), SEED_000);
    await writeFile(input(`${ID_000}.ann`), ANN_000);
    await writeFile(input('annotation.conf'), CONF);
    const without = await importPaths(store, [input(`${ID_000}.txt`)]);
    expect(without.failed).toEqual([{ file: input(`${ID_000}.ann`), message: expect.stringContaining('need an annotator') }]);
    expect(await store.hasDocument(ID_000)).toBe(false);

    // The text alone, imported earlier by someone else: the brat layer is added to it.
    await importPaths(store, [input(`${ID_000}.txt`)], { format: 'text' });
    expect(await store.hasDocument(ID_000)).toBe(true);
    const added = await importPaths(store, [input(`${ID_000}.ann`)], { annotator: 'Ali' });
    expect(added.imported).toMatchObject([{ document: ID_000, textImported: false, spans: 14, relations: 1 }]);

    const again = await importPaths(store, [input(`${ID_000}.txt`)], { annotator: 'Ali' });
    expect(again.failed).toEqual([{ file: input(`${ID_000}.ann`), message: expect.stringContaining('already has 14 spans and 1 relation; it is not overwritten without --replace') }]);
    expect((await store.readLayer(ID_000, 'Ali')).layer.revision).toBe(1);

    const replaced = await importPaths(store, [input(`${ID_000}.txt`)], { annotator: 'Ali', replace: true });
    expect(replaced.failed).toEqual([]);
    expect(replaced.imported).toMatchObject([{ document: ID_000, spans: 14, relations: 1, replaced: { spans: 14, relations: 1 } }]);
    expect((await store.readLayer(ID_000, 'Ali')).layer.revision).toBe(2);
  });

  it('refuses an invalid annotator before touching anything', async () => {
    await writeFile(input(`${ID_000}.txt`), SEED_000);
    await expect(importPaths(store, [input(`${ID_000}.txt`)], { annotator: '../x' })).rejects.toThrow('annotator name "../x"');
    expect(await store.hasDocument(ID_000)).toBe(false);
  });
});
