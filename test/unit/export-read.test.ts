import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, type CorpusStore } from '../../electron/corpus-store';
import { exportFilesAhead, readDocumentToExport } from '../../electron/export-read';
import { TextReadAhead } from '../../electron/text-read-ahead';
import { ID_000, ID_004, fixtureCorpus } from '../fixtures/export/corpus';

// readDocumentToExport reads the common layer itself and leaves everything else to the store:
// whichever way, it must give what readDocument and readLayer give (or throw what they throw),
// with its files read here or read ahead in a worker (as an export reads them).

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-export-read-'));
  store = await fixtureCorpus(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the store gives for the document and Ali's layer, or the error it throws. */
async function byStore(id: string, annotator = 'Ali'): Promise<unknown> {
  try {
    const { meta, text } = await store.readDocument(id);
    const { layer, orphans } = await store.readLayer(id, annotator);
    return { meta, text, read: { layer, orphans } };
  } catch (error) {
    return error;
  }
}

async function attempt(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch (error) {
    return error;
  }
}

/**
 * readDocumentToExport with the files read ahead (first, while the store's cache of verified
 * texts does not hold this text yet), then read here: the two must agree; the first is returned.
 */
async function byExport(id: string, annotator = 'Ali'): Promise<unknown> {
  const ahead = TextReadAhead.start(exportFilesAhead(store, id, annotator));
  let read: unknown;
  try {
    read = await attempt(() => readDocumentToExport(store, id, annotator, () => Promise.all([0, 1, 2].map((k) => ahead.read(k)))));
  } finally {
    await ahead.close();
  }
  expect(await attempt(() => readDocumentToExport(store, id, annotator))).toEqual(read);
  return read;
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, 'utf8')));
}

describe('readDocumentToExport', () => {
  it('gives the document and the layer as the store does, for sound layers', async () => {
    for (const id of [ID_000, ID_004]) {
      const read = await byExport(id);
      expect(read).toEqual(await byStore(id));
      expect((read as { read: { layer: { spans: unknown[] } } }).read.layer.spans.length).toBeGreaterThan(0);
    }
  });

  it('gives the orphans of a span that no longer anchors, with the store’s message and line', async () => {
    await edit(store.layerPath(ID_000, 'Ali'), (t) => t.replace('"id":"s15","label":"Actor","start":74,"end":79', '"id":"s15","label":"Actor","start":75,"end":80'));
    const read = (await byExport(ID_000)) as { read: { orphans: readonly { spanId: string; message: string }[] } };
    expect(read.read.orphans).toEqual([{ spanId: 's15', message: 'offsets 75–80 now yield "يران،", not the quote "إيران" (line 4)' }]);
    expect(read).toEqual(await byStore(ID_000));
  });

  it('gives a layer made on another text re-anchored, as the store does', async () => {
    // Every span still anchors, but re-anchoring leaves out a rejected suggestion past the end of the text.
    await edit(store.layerPath(ID_000, 'Ali'), (t) =>
      `${t.replace(/"textSha256":"[0-9a-f]{64}"/, `"textSha256":"${'0'.repeat(64)}"`)}{"type":"rejected","label":"Place","start":5000,"end":5004}\n`,
    );
    const read = (await byExport(ID_000)) as { read: { layer: { textSha256: string; rejected: readonly { start: number }[] } } };
    expect(read).toEqual(await byStore(ID_000));
    expect(read.read.layer.textSha256).toBe('0'.repeat(64));
    expect(read.read.layer.rejected.map((r) => r.start)).toEqual([964]);
  });

  it('keeps each span’s attributes on that span, for a span nested in another (as the app saves them)', async () => {
    // «محافظة\nدير الزور» and, inside it, «دير الزور» with a level: seed 000, code points 84–100 and 91–100.
    const plain = { attributes: {}, note: '' };
    await store.saveLayer(ID_000, 'Layla', {
      spans: [
        { id: 's1', label: 'Place', start: 84, end: 100, text: 'محافظة\nدير الزور', ...plain },
        { id: 's2', label: 'Place', start: 91, end: 100, text: 'دير الزور', ...plain, attributes: { level: 'governorate' } },
      ],
      relations: [],
      rejected: [],
      status: 'in_progress',
      expectedRevision: 0,
    });
    const read = (await byExport(ID_000, 'Layla')) as { read: { layer: { spans: readonly { id: string; attributes: object }[] } } };
    expect(read.read.layer.spans.map(({ id, attributes }) => ({ id, attributes }))).toEqual([
      { id: 's1', attributes: {} },
      { id: 's2', attributes: { level: 'governorate' } },
    ]);
    expect(read).toEqual(await byStore(ID_000, 'Layla'));
  });

  it('gives the empty layer of a missing file, as the store does', async () => {
    const read = (await byExport(ID_000, 'Layla')) as { read: { layer: { spans: unknown[]; revision: number } } };
    expect(read.read.layer.spans).toEqual([]);
    expect(read.read.layer.revision).toBe(0);
    expect(read).toEqual(await byStore(ID_000, 'Layla'));
  });

  it('throws what the store throws for a damaged layer, a layer that is not UTF-8 and a document whose text is gone', async () => {
    await writeFile(store.layerPath(ID_000, 'Ali'), '{"format":"hashiya-layer"\n');
    const damaged = await byExport(ID_000);
    expect(damaged).toBeInstanceOf(CorpusError);
    expect(damaged).toEqual(await byStore(ID_000));
    expect((damaged as CorpusError).problems[0]?.message).toContain('invalid JSON');

    await writeFile(store.layerPath(ID_004, 'Ali'), Buffer.from([0x7b, 0xff, 0xfe, 0x0a]));
    const invalid = await byExport(ID_004);
    expect(invalid).toBeInstanceOf(CorpusError);
    expect((invalid as CorpusError).problems).toEqual((await byStore(ID_004) as CorpusError).problems);

    await unlink(store.textPath(ID_004));
    const gone = await byExport(ID_004, 'Layla');
    expect(gone).toBeInstanceOf(CorpusError);
    expect((gone as CorpusError).problems).toEqual((await byStore(ID_004, 'Layla') as CorpusError).problems);
  });
});
