import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOLD_ANNOTATOR, type CorpusStore } from '../../electron/corpus-store';
import { ID_000, ID_004, fixtureCorpus } from '../fixtures/export/corpus';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-gold-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const relative = (store: CorpusStore, file: string): string => path.relative(store.root, file).split(path.sep).join('/');

describe('the gold layer in the store', () => {
  it('reads gold/<id>.jsonl like a layer, and an empty layer where there is none', async () => {
    const store = await fixtureCorpus(dir, { gold: false });
    const missing = await store.readGold(ID_000);
    expect(missing.layer).toMatchObject({ document: ID_000, annotator: GOLD_ANNOTATOR, revision: 0, status: 'not_started', spans: [], relations: [] });
    expect(await store.listGoldDocumentIds()).toEqual([]);

    const withGold = await fixtureCorpus(path.join(dir, 'second'));
    expect(await withGold.listGoldDocumentIds()).toEqual([ID_000, ID_004]);
    const gold = await withGold.readGold(ID_000);
    expect(gold.problems).toEqual([]);
    expect(gold.orphans).toEqual([]);
    expect(gold.layer.annotator).toBe('gold');
    expect(gold.layer.status).toBe('done');
    expect(gold.layer.spans).toHaveLength(15);
    expect(gold.layer.relations.map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(relative(withGold, withGold.goldPath(ID_000))).toBe(`gold/${ID_000}.jsonl`);
  });

  it('validates the gold folder as a known folder, its files like layers', async () => {
    const store = await fixtureCorpus(dir);
    expect(await store.validate()).toEqual([]);

    const file = store.goldPath(ID_004);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[0] = lines[0]!.replace('"annotator":"gold"', '"annotator":"Ali"');
    lines[2] = lines[2]!.replace(/"end":(\d+)/, '"end":"$1"');
    await writeFile(file, lines.join('\n'));
    await writeFile(path.join(store.root, 'gold', 'notes.txt'), 'stray');
    await mkdir(path.join(store.root, 'gold', 'sub'));
    const problems = (await store.validate()).map((p) => `${relative(store, p.file)}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`);
    expect(problems).toEqual([
      `gold/${ID_004}.jsonl:3: "end" must be an integer, not a string`,
      'gold/notes.txt: does not belong to a Hashiya corpus (stray file or folder)',
      'gold/sub: does not belong to a Hashiya corpus (stray file or folder)',
    ]);
    await expect(store.readGold(ID_004)).rejects.toThrow(`${ID_004}.jsonl:3`);

    lines[2] = lines[2]!.replace(/"end":"(\d+)"/, '"end":$1');
    await writeFile(file, lines.join('\n'));
    await rm(path.join(store.root, 'gold', 'notes.txt'));
    await rm(path.join(store.root, 'gold', 'sub'), { recursive: true });
    expect((await store.validate()).map((p) => `${relative(store, p.file)}:${p.line}: ${p.message}`)).toEqual([
      `gold/${ID_004}.jsonl:1: the header names annotator "Ali", but the file is in the folder of "gold"`,
    ]);
  });
});
