import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCorpus } from '../../electron/corpus-export';
import { FORMATS } from '../../shared/formats';
import type { CorpusError } from '../../electron/corpus-store';
import { ID_000, ID_004, fixtureCorpus } from '../fixtures/export/corpus';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const EXPORTED_AT = '2025-06-01T12:00:00.000Z';

async function refusal(promise: Promise<unknown>): Promise<CorpusError> {
  try {
    await promise;
  } catch (error) {
    return error as CorpusError;
  }
  throw new Error('expected a refusal');
}

describe('exportCorpus', () => {
  it('exports one document at a time, reports progress, and writes nothing but the finished files', async () => {
    const store = await fixtureCorpus(dir);
    const out = path.join(dir, 'out');
    const progress: [number, number][] = [];
    const seen: string[] = [];
    const report = await exportCorpus(store, {
      format: 'conll',
      source: { annotator: 'Ali' },
      outDir: out,
      exportedAt: EXPORTED_AT,
      onProgress: (done, total) => progress.push([done, total]),
      onDocument: (doc) => seen.push(`${doc.meta.id}:${doc.layer.spans.length}`),
    });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(seen).toEqual([`${ID_000}:15`, `${ID_004}:8`]);
    expect(report.failed).toEqual([]);
    expect(report.files).toBe(2);
    expect(report.formats).toEqual([{ format: 'conll', dir: out }]);
    expect(report.documents).toEqual([
      { document: ID_000, spans: 15, relations: 3 },
      { document: ID_004, spans: 8, relations: 1 },
    ]);
    expect((await readdir(out)).sort()).toEqual([`${ID_000}.conll`, `${ID_004}.conll`]);
    // CoNLL cannot hold values, notes, relations or nested spans: each is named, prefixed with the format.
    expect(report.losses.length).toBeGreaterThan(0);
    expect(report.losses.every((l) => l.message.startsWith('conll: '))).toBe(true);
    expect(report.lossCounts.get('conll')).toBe(report.losses.length);
    const conll = await readFile(path.join(out, `${ID_000}.conll`), 'utf8');
    expect(conll.startsWith('-DOCSTART- -X- -X- O\n\n')).toBe(true);
    expect(conll).toContain('المرصد\tB-Actor\nالسوري\tI-Actor\n');
  });

  it('exports a selection, several formats into one folder each, and the gold layer', async () => {
    const store = await fixtureCorpus(dir);
    const out = path.join(dir, 'out');
    const report = await exportCorpus(store, { formats: ['conll', 'conll'], source: { gold: true }, documents: [ID_004, ID_004], outDir: out, exportedAt: EXPORTED_AT, subfolders: true });
    expect(report.documents.map((d) => d.document)).toEqual([ID_004]);
    expect(report.formats).toEqual([{ format: 'conll', dir: path.join(out, 'conll') }]);
    expect(await readdir(path.join(out, 'conll'))).toEqual([`${ID_004}.conll`]);
  });

  it('leaves orphaned spans out, with the links to them, and says so', async () => {
    const store = await fixtureCorpus(dir);
    const file = store.layerPath(ID_000, 'Ali');
    const text = await readFile(file, 'utf8');
    // s15 (إيران) no longer anchors: s2 refers to it (backed_by), and relation r3 links it.
    await writeFile(file, text.replace('"id":"s15","label":"Actor","start":74,"end":79', '"id":"s15","label":"Actor","start":75,"end":80'));
    const report = await exportCorpus(store, { format: 'conll', source: { annotator: 'Ali' }, outDir: path.join(dir, 'out'), exportedAt: EXPORTED_AT });
    const orphanLosses = report.losses.filter((l) => !l.message.startsWith('conll: '));
    expect(orphanLosses.map((l) => `${l.document}: ${l.message}`)).toEqual([
      `${ID_000}: span "s15" not exported: it is orphaned (offsets 75–80 now yield "يران،", not the quote "إيران" (line 4))`,
      `${ID_000}: span "s2": "backed_by" not exported: it refers to the orphaned span "s15"`,
      `${ID_000}: relation "r3" (part_of) not exported: it links the orphaned span "s15"`,
    ]);
    expect(report.lossCounts.get('orphans')).toBe(3);
    expect(report.documents[0]).toEqual({ document: ID_000, spans: 14, relations: 2 });
  });

  it('lists a document whose files are damaged and exports the others', async () => {
    const store = await fixtureCorpus(dir);
    await writeFile(store.layerPath(ID_000, 'Ali'), '{"format":"hashiya-layer"\n');
    const report = await exportCorpus(store, { format: 'conll', source: { annotator: 'Ali' }, outDir: path.join(dir, 'out'), exportedAt: EXPORTED_AT });
    expect(report.failed).toEqual([{ file: store.layerPath(ID_000, 'Ali'), line: 1, message: expect.stringContaining('invalid JSON') }]);
    expect(report.documents.map((d) => d.document)).toEqual([ID_004]);
  });

  it('refuses before writing anything: a folder inside the corpus, unknown documents, a missing layer or gold', async () => {
    const store = await fixtureCorpus(dir, { gold: false });
    const out = path.join(dir, 'out');
    await mkdir(out);
    await writeFile(path.join(out, `${ID_000}.conll`), 'before');

    const inside = await refusal(exportCorpus(store, { format: 'conll', source: { annotator: 'Ali' }, outDir: path.join(store.root, 'exports') }));
    expect(inside.message).toContain('refusing to export into the corpus folder');
    expect(existsSync(path.join(store.root, 'exports'))).toBe(false);

    const unknown = await refusal(exportCorpus(store, { format: 'conll', source: { annotator: 'Ali' }, documents: [ID_000, 'nope', 'gone'], outDir: out }));
    expect(unknown.message).toContain('no document "nope", "gone" in this corpus');

    const nobody = await refusal(exportCorpus(store, { format: 'conll', source: { annotator: 'Omar' }, outDir: out }));
    expect(nobody.message).toContain('no layers of annotator "Omar" in this corpus (annotators: Ali, Layla)');

    const noGold = await refusal(exportCorpus(store, { format: 'conll', source: { gold: true }, outDir: out }));
    expect(noGold.message).toContain('no gold layers in this corpus yet');

    const noFormat = await refusal(exportCorpus(store, { formats: [], source: { annotator: 'Ali' }, outDir: out }));
    expect(noFormat.message).toBe('no export format given');

    expect(await readdir(out)).toEqual([`${ID_000}.conll`]);
    expect(await readFile(path.join(out, `${ID_000}.conll`), 'utf8')).toBe('before');
  });

  it('writes, one document at a time, what one call over the whole collection writes, for every format', async () => {
    const store = await fixtureCorpus(dir);
    const documents = await Promise.all(
      [ID_000, ID_004].map(async (id) => ({ meta: await store.readMeta(id), text: await store.readText(id), layer: (await store.readLayer(id, 'Ali')).layer })),
    );
    for (const adapter of FORMATS.values()) {
      for (const offsets of ['codepoint', 'utf16'] as const) {
        const out = path.join(dir, `${adapter.name}-${offsets}`);
        const report = await exportCorpus(store, { format: adapter.name, source: { annotator: 'Ali' }, outDir: out, offsets, exportedAt: EXPORTED_AT, toolVersion: '1.2.3' });
        const whole = adapter.serialize(documents, { schema: store.manifest.schema, source: 'Ali', toolVersion: '1.2.3', exportedAt: EXPORTED_AT, offsets });
        expect((await readdir(out, { recursive: true })).map(String).sort(), adapter.name).toEqual(whole.files.map((f) => f.path).sort());
        for (const file of whole.files) expect(await readFile(path.join(out, file.path), 'utf8'), `${adapter.name} ${file.path}`).toBe(file.content);
        expect(report.losses.map((l) => `${l.document}: ${l.message}`).sort(), adapter.name).toEqual(whole.losses.map((l) => `${l.document}: ${adapter.name}: ${l.message}`).sort());
      }
    }
  });

  it('gives the same bytes for the same corpus and date', async () => {
    const store = await fixtureCorpus(dir);
    await exportCorpus(store, { format: 'conll', source: { annotator: 'Ali' }, outDir: path.join(dir, 'a'), exportedAt: EXPORTED_AT });
    await exportCorpus(store, { format: 'conll', source: { annotator: 'Ali' }, outDir: path.join(dir, 'b'), exportedAt: EXPORTED_AT });
    for (const name of await readdir(path.join(dir, 'a'))) {
      expect(await readFile(path.join(dir, 'b', name))).toEqual(await readFile(path.join(dir, 'a', name)));
    }
  });
});
