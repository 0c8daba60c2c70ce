/**
 * Importing files into a corpus: plain `.txt` files, folders of them, and brat pairs (`x.txt`
 * with `x.ann` beside it, whose spans go into one annotator's layer). Each document is
 * all-or-nothing: its text, meta and layer are written only after everything about it checked out.
 */
import type { Dirent } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { assertNever, type FileProblem } from '../shared/model.js';
import { deriveDocumentId, validateAnnotatorName } from '../shared/corpus/ids.js';
import type { SpanInput } from '../shared/corpus/span-input.js';
import { parseBratAnn } from '../shared/formats/brat.js';
import { canonicaliseBytes } from '../shared/text/canonicalise.js';
import { CodePointIndex } from '../shared/text/code-points.js';
import { CorpusError, type CorpusStore } from './corpus-store.js';
import { decodeUtf8Strict, isErrnoCode, sha256Hex } from './node-text.js';

export interface ImportedDocument {
  /** The `.txt` file. */
  readonly file: string;
  readonly document: string;
  /** False when the text was already in the corpus and only a brat layer was added. */
  readonly textImported: boolean;
  /** The brat `.ann` file imported into `annotator`'s layer, if there was one. */
  readonly annFile?: string;
  readonly spans: number;
  /** Canonicalisation warnings and brat lines left out, each naming its file (and line). */
  readonly warnings: readonly FileProblem[];
}

export interface SkippedFile {
  readonly file: string;
  readonly document: string;
  readonly message: string;
}

export interface ImportReport {
  readonly imported: readonly ImportedDocument[];
  readonly skipped: readonly SkippedFile[];
  /** Every problem that kept a file out, naming the file and, where known, the line. */
  readonly failed: readonly FileProblem[];
}

export interface ImportOptions {
  /** Whose layer brat annotations go into; required when any `.ann` file is imported. */
  readonly annotator?: string;
}

/**
 * Imports `paths` into `store`: `.txt` files (a `.ann` path stands for its `.txt`), and folders
 * searched recursively (entries sorted, hidden ones skipped). Ids come from file names
 * ({@link deriveDocumentId}; a clash within one import gets `-2`, `-3`, ...).
 *
 * Per document: an id already in the corpus with the same SHA-256 is skipped (unless a brat
 * `.ann` brings spans for a layer that is still empty); with another text it fails. A `.ann`
 * beside the `.txt` is parsed against the raw text (BOM and `\r` counted, as brat does) and its
 * offsets mapped onto the canonical text; any bad line fails the document, naming file and line.
 * An existing non-empty layer is never overwritten. Nothing of a failed document is written.
 *
 * Throws {@link CorpusError} only for an invalid `annotator`; every per-file problem is reported.
 */
export async function importPaths(store: CorpusStore, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  if (options.annotator !== undefined) {
    const checked = validateAnnotatorName(options.annotator);
    if (!checked.ok) throw new CorpusError(checked.errors.map((e) => ({ ...e, file: store.root })), 'invalid');
  }
  const imported: ImportedDocument[] = [];
  const skipped: SkippedFile[] = [];
  const failed: FileProblem[] = [];
  const { files, problems } = await collectTextFiles(paths);
  failed.push(...problems);

  // Existing ids by lower case: on macOS and Windows `Doc.txt` and `doc.txt` are one file.
  const existing = new Map((await store.listDocumentIds()).map((id) => [id.toLowerCase(), id]));
  const taken = new Set<string>();
  for (const file of files) {
    const derived = deriveDocumentId(path.basename(file), taken);
    taken.add(derived);
    const id = existing.get(derived.toLowerCase()) ?? derived;
    try {
      const outcome = await importOne(store, file, id, options.annotator);
      switch (outcome.kind) {
        case 'imported':
          imported.push(outcome.value);
          break;
        case 'skipped':
          skipped.push(outcome.value);
          break;
        case 'failed':
          failed.push(...outcome.problems);
          break;
        default:
          assertNever(outcome, 'import outcome');
      }
    } catch (error) {
      if (error instanceof CorpusError) failed.push(...error.problems);
      else if (isErrnoCode(error, 'EACCES') || isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'EISDIR')) {
        failed.push({ file, message: (error as Error).message });
      } else throw error;
    }
  }
  return { imported, skipped, failed };
}

type Outcome =
  | { readonly kind: 'imported'; readonly value: ImportedDocument }
  | { readonly kind: 'skipped'; readonly value: SkippedFile }
  | { readonly kind: 'failed'; readonly problems: readonly FileProblem[] };

async function importOne(store: CorpusStore, file: string, id: string, annotator: string | undefined): Promise<Outcome> {
  const bytes = await readFile(file);
  const canonical = canonicaliseBytes(bytes, file);
  if (!canonical.ok) return { kind: 'failed', problems: canonical.errors };
  const { text, raw, mapOffset, canonicalisation } = canonical.value;
  if (text.length === 0) return { kind: 'failed', problems: [{ file, message: 'is empty: nothing to annotate' }] };
  const warnings: FileProblem[] = canonicalisation.warnings.map((message) => ({ file, message }));

  const annFile = file.replace(/\.txt$/i, '.ann');
  const annBytes = await readFile(annFile).catch((error: unknown) => {
    if (isErrnoCode(error, 'ENOENT')) return undefined;
    throw error;
  });

  // The brat layer, fully checked before anything is written.
  let spans: SpanInput[] | undefined;
  if (annBytes !== undefined) {
    if (annotator === undefined) {
      return { kind: 'failed', problems: [{ file: annFile, message: 'brat annotations need an annotator to import them for (--annotator NAME); nothing of this document was imported' }] };
    }
    const ann = decodeUtf8Strict(annBytes);
    if (ann === undefined) return { kind: 'failed', problems: [{ file: annFile, message: 'is not valid UTF-8' }] };
    const parsed = parseBratAnn(ann, raw, annFile);
    if (!parsed.ok) return { kind: 'failed', problems: parsed.errors };
    const labels = new Set(store.manifest.schema.labels.map((l) => l.name));
    const index = new CodePointIndex(text);
    const problems: FileProblem[] = [];
    const numbered = parsed.value.spans.every((s) => /^T\d{1,9}$/.test(s.sourceId));
    spans = [];
    for (const [i, s] of parsed.value.spans.entries()) {
      if (!labels.has(s.label)) {
        problems.push({
          file: annFile,
          line: s.line,
          message: `type "${s.label}" of ${s.sourceId} is not a label of the corpus schema (${[...labels].join(', ')}); add it to hashiya.json to import it`,
        });
        continue;
      }
      const start = mapOffset(s.start, 'start');
      const end = mapOffset(s.end, 'end');
      if (start >= end) {
        problems.push({ file: annFile, line: s.line, message: `${s.sourceId} covers only characters that import removes (a byte order mark or a \\r)` });
        continue;
      }
      spans.push({ id: numbered ? `s${s.sourceId.slice(1)}` : `s${i + 1}`, label: s.label, start, end, text: index.slice(start, end), attributes: {}, note: '' });
    }
    if (problems.length > 0) return { kind: 'failed', problems };
    for (const ignored of parsed.value.ignored) {
      warnings.push({ file: annFile, line: ignored.line, message: `${ignored.kind} line not imported (only text-bound spans are imported for now)` });
    }
  }

  if (await store.hasDocument(id)) {
    const meta = await store.readMeta(id);
    const sha = sha256Hex(text);
    if (meta.sha256 !== sha) {
      return {
        kind: 'failed',
        problems: [{ file, message: `document "${id}" is already in the corpus with a different text (imported from ${meta.source}); rename the file to import it as another document` }],
      };
    }
    if (spans === undefined) {
      return { kind: 'skipped', value: { file, document: id, message: `already in the corpus as "${id}" with the same text` } };
    }
    const name = annotator as string;
    const existing = await store.readLayer(id, name);
    if (existing.layer.spans.length > 0) {
      return {
        kind: 'failed',
        problems: [{ file: annFile, message: `the layer of ${name} for "${id}" already has ${existing.layer.spans.length} spans and is not overwritten (a later --replace will allow it)` }],
      };
    }
    // The layer has no spans, but may hold rejected suggestions: they are kept.
    const layer = await store.saveLayer(id, name, {
      spans,
      relations: existing.layer.relations,
      rejected: existing.layer.rejected,
      status: 'in_progress',
      expectedRevision: existing.layer.revision,
    });
    return { kind: 'imported', value: { file, document: id, textImported: false, annFile, spans: layer.spans.length, warnings } };
  }

  const added = await store.addDocument(
    { id, source: path.basename(file), text, canonicalisation },
    spans === undefined ? undefined : { annotator: annotator as string, spans },
  );
  return {
    kind: 'imported',
    value: {
      file,
      document: id,
      textImported: true,
      ...(spans === undefined ? {} : { annFile }),
      spans: added.layer?.spans.length ?? 0,
      warnings,
    },
  };
}

/** The `.txt` files named by `paths`, folders expanded recursively in sorted order, each once. */
async function collectTextFiles(paths: readonly string[]): Promise<{ files: readonly string[]; problems: readonly FileProblem[] }> {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const given of paths) {
    const full = path.resolve(given);
    let info;
    try {
      info = await stat(full);
    } catch (error) {
      if (!isErrnoCode(error, 'ENOENT')) throw error;
      problems.push({ file: full, message: 'not found' });
      continue;
    }
    if (info.isDirectory()) {
      const found = await walk(full);
      if (found.length === 0) problems.push({ file: full, message: 'holds no .txt files' });
      found.forEach(add);
    } else if (/\.txt$/i.test(full)) add(full);
    else if (/\.ann$/i.test(full)) add(full.replace(/\.ann$/i, '.txt'));
    else problems.push({ file: full, message: 'is not a .txt file (nor a brat .ann, nor a folder)' });
  }
  return { files, problems };
}

async function walk(dir: string): Promise<string[]> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile() && /\.txt$/i.test(entry.name)) out.push(full);
  }
  return out;
}
