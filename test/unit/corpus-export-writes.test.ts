import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_BATCH, exportCorpus } from '../../electron/corpus-export';
import { CorpusStore } from '../../electron/corpus-store';
import { generateCorpus } from '../../bench/generate-corpus';
import { withPath } from '../support/with-path';

// The files of an export are written while the next documents are read and serialised, and
// flushed all at once at the end (syncfs where Linux allows, else an fsync per file). The bytes
// must not depend on which, and a write that fails in one batch must stop the export with
// nothing of it left in the output folder.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-export-writes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const EXPORTED_AT = '2025-06-01T12:00:00.000Z';

/** Every file under `root` (relative path → bytes). */
async function contents(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(root, file), await readFile(file));
  }
  return out;
}

describe('exportCorpus writing', () => {
  it('writes the same bytes when the files are flushed one by one (no sync -f to be had)', async () => {
    const { documentIds } = await generateCorpus(path.join(dir, 'corpus'), { documents: EXPORT_BATCH + 3, charsPerDocument: 300, annotators: ['amal'], seed: 5 });
    const store = await CorpusStore.open(path.join(dir, 'corpus'));
    const options = { formats: ['brat', 'w3c', 'csv'] as const, source: { annotator: 'amal' }, exportedAt: EXPORTED_AT, toolVersion: '1.2.3' };
    const fast = await exportCorpus(store, { ...options, formats: [...options.formats], outDir: path.join(dir, 'fast') });
    const empty = path.join(dir, 'no-commands');
    await mkdir(empty);
    const slow = await withPath(empty, () => exportCorpus(store, { ...options, formats: [...options.formats], outDir: path.join(dir, 'slow') }));
    expect(slow.files).toBe(fast.files);
    expect(fast.documents.map((d) => d.document)).toEqual(documentIds);
    const a = await contents(path.join(dir, 'fast'));
    const b = await contents(path.join(dir, 'slow'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect(a.size).toBe(fast.files);
    for (const [name, bytes] of a) expect(b.get(name), name).toEqual(bytes);
  });

  it('stops at a write that fails in an early batch, and leaves nothing of the export behind', async () => {
    await generateCorpus(path.join(dir, 'corpus'), { documents: 2 * EXPORT_BATCH + 5, charsPerDocument: 200, annotators: ['amal'], seed: 9 });
    const store = await CorpusStore.open(path.join(dir, 'corpus'));
    const out = path.join(dir, 'out');
    await mkdir(path.join(out, 'brat'), { recursive: true });
    await writeFile(path.join(out, 'brat', 'annotation.conf'), 'before');
    // The csv folder cannot be made: a file has its name. The first write into it fails.
    await writeFile(path.join(out, 'csv'), 'in the way');
    let progress = 0;
    await expect(
      exportCorpus(store, {
        formats: ['brat', 'csv'],
        source: { annotator: 'amal' },
        outDir: out,
        exportedAt: EXPORTED_AT,
        onProgress: (done) => {
          progress = done;
        },
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/) });
    // Stopped at the latest with the batch after the failing one.
    expect(progress).toBeLessThanOrEqual(2 * EXPORT_BATCH);
    expect((await readdir(out)).sort()).toEqual(['brat', 'csv']);
    expect(await readdir(path.join(out, 'brat'))).toEqual(['annotation.conf']);
    expect(await readFile(path.join(out, 'brat', 'annotation.conf'), 'utf8')).toBe('before');
    expect(await readFile(path.join(out, 'csv'), 'utf8')).toBe('in the way');
  });
});
