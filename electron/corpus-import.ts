/**
 * Importing files into a corpus: plain texts (`.txt` files and folders of them), brat collections
 * (`x.txt` with `x.ann` beside it, and the `annotation.conf` of their folder), W3C Web Annotation
 * JSON-LD (`.jsonld`, pointing at documents already in the corpus) and doccano-style JSONL
 * (`.jsonl`, one document per line) — annotations into one annotator's layer.
 *
 * The adapters of `shared/formats/` read the files and give offsets in code points of the raw
 * text they carried; here each text is canonicalised once (BOM, CRLF/CR, NFC; the encoding was
 * settled when the file was decoded), every offset is mapped through that, and each document is
 * checked in full before anything of it is written: all-or-nothing per document.
 */
import type { Dirent } from 'node:fs';
import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { assertNever, type Canonicalisation, type DocumentStatus, type FileProblem, type LabelDef, type RejectedSuggestion, type Relation, type Result, type Schema } from '../shared/model.js';
import { deriveDocumentId, validateAnnotatorName, validateDocumentId } from '../shared/corpus/ids.js';
import { linkRefusals } from '../shared/corpus/link-refusals.js';
import { unfitSpanValues } from '../shared/corpus/layer-checks.js';
import { buildLayerRelations, buildRejectedSuggestions } from '../shared/corpus/relation-input.js';
import { buildLayerSpans, type SpanInput } from '../shared/corpus/span-input.js';
import { formatAdapter, type ImportFile, type ImportedDocument as ParsedDocument, type OffsetUnit } from '../shared/formats/index.js';
import { validateSchema } from '../shared/schema/validate-schema.js';
import { canonicalise } from '../shared/text/canonicalise.js';
import { CodePointIndex } from '../shared/text/code-points.js';
import { decodeText, firstInvalidUtf8, lineOfByte } from '../shared/text/decode-text.js';
import { CorpusError, type CorpusStore } from './corpus-store.js';
import { isErrnoCode, sha256Hex } from './node-text.js';

/** What `--format` accepts for import. `text` imports texts only. */
export type ImportFormat = 'brat' | 'w3c' | 'jsonl' | 'text';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['brat', 'w3c', 'jsonl', 'text'];

/** One document imported (its text, its layer, or both). */
export interface ImportedEntry {
  /** The file the document came from: the `.txt`, or the `.jsonl` / `.jsonld` file. */
  readonly file: string;
  readonly document: string;
  readonly format: ImportFormat;
  /** False when the text was already in the corpus and only a layer was written. */
  readonly textImported: boolean;
  /** The file the annotations came from (`.ann`, `.jsonl`, `.jsonld`), when a layer was written. */
  readonly annotationFile?: string;
  /** Spans and relations written into the annotator's layer. */
  readonly spans: number;
  readonly relations: number;
  /** What the layer held before it was replaced (`replace`); absent when nothing was replaced. */
  readonly replaced?: { readonly spans: number; readonly relations: number };
  /** Canonicalisation warnings, lines the format read but could not import, values unfit for the schema. */
  readonly warnings: readonly FileProblem[];
}

export interface SkippedFile {
  readonly file: string;
  readonly document: string;
  readonly message: string;
}

export interface ImportReport {
  readonly imported: readonly ImportedEntry[];
  readonly skipped: readonly SkippedFile[];
  /** Every problem that kept a document out, naming the file and, where known, the line. */
  readonly failed: readonly FileProblem[];
  /** What was added to the corpus schema (labels, attributes, relation types from a brat `annotation.conf`). */
  readonly schemaAdditions: readonly string[];
}

export interface ImportOptions {
  /** Whose layer annotations go into; required when any document brings annotations. */
  readonly annotator?: string;
  /** How to read every path; by default detected per file (see {@link importPaths}). */
  readonly format?: ImportFormat;
  /** The offset unit of JSONL files. Default: code points. */
  readonly offsets?: OffsetUnit;
  /** Overwrite an annotator's layer that already holds spans or relations (reported); refused otherwise. */
  readonly replace?: boolean;
}

/** A unit of work: files parsed together, giving one or more documents. */
interface Group {
  readonly format: ImportFormat;
  /** The file that carries the text (`.txt`) or the annotations (`.jsonl`, `.jsonld`). */
  readonly main: string;
  /** The brat `.ann` beside a `.txt`. */
  readonly ann?: string;
  /** The brat `annotation.conf` that applies to the pair. */
  readonly conf?: string;
}

/** A document checked and ready to be written. */
interface Planned {
  readonly group: Group;
  readonly id: string;
  /** The canonical text to add, or undefined when the document is already in the corpus. */
  readonly newText?: { readonly text: string; readonly canonicalisation: Canonicalisation };
  readonly layer?: {
    readonly annotator: string;
    readonly spans: readonly SpanInput[];
    readonly relations: readonly Relation[];
    readonly rejected: readonly RejectedSuggestion[];
    /** The revision of the layer on disk (0 for none) and what it held. */
    readonly revision: number;
    readonly status: DocumentStatus;
    readonly replaced?: { readonly spans: number; readonly relations: number };
  };
  readonly warnings: readonly FileProblem[];
}

/** A document as its adapter read it, with the encoding of the file that carried it. */
type Parsed = ParsedDocument & {
  readonly encoding: Canonicalisation['encoding'];
  /** Recorded in the meta of a text that was not UTF-8. */
  readonly encodingNote: string | undefined;
};

type Plan = { readonly kind: 'write'; readonly value: Planned } | { readonly kind: 'skip'; readonly value: SkippedFile } | { readonly kind: 'fail'; readonly problems: readonly FileProblem[] };

/**
 * Imports `paths` into `store`. Files are read as strict UTF-8, else windows-1256 (said in a
 * warning). Without `format`, each file is read by its extension: `.txt` is brat when an `.ann`
 * is beside it and a plain text otherwise, a `.ann` stands for its `.txt`, `.jsonld` is W3C,
 * `.jsonl` is JSONL; folders are searched recursively for those (sorted, hidden entries
 * skipped). With `format`, folders give that format's files (`.json` too for W3C and JSONL).
 *
 * Per document, everything is checked before anything is written, and a document that fails
 * has nothing written: the adapter's problems (file and line: malformed lines, offsets out of
 * range or cutting a surrogate pair, quotes that do not match, duplicate ids, dangling relation
 * arguments, unknown labels, a wrong offset unit); offsets mapped onto the canonical text that
 * no longer hold their quote; labels and relation types unknown to the schema (a brat
 * `annotation.conf` extends the schema first: its additions are saved with the first document
 * that needs them); a text that differs from the one already stored under the id; annotations
 * without an annotator; a layer that already holds spans or relations, unless `replace`.
 * Documents whose id and text are already in the corpus and that bring no annotations are
 * skipped. Ids of texts come from file names ({@link deriveDocumentId}, `-2`, `-3`, ... on a
 * clash within one import); ids in JSONL and W3C files are taken as they are (a JSONL id that
 * cannot be a file name is made one, as {@link deriveDocumentId} makes one of a file name).
 *
 * Throws {@link CorpusError} only for an invalid `annotator`; every per-file problem is reported.
 */
export async function importPaths(store: CorpusStore, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  if (options.annotator !== undefined) {
    const checked = validateAnnotatorName(options.annotator);
    if (!checked.ok) throw new CorpusError(checked.errors.map((e) => ({ ...e, file: store.root })), 'invalid');
  }
  const imported: ImportedEntry[] = [];
  const skipped: SkippedFile[] = [];
  const failed: FileProblem[] = [];
  const schemaAdditions: string[] = [];
  const { groups, problems } = await collectGroups(paths, options.format);
  failed.push(...problems);

  const session = new ImportSession(store, options);
  await session.init();
  for (const group of groups) {
    try {
      const parsed = await session.parseGroup(group);
      if (!parsed.ok) {
        failed.push(...parsed.errors);
        continue;
      }
      const { documents, schema, added } = parsed.value;
      failed.push(...parsed.value.failed);
      const plans: Plan[] = [];
      for (const doc of documents) plans.push(await orProblems(() => session.plan(group, doc, schema), (problems): Plan => ({ kind: 'fail', problems })));
      if (added.length > 0 && plans.some((p) => p.kind === 'write')) {
        await store.saveSchema(schema);
        schemaAdditions.push(...added.map((a) => `${a} (from ${group.conf ?? group.main})`));
      }
      for (const plan of plans) {
        switch (plan.kind) {
          case 'write': {
            const written = await orProblems(() => session.write(plan.value), (errors): Written => ({ ok: false, errors }));
            if (written.ok) imported.push(written.value);
            else failed.push(...written.errors);
            break;
          }
          case 'skip':
            skipped.push(plan.value);
            break;
          case 'fail':
            failed.push(...plan.problems);
            break;
          default:
            assertNever(plan, 'import plan');
        }
      }
    } catch (error) {
      if (error instanceof CorpusError) failed.push(...error.problems);
      else if (isErrnoCode(error, 'EACCES') || isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'EISDIR')) {
        failed.push({ file: group.main, message: (error as Error).message });
      } else throw error;
    }
  }
  return { imported, skipped, failed, schemaAdditions };
}

/** Runs `task`; a {@link CorpusError} (a damaged or conflicting file) becomes `failed(problems)`: a failure of that one document. */
async function orProblems<T>(task: () => Promise<T>, failed: (problems: readonly FileProblem[]) => T): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    return failed(error.problems);
  }
}

type Written = { readonly ok: true; readonly value: ImportedEntry } | { readonly ok: false; readonly errors: readonly FileProblem[] };

/** State of one import run: the ids taken so far, the corpus texts W3C files point into. */
class ImportSession {
  /** Existing ids by lower case: on macOS and Windows `Doc.txt` and `doc.txt` are one file. */
  readonly #existing = new Map<string, string>();
  /** Ids given to documents in this run (lower case) → the file that got them. */
  readonly #taken = new Map<string, string>();
  #texts: Map<string, string> | undefined;

  constructor(
    readonly store: CorpusStore,
    readonly options: ImportOptions,
  ) {}

  async init(): Promise<void> {
    for (const id of await this.store.listDocumentIds()) this.#existing.set(id.toLowerCase(), id);
  }

  /**
   * Reads a group's files and runs its adapter (texts need none). Returns the documents, the
   * schema extended by what they bring, a description of each addition, and the problems of the
   * lines of a JSONL file that failed while others read.
   */
  async parseGroup(group: Group): Promise<
    | { readonly ok: true; readonly value: { readonly documents: readonly Parsed[]; readonly schema: Schema; readonly added: readonly string[]; readonly failed: readonly FileProblem[] } }
    | { readonly ok: false; readonly errors: readonly FileProblem[] }
  > {
    const schema = this.store.manifest.schema;
    const read = await readFiles([group.main, ...(group.ann ? [group.ann] : []), ...(group.conf ? [group.conf] : [])]);
    if (!read.ok) return read;
    const [main] = read.value;
    if (main === undefined) return { ok: false, errors: [{ file: group.main, message: 'nothing to read' }] };
    if (group.format === 'text') {
      const doc: ParsedDocument = { id: '', rawText: main.content, spans: [], relations: [], rejected: [], warnings: main.warnings };
      return { ok: true, value: { documents: [{ ...doc, encoding: main.encoding, encodingNote: main.encodingNote }], schema, added: [], failed: [] } };
    }
    const adapter = formatAdapter(group.format);
    if (adapter.parse === undefined) return { ok: false, errors: [{ file: group.main, message: `the ${group.format} format cannot be imported` }] };
    const texts = group.format === 'w3c' ? await this.#corpusTexts() : new Map<string, string>();
    const files: ImportFile[] = read.value.map((f) => ({ path: f.path, content: f.content }));
    const options = { offsets: this.options.offsets ?? 'codepoint', schema, texts } as const;
    const whole = adapter.parse(files, options);
    // One bad line of a JSONL file keeps out its own document, not the others of the file.
    const parsed = whole.ok ? { documents: whole.value, problems: [] } : group.format === 'jsonl' ? parseLineByLine(files[0] as ImportFile, whole.errors, (f) => adapter.parse?.(f, options)) : { documents: [], problems: whole.errors };
    if (parsed.documents.length === 0) return { ok: false, errors: parsed.problems };
    const warnings = read.value.flatMap((f) => f.warnings);
    const documents = parsed.documents.map((d, i) => ({ ...d, warnings: [...(i === 0 ? warnings : []), ...d.warnings], encoding: main.encoding, encodingNote: main.encodingNote }));
    const merged = mergeSchema(schema, documents.flatMap((d) => (d.schemaAdditions ? [d.schemaAdditions] : [])));
    const problems = validateSchema(merged.schema);
    if (problems.length > 0) {
      return { ok: false, errors: problems.map((message) => ({ file: group.conf ?? group.main, message: `the schema it brings cannot be added to the corpus schema: ${message}` })) };
    }
    return { ok: true, value: { documents, schema: merged.schema, added: merged.added, failed: parsed.problems } };
  }

  /** Checks one parsed document completely; nothing is written. */
  async plan(group: Group, doc: Parsed, schema: Schema): Promise<Plan> {
    const annotationFile = group.ann ?? group.main;
    const fail = (message: string, file = annotationFile, line?: number): Plan => ({ kind: 'fail', problems: [{ file, ...(line === undefined ? {} : { line }), message }] });
    const perFile = group.format === 'brat' || group.format === 'text';
    // Ids: from the file name for texts and brat pairs (clashes get -2, ...); as given otherwise.
    let id: string;
    if (perFile) {
      const derived = deriveDocumentId(path.basename(group.main), new Set(this.#taken.keys()));
      id = this.#existing.get(derived.toLowerCase()) ?? derived;
    } else {
      // A JSONL id that cannot be a file name is made one as a file name would be (`doc 1` → `doc_1`).
      const given = group.format === 'jsonl' && !validateDocumentId(doc.id).ok ? deriveDocumentId(`${doc.id}.jsonl`) : doc.id;
      const checked = validateDocumentId(given);
      if (!checked.ok) return fail(`${checked.errors[0]?.message ?? 'invalid document id'}; nothing of this document was imported`);
      id = this.#existing.get(given.toLowerCase()) ?? given;
      const first = this.#taken.get(id.toLowerCase());
      if (first !== undefined) return fail(`document "${id}" comes twice in this import (first from ${first}); nothing of the second was imported`);
    }
    this.#taken.set(id.toLowerCase(), annotationFile);

    // The text: canonicalised here when the format carries it, else the corpus text.
    const exists = this.#existing.has(id.toLowerCase());
    const stored = exists ? await this.store.readText(id) : undefined;
    let text: string;
    let mapOffset: (raw: number, side: 'start' | 'end') => number = (raw) => raw;
    let newText: Planned['newText'];
    const warnings: FileProblem[] = [...doc.warnings];
    if (doc.rawText !== null) {
      const canonical = canonicalise(doc.rawText);
      text = canonical.text;
      mapOffset = canonical.mapOffset;
      if (text.length === 0) return fail('the text is empty: nothing to annotate', group.main);
      if (stored !== undefined && sha256Hex(stored) !== sha256Hex(text)) {
        const meta = await this.store.readMeta(id);
        return fail(`document "${id}" is already in the corpus with a different text (imported from ${meta.source}); rename the file to import it as another document`, group.main);
      }
      if (stored === undefined) {
        newText = { text, canonicalisation: { encoding: doc.encoding, ...canonical.info, warnings: [...(doc.encodingNote === undefined ? [] : [doc.encodingNote]), ...canonical.info.warnings] } };
        warnings.unshift(...canonical.info.warnings.map((message) => ({ file: group.main, message })));
      }
    } else {
      if (stored === undefined) return fail(`document "${id}" is not in the corpus: import its text first (this format carries no text)`);
      text = stored;
    }

    // A document that brings no annotations writes no layer, unless it is to replace one.
    const carries = doc.spans.length > 0 || doc.relations.length > 0 || doc.rejected.length > 0;
    const annotator = this.options.annotator;
    const emptying = !carries && this.options.replace === true && annotator !== undefined && exists && (await this.#holds(id, annotator));
    if (group.format === 'text' || (!carries && !emptying)) {
      if (newText !== undefined) return { kind: 'write', value: { group, id, newText, warnings } };
      const message = group.format === 'text' ? `already in the corpus as "${id}" with the same text` : `brings no annotations, and its text is already in the corpus as "${id}"`;
      return { kind: 'skip', value: { file: group.main, document: id, message } };
    }
    if (annotator === undefined) {
      return fail('annotations need an annotator to import them for (--annotator NAME); nothing of this document was imported');
    }

    const mapped = mapAnnotations(doc, text, mapOffset, schema, annotationFile);
    if (!mapped.ok) return { kind: 'fail', problems: mapped.errors };
    const index = new CodePointIndex(text);
    const spans = buildLayerSpans(mapped.value.spans, { file: annotationFile, text: index, labels: new Set(schema.labels.map((l) => l.name)), stored: [] });
    const relations = buildLayerRelations(doc.relations, annotationFile);
    const rejectedIn = buildRejectedSuggestions(mapped.value.rejected, index.length, annotationFile);
    const refusals = [...(spans.ok ? [] : spans.errors), ...(relations.ok ? [] : relations.errors), ...(rejectedIn.ok ? [] : rejectedIn.errors)];
    if (spans.ok && relations.ok) refusals.push(...linkRefusals({ spans: spans.value, relations: relations.value }, { spans: [], relations: [] }, schema, annotationFile));
    if (refusals.length > 0 || !spans.ok || !relations.ok || !rejectedIn.ok) return { kind: 'fail', problems: refusals };
    for (const unfit of unfitSpanValues({ spans: spans.value }, schema)) {
      warnings.push({ file: annotationFile, message: `span "${unfit.spanId}"${unfit.attribute === '' ? '' : ` "${unfit.attribute}"`}: ${unfit.message} (kept, as every stored value is)` });
    }

    // The layer on disk: never overwritten when it holds annotations, unless asked to.
    const current = exists ? (await this.store.readLayer(id, annotator)).layer : undefined;
    const held = current === undefined ? 0 : current.spans.length + current.relations.length;
    if (current !== undefined && held > 0 && !this.options.replace) {
      return fail(
        `the layer of ${annotator} for "${id}" already has ${current.spans.length} span${current.spans.length === 1 ? '' : 's'} and ${current.relations.length} relation${current.relations.length === 1 ? '' : 's'}; it is not overwritten without --replace`,
      );
    }
    const replaced = current !== undefined && held > 0 ? { spans: current.spans.length, relations: current.relations.length } : undefined;
    // Rejected suggestions of a layer that held no annotations are kept; a replaced layer is replaced whole.
    const rejected = replaced === undefined && current !== undefined ? [...current.rejected, ...rejectedIn.value] : rejectedIn.value;
    return {
      kind: 'write',
      value: {
        group,
        id,
        ...(newText === undefined ? {} : { newText }),
        layer: {
          annotator,
          spans: mapped.value.spans,
          relations: relations.value,
          rejected,
          revision: current?.revision ?? 0,
          status: current === undefined || current.status === 'not_started' ? 'in_progress' : current.status,
          ...(replaced === undefined ? {} : { replaced }),
        },
        warnings,
      },
    };
  }

  /** Writes a planned document: its text and meta, then its layer; a failed layer write removes the new text again. */
  async write(planned: Planned): Promise<Written> {
    const { group, id, newText, layer } = planned;
    const entry = {
      file: group.main,
      document: id,
      format: group.format,
      textImported: newText !== undefined,
      spans: layer?.spans.length ?? 0,
      relations: layer?.relations.length ?? 0,
      warnings: planned.warnings,
      ...(layer === undefined ? {} : { annotationFile: group.ann ?? group.main }),
      ...(layer?.replaced === undefined ? {} : { replaced: layer.replaced }),
    };
    if (newText !== undefined) {
      const simple = layer !== undefined && layer.relations.length === 0 && layer.rejected.length === 0;
      await this.store.addDocument(
        { id, source: path.basename(group.main), text: newText.text, canonicalisation: newText.canonicalisation },
        simple ? { annotator: layer.annotator, spans: layer.spans, status: layer.status } : undefined,
      );
      this.#existing.set(id.toLowerCase(), id);
      if (simple || layer === undefined) return { ok: true, value: entry };
    }
    if (layer === undefined) return { ok: true, value: entry };
    try {
      await this.store.saveLayer(id, layer.annotator, { spans: layer.spans, relations: layer.relations, rejected: layer.rejected, status: layer.status, expectedRevision: layer.revision });
    } catch (error) {
      if (newText !== undefined) {
        // All-or-nothing: the text added a moment ago goes again (meta first: it makes the document exist).
        await unlink(this.store.metaPath(id)).catch(() => {});
        await unlink(this.store.textPath(id)).catch(() => {});
        this.#existing.delete(id.toLowerCase());
      }
      if (error instanceof CorpusError) return { ok: false, errors: error.problems };
      throw error;
    }
    return { ok: true, value: entry };
  }

  /** Whether `annotator`'s layer of `id` holds spans or relations. */
  async #holds(id: string, annotator: string): Promise<boolean> {
    const { layer } = await this.store.readLayer(id, annotator);
    return layer.spans.length + layer.relations.length > 0;
  }

  /** Every canonical text of the corpus, by id, read once per run (W3C annotations carry no text). */
  async #corpusTexts(): Promise<ReadonlyMap<string, string>> {
    if (this.#texts === undefined) {
      this.#texts = new Map();
      for (const id of await this.store.listDocumentIds()) {
        try {
          this.#texts.set(id, await this.store.readText(id));
        } catch (error) {
          if (!(error instanceof CorpusError)) throw error;
        }
      }
    }
    return this.#texts;
  }
}

/**
 * Spans and rejected suggestions of `doc` on the canonical text: every offset mapped through
 * `mapOffset` (starts on the start side, ends on the end side), each quote checked against the
 * canonical text, every label and relation type checked against `schema`, span and relation ids
 * unique, relation arguments naming spans of the document.
 */
function mapAnnotations(
  doc: ParsedDocument,
  text: string,
  mapOffset: (raw: number, side: 'start' | 'end') => number,
  schema: Schema,
  file: string,
): { readonly ok: true; readonly value: { readonly spans: readonly SpanInput[]; readonly rejected: readonly RejectedSuggestion[] } } | { readonly ok: false; readonly errors: readonly FileProblem[] } {
  const problems: FileProblem[] = [];
  const fail = (message: string): void => {
    problems.push({ file, message });
  };
  const labels = new Set(schema.labels.map((l) => l.name));
  const relationTypes = new Set(schema.relations.map((r) => r.name));
  const index = new CodePointIndex(text);
  const range = (start: number, end: number): { start: number; end: number } | string => {
    try {
      return { start: mapOffset(start, 'start'), end: mapOffset(end, 'end') };
    } catch (error) {
      if (error instanceof RangeError) return `offsets ${start}–${end} are outside the text`;
      throw error;
    }
  };
  const spans: SpanInput[] = [];
  const ids = new Set<string>();
  for (const s of doc.spans) {
    const name = `span "${s.id}" (${s.label} ${s.start}–${s.end})`;
    if (ids.has(s.id)) {
      fail(`${name}: the id is used twice`);
      continue;
    }
    ids.add(s.id);
    if (!labels.has(s.label)) {
      fail(`${name}: label "${s.label}" is not in the corpus schema (${[...labels].join(', ')}); add it to hashiya.json, or bring a brat annotation.conf that declares it`);
      continue;
    }
    const mapped = range(s.start, s.end);
    if (typeof mapped === 'string') {
      fail(`${name}: ${mapped}`);
      continue;
    }
    if (mapped.start >= mapped.end) {
      fail(`${name} covers only characters that import removes (a byte order mark or a \\r)`);
      continue;
    }
    const found = index.slice(mapped.start, mapped.end);
    const expected = canonicalQuote(s.text, s.start === 0);
    if (found !== expected) {
      fail(`${name}: its quote ${JSON.stringify(s.text)} is not the text at ${mapped.start}–${mapped.end} of the canonical text, which is ${JSON.stringify(found)}`);
      continue;
    }
    spans.push({ id: s.id, label: s.label, start: mapped.start, end: mapped.end, text: found, attributes: s.attributes, note: s.note });
  }
  const relationIds = new Set<string>();
  for (const r of doc.relations) {
    const name = `relation "${r.id}" (${r.type})`;
    if (relationIds.has(r.id)) fail(`${name}: the id is used twice`);
    relationIds.add(r.id);
    if (!relationTypes.has(r.type)) fail(`${name}: relation type "${r.type}" is not in the corpus schema (${[...relationTypes].join(', ') || 'none'})`);
    for (const end of ['from', 'to'] as const) if (!ids.has(r[end])) fail(`${name}: "${end}" names span "${r[end]}", which is not in the document`);
  }
  const rejected: RejectedSuggestion[] = [];
  for (const r of doc.rejected) {
    const mapped = range(r.start, r.end);
    if (typeof mapped === 'string') fail(`rejected suggestion ${r.label} ${r.start}–${r.end}: ${mapped}`);
    else if (mapped.start < mapped.end) rejected.push({ label: r.label, start: mapped.start, end: mapped.end });
  }
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, value: { spans, rejected } };
}

/** A raw quote as canonicalisation turns it: line breaks LF, NFC, a leading BOM gone at the text's start. */
function canonicalQuote(raw: string, atStart: boolean): string {
  const body = atStart && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  return body.replace(/\r\n?/g, '\n').normalize('NFC');
}

/**
 * After a JSONL file failed as a whole, the lines its problems do not name are parsed each on its
 * own (with as many empty lines before it, so line numbers stay right) and give their documents;
 * the problems stand as they were. A problem of no line (the file as a whole) fails the whole file.
 */
function parseLineByLine(
  file: ImportFile,
  errors: readonly FileProblem[],
  parse: (files: readonly ImportFile[]) => Result<readonly ParsedDocument[]> | undefined,
): { readonly documents: readonly ParsedDocument[]; readonly problems: readonly FileProblem[] } {
  if (errors.some((e) => e.line === undefined || e.file !== file.path)) return { documents: [], problems: errors };
  const bad = new Set(errors.map((e) => e.line));
  const documents: ParsedDocument[] = [];
  const problems: FileProblem[] = [...errors];
  file.content.split('\n').forEach((line, i) => {
    if (line.trim() === '' || bad.has(i + 1)) return;
    const one = parse([{ path: file.path, content: `${'\n'.repeat(i)}${line}` }]);
    if (one === undefined) return;
    if (one.ok) documents.push(...one.value);
    else problems.push(...one.errors);
  });
  return { documents, problems };
}

/**
 * `base` with the labels, attributes and relation types of `additions` it lacks: new labels
 * appended (their key dropped when another label has it), new attributes appended to their
 * label, new relation types appended, and the labels of an existing relation type extended.
 */
export function mergeSchema(base: Schema, additions: readonly Schema[]): { readonly schema: Schema; readonly added: readonly string[] } {
  const labels = base.labels.map((l) => ({ ...l, attributes: [...l.attributes] }));
  const relations = base.relations.map((r) => ({ ...r, from: [...r.from], to: [...r.to] }));
  const added: string[] = [];
  for (const addition of additions) {
    for (const label of addition.labels) {
      const known = labels.find((l) => l.name === label.name);
      if (known === undefined) {
        const keyTaken = label.key !== '' && labels.some((l) => l.key === label.key);
        labels.push({ ...label, color: colourOf(label, labels.length), key: keyTaken ? '' : label.key, attributes: [...label.attributes] });
        added.push(`label ${label.name}`);
        continue;
      }
      for (const attribute of label.attributes) {
        if (known.attributes.some((a) => a.name === attribute.name)) continue;
        known.attributes.push(attribute);
        added.push(`attribute ${label.name}.${attribute.name}`);
      }
    }
    for (const relation of addition.relations) {
      const known = relations.find((r) => r.name === relation.name);
      if (known === undefined) {
        relations.push({ ...relation, from: [...relation.from], to: [...relation.to] });
        added.push(`relation type ${relation.name}`);
        continue;
      }
      const from = relation.from.filter((l) => !known.from.includes(l));
      const to = relation.to.filter((l) => !known.to.includes(l));
      if (from.length + to.length === 0) continue;
      known.from.push(...from);
      known.to.push(...to);
      added.push(`labels of relation type ${relation.name}`);
    }
  }
  return { schema: added.length === 0 ? base : { labels, relations }, added: [...new Set(added)] };
}

/** Light highlight colours for labels a brat configuration brings without one (brat's own defaults are similar). */
const NEW_LABEL_COLOURS = ['#a5d8ff', '#ffec99', '#c3fae8', '#eebefa', '#ffd8a8', '#d8f5a2', '#fcc2d7', '#dee2e6'];

function colourOf(label: LabelDef, position: number): string {
  return /^#[0-9a-fA-F]{6}$/.test(label.color) ? label.color : (NEW_LABEL_COLOURS[position % NEW_LABEL_COLOURS.length] as string);
}

interface ReadFile {
  readonly path: string;
  readonly content: string;
  readonly encoding: Canonicalisation['encoding'];
  /** For a file that was not UTF-8: what the meta of a text it carried records. */
  readonly encodingNote: string | undefined;
  readonly warnings: readonly FileProblem[];
}

/** Reads and decodes files (strict UTF-8, else windows-1256 with a warning); any failure fails all. */
async function readFiles(files: readonly string[]): Promise<{ readonly ok: true; readonly value: readonly ReadFile[] } | { readonly ok: false; readonly errors: readonly FileProblem[] }> {
  const out: ReadFile[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    const decoded = decodeText(bytes, file);
    if (!decoded.ok) return { ok: false, errors: decoded.errors.map((e) => ({ ...e, file, message: e.message.startsWith(`${file} `) ? e.message.slice(file.length + 1) : e.message })) };
    const utf8 = decoded.value.encoding === 'utf-8';
    const line = utf8 ? 0 : lineOfByte(bytes, firstInvalidUtf8(bytes));
    const message = 'is not valid UTF-8; it was read as windows-1256: check that the Arabic reads correctly';
    out.push({
      path: file,
      content: decoded.value.text,
      encoding: decoded.value.encoding,
      encodingNote: utf8 ? undefined : `${path.basename(file)} is not valid UTF-8 (first bad byte on line ${line}); it was read as windows-1256: check that the Arabic reads correctly.`,
      warnings: utf8 ? [] : [{ file, line, message }],
    });
  }
  return { ok: true, value: out };
}

const EXTENSIONS: Readonly<Record<ImportFormat, RegExp>> = {
  brat: /\.(?:txt|ann)$/i,
  text: /\.txt$/i,
  w3c: /\.json(?:ld)?$/i,
  jsonl: /\.json(?:l)?$/i,
};
/** What a folder is searched for when no format is given. */
const DETECTED = /\.(?:txt|ann|jsonld|jsonl)$/i;

/** The groups named by `paths`, folders expanded recursively in sorted order, each file once. */
async function collectGroups(paths: readonly string[], format: ImportFormat | undefined): Promise<{ readonly groups: readonly Group[]; readonly problems: readonly FileProblem[] }> {
  const groups: Group[] = [];
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  const add = async (file: string, root: string): Promise<void> => {
    const main = /\.ann$/i.test(file) ? file.replace(/\.ann$/i, '.txt') : file;
    if (seen.has(main)) return;
    seen.add(main);
    if (main !== file && !(await isFile(main))) {
      problems.push({ file, message: `has no ${path.basename(main)} beside it: a brat .ann is imported with its text` });
      return;
    }
    const detected = format ?? detectFormat(main);
    if (detected === undefined) {
      problems.push({ file, message: 'is not a file Hashiya imports (.txt, a brat .ann, .jsonld, .jsonl; or give --format)' });
      return;
    }
    if (detected === 'brat' || detected === 'text') {
      if (!/\.txt$/i.test(main)) {
        problems.push({ file, message: `is not a .txt file (${detected} imports .txt files${detected === 'brat' ? ' with their .ann' : ''})` });
        return;
      }
      const ann = main.replace(/\.txt$/i, '.ann');
      const hasAnn = await isFile(ann);
      if (detected === 'text' || !hasAnn) {
        groups.push({ format: 'text', main });
        if (format === 'text' && hasAnn) problems.push({ file: ann, message: 'not imported: --format text imports texts only' });
        return;
      }
      const conf = await findAnnotationConf(path.dirname(main), root);
      groups.push({ format: 'brat', main, ann, ...(conf === undefined ? {} : { conf }) });
      return;
    }
    groups.push({ format: detected, main });
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
      const found = await walk(full, format === undefined ? DETECTED : EXTENSIONS[format]);
      if (found.length === 0) problems.push({ file: full, message: `holds no files to import (${format === undefined ? '.txt, .ann, .jsonld, .jsonl' : `${format} files`})` });
      for (const file of found) await add(file, full);
    } else await add(full, path.dirname(full));
  }
  return { groups, problems };
}

function detectFormat(file: string): ImportFormat | undefined {
  if (/\.txt$/i.test(file)) return 'brat';
  if (/\.jsonld$/i.test(file)) return 'w3c';
  if (/\.jsonl$/i.test(file)) return 'jsonl';
  return undefined;
}

/** brat's rule: the `annotation.conf` of the document's folder, else of the nearest folder above it, up to `root`. */
async function findAnnotationConf(dir: string, root: string): Promise<string | undefined> {
  for (let at = dir; ; at = path.dirname(at)) {
    const conf = path.join(at, 'annotation.conf');
    if (await isFile(conf)) return conf;
    const relative = path.relative(root, at);
    if (relative === '' || relative.startsWith('..') || path.dirname(at) === at) return undefined;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return false;
    throw error;
  }
}

async function walk(dir: string, pattern: RegExp): Promise<string[]> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full, pattern)));
    else if (entry.isFile() && pattern.test(entry.name)) out.push(full);
  }
  return out;
}
