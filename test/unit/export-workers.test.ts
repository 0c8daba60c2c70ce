import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { exportCorpus, type ExportOptions, type ExportReport } from '../../electron/corpus-export';
import { importPaths } from '../../electron/corpus-import';
import type { CorpusStore } from '../../electron/corpus-store';
import { DocumentExport, type ExportedBatch, type ExportWork } from '../../electron/export-documents';
import { ExportBatches, type ExportRunning } from '../../electron/export-pool';
import { FORMATS } from '../../shared/formats';
import { ID_000, ID_004, fixtureCorpus } from '../fixtures/export/corpus';
import { NEWS_QUOTES, breakingNews, cpOccurrences, spansAtQuotes } from '../fixtures/text/load';
import { useBundledWorker } from '../support/bundled-worker';

// An export's documents read and serialised in worker threads (electron/export-worker.ts bundled
// with esbuild, as scripts/build.mjs bundles it), against the same export in this thread: the
// same files, byte for byte, and the same report, whatever batch each worker had; and an export
// whose worker cannot run is done in this thread.

const bundled = useBundledWorker('electron/export-worker.ts');

const ID_NEWS = 'breaking-news';
const ID_DAMAGED = 'damaged-layer';
const EXPORTED_AT = '2025-06-01T12:00:00.000Z';

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-export-workers-'));
  store = await fixtureCorpus(dir);
  // The news flash imported from CRLF lines behind a byte order mark (canonical: LF, no BOM),
  // with Ali's spans after an emoji, across a flag, over harakat, a tatweel and a line break.
  await writeFile(path.join(dir, `${ID_NEWS}.txt`), `\ufeff${breakingNews.replace(/\n/g, '\r\n')}`);
  await writeFile(path.join(dir, `${ID_DAMAGED}.txt`), 'قالت مصادر محلية إن الاشتباكات استمرت حتى الفجر.\n');
  const report = await importPaths(store, [path.join(dir, `${ID_NEWS}.txt`), path.join(dir, `${ID_DAMAGED}.txt`)]);
  if (report.failed.length > 0) throw new Error(JSON.stringify(report.failed));
  const text = await store.readText(ID_NEWS);
  const spans = spansAtQuotes(text, NEWS_QUOTES);
  await store.saveLayer(ID_NEWS, 'Ali', { spans, relations: [], rejected: [], status: 'in_progress', expectedRevision: 0 });
  // A layer file that does not parse: the document is reported, the others exported.
  await writeFile(store.layerPath(ID_DAMAGED, 'Ali'), '{"format":"hashiya-layer"\n');
  // A span of seed 000 moved off its quote: an orphan, left out with what names it.
  const file = store.layerPath(ID_000, 'Ali');
  const layer = await readFile(file, 'utf8');
  await writeFile(file, layer.replace('"id":"s15","label":"Actor","start":74,"end":79', '"id":"s15","label":"Actor","start":75,"end":80'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HERE: ExportRunning = { worker: null, workerFrom: 0, workers: 1, batch: 1 };
/** Two workers, one document a batch: the four documents go to the workers in turn. */
const inWorkers = (): ExportRunning => ({ worker: bundled.url, workerFrom: 0, workers: 2, batch: 1 });

/** Every file under `out` (relative path → bytes as hex), the report, and what the callbacks saw. */
async function exportWith(running: ExportRunning, options: Omit<ExportOptions, 'outDir' | 'onDocument' | 'onProgress'>, out: string) {
  const documents: string[] = [];
  const progress: string[] = [];
  const report: ExportReport = await exportCorpus(
    store,
    {
      ...options,
      outDir: out,
      exportedAt: EXPORTED_AT,
      toolVersion: '1.2.3',
      onDocument: (d) => documents.push(`${d.meta.id} ${d.text.length} ${d.layer.spans.map((s) => `${s.id}@${s.start}-${s.end}`).join(',')}`),
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    },
    running,
  );
  const files = new Map<string, string>();
  for (const name of (await readdir(out, { recursive: true })).map(String).sort()) {
    const bytes = await readFile(path.join(out, name)).catch(() => undefined);
    if (bytes !== undefined) files.set(name, bytes.toString('hex'));
  }
  const { outDir: _outDir, formats: _formats, ...rest } = report;
  return { report: rest, files, documents, progress };
}

/** A batch with each file's bytes as hex (a `Buffer` made here arrives from a worker as a plain `Uint8Array`). */
function withHexBytes(batch: ExportedBatch) {
  return { ...batch, items: batch.items.map((item) => ('files' in item ? { ...item, files: item.files.map((files) => files.map((f) => ({ path: f.path, hex: Buffer.from(f.bytes).toString('hex') }))) } : item)) };
}

describe('exporting in worker threads', () => {
  it('writes the same files and reports the same as exporting in this thread, for every format', async () => {
    const formats = [...FORMATS.keys()];
    const here = await exportWith(HERE, { formats, source: { annotator: 'Ali' } }, path.join(dir, 'here'));
    const workers = await exportWith(inWorkers(), { formats, source: { annotator: 'Ali' } }, path.join(dir, 'workers'));
    expect(workers).toEqual(here);
    expect([...here.files.keys()].filter((f) => f.startsWith('brat/')).sort()).toEqual([
      'brat/000_7db2a034c338d373.ann',
      'brat/000_7db2a034c338d373.txt',
      'brat/004_fee82008326e4aee.ann',
      'brat/004_fee82008326e4aee.txt',
      'brat/annotation.conf',
      `brat/${ID_NEWS}.ann`,
      `brat/${ID_NEWS}.txt`,
    ]);
    expect(here.progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(here.report.documents).toEqual([
      { document: ID_000, spans: 14, relations: 2 },
      { document: ID_004, spans: 8, relations: 1 },
      { document: ID_NEWS, spans: 5, relations: 0 },
    ]);
    expect(here.report.failed.map((p) => [p.file, p.line])).toEqual([[store.layerPath(ID_DAMAGED, 'Ali'), 1]]);
    expect(here.report.losses.map((l) => `${l.document}: ${l.message}`)).toContain(
      `${ID_000}: span "s15" not exported: it is orphaned (offsets 75–80 now yield "يران،", not the quote "إيران" (line 4))`,
    );
    // The span after the emoji, at its code point offsets, with its exact text.
    const text = await store.readText(ID_NEWS);
    const start = cpOccurrences(text, 'دير الزور 🇸🇾')[0] as number;
    const w3c = JSON.parse(Buffer.from(here.files.get(`w3c/${ID_NEWS}.jsonld`) ?? '', 'hex').toString('utf8')) as { first: { items: { id: string; target: { selector: { start?: number; end?: number; exact?: string }[] } }[] } };
    const [position, quote] = w3c.first.items.find((item) => item.id.endsWith(':span:s1'))?.target.selector ?? [];
    expect([position?.start, position?.end, quote?.exact]).toEqual([start, start + 12, 'دير الزور 🇸🇾']);
  });

  it('gives the batches in order from the workers, as DocumentExport gives them here', async () => {
    const ids = [ID_000, ID_004, ID_NEWS, ID_DAMAGED];
    const context = { schema: store.manifest.schema, source: 'Ali', toolVersion: '1.2.3', exportedAt: EXPORTED_AT, offsets: 'codepoint' } as const;
    const work: ExportWork = { root: store.root, manifest: store.manifest, source: { annotator: 'Ali' }, formats: ['brat', 'w3c'], context, documents: true };
    const here = DocumentExport.start(store, work, ids, 1);
    const batches = ExportBatches.start(store, work, ids, inWorkers());
    try {
      for (const id of ids) {
        const expected = await here.next(1);
        const got = await batches.take();
        expect(batches.inWorkers).toBe(true);
        expect(got.items.map((i) => i.id)).toEqual([id]);
        expect(withHexBytes(got)).toEqual(withHexBytes(expected));
      }
    } finally {
      await here.close();
      await batches.close();
    }
  });

  it('exports the gold layer the same way', async () => {
    const here = await exportWith(HERE, { format: 'jsonl', source: { gold: true } }, path.join(dir, 'here'));
    const workers = await exportWith(inWorkers(), { format: 'jsonl', source: { gold: true } }, path.join(dir, 'workers'));
    expect(workers).toEqual(here);
    expect(here.report.documents.map((d) => d.document)).toEqual([ID_000, ID_004, ID_NEWS, ID_DAMAGED]);
  });

  it('exports in this thread when the worker cannot run, with the same result', async () => {
    const broken = path.join(bundled.dir, 'broken-worker.mjs');
    await writeFile(broken, 'throw new Error("this worker cannot run");\n');
    const here = await exportWith(HERE, { format: 'brat', source: { annotator: 'Ali' } }, path.join(dir, 'here'));
    const fallen = await exportWith({ worker: pathToFileURL(broken), workerFrom: 0, workers: 2, batch: 1 }, { format: 'brat', source: { annotator: 'Ali' } }, path.join(dir, 'broken'));
    const missing = await exportWith({ worker: pathToFileURL(path.join(bundled.dir, 'no-such-worker.mjs')), workerFrom: 0, workers: 2, batch: 1 }, { format: 'brat', source: { annotator: 'Ali' } }, path.join(dir, 'missing'));
    expect(fallen).toEqual(here);
    expect(missing).toEqual(here);
    const work: ExportWork = { root: store.root, manifest: store.manifest, source: { annotator: 'Ali' }, formats: ['brat'], context: { schema: store.manifest.schema, source: 'Ali', toolVersion: '1.2.3', exportedAt: EXPORTED_AT, offsets: 'codepoint' }, documents: false };
    const batches = ExportBatches.start(store, work, [ID_000, ID_004], { worker: pathToFileURL(broken), workerFrom: 0, workers: 2, batch: 1 });
    try {
      expect((await batches.take()).items.map((i) => i.id)).toEqual([ID_000]);
      expect(batches.inWorkers).toBe(false);
    } finally {
      await batches.close();
    }
    expect(here.files.size).toBe(7);
  });
});
