import { readFile, rm, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, CorpusStore } from '../../electron/corpus-store';
import { documentListCachePath, parseDocumentListCache } from '../../electron/document-list-cache-file';
import { DocumentListing, LIST_FIRST, type ListedDocument } from '../../electron/document-listing';
import { cpSlice, seed000, seed004 } from '../fixtures/text/load';
import { ID_000, ID_004, PLAIN, TITLE_000, TITLE_004, seedCorpus } from '../support/seed-corpus';

// The document list and its cache file (.hashiya/cache/document-list.json) over the real Arabic
// seeds. A new DocumentListing over a new CorpusStore is what a new process makes: it knows
// only what the cache file says. Whatever the cache says, nothing stale may be listed.

const span = (id: string, label: string, start: number, end: number) => ({ id, label, start, end, text: cpSlice(seed000, start, end), attributes: {}, note: '' });
const NO_LINKS = { relations: [], rejected: [] } as const;

let dir: string;
let root: string;
/** Listings made by a test: closed (their last cache write done) before the folder goes. */
let opened: DocumentListing[] = [];
beforeEach(async () => {
  opened = [];
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-listing-'));
  const store = await seedCorpus(dir);
  await store.saveLayer(ID_000, 'amal', { spans: [span('s1', 'Place', 91, 100), span('s2', 'Actor', 219, 246)], ...NO_LINKS, status: 'done', expectedRevision: 0 });
  root = store.root;
});
afterEach(async () => {
  await Promise.all(opened.map((l) => l.close()));
  await rm(dir, { recursive: true, force: true });
});

/** A listing as a new process of the app makes it: a new store, the cache file in use. */
async function newListing(): Promise<{ store: CorpusStore; listing: DocumentListing }> {
  const store = await CorpusStore.open(root);
  const listing = new DocumentListing(store);
  listing.useCacheFile();
  opened.push(listing);
  return { store, listing };
}

/** What one row shows: title, length, status, spans, damaged, pending. */
const row = (d: ListedDocument) => [d.id, d.title, d.length, d.layer.status, d.layer.spans, d.layer.problems.length > 0, d.pending] as const;

const EXPECTED = [
  [ID_000, TITLE_000, [...seed000].length, 'done', 2, false, null],
  [ID_004, TITLE_004, [...seed004].length, 'not_started', 0, false, null],
] as const;

/** Lists everything once in a new listing and writes the cache file, as a first run of the app does. */
async function firstRun(): Promise<void> {
  const { listing } = await newListing();
  expect((await listing.list('amal', { wait: 'all' })).map(row)).toEqual(EXPECTED);
  await listing.close();
}

/** Moves a file's modification time on, as a slow editor would (same size, same inode). */
async function touchLater(file: string, seconds: number): Promise<void> {
  const later = new Date(Date.now() + seconds * 1000);
  await utimes(file, later, later);
}

/** Edits the cache file by hand (through its JSON), keeping every stamp. */
async function editCacheFile(edit: (json: { documents: Record<string, unknown[]>; layers: Record<string, Record<string, unknown[]>> }) => void): Promise<void> {
  const file = documentListCachePath(root);
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

describe('the document list and its cache file', () => {
  it('lists titles, lengths, status and spans in id order; a new process gets the same from the cache file', async () => {
    await firstRun();
    const cached = parseDocumentListCache(await readFile(documentListCachePath(root), 'utf8'));
    expect([...cached.documents.keys()]).toEqual([ID_000, ID_004]);
    expect(cached.documents.get(ID_000)).toMatchObject({ title: TITLE_000, length: 2083 });
    expect(cached.layers.get('amal')?.get(ID_000)).toMatchObject({ status: 'done', spans: 2 });
    const { listing } = await newListing();
    expect((await listing.list('amal')).map(row)).toEqual(EXPECTED);
    expect((await listing.list(null)).map(row)).toEqual(EXPECTED.map(([id, title, length]) => [id, title, length, 'not_started', 0, false, null]));
  });

  it('uses a cache entry only while the files have the stamps it was read at', async () => {
    await firstRun();
    // Entries edited by hand, stamps kept: a new process believes them, which shows it read no file...
    await editCacheFile((json) => {
      (json.documents[ID_004] as unknown[])[4] = 'عنوان من الذاكرة';
      (json.layers.amal?.[ID_000] as unknown[])[2] = 7;
    });
    const { store, listing } = await newListing();
    expect((await listing.list('amal')).map((d) => [d.title, d.layer.spans])).toEqual([
      [TITLE_000, 7],
      ['عنوان من الذاكرة', 0],
    ]);
    // ...and the moment a file's stamp differs, the file is read again.
    await touchLater(store.layerPath(ID_000, 'amal'), 5);
    expect((await listing.list('amal')).map((d) => [d.title, d.layer.spans])).toEqual([
      [TITLE_000, 2],
      ['عنوان من الذاكرة', 0],
    ]);
    // A text's stamp is compared once per process: the next process reads the text again.
    await touchLater(store.textPath(ID_004), 5);
    const next = await newListing();
    expect((await next.listing.list('amal')).map(row)).toEqual(EXPECTED);
  });

  it('gives the fresh summary of a layer changed on disk after the cache file was written', async () => {
    await firstRun();
    // Another program edits the layer in place: same size, other status.
    const { store } = await newListing();
    const file = store.layerPath(ID_000, 'amal');
    const before = await readFile(file, 'utf8');
    const edited = before.replace('"status":"done"', '"status":"in_progress"');
    expect(edited).not.toBe(before);
    await writeFile(file, edited);
    await touchLater(file, 5);
    const { listing } = await newListing();
    expect((await listing.list('amal')).map(row)).toEqual([[ID_000, TITLE_000, 2083, 'in_progress', 2, false, null], EXPECTED[1]]);

    // A save by another process: one span fewer.
    const other = await CorpusStore.open(root);
    const { layer } = await other.readLayer(ID_000, 'amal');
    await other.saveLayer(ID_000, 'amal', { spans: [span('s1', 'Place', 91, 100)], ...NO_LINKS, status: 'done', expectedRevision: layer.revision });
    expect((await listing.list('amal')).map(row)).toEqual([[ID_000, TITLE_000, 2083, 'done', 1, false, null], EXPECTED[1]]);
    // The layer of a document not started yet appears.
    await other.saveLayer(ID_004, 'amal', { spans: [], ...NO_LINKS, status: 'in_progress', expectedRevision: 0 });
    expect((await listing.list('amal')).map((d) => [d.id, d.layer.status])).toEqual([
      [ID_000, 'done'],
      [ID_004, 'in_progress'],
    ]);
  });

  it('ignores a damaged cache file without a word, and writes a whole one again', async () => {
    await firstRun();
    const file = documentListCachePath(root);
    const good = await readFile(file, 'utf8');
    const damaged = [
      '',
      '{',
      good.slice(0, Math.floor(good.length / 2)),
      '\u0000\u00ff garbage',
      good.replace('"version":1', '"version":99'),
      JSON.stringify({ format: 'hashiya-document-list-cache', version: 1, documents: { [ID_000]: ['x'], [ID_004]: 'y' }, layers: { amal: { [ID_000]: ['x', 'finished', -1] }, '../evil': {} } }),
      JSON.stringify([1, 2, 3]),
    ];
    for (const bytes of damaged) {
      await writeFile(file, bytes);
      const { listing } = await newListing();
      expect((await listing.list('amal', { wait: 'all' })).map(row)).toEqual(EXPECTED);
      await listing.close();
      const rebuilt = parseDocumentListCache(await readFile(file, 'utf8'));
      expect([...rebuilt.documents].map(([id, d]) => [id, d.title, d.length])).toEqual([
        [ID_000, TITLE_000, 2083],
        [ID_004, TITLE_004, 2365],
      ]);
      expect([...(rebuilt.layers.get('amal') ?? [])].map(([id, l]) => [id, l.status, l.spans])).toEqual([
        [ID_000, 'done', 2],
        [ID_004, 'not_started', 0],
      ]);
    }
  });

  it('lists a document added, and not one removed, after the cache file was written', async () => {
    await firstRun();
    const store = await CorpusStore.open(root);
    await store.addDocument({ id: 'late', source: 'late.txt', text: '\nقصف على دير الزور\nثم هدوء', canonicalisation: PLAIN }, { annotator: 'amal', spans: [{ id: 's1', label: 'Place', start: 9, end: 18, text: 'دير الزور', attributes: {}, note: '' }] });
    await rm(store.metaPath(ID_004));
    await rm(store.textPath(ID_004));
    const { listing } = await newListing();
    expect((await listing.list('amal')).map(row)).toEqual([EXPECTED[0], ['late', 'قصف على دير الزور', 26, 'in_progress', 1, false, null]]);
    await listing.close();
    const cached = parseDocumentListCache(await readFile(documentListCachePath(root), 'utf8'));
    expect([...cached.documents.keys()]).toEqual([ID_000, 'late']);
  });

  it('reports a damaged layer (never kept in the cache file) and lists it again once repaired', async () => {
    await firstRun();
    const { store, listing } = await newListing();
    const file = store.layerPath(ID_000, 'amal');
    const good = await readFile(file, 'utf8');
    await writeFile(file, `${good}{"type":"span"\n`);
    const listed = await listing.list('amal');
    expect(listed[0]?.layer.problems[0]).toMatchObject({ file, line: 4 });
    expect(row(listed[0] as ListedDocument)).toEqual([ID_000, TITLE_000, 2083, 'not_started', 0, true, null]);
    await listing.close();
    expect(parseDocumentListCache(await readFile(documentListCachePath(root), 'utf8')).layers.get('amal')?.has(ID_000)).toBe(false);
    await writeFile(file, good);
    const next = await newListing();
    expect((await next.listing.list('amal')).map(row)).toEqual(EXPECTED);
  });

  it('fails as the store does for a meta that does not parse, and lists again once it is put back', async () => {
    await firstRun();
    const store = await CorpusStore.open(root);
    const meta = await readFile(store.metaPath(ID_004), 'utf8');
    await writeFile(store.metaPath(ID_004), '{"id": ');
    const broken = await newListing();
    const error = await broken.listing.list('amal').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).kind).toBe('damaged');
    expect((error as CorpusError).problems.map((p) => p.file)).toEqual([store.metaPath(ID_004)]);
    await writeFile(store.metaPath(ID_004), meta);
    expect((await broken.listing.list('amal')).map(row)).toEqual(EXPECTED);
  });

  it('notices a text changed after import although the cache file has its title, when the texts are checked ahead or by the first list', async () => {
    await firstRun();
    const store = await CorpusStore.open(root);
    await writeFile(store.textPath(ID_004), seed004.replace('هجوم', 'هجمة'));
    // The texts' stamps compared ahead (as the app does when a corpus opens), or by the first list.
    const preloaded = await newListing();
    await preloaded.listing.preload();
    const next = await newListing();
    await expect(next.listing.list('amal')).rejects.toThrow(/the text changed after import/);
    await expect(preloaded.listing.list('amal')).rejects.toThrow(/the text changed after import/);
  });

  it('answers at once with the first documents complete and the others complete or pending, then fills in', async () => {
    const store = await CorpusStore.open(root);
    const lines = seed000.split('\n').filter((l) => l.trim() !== '');
    const extra = LIST_FIRST + 6;
    const expected = new Map<string, string>([
      [ID_000, TITLE_000],
      [ID_004, TITLE_004],
    ]);
    for (let i = 0; i < extra; i++) {
      const id = `n${String(i).padStart(3, '0')}`;
      const title = `${lines[i % lines.length]?.trim()} ${i}`;
      await store.addDocument({ id, source: `${id}.txt`, text: `${title}\nوقال المرصد السوري`, canonicalisation: PLAIN });
      expected.set(id, [...title].length > 90 ? `${[...title].slice(0, 90).join('')}…` : title);
    }
    const ids = [...expected.keys()].sort();
    const { listing } = await newListing();
    const first = await listing.list('amal');
    expect(first.map((d) => d.id)).toEqual(ids);
    first.forEach((d, i) => {
      if (i < LIST_FIRST) expect(d.pending).toBeNull();
      if (d.pending === 'text') expect([d.title, d.length, d.layer.spans]).toEqual(['', 0, 0]);
      else expect(d.title).toBe(expected.get(d.id));
    });
    const all = await listing.list('amal', { wait: 'all' });
    expect(all.map((d) => [d.id, d.title, d.pending])).toEqual(ids.map((id) => [id, expected.get(id), null]));
    expect(all.find((d) => d.id === ID_000)?.layer.spans).toBe(2);
  });
});
