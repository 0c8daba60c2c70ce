import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCorpus } from '../../electron/corpus-export';
import type { CorpusStore } from '../../electron/corpus-store';
import { applyDecision, autoAccept, checkGold, compareLayers, type Comparison, type GoldLayer, type ReviewLayer } from '../../shared/review';
import { ANNOTATORS, GOLD_TEXT, ID, reviewCorpus } from '../fixtures/review/load';
import { refusal } from '../support/corpus-refusal';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-gold-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const relative = (store: CorpusStore, file: string): string => path.relative(store.root, file).split(path.sep).join('/');

/** Every file under `folder` with the SHA-256 of its bytes, sorted: the folder's bytes in one value. */
async function snapshot(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    out.push(entry.isFile() ? `${path.relative(folder, file)} ${createHash('sha256').update(await readFile(file)).digest('hex')}` : `${path.relative(folder, file)}/`);
  }
  return out.sort();
}

/** The layers of `annotators` as the store reads them, ready for review. */
async function storeLayers(store: CorpusStore, annotators: readonly string[] = ANNOTATORS): Promise<ReviewLayer[]> {
  return Promise.all(annotators.map(async (annotator) => ({ annotator, layer: (await store.readLayer(ID, annotator)).layer, file: store.layerPath(ID, annotator) })));
}

async function storeComparison(store: CorpusStore, annotators: readonly string[] = ANNOTATORS): Promise<Comparison> {
  const result = compareLayers(await store.readText(ID), await storeLayers(store, annotators), { schema: store.manifest.schema });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}


describe('CorpusStore.saveGold and readGold', () => {
  it('adjudicates from the store and saves gold/<id>.jsonl atomically, never writing under layers/', async () => {
    const store = await reviewCorpus(dir);
    const layersBefore = await snapshot(path.join(store.root, 'layers'));
    const c = await storeComparison(store);
    const missing = await store.readGold(ID);
    expect(missing.gold).toMatchObject({ revision: 0, status: 'not_started', quorum: null, spans: [], decisions: [] });

    const auto = autoAccept(c, 2, missing.gold, { schema: store.manifest.schema });
    if (!auto.ok) throw new Error(auto.message);
    const saved = await store.saveGold(ID, auto.value, 0);
    expect(saved).toMatchObject({ revision: 1, annotator: 'gold', quorum: 2, status: 'in_progress' });
    expect(saved.spans).toHaveLength(10);

    const decided = applyDecision(saved, c, '91-100:Place', { kind: 'reject' }, 'Mona');
    if (!decided.ok) throw new Error(decided.message);
    const second = await store.saveGold(ID, decided.value, 1);
    expect(second.revision).toBe(2);

    const read = await store.readGold(ID);
    expect(read.gold).toEqual(second);
    expect(read.problems).toEqual([]);
    expect(read.orphans).toEqual([]);
    expect(read.layer.spans.every((s) => !('provenance' in s))).toBe(true);
    expect(checkGold(read.located, read.file, c)).toEqual([]);
    expect(await readdir(path.join(store.root, 'gold'))).toEqual([`${ID}.jsonl`]);
    expect(await snapshot(path.join(store.root, 'layers'))).toEqual(layersBefore);
    expect(await store.validate()).toEqual([]);
  });

  it('reads the fixture gold with its provenance; the gold export still works and carries no provenance', async () => {
    const store = await reviewCorpus(dir, { gold: true });
    const read = await store.readGold(ID);
    expect(read.problems).toEqual([]);
    expect(read.gold.spans.find((s) => s.id === 's11')?.provenance).toMatchObject({ item: '1413-1431:CasualtyCount', decision: 'edited' });
    expect(read.gold.decisions).toHaveLength(3);
    expect(await readFile(store.goldPath(ID), 'utf8')).toBe(GOLD_TEXT);

    const out = path.join(dir, 'out');
    const report = await exportCorpus(store, { format: 'jsonl', source: { gold: true }, outDir: out, toolVersion: '0.0.0', exportedAt: '2024-01-01T00:00:00Z' });
    expect(report.failed).toEqual([]);
    expect(report.documents).toEqual([{ document: ID, spans: 12, relations: 3 }]);
    const written = (await readdir(out, { recursive: true })).map(String);
    const exported = await Promise.all(written.filter((f) => f.endsWith('.jsonl')).map((f) => readFile(path.join(out, f), 'utf8')));
    expect(exported.join('')).toContain('إصابة خمسة جنود أمريكيين');
    expect(exported.join('')).not.toMatch(/decidedBy|auto:quorum/);
    expect(await store.validate()).toEqual([]);
  });

  it('refuses a stale revision (conflict), a damaged gold file (never overwritten), provenance that would not read back', async () => {
    const store = await reviewCorpus(dir, { gold: true });
    const { gold } = await store.readGold(ID);
    expect((await refusal(store.saveGold(ID, gold, 0))).kind).toBe('conflict');

    const twice: GoldLayer = { ...gold, decisions: [...gold.decisions, { item: '84-100:Place', decision: 'rejected', decidedBy: 'Karim' }] };
    const inconsistent = await refusal(store.saveGold(ID, twice, 1));
    expect(inconsistent.kind).toBe('invalid');
    expect(inconsistent.problems.map((p) => p.message)).toEqual(['refusing a gold layer that would not read back: item "84-100:Place" is rejected, but span "s4" of the gold is decided on it']);
    expect(await readFile(store.goldPath(ID), 'utf8')).toBe(GOLD_TEXT);

    const damaged = GOLD_TEXT.replace('"decision":"edited"', '"decision":"guessed"');
    await writeFile(store.goldPath(ID), damaged);
    const error = await refusal(store.saveGold(ID, gold, 1));
    expect(error.kind).toBe('damaged');
    expect(error.message).toBe(`${store.goldPath(ID)}:11: refusing to save over a gold file that does not parse: "decision" must be one of "accepted", "edited", not "guessed"`);
    expect(await readFile(store.goldPath(ID), 'utf8')).toBe(damaged);
    await expect(store.readGold(ID)).rejects.toThrow(`${ID}.jsonl:11: "decision" must be one of`);
  });

  it('a gold naming an annotator with no layer: reported on its line when read or validated, refused when saved', async () => {
    const store = await reviewCorpus(dir, { gold: true });
    await writeFile(store.goldPath(ID), GOLD_TEXT.replace('"annotators":["Ali"],"decidedBy":"Mona"', '"annotators":["Sara"],"decidedBy":"Mona"'));
    const read = await store.readGold(ID);
    const message = `span "s12" names annotator "Sara", who has no layer of "${ID}" (no layers/Sara/${ID}.jsonl)`;
    expect(read.problems).toEqual([{ file: store.goldPath(ID), line: 12, message }]);
    expect((await store.validate()).map((p) => `${relative(store, p.file)}:${p.line}: ${p.message}`)).toEqual([`gold/${ID}.jsonl:12: ${message}`]);
    // Against the comparison: Sara is no compared annotator, and Ali's span is not said to be his.
    const problems = checkGold(read.located, relative(store, read.file), await storeComparison(store));
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      `gold/${ID}.jsonl:12: span "s12" names annotator "Sara", who has no layer among those compared (Ali, Layla, Omar): a gold file edited by hand, or adjudicated from other layers`,
    ]);
    const error = await refusal(store.saveGold(ID, read.gold, 1));
    expect(error.kind).toBe('invalid');
    expect(error.problems).toEqual([{ file: store.goldPath(ID), message }]);
  });

  it('checkGold names the lines of a gold that does not fit the layers compared', async () => {
    const store = await reviewCorpus(dir, { gold: true });
    await writeFile(store.goldPath(ID), `${GOLD_TEXT}{"type":"decision","item":"5-9:Place","decision":"rejected","decidedBy":"Mona"}\n`);
    const read = await store.readGold(ID);
    const twoOfThree = await storeComparison(store, ['Ali', 'Layla']);
    const lines = checkGold(read.located, `gold/${ID}.jsonl`, twoOfThree).map((p) => `${p.line}: ${p.message}`);
    expect(lines.filter((l) => l.includes('"Omar"')).map((l) => l.split(':')[0])).toEqual(['2', '5', '6', '7', '8', '9', '10', '14']);
    expect(lines.at(-1)).toBe('20: a decision on item 5-9:Place, which no compared layer has');
  });

  it('comparing with a layer made on another text is refused, naming the annotator and the file', async () => {
    const store = await reviewCorpus(dir);
    const file = store.layerPath(ID, 'Omar');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/"textSha256":"[0-9a-f]{64}"/, `"textSha256":"${'c'.repeat(64)}"`));
    const result = compareLayers(await store.readText(ID), await storeLayers(store));
    expect(!result.ok && result.errors.map((e) => `${e.file}:${e.line}: ${e.message.split(':')[0]}`)).toEqual([`${file}:1: Omar's layer was made on another text (textSha256 cccccccccccc…, the document's is b6081c9170de…)`]);
  });
});
