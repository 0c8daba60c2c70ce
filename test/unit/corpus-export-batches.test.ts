import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_BATCH, exportCorpus } from '../../electron/corpus-export';
import { CorpusStore } from '../../electron/corpus-store';
import { FORMATS } from '../../shared/formats';
import { generateCorpus } from '../../bench/generate-corpus';

// An export reads a batch of documents while the files of the batch before are written, and
// writes each file's pieces (a CSV's rows, brat's annotation.conf) in document order. Over more
// documents than a batch holds, the files must still be exactly what one call over the whole
// collection writes.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-export-batches-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const EXPORTED_AT = '2025-06-01T12:00:00.000Z';

describe('exportCorpus over several batches', () => {
  it('writes what one call over the whole collection writes, for every format', async () => {
    const count = 2 * EXPORT_BATCH + 5;
    const { documentIds } = await generateCorpus(path.join(dir, 'corpus'), { documents: count, charsPerDocument: 300, annotators: ['amal', 'badr'], seed: 11 });
    const store = await CorpusStore.open(path.join(dir, 'corpus'));
    const documents = await Promise.all(
      documentIds.map(async (id) => ({ meta: await store.readMeta(id), text: await store.readText(id), layer: (await store.readLayer(id, 'badr')).layer })),
    );
    let progress = 0;
    for (const adapter of FORMATS.values()) {
      const out = path.join(dir, adapter.name);
      const report = await exportCorpus(store, {
        format: adapter.name,
        source: { annotator: 'badr' },
        outDir: out,
        exportedAt: EXPORTED_AT,
        toolVersion: '1.2.3',
        onProgress: (done) => {
          progress = done;
        },
      });
      expect(report.documents.map((d) => d.document)).toEqual(documentIds);
      expect(progress).toBe(count);
      const whole = adapter.serialize(documents, { schema: store.manifest.schema, source: 'badr', toolVersion: '1.2.3', exportedAt: EXPORTED_AT, offsets: 'codepoint' });
      expect((await readdir(out, { recursive: true })).map(String).sort(), adapter.name).toEqual(whole.files.map((f) => f.path).sort());
      for (const file of whole.files) expect(await readFile(path.join(out, file.path), 'utf8'), `${adapter.name} ${file.path}`).toBe(file.content);
      expect(report.losses.map((l) => `${l.document}: ${l.message}`), adapter.name).toEqual(whole.losses.map((l) => `${l.document}: ${adapter.name}: ${l.message}`));
    }
  });
});
