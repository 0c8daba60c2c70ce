import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, CorpusStore, type LayerSummary } from '../../electron/corpus-store';
import { importPaths } from '../../electron/corpus-import';
import { parseDocumentMeta } from '../../shared/corpus/document-meta';
import { parseLayerWithLines } from '../../shared/corpus/layer-file';
import type { DocumentMeta } from '../../shared/model';
import { cpSlice, seed000 } from '../fixtures/text/load';

// What the store keeps of the files it read (metas, layer summaries, verified texts) must never
// be stale: not after its own saves, not after another program changed a file. And the listing
// must be what reading every file one by one gives, in the same order.

const ID_000 = '000_7db2a034c338d373';
const ID_004 = '004_fee82008326e4aee';
const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const span = (id: string, label: string, start: number, end: number) => ({ id, label, start, end, text: cpSlice(seed000, start, end), attributes: {}, note: '' });
const NO_LINKS = { relations: [], rejected: [] } as const;

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-cache-'));
  store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
  const report = await importPaths(store, [SEEDS]);
  expect(report.failed).toEqual([]);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The reference: every meta read and parsed one by one, in id order. */
function metasOneByOne(root: string): DocumentMeta[] {
  const folder = path.join(root, 'documents');
  return readdirSync(folder)
    .filter((n) => n.endsWith('.meta.json'))
    .sort()
    .map((n) => {
      const parsed = parseDocumentMeta(readFileSync(path.join(folder, n), 'utf8'), n);
      if (!parsed.ok) throw new Error('reference meta does not parse');
      return parsed.value;
    });
}

/** The reference summary: the layer file read and parsed in full. */
function summaryOneByOne(file: string): Pick<LayerSummary, 'status' | 'spans'> & { damaged: boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { status: 'not_started', spans: 0, damaged: false };
  }
  const parsed = parseLayerWithLines(text, file);
  return parsed.ok ? { status: parsed.value.layer.status, spans: parsed.value.layer.spans.length, damaged: false } : { status: 'not_started', spans: 0, damaged: true };
}

async function summaries(annotator: string): Promise<Record<string, Pick<LayerSummary, 'status' | 'spans'> & { damaged: boolean }>> {
  const found = await store.layerSummaries(annotator);
  return Object.fromEntries([...found].map(([id, s]) => [id, { status: s.status, spans: s.spans, damaged: s.problems.length > 0 }]));
}

async function expectSummariesAsOnDisk(annotator: string): Promise<void> {
  const ids = metasOneByOne(store.root).map((m) => m.id);
  expect(await summaries(annotator)).toEqual(Object.fromEntries(ids.map((id) => [id, summaryOneByOne(store.layerPath(id, annotator))])));
}

/** Moves a file's modification time on, as a slow editor would (same size, same inode). */
async function touchLater(file: string, seconds: number): Promise<void> {
  const later = new Date(Date.now() + seconds * 1000);
  await utimes(file, later, later);
}

describe('the document list over a real Arabic corpus', () => {
  it('lists the metas in id order, as reading each file does, and again from what it kept', async () => {
    const reference = metasOneByOne(store.root);
    expect(reference.map((m) => m.id)).toEqual([ID_000, ID_004]);
    expect(await store.listDocuments()).toEqual(reference);
    expect(await store.listDocuments()).toEqual(reference);
    // Another store of the same folder (a second window, the CLI) gets the same.
    expect(await (await CorpusStore.open(store.root)).listDocuments()).toEqual(reference);
  });

  it('summarises each layer as parsing it in full does: status, spans, damage', async () => {
    await store.saveLayer(ID_000, 'amal', { spans: [span('s1', 'Place', 91, 100), span('s2', 'Actor', 219, 246)], ...NO_LINKS, status: 'done', expectedRevision: 0 });
    await expectSummariesAsOnDisk('amal');
    expect((await store.layerSummaries('amal')).get(ID_000)).toEqual({ status: 'done', spans: 2, problems: [] });
    expect((await store.layerSummaries('amal')).get(ID_004)).toEqual({ status: 'not_started', spans: 0, problems: [] });
    expect(await store.layerSummary(ID_000, 'amal')).toEqual({ status: 'done', spans: 2, problems: [] });
  });
});

describe('kept data after this process writes', () => {
  it('a save shows in the next summary at once', async () => {
    await store.saveLayer(ID_000, 'amal', { spans: [span('s1', 'Place', 91, 100)], ...NO_LINKS, status: 'in_progress', expectedRevision: 0 });
    expect((await store.layerSummaries('amal')).get(ID_000)).toMatchObject({ status: 'in_progress', spans: 1 });
    await store.saveLayer(ID_000, 'amal', { spans: [span('s1', 'Place', 91, 100), span('s2', 'Place', 84, 100)], ...NO_LINKS, status: 'done', expectedRevision: 1 });
    expect((await store.layerSummaries('amal')).get(ID_000)).toMatchObject({ status: 'done', spans: 2 });
    await expectSummariesAsOnDisk('amal');
  });

  it('a document added is listed, summarised and readable at once', async () => {
    await store.listDocuments();
    await store.layerSummaries('amal');
    const text = 'قصف على دير الزور';
    await store.addDocument(
      { id: 'late', source: 'late.txt', text, canonicalisation: { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] } },
      { annotator: 'amal', spans: [{ id: 's1', label: 'Place', start: 8, end: 17, text: 'دير الزور', attributes: {}, note: '' }] },
    );
    expect((await store.listDocuments()).map((m) => m.id)).toEqual([ID_000, ID_004, 'late']);
    expect((await store.layerSummaries('amal')).get('late')).toMatchObject({ status: 'in_progress', spans: 1 });
    expect(await store.readText('late')).toBe(text);
  });
});

describe('kept data after another program changes a file', () => {
  it('notices a layer file rewritten in place with the same size', async () => {
    await store.saveLayer(ID_000, 'amal', { spans: [span('s1', 'Place', 91, 100)], ...NO_LINKS, status: 'in_progress', expectedRevision: 0 });
    expect((await store.layerSummaries('amal')).get(ID_000)?.status).toBe('in_progress');
    const file = store.layerPath(ID_000, 'amal');
    const before = await readFile(file, 'utf8');
    const edited = before.replace('"status":"in_progress"', '"status":"not_started"');
    expect(edited.length).toBe(before.length);
    await writeFile(file, edited);
    await touchLater(file, 5);
    expect((await store.layerSummaries('amal')).get(ID_000)).toEqual({ status: 'not_started', spans: 1, problems: [] });
    await expectSummariesAsOnDisk('amal');
  });

  it('notices a layer file damaged, repaired, replaced by a rename, and removed', async () => {
    await store.saveLayer(ID_000, 'amal', { spans: [span('s1', 'Place', 91, 100)], ...NO_LINKS, status: 'done', expectedRevision: 0 });
    await store.layerSummaries('amal');
    const file = store.layerPath(ID_000, 'amal');
    const good = await readFile(file, 'utf8');
    await writeFile(file, `${good}{"type":"span"\n`);
    const damaged = (await store.layerSummaries('amal')).get(ID_000);
    expect(damaged?.problems[0]).toMatchObject({ file, line: 3 });
    await expectSummariesAsOnDisk('amal');

    await writeFile(`${file}.new`, good);
    await rename(`${file}.new`, file);
    expect((await store.layerSummaries('amal')).get(ID_000)).toEqual({ status: 'done', spans: 1, problems: [] });

    await rm(file);
    expect((await store.layerSummaries('amal')).get(ID_000)).toEqual({ status: 'not_started', spans: 0, problems: [] });
  });

  it('notices a meta edited by hand, and one that no longer parses', async () => {
    const metaFile = store.metaPath(ID_004);
    const listed = await store.listDocuments();
    const meta = await readFile(metaFile, 'utf8');
    await writeFile(metaFile, meta.replace(/"source": "[^"]*"/, '"source": "renamed-by-hand.txt"'));
    await touchLater(metaFile, 5);
    const again = await store.listDocuments();
    expect(again.find((m) => m.id === ID_004)?.source).toBe('renamed-by-hand.txt');
    expect(again.find((m) => m.id === ID_000)).toEqual(listed.find((m) => m.id === ID_000));
    expect(await store.readMeta(ID_004)).toMatchObject({ source: 'renamed-by-hand.txt' });

    await writeFile(metaFile, '{"id": ');
    const error = await store.listDocuments().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).kind).toBe('damaged');
    expect((error as CorpusError).problems[0]?.file).toBe(metaFile);
  });

  it('never serves a text that changed on disk after it was read and verified', async () => {
    expect(await store.readText(ID_000)).toBe(seed000);
    const textFile = store.textPath(ID_000);
    await writeFile(textFile, seed000.replace('دير', 'ديز'));
    await touchLater(textFile, 5);
    const error = await store.readText(ID_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).problems[0]?.message).toMatch(/the text changed after import/);
    await writeFile(textFile, seed000);
    expect(await store.readText(ID_000)).toBe(seed000);
    await rm(textFile);
    await expect(store.readText(ID_000)).rejects.toThrow(/missing: the document text is gone/);
  });
});

describe('reading many files at once', () => {
  it('validates in a deterministic order: the same problems, file and line order, every time', async () => {
    await store.saveLayer(ID_000, 'amal', { spans: [span('s1', 'Place', 91, 100)], ...NO_LINKS, status: 'done', expectedRevision: 0 });
    await store.saveLayer(ID_004, 'amal', { spans: [], ...NO_LINKS, status: 'done', expectedRevision: 0 });
    await writeFile(store.layerPath(ID_004, 'amal'), `${await readFile(store.layerPath(ID_004, 'amal'), 'utf8')}oops\n`);
    await writeFile(path.join(store.root, 'documents', 'stray.bin'), 'x');
    await writeFile(store.textPath(ID_000), `${seed000}!`);
    const first = await store.validate();
    expect(first.map((p) => path.relative(store.root, p.file))).toEqual([
      path.join('documents', `${ID_000}.txt`),
      path.join('documents', 'stray.bin'),
      path.join('layers', 'amal', `${ID_004}.jsonl`),
    ]);
    for (let i = 0; i < 3; i++) expect(await store.validate()).toEqual(first);
  });
});
