/**
 * Nothing lost: the previous version of every layer file kept and restorable, a damaged layer's
 * error pointing at it, temporary files of killed saves cleared, and `.hashiya/` (this machine's
 * state) kept out of validation.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli';
import { CorpusStore } from '../../electron/corpus-store';
import { applyDecision, autoAccept, compareLayers } from '../../shared/review';
import type { Canonicalisation } from '../../shared/model';
import { ID as REVIEW_ID, ANNOTATORS, reviewCorpus } from '../fixtures/review/load';
import { ID, TEXT } from '../fixtures/reanchor/load';
import { refusal } from '../support/corpus-refusal';
import { COUNTRYSIDE, DEIR_EZ_ZOR, NO_LINKS, OBSERVATORY } from '../fixtures/reanchor/saved-spans';

const PLAIN: Canonicalisation = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-recovery-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seedCorpus(): Promise<CorpusStore> {
  const store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
  await store.addDocument({ id: ID, source: `${ID}.txt`, text: TEXT, canonicalisation: PLAIN });
  return store;
}


const ago = (ms: number): Date => new Date(Date.now() - ms);

describe('the previous version of a layer', () => {
  it('is the file each save replaced, byte for byte with its time, one generation, and restoring it is a save', async () => {
    const store = await seedCorpus();
    const file = store.layerPath(ID, 'Ali');
    const previous = store.previousLayerPath(ID, 'Ali');
    expect(path.relative(store.root, previous)).toBe(path.join('.hashiya', 'previous', 'layers', 'Ali', `${ID}.jsonl`));

    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 });
    expect(await store.previousLayer(ID, 'Ali')).toBeNull(); // nothing was replaced
    const first = await readFile(file, 'utf8');
    const firstSaved = ago(3_600_000);
    await utimes(file, firstSaved, firstSaved);

    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR, OBSERVATORY], status: 'in_progress', expectedRevision: 1 });
    expect(await readFile(previous, 'utf8')).toBe(first);
    expect(await store.previousLayer(ID, 'Ali')).toEqual({
      file: previous,
      revision: 1,
      status: 'in_progress',
      spans: 1,
      relations: 0,
      savedAt: firstSaved.toISOString(),
      onOtherText: false,
    });

    // One generation: the next save replaces the copy.
    const second = await readFile(file, 'utf8');
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [], status: 'done', expectedRevision: 2 });
    expect(await readFile(previous, 'utf8')).toBe(second);
    expect(await store.previousLayer(ID, 'Ali')).toMatchObject({ revision: 2, spans: 2 });

    // Restoring is a save at the next revision, checked like one; it swaps the two versions.
    const stale = await refusal(store.restorePreviousLayer(ID, 'Ali', 2));
    expect(stale.kind).toBe('conflict');
    const restored = await store.restorePreviousLayer(ID, 'Ali', 3);
    expect(restored).toMatchObject({ revision: 4, status: 'in_progress' });
    expect(restored.spans.map((s) => s.id)).toEqual(['s1', 's2']);
    expect((await store.readLayer(ID, 'Ali')).layer).toEqual(restored);
    expect(await store.previousLayer(ID, 'Ali')).toMatchObject({ revision: 3, spans: 0, status: 'done' });
    expect((await store.restorePreviousLayer(ID, 'Ali', 4)).spans).toEqual([]);

    const none = await refusal(store.restorePreviousLayer(ID, 'Bashir', 0));
    expect(none.kind).toBe('not_found');
    expect(none.problems[0]?.message).toBe(`no previous version of Bashir's layer of "${ID}" is kept`);
    expect(await store.validate()).toEqual([]); // .hashiya/ is not part of the corpus
    // …and tells git so itself.
    expect(await readFile(path.join(store.root, '.hashiya', '.gitignore'), 'utf8')).toBe("# This machine's Hashiya state (previous versions, locks): not part of the corpus.\n*\n");
  });

  it('restores spans that were orphans in it as they were', async () => {
    const store = await seedCorpus();
    const file = store.layerPath(ID, 'Ali');
    await mkdir(path.dirname(file), { recursive: true });
    const sha = (await store.readMeta(ID)).sha256;
    const header = `{"format":"hashiya-layer","version":1,"document":"${ID}","annotator":"Ali","textSha256":"${sha}","revision":4,"status":"in_progress"}`;
    const orphanLine = '{"type":"span","id":"s7","label":"Place","start":92,"end":101,"text":"دير الزور","prefix":"hand-edited","suffix":""}';
    await writeFile(file, `${header}\n${orphanLine}\n`);
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [COUNTRYSIDE], status: 'in_progress', expectedRevision: 4 }); // the orphan deleted
    const restored = await store.restorePreviousLayer(ID, 'Ali', 5);
    expect(restored.spans).toEqual([{ id: 's7', label: 'Place', start: 92, end: 101, text: 'دير الزور', prefix: 'hand-edited', suffix: '', attributes: {}, note: '' }]);
    expect((await readFile(file, 'utf8')).split('\n')).toContain(orphanLine);
  });

  it('is named in the error of a layer file that no longer parses, and restores over it keeping the damaged file aside', async () => {
    const store = await seedCorpus();
    const file = store.layerPath(ID, 'Ali');
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR, OBSERVATORY], status: 'in_progress', expectedRevision: 0 });
    const read = await store.readLayer(ID, 'Ali');
    await store.saveLayer(ID, 'Ali', { ...read.layer, spans: [...read.layer.spans, COUNTRYSIDE], expectedRevision: 1 });
    const savedAt = (await stat(file)).mtime; // this version becomes the previous one below
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR], status: 'done', expectedRevision: 2 });
    const damaged = (await readFile(file, 'utf8')).replace('"start":91', '"start":9x');
    await writeFile(file, damaged);

    const hint = {
      file,
      message: `a previous version is kept (revision 2, 3 spans, saved ${savedAt.toISOString()}) in ${path.join('.hashiya', 'previous', 'layers', 'Ali', `${ID}.jsonl`)}: fix the line named above, or restore that version (Hashiya keeps the damaged file in .hashiya/damaged/)`,
    };
    const readError = await refusal(store.readLayer(ID, 'Ali'));
    expect(readError.kind).toBe('damaged');
    expect(readError.problems).toEqual([{ file, line: 2, message: expect.stringContaining('invalid JSON') }, hint]);

    const saveError = await refusal(store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [], status: 'done', expectedRevision: 3 }));
    expect(saveError.problems).toEqual([{ file, line: 2, message: expect.stringContaining('refusing to save over a layer file that does not parse') }, hint]);
    expect(await readFile(file, 'utf8')).toBe(damaged);

    // The restore the message offers: the kept version comes back, the damaged bytes are set aside.
    const restored = await store.restorePreviousLayer(ID, 'Ali', 3);
    expect(restored.revision).toBe(1);
    expect(new Set(restored.spans.map((s) => s.text))).toEqual(new Set([DEIR_EZ_ZOR, OBSERVATORY, COUNTRYSIDE].map((s) => s.text)));
    expect((await store.readLayer(ID, 'Ali')).layer.spans).toHaveLength(3);
    const aside = path.join(store.root, '.hashiya', 'damaged', 'layers', 'Ali');
    const kept = await readdir(aside);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(new RegExp(`^${ID}\\.\\d{4}-\\d\\d-\\d\\dT.*\\.jsonl$`));
    expect(await readFile(path.join(aside, kept[0] as string), 'utf8')).toBe(damaged);
  });
});

describe('the previous version of the gold layer', () => {
  it('is kept by saveGold and restored with its provenance', async () => {
    const store = await reviewCorpus(dir);
    const layers = await Promise.all(ANNOTATORS.map(async (annotator) => ({ annotator, layer: (await store.readLayer(REVIEW_ID, annotator)).layer, file: store.layerPath(REVIEW_ID, annotator) })));
    const c = compareLayers(await store.readText(REVIEW_ID), layers, { schema: store.manifest.schema });
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const auto = autoAccept(c.value, 2, (await store.readGold(REVIEW_ID)).gold, { schema: store.manifest.schema });
    if (!auto.ok) throw new Error(auto.message);
    const first = await store.saveGold(REVIEW_ID, auto.value, 0);
    expect(await store.previousGold(REVIEW_ID)).toBeNull();
    const decided = applyDecision(first, c.value, '91-100:Place', { kind: 'reject' }, 'Mona');
    if (!decided.ok) throw new Error(decided.message);
    await store.saveGold(REVIEW_ID, decided.value, 1);
    expect(await store.previousGold(REVIEW_ID)).toMatchObject({ revision: 1, spans: first.spans.length, onOtherText: false });

    const restored = await store.restorePreviousGold(REVIEW_ID, 2);
    expect(restored).toEqual({ ...first, revision: 3 });
    expect((await store.readGold(REVIEW_ID)).gold).toEqual(restored);
    expect(await readdir(path.join(store.root, '.hashiya', 'previous', 'gold'))).toEqual([`${REVIEW_ID}.jsonl`]);
  });
});

describe('temporary files of interrupted saves', () => {
  it('are removed when the corpus opens once a minute old, everywhere saves write; younger ones are a warning of validate', async () => {
    const store = await seedCorpus();
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 });
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR, OBSERVATORY], status: 'in_progress', expectedRevision: 1 });
    await mkdir(path.join(store.root, 'gold'), { recursive: true });
    const temp = (folder: string, target: string): string => path.join(store.root, folder, `.hashiya-tmp-${target}.4242.0a1b2c`);
    const old = [
      temp('.', 'hashiya.json'),
      temp('documents', `${ID}.meta.json`),
      temp(path.join('layers', 'Ali'), `${ID}.jsonl`),
      temp('gold', `${ID}.jsonl`),
      temp(path.join('.hashiya', 'previous', 'layers', 'Ali'), `${ID}.jsonl`),
    ];
    const young = temp(path.join('layers', 'Ali'), `${ID}.jsonl`).replace('0a1b2c', 'ffffff');
    for (const f of old) {
      await writeFile(f, '{"format":');
      await utimes(f, ago(61_000), ago(61_000));
    }
    await writeFile(young, '{"format":');
    const notOurs = path.join(store.root, 'layers', 'Ali', 'notes.txt');
    await writeFile(notOurs, 'x');
    await utimes(notOurs, ago(3_600_000), ago(3_600_000));

    const reopened = await CorpusStore.open(store.root);
    expect(reopened.removedTempFiles).toEqual([...old].sort());
    for (const f of old) await expect(stat(f)).rejects.toThrow();
    expect((await stat(young)).isFile()).toBe(true);
    expect(await reopened.validate()).toEqual([
      { file: young, message: 'left over from an interrupted save, or a save in progress; removed when the corpus is opened once it is a minute old', severity: 'warning' },
      { file: notOurs, message: 'does not belong to a Hashiya corpus (stray file or folder)' },
    ]);
    expect((await reopened.readLayer(ID, 'Ali')).layer.revision).toBe(2);
  });

  it('make `hashiya validate` warn, not fail', async () => {
    const store = await seedCorpus();
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 });
    const young = path.join(store.root, 'layers', 'Ali', `.hashiya-tmp-${ID}.jsonl.4242.0a1b2c`);
    const old = path.join(store.root, 'documents', `.hashiya-tmp-${ID}.txt.4242.0a1b2c`);
    await writeFile(young, '');
    await writeFile(old, '');
    await utimes(old, ago(120_000), ago(120_000));
    let stdout = '';
    let stderr = '';
    const code = await main(['validate', '--corpus', store.root], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe('corpus: no problems (1 documents)\n');
    expect(stderr).toBe(
      `hashiya: removed ${path.join('corpus', 'documents', `.hashiya-tmp-${ID}.txt.4242.0a1b2c`)}: a temporary file left by an interrupted save\n` +
        `hashiya: warning: ${path.join('corpus', 'layers', 'Ali', `.hashiya-tmp-${ID}.jsonl.4242.0a1b2c`)}: left over from an interrupted save, or a save in progress; removed when the corpus is opened once it is a minute old\n`,
    );
  });
});

describe('.hashiya/', () => {
  it('is this machine’s state: never reported by validate, and a folder holding only it is still empty', async () => {
    await mkdir(path.join(dir, 'empty', '.hashiya', 'locks'), { recursive: true });
    const created = await CorpusStore.open(path.join(dir, 'empty'), { create: true });
    expect(created.manifest.name).toBe('empty');
    const store = await seedCorpus();
    await mkdir(path.join(store.root, '.hashiya', 'locks'), { recursive: true });
    await writeFile(path.join(store.root, '.hashiya', 'odd-file'), 'x');
    expect(await store.validate()).toEqual([]);
  });
});
