import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusStore } from '../../electron/corpus-store';
import { importPaths } from '../../electron/corpus-import';
import { corpusLexicon, lexiconCacheWritten } from '../../electron/corpus-lexicon';
import { lexiconCachePath, parseLexiconCache, serializeLexiconCache } from '../../electron/lexicon-cache-file';
import { searchCorpus } from '../../electron/corpus-search';
import { suggestSpans } from '../../shared/search';
import { cpSlice, seed000, seed004 } from '../fixtures/text/load';

// Corpus search and the corpus lexicon over a real temporary corpus made by importing the seeds
// (and the brat annotations of seed 000 from test/fixtures/corpus).

const ID_000 = '000_7db2a034c338d373';
const ID_004 = '004_fee82008326e4aee';
const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const ANN_000 = fileURLToPath(new URL(`../fixtures/corpus/${ID_000}.ann`, import.meta.url));

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-search-'));
  store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
  const report = await importPaths(store, [SEEDS]);
  expect(report.failed).toEqual([]);
  expect(report.imported.map((d) => d.document)).toEqual([ID_000, ID_004]);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Imports `text` as `<name>.txt` (and `ann` beside it for `annotator`'s layer). */
async function importText(name: string, text: string, brat?: { ann: string; annotator: string }): Promise<void> {
  const folder = path.join(dir, `in-${name}-${brat?.annotator ?? 'text'}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, `${name}.txt`), text);
  if (brat) await copyFile(brat.ann, path.join(folder, `${name}.ann`));
  const report = await importPaths(store, [folder], brat ? { annotator: brat.annotator } : {});
  expect(report.failed).toEqual([]);
}

describe('searchCorpus', () => {
  it('finds every دير الزور of both seeds with exact offsets and context', async () => {
    const result = await searchCorpus(store, 'دير الزور', { clitics: false });
    expect(result.truncated).toBe(false);
    expect(result.hits.map((h) => [h.document, h.start, h.end])).toEqual([
      [ID_000, 91, 100],
      [ID_000, 329, 338],
      [ID_000, 540, 549],
      [ID_000, 634, 643],
      [ID_000, 746, 755],
      [ID_004, 580, 589],
      [ID_004, 844, 853],
    ]);
    expect(result.hits[0]).toEqual({
      document: ID_000,
      start: 91,
      end: 100,
      before: 'يكية، ومليشيات موالية لإيران، في محافظة ', // 40 code points, its line break shown as a space
      match: 'دير الزور',
      after: '، شرقي سوريا. وقالت وسائل إعلام؛ إن عدة ',
    });
    expect(result.hits[6]).toMatchObject({
      before: 'ت في حقل العمر النفطي ومساكن الحقل بريف ',
      after: ' الشرقي. وسلط إطلاق الصواريخ الضوء على خ',
    });
    for (const hit of result.hits) {
      const text = hit.document === ID_000 ? seed000 : seed004;
      expect(hit.match).toBe(cpSlice(text, hit.start, hit.end));
      expect(hit.before).toBe(cpSlice(text, hit.start - 40, hit.start).replace(/\n/g, ' '));
    }
  });

  it('shows a hit across a line break on one line; context is shorter at the text start', async () => {
    const result = await searchCorpus(store, 'محافظة دير الزور', { clitics: false });
    expect(result.hits).toEqual([
      { document: ID_000, start: 84, end: 100, before: cpSlice(seed000, 44, 84), match: 'محافظة دير الزور', after: cpSlice(seed000, 100, 140).replace(/\n/g, ' ') },
    ]);
    const first = await searchCorpus(store, 'شهدت', { clitics: false });
    expect(first.hits).toEqual([{ document: ID_000, start: 0, end: 4, before: '', match: 'شهدت', after: cpSlice(seed000, 4, 44) }]);
  });

  it('searches with clitics: مليشيات in every form of seed 000, none of seed 004’s ميليشيات', async () => {
    const result = await searchCorpus(store, 'مليشيات', { clitics: true });
    expect(result.hits.map((h) => [h.document, h.start, h.match])).toEqual([
      [ID_000, 57, 'ومليشيات'],
      [ID_000, 397, 'المليشيات'],
      [ID_000, 594, 'والمليشيات'],
      [ID_000, 697, 'للمليشيات'],
    ]);
    expect((await searchCorpus(store, 'مليشيات', { clitics: false })).hits).toEqual([]);
    const syria = await searchCorpus(store, 'سوريا', { clitics: true });
    expect(syria.hits.filter((h) => h.document === ID_004).map((h) => h.match)).toContain('وسوريا');
  });

  it('stops at the limit and says so', async () => {
    const all = await searchCorpus(store, 'سوريا', { clitics: false });
    expect(all.hits).toHaveLength(13);
    expect(all.truncated).toBe(false);
    const three = await searchCorpus(store, 'سوريا', { clitics: false }, 3);
    expect(three).toEqual({ hits: all.hits.slice(0, 3), truncated: true });
    expect(await searchCorpus(store, 'سوريا', { clitics: false }, 13)).toEqual({ hits: all.hits, truncated: false });
    await expect(searchCorpus(store, 'سوريا', { clitics: false }, -1)).rejects.toThrow(RangeError);
  });

  it('keeps its cache in step with the corpus: a document imported later is searched too', async () => {
    expect((await searchCorpus(store, 'دير الزور', { clitics: false })).hits).toHaveLength(7);
    await importText('breaking', `🔴 عاجل: قصفٌ على دَيْر الزّور ${'بِ'.repeat(30)} دير الزور`);
    const result = await searchCorpus(store, 'دير الزور', { clitics: false });
    const late = result.hits.filter((h) => h.document === 'breaking');
    expect(late.map((h) => [h.start, h.end, h.match])).toEqual([
      [17, 29, 'دَيْر الزّور'], // code points: the emoji counts one
      [91, 100, 'دير الزور'],
    ]);
    // 40 code points before the second hit would start on a kasra (51): the cut moves in to the
    // next letter, so the context has 39 code points.
    expect(late[1]?.before).toBe(`${'بِ'.repeat(19)} `);
    expect(late[0]?.before).toBe('🔴 عاجل: قصفٌ على ');
  });
});

describe('corpusLexicon', () => {
  it('collects every annotator’s span texts, is cached, and follows changed layer files', async () => {
    await importText(ID_000, seed000, { ann: ANN_000, annotator: 'amal' });
    const lexicon = await corpusLexicon(store);
    expect(lexicon.entries.get('دير الزور')).toEqual({ label: 'Place', counts: new Map([['Place', 2]]) });
    expect(lexicon.entries.get('جون كيربي')?.label).toBe('Actor');
    expect(await corpusLexicon(store)).toBe(lexicon); // nothing changed: the same lexicon

    // A second annotator with the same spans: counts double.
    await importText(ID_000, seed000, { ann: ANN_000, annotator: 'badr' });
    const twice = await corpusLexicon(store);
    expect(twice).not.toBe(lexicon);
    expect(twice.entries.get('دير الزور')?.counts).toEqual(new Map([['Place', 4]]));

    // badr relabels every Place as Actor (same size, a later mtime): a tie, Actor wins by name.
    const file = store.layerPath(ID_000, 'badr');
    const content = await readFile(file, 'utf8');
    await writeFile(file, content.replaceAll('"label":"Place"', '"label":"Actor"'));
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    const relabelled = await corpusLexicon(store);
    expect(relabelled.entries.get('دير الزور')).toEqual({ label: 'Actor', counts: new Map([['Place', 2], ['Actor', 2]]) });

    // A damaged layer of a third annotator is skipped; the others still count.
    await mkdir(path.join(store.root, 'layers', 'carol'), { recursive: true });
    await writeFile(store.layerPath(ID_004, 'carol'), '{"format":"hashiya-layer"\n');
    const withDamaged = await corpusLexicon(store);
    expect(withDamaged.entries.get('دير الزور')?.counts).toEqual(new Map([['Place', 2], ['Actor', 2]]));

    // A layer file removed: its strings go.
    await rm(file);
    expect((await corpusLexicon(store)).entries.get('دير الزور')?.counts).toEqual(new Map([['Place', 2]]));

    // The document's text gone: its layers' quotes still count (the lexicon is what was labelled).
    await rm(store.textPath(ID_000));
    const layer = await readFile(store.layerPath(ID_000, 'amal'), 'utf8');
    await writeFile(store.layerPath(ID_000, 'amal'), layer); // a new stamp: read again
    const textless = new Date(Date.now() + 10_000);
    await utimes(store.layerPath(ID_000, 'amal'), textless, textless);
    expect((await corpusLexicon(store)).entries.get('دير الزور')?.counts).toEqual(new Map([['Place', 2]]));
  });

  it('gives suggestions for seed 004 from the spans of seed 000', async () => {
    await importText(ID_000, seed000, { ann: ANN_000, annotator: 'amal' });
    const suggestions = suggestSpans(seed004, await corpusLexicon(store), [], []);
    expect(suggestions.filter((s) => s.label === 'Place' && s.text === 'دير الزور').map((s) => s.start)).toEqual([580, 844]);
    expect(suggestions.find((s) => s.text === 'المرصد السوري لحقوق الإنسان')).toEqual({
      label: 'Actor',
      start: 753,
      end: 780,
      text: 'المرصد السوري لحقوق الإنسان',
    });
  });

  it('runs one update at a time: calls that come during one share the next, which sees what changed before them', async () => {
    await importText(ID_000, seed000, { ann: ANN_000, annotator: 'amal' });
    const first = corpusLexicon(store);
    const [second, third] = [corpusLexicon(store), corpusLexicon(store)];
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    expect(await second).toBe(await first); // nothing changed in between: the same lexicon
    // A second annotator's layer written while an update runs: the call made after it sees it.
    const running = corpusLexicon(store);
    mkdirSync(path.join(store.root, 'layers', 'badr'), { recursive: true });
    writeFileSync(store.layerPath(ID_000, 'badr'), readFileSync(store.layerPath(ID_000, 'amal'), 'utf8').replace('"annotator":"amal"', '"annotator":"badr"'));
    const after = corpusLexicon(store);
    expect((await after).entries.get('دير الزور')?.counts).toEqual(new Map([['Place', 4]]));
    expect((await running).entries.get('دير الزور')?.counts.get('Place')).toBeGreaterThanOrEqual(2);
  });

  it('is empty for a corpus without layers', async () => {
    expect((await corpusLexicon(store)).entries.size).toBe(0);
  });

  it('keeps the strings of each layer in the cache file, and a store opened again takes a layer from it only while its stamp is the same', async () => {
    await importText(ID_000, seed000, { ann: ANN_000, annotator: 'amal' });
    const lexicon = await corpusLexicon(store, { cacheAfterReads: 1 });
    await lexiconCacheWritten(store);
    const name = `layers/amal/${ID_000}.jsonl`;
    const written = parseLexiconCache(await readFile(lexiconCachePath(store.root), 'utf8'));
    expect([...written.keys()]).toEqual([name]);
    expect(written.get(name)?.strings).toContainEqual({ key: 'دير الزور', label: 'Place' });

    // Opened again (a new store: a new process): the same lexicon.
    const again = await corpusLexicon(await CorpusStore.open(store.root));
    expect(again.entries).toEqual(lexicon.entries);
    expect(again.tokenCounts).toEqual(lexicon.tokenCounts);

    // The entry is what counts while the file's stamp is the one recorded: a cache file that says
    // دير الزور is a Claim in this layer is believed…
    const forged = new Map([[name, { stamp: written.get(name)?.stamp as string, strings: [{ key: 'دير الزور', label: 'Claim' }] }]]);
    await writeFile(lexiconCachePath(store.root), serializeLexiconCache(forged));
    expect((await corpusLexicon(await CorpusStore.open(store.root))).entries.get('دير الزور')).toEqual({ label: 'Claim', counts: new Map([['Claim', 1]]) });
    // …and not once the file changed (here only its modification time): it is read again.
    const later = new Date(Date.now() + 5_000);
    await utimes(store.layerPath(ID_000, 'amal'), later, later);
    expect((await corpusLexicon(await CorpusStore.open(store.root))).entries).toEqual(lexicon.entries);

    // A damaged cache file is no cache.
    await writeFile(lexiconCachePath(store.root), '{"format":"hashiya-lexicon-cache","version":1,');
    expect((await corpusLexicon(await CorpusStore.open(store.root))).entries).toEqual(lexicon.entries);
  });
});
