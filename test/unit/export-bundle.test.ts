import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBundle } from '../../electron/export-bundle';
import { ID_000, ID_004, fixtureCorpus } from '../fixtures/export/corpus';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-bundle-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const EXPORTED_AT = '2025-06-01T12:00:00.000Z';

describe('exportBundle', () => {
  it('zips every format in its folder with DATASHEET.md and schema.json', async () => {
    const store = await fixtureCorpus(dir);
    const bundle = path.join(dir, 'dataset', 'seeds-gold.zip');
    const progress: number[] = [];
    const report = await exportBundle(store, {
      formats: ['brat', 'jsonl', 'conll'],
      source: { gold: true },
      bundle,
      offsets: 'utf16',
      exportedAt: EXPORTED_AT,
      toolVersion: '9.9.9',
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([1, 2]);
    expect(report.bundle).toBe(bundle);
    expect(report.failed).toEqual([]);
    // Only the zip is left: no temporary file beside it.
    expect(await readdir(path.dirname(bundle))).toEqual(['seeds-gold.zip']);

    const files = unzipSync(new Uint8Array(await readFile(bundle)));
    const names = Object.keys(files);
    expect(names.slice(0, 2)).toEqual(['DATASHEET.md', 'schema.json']);
    expect(names).toEqual(report.entries);
    expect(report.files).toBe(names.length);
    expect(names).toContain(`conll/${ID_000}.conll`);
    expect(names).toContain(`conll/${ID_004}.conll`);
    expect(names.some((n) => n.startsWith('brat/'))).toBe(true);
    expect(names.some((n) => n.startsWith('jsonl/'))).toBe(true);
    expect(JSON.parse(strFromU8(files['schema.json']!))).toEqual(store.manifest.schema);

    const sheet = strFromU8(files['DATASHEET.md']!);
    expect(sheet).toContain('# Datasheet: Seeds\n');
    expect(sheet).toContain('Exported from the gold (adjudicated) layer by Hashiya 9.9.9 on 2025-06-01T12:00:00.000Z (UTC).');
    expect(sheet).toContain('- Documents: 2 (4448 code points of text)');
    expect(sheet).toContain('- Spans: 23\n');
    expect(sheet).toContain('- Relations: 4\n');
    expect(sheet).toContain('| brat | `brat/` | Unicode code points of the `.txt` file beside each `.ann` (brat standoff) |');
    expect(sheet).toContain('| jsonl | `jsonl/` | UTF-16 code units (as JavaScript and doccano count) |');
    expect(sheet).toContain('| conll | `conll/` | tokens, one per line with its tag (no character offsets) |');
    expect(sheet).toContain(`| ${ID_000} | 2083 | ${ID_000}.txt | 15 | 3 | done |`);
    expect(sheet).toContain('## Labels\n\n| label | spans |\n|---|---|\n| Actor | 7 |\n| CasualtyCount | 5 |\n| Claim | 2 |\n| Place | 9 |\n');
    expect(sheet).toContain('| CasualtyCount.outcome | injured | 1 |');
    expect(sheet).toContain('| CasualtyCount.asserted_zero | true | 2 |');
    expect(sheet).toContain('| CasualtyCount.value | (set) | 2 |');
    expect(sheet).toContain('| Place.level | governorate | 3 |');
    expect(sheet).toContain('| located_at | 3 |');
    expect(sheet).toContain('| part_of | 1 |');
    expect(sheet).toContain('| Ali | 0 | 1 | 1 |');
    expect(sheet).toContain('| Layla | 1 | 0 | 1 |');
    expect(sheet).toContain('## Agreement\n\nNot computed');
    expect(sheet).toContain('"name": "CasualtyCount"');
    // CoNLL cannot hold relations and values: the datasheet says so, and the report names them.
    expect(sheet).toMatch(/- conll: \d+ items could not be expressed/);
    expect(report.losses.some((l) => l.message.startsWith('conll: '))).toBe(true);
  });

  it('takes an agreement summary from the hook, and gives the same bytes for the same date', async () => {
    const store = await fixtureCorpus(dir);
    const options = { formats: ['conll'] as const, source: { gold: true } as const, exportedAt: EXPORTED_AT, toolVersion: '1.0.0' };
    await exportBundle(store, { ...options, bundle: path.join(dir, 'a.zip'), agreement: (_store, ids) => Promise.resolve(`κ over ${ids.length} documents: 0.81`) });
    await exportBundle(store, { ...options, bundle: path.join(dir, 'b.zip'), agreement: () => Promise.resolve('κ over 2 documents: 0.81') });
    const a = await readFile(path.join(dir, 'a.zip'));
    expect(strFromU8(unzipSync(new Uint8Array(a))['DATASHEET.md']!)).toContain('## Agreement\n\nκ over 2 documents: 0.81\n');
    expect(await readFile(path.join(dir, 'b.zip'))).toEqual(a);
  });

  it('refuses a bundle that is not a .zip or lies inside the corpus, and keeps an existing bundle on failure', async () => {
    const store = await fixtureCorpus(dir, { gold: false });
    await expect(exportBundle(store, { formats: ['conll'], source: { annotator: 'Ali' }, bundle: path.join(dir, 'out.tar') })).rejects.toThrow('give a name ending in .zip');
    await expect(exportBundle(store, { formats: ['conll'], source: { annotator: 'Ali' }, bundle: path.join(store.root, 'x.zip') })).rejects.toThrow('refusing to export into the corpus folder');
    await writeFile(path.join(dir, 'old.zip'), 'old bundle');
    await expect(exportBundle(store, { formats: ['conll'], source: { gold: true }, bundle: path.join(dir, 'old.zip') })).rejects.toThrow('no gold layers');
    expect(await readFile(path.join(dir, 'old.zip'), 'utf8')).toBe('old bundle');
    expect(existsSync(path.join(store.root, 'x.zip'))).toBe(false);
  });
});
