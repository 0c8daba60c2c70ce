import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusStore } from '../../electron/corpus-store';
import { importPaths } from '../../electron/corpus-import';
import { prepareCorpusSearch, searchCorpus } from '../../electron/corpus-search';

// Search keeps every text's matching key per store, by document id and SHA-256; it may be
// prepared ahead (when a corpus opens) and searches may overlap. None of that may change a hit.

const ID_000 = '000_7db2a034c338d373';
const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const PLAIN = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] } as const;

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-search-cache-'));
  store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
  expect((await importPaths(store, [SEEDS])).failed).toEqual([]);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const QUERIES = ['دير الزور', 'القوات', 'سوريا', 'مليشيات'] as const;

describe('searchCorpus with its kept keys', () => {
  it('finds the same after prepareCorpusSearch, with searches overlapping, as a fresh store does', async () => {
    const fresh = await Promise.all(QUERIES.map(async (q) => searchCorpus(await CorpusStore.open(store.root), q, { clitics: true })));
    const prepared = prepareCorpusSearch(store);
    const overlapping = await Promise.all(QUERIES.map((q) => searchCorpus(store, q, { clitics: true })));
    await prepared;
    expect(overlapping).toEqual(fresh);
    expect(await Promise.all(QUERIES.map((q) => searchCorpus(store, q, { clitics: true })))).toEqual(fresh);
  });

  it('follows a document removed and imported again under the same id with another text', async () => {
    expect((await searchCorpus(store, 'دير الزور', { clitics: false })).hits.filter((h) => h.document === ID_000)).toHaveLength(5);
    await rm(store.metaPath(ID_000));
    await rm(store.textPath(ID_000));
    expect((await searchCorpus(store, 'دير الزور', { clitics: false })).hits.filter((h) => h.document === ID_000)).toEqual([]);
    await store.addDocument({ id: ID_000, source: 'again.txt', text: 'قصف في دير الزور', canonicalisation: PLAIN });
    const hits = (await searchCorpus(store, 'دير الزور', { clitics: false })).hits.filter((h) => h.document === ID_000);
    expect(hits.map((h) => [h.start, h.end, h.before, h.match])).toEqual([[7, 16, 'قصف في ', 'دير الزور']]);
  });

  it('fails as the store does when a meta no longer parses, and recovers when it is put back', async () => {
    await searchCorpus(store, 'سوريا', { clitics: false });
    const meta = await readFile(store.metaPath(ID_000), 'utf8');
    await writeFile(store.metaPath(ID_000), '{');
    await expect(searchCorpus(store, 'سوريا', { clitics: false })).rejects.toThrow(/invalid JSON/);
    await writeFile(store.metaPath(ID_000), meta);
    expect((await searchCorpus(store, 'سوريا', { clitics: false })).hits).toHaveLength(13);
  });
});
