/**
 * A dataset bundle: one zip file holding the chosen layer (usually the gold layer) in every
 * chosen format, one folder per format, with `DATASHEET.md` and `schema.json` at the top, so a
 * dataset can be published as it is.
 *
 * ```
 * DATASHEET.md     see datasheet.ts
 * schema.json      the corpus schema
 * brat/...         what `exportCorpus` writes for each format
 * jsonl/...
 * ```
 */
import type { Dirent } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import type { DocumentStatus, FileProblem } from '../shared/model.js';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import type { ExportLoss } from '../shared/formats/index.js';
import { appPaths } from './app-paths.js';
import { writeAtomic } from './atomic-write.js';
import { corpusAgreementSummary } from './corpus-agreement.js';
import { checkOutside, exportCorpus, sourceName, type ExportedDocument, type ExportOptions } from './corpus-export.js';
import { CorpusError, type CorpusStore } from './corpus-store.js';
import { DatasheetCounts, renderDatasheet, schemaJson, type DatasheetAnnotator } from './datasheet.js';

/**
 * The agreement summary of a bundle's datasheet, as Markdown, or undefined when there is none
 * (the datasheet then says "Not computed"). The default is `corpusAgreementSummary` of
 * corpus-agreement.ts: the figures over the exported documents that at least two annotators
 * marked done.
 */
export type AgreementSummary = (store: CorpusStore, documents: readonly string[]) => Promise<string | undefined>;

/** An {@link AgreementSummary} that computes nothing: the datasheet says "Not computed". */
export const noAgreement: AgreementSummary = () => Promise.resolve(undefined);

export interface BundleOptions extends Omit<ExportOptions, 'outDir' | 'subfolders' | 'onDocument'> {
  /** The zip file to write (`.zip`); replaced atomically when it exists. Refused inside the corpus. */
  readonly bundle: string;
  /** Default `corpusAgreementSummary` (corpus-agreement.ts); {@link noAgreement} leaves it out. */
  readonly agreement?: AgreementSummary;
}

export interface BundleReport {
  /** Absolute path of the zip file. */
  readonly bundle: string;
  /** Files in the zip (datasheet and schema included). */
  readonly files: number;
  /** The zip's entry names, in order. */
  readonly entries: readonly string[];
  readonly documents: readonly ExportedDocument[];
  readonly losses: readonly ExportLoss[];
  readonly failed: readonly FileProblem[];
}

/** Compression level of the zip entries (fflate's default). */
const DEFLATE_LEVEL = 6;

/**
 * Exports the chosen layer of the chosen documents in every format into a temporary folder
 * (with `exportCorpus`, one sub-folder per format, so the export's own refusals and reports
 * apply), writes `DATASHEET.md` and `schema.json`, and zips it all into `bundle`: entries in
 * sorted order with the export date as their time, so the same corpus and date give the same
 * zip. The zip is written to a temporary file beside `bundle`, flushed, and renamed over it; the
 * temporary folder is always removed. Throws {@link CorpusError} for a bundle path that does not
 * end in `.zip` or lies inside the corpus, and for everything `exportCorpus` refuses.
 */
export async function exportBundle(store: CorpusStore, options: BundleOptions): Promise<BundleReport> {
  const bundle = checkOutside(store, options.bundle);
  if (!/\.zip$/i.test(bundle)) throw new CorpusError([{ file: bundle, message: 'a bundle is a zip file: give a name ending in .zip' }], 'invalid');
  const exportedAt = options.exportedAt ?? new Date().toISOString();
  const toolVersion = options.toolVersion ?? appPaths().version;
  const offsets = options.offsets ?? 'codepoint';
  const staging = await mkdtemp(path.join(tmpdir(), 'hashiya-bundle-'));
  try {
    const counts = new DatasheetCounts(store.manifest.schema);
    const report = await exportCorpus(store, {
      ...options,
      exportedAt,
      toolVersion,
      offsets,
      outDir: staging,
      subfolders: true,
      onDocument: counts.add,
    });
    const ids = report.documents.map((d) => d.document);
    const datasheet = renderDatasheet({
      corpusName: store.manifest.name,
      source: sourceName(options.source),
      counts,
      annotators: await annotatorStatuses(store, ids),
      agreement: await (options.agreement ?? corpusAgreementSummary)(store, ids),
      schema: store.manifest.schema,
      toolVersion,
      exportedAt,
      formats: report.formats.map((f) => f.format),
      offsets,
      losses: report.lossCounts,
      failed: report.failed.length,
    });
    const exported = (await listFiles(staging)).map((relative) => ({ name: relative, read: () => readFile(path.join(staging, ...relative.split('/'))) }));
    const entries = [
      { name: 'DATASHEET.md', read: () => Promise.resolve(strToU8(datasheet)) },
      { name: 'schema.json', read: () => Promise.resolve(strToU8(schemaJson(store.manifest.schema))) },
      ...exported,
    ];
    await mkdir(path.dirname(bundle), { recursive: true });
    await writeZipAtomic(bundle, entries, new Date(exportedAt));
    return { bundle, files: entries.length, entries: entries.map((e) => e.name), documents: report.documents, losses: report.losses, failed: report.failed };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Every annotator with a layer folder (valid names), with the statuses of their layers of `ids`. */
async function annotatorStatuses(store: CorpusStore, ids: readonly string[]): Promise<readonly DatasheetAnnotator[]> {
  const wanted = new Set(ids);
  const out: DatasheetAnnotator[] = [];
  for (const name of await store.listAnnotatorFolders()) {
    if (!validateAnnotatorName(name).ok) continue;
    const statuses: Record<DocumentStatus, number> = { not_started: 0, in_progress: 0, done: 0 };
    for (const [id, summary] of await store.layerSummaries(name)) if (wanted.has(id)) statuses[summary.status] += 1;
    out.push({ name, statuses });
  }
  return out;
}

/** Files under `dir`, as `/`-separated relative paths, sorted by code units. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), `${relative}/`)));
    else if (entry.isFile()) out.push(relative);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Streams a zip of `entries` (read one at a time) into a temporary file beside `file`, flushes
 * it and renames it over `file`; on failure the temporary file is removed and `file` is left.
 */
async function writeZipAtomic(file: string, entries: readonly { readonly name: string; readonly read: () => Promise<Uint8Array> }[], mtime: Date): Promise<void> {
  await writeAtomic(file, async (handle) => {
    const chunks: Uint8Array[] = [];
    let failure: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) failure = error;
      else chunks.push(chunk);
    });
    const flush = async (): Promise<void> => {
      if (failure) throw failure;
      for (const chunk of chunks.splice(0)) await handle.write(chunk);
    };
    for (const entry of entries) {
      const data = await entry.read();
      const deflate = new ZipDeflate(entry.name, { level: DEFLATE_LEVEL });
      deflate.mtime = mtime;
      zip.add(deflate);
      deflate.push(data, true);
      await flush();
    }
    zip.end();
    await flush();
  });
}

