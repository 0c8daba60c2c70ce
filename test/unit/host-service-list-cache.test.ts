import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostService, type HostService } from '../../electron/host-service';
import { documentListCachePath, parseDocumentListCache } from '../../electron/document-list-cache-file';
import { LIST_FIRST } from '../../electron/document-listing';
import type { DocumentSummary } from '../../shared/host-contract';
import { cpSlice, seed000 } from '../fixtures/text/load';
import { ID_000, ID_004, PLAIN, SEEDS, TITLE_000, TITLE_004, seedCorpus } from '../support/seed-corpus';

// The host's document list on a corpus larger than the first screenfuls: the first answer may
// give documents still being read as pending (never the first ones), later answers fill in,
// the host keeps its cache file, and the next run lists the same from it. Search finds in the
// texts the list read.

let dir: string;
let root: string;
let services: HostService[] = [];
/** Title of each document, by id. */
let titles: Map<string, string>;

beforeEach(async () => {
  services = [];
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-list-cache-'));
  const store = await seedCorpus(dir);
  titles = new Map([
    [ID_000, TITLE_000],
    [ID_004, TITLE_004],
  ]);
  for (let i = 0; i < LIST_FIRST + 10; i++) {
    const id = `report-${String(i).padStart(3, '0')}`;
    const title = `تقرير رقم ${i} عن القصف في دير الزور`;
    await store.addDocument({ id, source: `${id}.txt`, text: `${title}\nقال المرصد السوري إن القصف استمر`, canonicalisation: PLAIN });
    titles.set(id, title);
  }
  root = store.root;
});
afterEach(async () => {
  for (const service of services) await service.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<HostService> {
  const service = await createHostService({ dataDir: path.join(dir, 'home'), seedsDir: SEEDS, corpus: root, annotator: 'amal', version: 'test' });
  services.push(service);
  return service;
}

/** Asks again, as the renderer does, while any entry is pending. */
async function untilComplete(service: HostService, first: readonly DocumentSummary[]): Promise<readonly DocumentSummary[]> {
  let listed = first;
  for (let asked = 0; listed.some((d) => d.pending !== undefined); asked++) {
    expect(asked).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 20));
    listed = await service.listDocuments();
  }
  return listed;
}

const complete = (id: string, spans = 0): DocumentSummary => ({
  id,
  title: titles.get(id) as string,
  length: [...(titles.get(id) as string)].length + 1 + [...'قال المرصد السوري إن القصف استمر'].length,
  status: spans > 0 ? 'done' : 'not_started',
  spans,
  problem: null,
});

describe('the host’s document list on a larger corpus', () => {
  it('gives the first documents complete at once, fills in the others, and lists the same from its cache file next time', async () => {
    const ids = [...titles.keys()].sort();
    const service = await start();
    const first = await service.listDocuments();
    expect(first.map((d) => d.id)).toEqual(ids);
    for (const [i, d] of first.entries()) {
      if (i < LIST_FIRST) expect(d.pending).toBeUndefined();
      if (d.pending === 'text') expect([d.title, d.length, d.status, d.spans, d.problem]).toEqual(['', 0, 'not_started', 0, null]);
      else expect(d.title).toBe(titles.get(d.id));
    }
    const listed = await untilComplete(service, first);
    const span = { id: 's1', label: 'Place', start: 91, end: 100, text: cpSlice(seed000, 91, 100), attributes: {}, note: '' };
    const seedLength = { [ID_000]: 2083, [ID_004]: 2365 } as Record<string, number>;
    const expected = ids.map((id) => (id in seedLength ? { ...complete(id), length: seedLength[id] as number } : complete(id)));
    expect(listed).toEqual(expected);

    await service.saveLayer(ID_000, { spans: [span], relations: [], rejected: [], status: 'done', expectedRevision: 0 });
    const saved = expected.map((d) => (d.id === ID_000 ? { ...d, status: 'done' as const, spans: 1 } : d));
    expect(await untilComplete(service, await service.listDocuments())).toEqual(saved);
    expect((await service.searchCorpus('دير الزور', { clitics: false })).hits.filter((h) => h.document.startsWith('report-'))).toHaveLength(LIST_FIRST + 10);
    expect((await service.corpusProgress()).documents.map((d) => [d.id, d.title, d.layers.amal?.spans])).toEqual(saved.map((d) => [d.id, d.title, d.spans]));
    await service.close();

    const cached = parseDocumentListCache(await readFile(documentListCachePath(root), 'utf8'));
    expect([...cached.documents.keys()]).toEqual(ids);
    expect(cached.layers.get('amal')?.get(ID_000)).toMatchObject({ status: 'done', spans: 1 });

    // The next run: everything is in the cache file, so the first answer is complete.
    const next = await start();
    expect(await next.listDocuments()).toEqual(saved);
  });
});
