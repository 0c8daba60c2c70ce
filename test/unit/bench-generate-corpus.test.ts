import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusStore } from '../../electron/corpus-store';
import { DEFAULT_SCHEMA } from '../../shared/corpus/manifest';
import { generateCorpus } from '../../bench/generate-corpus';

// The benchmark's synthetic corpus: real seed sentences, real on-disk format, reproducible.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-generate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function filesOf(root: string): Promise<Record<string, string>> {
  const names = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const out: Record<string, string> = {};
  for (const e of names) {
    const file = path.join(e.parentPath, e.name);
    out[path.relative(root, file)] = await readFile(file, 'utf8');
  }
  return out;
}

describe('generateCorpus', () => {
  it('writes a corpus that validates, the same bytes for the same seed', async () => {
    const options = { documents: 12, charsPerDocument: 2000, annotators: ['amal', 'badr'], seed: 42 };
    const { documentIds } = await generateCorpus(path.join(dir, 'a'), options);
    expect(documentIds).toEqual(Array.from({ length: 12 }, (_, i) => `doc-${String(i + 1).padStart(5, '0')}`));
    const store = await CorpusStore.open(path.join(dir, 'a'));
    expect(store.manifest.schema).toEqual(DEFAULT_SCHEMA);
    expect(await store.validate()).toEqual([]);
    expect((await store.listDocuments()).map((m) => m.id)).toEqual(documentIds);

    await generateCorpus(path.join(dir, 'b'), options);
    const [a, b] = [await filesOf(path.join(dir, 'a')), await filesOf(path.join(dir, 'b'))];
    delete a['hashiya.json'];
    delete b['hashiya.json']; // named after the folder
    expect(b).toEqual(a);
    await generateCorpus(path.join(dir, 'c'), { ...options, seed: 43 });
    expect((await filesOf(path.join(dir, 'c')))[path.join('documents', 'doc-00001.txt')]).not.toBe(a[path.join('documents', 'doc-00001.txt')]);
  });

  it('makes documents of about the length asked, ~1 span per 40 characters, the second annotator agreeing on most', async () => {
    const { documentIds } = await generateCorpus(dir, { documents: 20, charsPerDocument: 2000, annotators: ['amal', 'badr'], seed: 1 });
    const store = await CorpusStore.open(dir);
    let spans = 0;
    let same = 0;
    let chars = 0;
    for (const id of documentIds) {
      const meta = await store.readMeta(id);
      expect(meta.length).toBeGreaterThanOrEqual(2000);
      expect(meta.length).toBeLessThan(2600);
      chars += meta.length;
      const amal = (await store.readLayer(id, 'amal')).layer.spans;
      const badr = (await store.readLayer(id, 'badr')).layer.spans;
      const key = (s: { label: string; start: number; end: number }): string => `${s.label} ${s.start} ${s.end}`;
      const theirs = new Set(badr.map(key));
      spans += amal.length;
      same += amal.filter((s) => theirs.has(key(s))).length;
      for (const s of [...amal, ...badr]) expect(DEFAULT_SCHEMA.labels.map((l) => l.name)).toContain(s.label);
    }
    expect(chars / spans).toBeGreaterThan(30);
    expect(chars / spans).toBeLessThan(55);
    expect(same / spans).toBeGreaterThan(0.7);
    expect(same / spans).toBeLessThan(0.9);
  });
});
