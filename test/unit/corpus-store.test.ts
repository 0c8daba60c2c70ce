import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, CorpusStore } from '../../electron/corpus-store';
import { writeFileAtomic } from '../../electron/atomic-write';
import { DEFAULT_SCHEMA, serializeManifest } from '../../shared/corpus/manifest';
import type { Canonicalisation } from '../../shared/model';

const SEED_ID = '000_7db2a034c338d373';
const SEED_BYTES = readFileSync(new URL(`../../seeds/${SEED_ID}.txt`, import.meta.url));
const SEED = SEED_BYTES.toString('utf8');
const SEED_SHA = createHash('sha256').update(SEED_BYTES).digest('hex');
const PLAIN: Canonicalisation = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] };

/** Real spans of seed 000 (code point offsets checked against the text by hand). */
const DEIR_EZ_ZOR = { id: 's1', label: 'Place', start: 91, end: 100, text: 'دير الزور' };
const GOVERNORATE = { id: 's2', label: 'Place', start: 84, end: 100, text: 'محافظة\nدير الزور' };
const EASTERN_COUNTRYSIDE = { id: 's3', label: 'Place', start: 325, end: 345, text: 'ريف دير الزور الشرقي' };
const NESTED_DEIR_EZ_ZOR = { id: 's4', label: 'Place', start: 329, end: 338, text: 'دير الزور' };
const OBSERVATORY = { id: 's5', label: 'Actor', start: 219, end: 246, text: 'المرصد السوري لحقوق الإنسان' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function corpusWithSeed(): Promise<CorpusStore> {
  const store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true, name: 'Seeds' });
  await store.addDocument({ id: SEED_ID, source: `${SEED_ID}.txt`, text: SEED, canonicalisation: PLAIN, importedAt: '2025-03-01T10:15:00.000Z' });
  return store;
}

async function rejection(promise: Promise<unknown>): Promise<CorpusError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CorpusError) return error;
    throw error;
  }
  throw new Error('expected a CorpusError');
}

describe('CorpusStore.open', () => {
  it('creates a corpus in a missing folder, with the default schema, and opens it again', async () => {
    const root = path.join(dir, 'new', 'corpus');
    const store = await CorpusStore.open(root, { create: true });
    expect(store.root).toBe(root);
    expect(store.manifest).toEqual({ name: 'corpus', schema: DEFAULT_SCHEMA });
    expect(await readFile(path.join(root, 'hashiya.json'), 'utf8')).toBe(serializeManifest({ name: 'corpus', schema: DEFAULT_SCHEMA }));
    expect((await readdir(root)).sort()).toEqual(['documents', 'hashiya.json', 'layers']);
    const again = await CorpusStore.open(root);
    expect(again.manifest).toEqual(store.manifest);
  });

  it('turns an empty folder into a corpus only when asked', async () => {
    const error = await rejection(CorpusStore.open(dir));
    expect(error.kind).toBe('not_found');
    expect(error.problems[0]?.file).toBe(path.join(dir, 'hashiya.json'));
    await writeFile(path.join(dir, '.DS_Store'), '');
    expect((await CorpusStore.open(dir, { create: true, name: 'أخبار' })).manifest.name).toBe('أخبار');
  });

  it('refuses a non-empty folder without a manifest, naming the manifest', async () => {
    await writeFile(path.join(dir, 'notes.txt'), 'hello');
    const error = await rejection(CorpusStore.open(dir, { create: true }));
    expect(error.problems).toEqual([{ file: path.join(dir, 'hashiya.json'), message: expect.stringContaining('is not empty and is not a Hashiya corpus') }]);
    expect(existsSync(path.join(dir, 'hashiya.json'))).toBe(false);
  });

  it('refuses a damaged manifest, naming file and line', async () => {
    await writeFile(path.join(dir, 'hashiya.json'), '{\n  "format": "hashiya-corpus",\n  "version": 1,\n  "name": 7\n}\n');
    const error = await rejection(CorpusStore.open(dir, { create: true }));
    expect(error.kind).toBe('damaged');
    expect(error.problems[0]).toEqual({ file: path.join(dir, 'hashiya.json'), line: 4, message: '"name" must be a string, not a number' });
  });
});

describe('documents', () => {
  it('stores the seed as imported and verifies it on every read', async () => {
    const store = await corpusWithSeed();
    expect(await readFile(store.textPath(SEED_ID))).toEqual(SEED_BYTES);
    const meta = await store.readMeta(SEED_ID);
    expect(meta).toEqual({ id: SEED_ID, source: `${SEED_ID}.txt`, importedAt: '2025-03-01T10:15:00.000Z', sha256: SEED_SHA, length: 2083, canonicalisation: PLAIN });
    expect(await store.readText(SEED_ID)).toBe(SEED);
    expect((await store.listDocuments()).map((m) => m.id)).toEqual([SEED_ID]);

    await writeFile(store.textPath(SEED_ID), SEED.replace('دير الزور', 'دير الزوز'));
    const error = await rejection(store.readText(SEED_ID));
    expect(error.problems[0]?.file).toBe(store.textPath(SEED_ID));
    expect(error.problems[0]?.message).toContain('the text changed after import');
  });

  it('refuses to add a document twice or a text that is not canonical', async () => {
    const store = await corpusWithSeed();
    expect((await rejection(store.addDocument({ id: SEED_ID, source: 'x.txt', text: SEED, canonicalisation: PLAIN }))).kind).toBe('conflict');
    const crlf = await rejection(store.addDocument({ id: 'crlf', source: 'x.txt', text: 'a\r\nb', canonicalisation: PLAIN }));
    expect(crlf.problems[0]?.message).toContain('not canonical');
    expect(await store.hasDocument('crlf')).toBe(false);
  });

  it('names a missing document as not found', async () => {
    const store = await corpusWithSeed();
    const error = await rejection(store.readMeta('004_fee82008326e4aee'));
    expect(error.kind).toBe('not_found');
  });
});

describe('layers', () => {
  it('round-trips real spans with exact offsets: across the line break, nested, same label', async () => {
    const store = await corpusWithSeed();
    const empty = await store.readLayer(SEED_ID, 'علي');
    expect(empty).toEqual({
      layer: { document: SEED_ID, annotator: 'علي', textSha256: SEED_SHA, revision: 0, status: 'not_started', spans: [] },
      problems: [],
      orphans: [],
    });

    const saved = await store.saveLayer(SEED_ID, 'علي', {
      spans: [NESTED_DEIR_EZ_ZOR, DEIR_EZ_ZOR, OBSERVATORY, GOVERNORATE, EASTERN_COUNTRYSIDE],
      status: 'in_progress',
      expectedRevision: 0,
    });
    expect(saved.revision).toBe(1);
    expect(saved.textSha256).toBe(SEED_SHA);
    expect(saved.spans.map((s) => s.id)).toEqual(['s2', 's1', 's5', 's3', 's4']);
    expect(saved.spans[1]).toEqual({ ...DEIR_EZ_ZOR, prefix: 'والية لإيران، في محافظة\n', suffix: '، شرقي سوريا.\nوقالت وسائ' });
    expect(saved.spans[0]).toEqual({ ...GOVERNORATE, prefix: 'يشيات موالية لإيران، في ', suffix: '، شرقي سوريا.\nوقالت وسائ' });
    expect(saved.spans[4]).toEqual({ ...NESTED_DEIR_EZ_ZOR, prefix: 'ت التحالف الدولي في ريف ', suffix: ' الشرقي، تعرضت لقصف بثلا' });

    const file = store.layerPath(SEED_ID, 'علي');
    expect(file).toBe(path.join(store.root, 'layers', 'علي', `${SEED_ID}.jsonl`));
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toBe(
      '{"type":"span","id":"s1","label":"Place","start":91,"end":100,"text":"دير الزور","prefix":"والية لإيران، في محافظة\\n","suffix":"، شرقي سوريا.\\nوقالت وسائ"}',
    );

    const read = await store.readLayer(SEED_ID, 'علي');
    expect(read).toEqual({ layer: saved, problems: [], orphans: [] });
    expect(await store.layerSummaries('علي')).toEqual(new Map([[SEED_ID, { status: 'in_progress', spans: 5, problems: [] }]]));
    expect((await readdir(path.dirname(file))).filter((n) => !n.endsWith('.jsonl'))).toEqual([]);
  });

  it('refuses a save over another revision and writes nothing', async () => {
    const store = await corpusWithSeed();
    await store.saveLayer(SEED_ID, 'Ali', { spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 });
    const before = await readFile(store.layerPath(SEED_ID, 'Ali'), 'utf8');
    const error = await rejection(store.saveLayer(SEED_ID, 'Ali', { spans: [GOVERNORATE], status: 'done', expectedRevision: 0 }));
    expect(error.kind).toBe('conflict');
    expect(error.problems[0]?.message).toContain('the layer is at revision 1, not 0');
    expect(await readFile(store.layerPath(SEED_ID, 'Ali'), 'utf8')).toBe(before);
  });

  it('serialises concurrent saves: one of two saves from revision 0 wins, chained saves both land', async () => {
    const store = await corpusWithSeed();
    const results = await Promise.allSettled([
      store.saveLayer(SEED_ID, 'Ali', { spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 }),
      store.saveLayer(SEED_ID, 'Ali', { spans: [GOVERNORATE], status: 'in_progress', expectedRevision: 0 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(results[1]?.status === 'rejected' && (results[1].reason as CorpusError).kind).toBe('conflict');

    const chained = await Promise.all([
      store.saveLayer(SEED_ID, 'Ali', { spans: [DEIR_EZ_ZOR, GOVERNORATE], status: 'in_progress', expectedRevision: 1 }),
      store.saveLayer(SEED_ID, 'Ali', { spans: [GOVERNORATE], status: 'done', expectedRevision: 2 }),
    ]);
    expect(chained.map((l) => l.revision)).toEqual([2, 3]);
    const read = await store.readLayer(SEED_ID, 'Ali');
    expect(read.layer.revision).toBe(3);
    expect(read.layer.spans.map((s) => s.id)).toEqual(['s2']);
  });

  it('refuses spans that do not match the text or the schema, naming each', async () => {
    const store = await corpusWithSeed();
    const error = await rejection(
      store.saveLayer(SEED_ID, 'Ali', {
        spans: [
          { ...DEIR_EZ_ZOR, start: 92, end: 101 },
          { ...OBSERVATORY, end: 5000 },
          { ...GOVERNORATE, label: 'Person' },
        ],
        status: 'in_progress',
        expectedRevision: 0,
      }),
    );
    expect(error.problems.map((p) => p.message)).toEqual([
      'span "s1": offsets 92–101 now yield "ير الزور،", not the quote "دير الزور"',
      'span "s5": offsets 219–5000 run past the end of the text (2083 code points)',
      'span "s2": label "Person" is not in the corpus schema (Actor, Place, CasualtyCount, Claim)',
    ]);
    expect(existsSync(store.layerPath(SEED_ID, 'Ali'))).toBe(false);
  });

  it('never overwrites a layer file that does not parse', async () => {
    const store = await corpusWithSeed();
    await store.saveLayer(SEED_ID, 'Ali', { spans: [DEIR_EZ_ZOR, GOVERNORATE], status: 'in_progress', expectedRevision: 0 });
    const file = store.layerPath(SEED_ID, 'Ali');
    const damaged = (await readFile(file, 'utf8')).replace('"start":91', '"start":9x');
    await writeFile(file, damaged);

    const readError = await rejection(store.readLayer(SEED_ID, 'Ali'));
    expect(readError.kind).toBe('damaged');
    expect(readError.problems).toEqual([{ file, line: 3, message: expect.stringContaining('invalid JSON') }]);

    const saveError = await rejection(store.saveLayer(SEED_ID, 'Ali', { spans: [], status: 'in_progress', expectedRevision: 1 }));
    expect(saveError.problems[0]).toMatchObject({ file, line: 3 });
    expect(saveError.problems[0]?.message).toContain('refusing to save over a layer file that does not parse');
    expect(await readFile(file, 'utf8')).toBe(damaged);
    // The document list still lists the document, naming the damaged file and line.
    expect(await store.layerSummaries('Ali')).toEqual(
      new Map([[SEED_ID, { status: 'not_started', spans: 0, problems: [expect.objectContaining({ file, line: 3 })] }]]),
    );
  });

  it('reports an orphaned span and keeps it, unchanged, across a save', async () => {
    const store = await corpusWithSeed();
    const file = store.layerPath(SEED_ID, 'Ali');
    await mkdir(path.dirname(file), { recursive: true });
    const orphanLine =
      '{"type":"span","id":"s7","label":"Place","start":92,"end":101,"text":"دير الزور","prefix":"hand-edited","suffix":""}';
    await writeFile(
      file,
      `{"format":"hashiya-layer","version":1,"document":"${SEED_ID}","annotator":"Ali","textSha256":"${SEED_SHA}","revision":4,"status":"in_progress"}\n${orphanLine}\n`,
    );
    const read = await store.readLayer(SEED_ID, 'Ali');
    expect(read.orphans).toEqual([{ spanId: 's7', message: 'offsets 92–101 now yield "ير الزور،", not the quote "دير الزور" (line 2)' }]);
    expect(read.layer.spans).toHaveLength(1);

    const orphan = read.layer.spans[0]!;
    const saved = await store.saveLayer(SEED_ID, 'Ali', { spans: [orphan, OBSERVATORY], status: 'done', expectedRevision: 4 });
    expect(saved.revision).toBe(5);
    expect(saved.spans).toContainEqual(orphan);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toContain(orphanLine);
    expect((await store.readLayer(SEED_ID, 'Ali')).orphans.map((o) => o.spanId)).toEqual(['s7']);

    // An orphan that was changed is no longer the stored one: refused like any bad span.
    const moved = await rejection(store.saveLayer(SEED_ID, 'Ali', { spans: [{ ...orphan, start: 93, end: 102 }], status: 'done', expectedRevision: 5 }));
    expect(moved.problems[0]?.message).toContain('span "s7": offsets 93–102');
  });

  it('refuses ids and annotator names that would leave the corpus folder', async () => {
    const store = await corpusWithSeed();
    const outside = path.join(dir, 'outside');
    for (const [id, annotator] of [
      ['../outside', 'Ali'],
      [SEED_ID, '../../outside'],
      [SEED_ID, 'a/b'],
      [SEED_ID, '..'],
      ['..', 'Ali'],
      [`${SEED_ID}/../../x`, 'Ali'],
    ] as const) {
      const error = await rejection(store.saveLayer(id, annotator, { spans: [], status: 'in_progress', expectedRevision: 0 }));
      expect(error.kind, `${id} ${annotator}`).toBe('invalid');
      await expect(store.readLayer(id, annotator)).rejects.toBeInstanceOf(CorpusError);
    }
    expect(existsSync(outside)).toBe(false);
    expect(await readdir(path.join(store.root, 'layers'))).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves nothing behind when the rename fails', async () => {
    const file = path.join(dir, 'layer.jsonl');
    await writeFileAtomic(file, 'first\n');
    await writeFileAtomic(file, 'دير الزور\n');
    expect(await readFile(file, 'utf8')).toBe('دير الزور\n');

    const folder = path.join(dir, 'a-folder');
    await mkdir(path.join(folder, 'inside'), { recursive: true });
    await expect(writeFileAtomic(folder, 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['a-folder', 'layer.jsonl']);
  });
});

describe('validate', () => {
  it('finds nothing wrong in a sound corpus and names file and line of each problem otherwise', async () => {
    const store = await corpusWithSeed();
    await store.saveLayer(SEED_ID, 'Ali', { spans: [DEIR_EZ_ZOR, GOVERNORATE], status: 'in_progress', expectedRevision: 0 });
    await mkdir(path.join(store.root, '.git'));
    expect(await store.validate()).toEqual([]);

    const layerFile = store.layerPath(SEED_ID, 'Ali');
    const lines = (await readFile(layerFile, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"label":"Place"', '"label":"Person"');
    lines[2] = lines[2]!.replace('"start":91,"end":100', '"start":90,"end":99');
    await writeFile(layerFile, lines.join('\n'));
    await writeFile(path.join(store.root, 'documents', 'stray.meta.json'), '{}');
    await writeFile(path.join(store.root, 'notes.md'), 'x');
    await writeFileAtomic(path.join(store.root, 'layers', 'Ali', 'leftover.jsonl'), 'not json\n');
    const temp = path.join(store.root, 'layers', 'Ali', `.hashiya-tmp-${SEED_ID}.jsonl.4242.0a1b2c`);
    await writeFile(temp, '{"format":');

    const problems = await store.validate();
    expect(problems).toEqual([
      { file: path.join(store.root, 'documents', 'stray.meta.json'), message: 'has no stray.txt: the document text is missing' },
      { file: temp, message: 'left over from an interrupted save; safe to delete' },
      { file: layerFile, line: 2, message: 'span "s2": label "Person" is not in the corpus schema' },
      { file: layerFile, line: 3, message: 'span "s1" is orphaned: offsets 90–99 now yield "\\nدير الزو", not the quote "دير الزور"' },
      { file: path.join(store.root, 'layers', 'Ali', 'leftover.jsonl'), line: 1, message: 'invalid JSON: unexpected character "n"' },
      { file: path.join(store.root, 'notes.md'), message: 'does not belong to a Hashiya corpus (stray file or folder)' },
    ]);
  });

  it('reports a changed text and a damaged meta by file', async () => {
    const store = await corpusWithSeed();
    await writeFile(store.textPath(SEED_ID), `\uFEFF${SEED}`);
    const problems = await store.validate();
    expect(problems).toEqual([{ file: store.textPath(SEED_ID), message: expect.stringContaining('the text changed after import') }]);
    await writeFile(store.metaPath(SEED_ID), '{"id": 3}');
    expect((await store.validate()).map((p) => `${path.basename(p.file)}:${p.line}`)).toContain(`${SEED_ID}.meta.json:1`);
  });
});
