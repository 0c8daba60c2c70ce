/**
 * The one small interface every exchange format implements (STYLE.md §7): `serialize` turns
 * documents with one layer each into files, `parse` turns files back into documents with
 * layers, returning line-numbered problems instead of throwing. Offsets inside Hashiya are
 * always code points of the canonical text; each adapter converts to and from its format's own
 * unit explicitly (brat, W3C: code points; doccano JSONL: code points or UTF-16 by option; XMI:
 * UTF-16; CoNLL: tokens).
 */
import type { DocumentMeta, FileProblem, Layer, Relation, RejectedSuggestion, Result, Schema, Span } from '../model.js';

export type FormatName = 'brat' | 'w3c' | 'jsonl' | 'conll' | 'csv' | 'xmi';
export const FORMAT_NAMES: readonly FormatName[] = ['brat', 'w3c', 'jsonl', 'conll', 'csv', 'xmi'];

/** The unit offsets are written in, for formats that let the user choose (doccano JSONL). */
export type OffsetUnit = 'codepoint' | 'utf16';

/** One document to export: its canonical text and the one layer being exported (an annotator's or the gold). */
export interface ExportDocument {
  readonly meta: DocumentMeta;
  readonly text: string;
  readonly layer: Layer;
}

export interface ExportContext {
  readonly schema: Schema;
  /** Whose layer this is: an annotator's name, or `gold`. */
  readonly source: string;
  /** Hashiya's version, for provenance. */
  readonly toolVersion: string;
  /** UTC, ISO 8601 with `Z`: when the export was made (passed in so outputs are reproducible in tests). */
  readonly exportedAt: string;
  readonly offsets: OffsetUnit;
}

/** A file to write, relative to the output folder, with `/` separators. */
export interface ExportFile {
  readonly path: string;
  /**
   * The file's text. An adapter may make it when it is first read (a getter giving the same
   * string each time, e.g. brat's `annotation.conf`), so a caller that does not need it does not
   * pay for it.
   */
  readonly content: string;
  /**
   * The UTF-8 encoding of {@link content}, when the adapter made the file as bytes (W3C): what a
   * caller writing the file can write as it is. Absent: encode `content`.
   */
  readonly bytes?: Uint8Array;
}

/** Something an export could not express: where, and what (never dropped silently). */
export interface ExportLoss {
  readonly document: string;
  readonly message: string;
}

export interface ExportResult {
  readonly files: readonly ExportFile[];
  readonly losses: readonly ExportLoss[];
}

/** A file given to an importer: its path (for messages) and its text as read (decoded, not canonicalised). */
export interface ImportFile {
  readonly path: string;
  readonly content: string;
}

export interface ImportOptions {
  readonly offsets: OffsetUnit;
  readonly schema: Schema;
  /**
   * Canonical texts already in the corpus, by document id, for formats that carry no text of
   * their own (W3C annotations point at a source; the text must come from the corpus).
   */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * One document as an importer understood it: the raw text as the format had it (when the
 * format carries text; otherwise null and `id` names a corpus document) and the annotations
 * with offsets in code points **of that raw text** — the caller canonicalises the text and maps
 * the offsets through `canonicalise().mapOffset`.
 */
export interface ImportedDocument {
  readonly id: string;
  readonly rawText: string | null;
  readonly spans: readonly Omit<Span, 'prefix' | 'suffix'>[];
  readonly relations: readonly Relation[];
  readonly rejected: readonly RejectedSuggestion[];
  /** Labels, attributes or relation types found that the schema lacks (brat's annotation.conf extends it). */
  readonly schemaAdditions?: Schema;
  /** Things read but not imported, with file and line. */
  readonly warnings: readonly FileProblem[];
}

export interface FormatAdapter {
  readonly name: FormatName;
  /** True when export then import gives back the same spans, attributes, relations and notes. */
  readonly lossless: boolean;
  serialize(documents: readonly ExportDocument[], context: ExportContext): ExportResult;
  /** Absent for export-only formats (CoNLL, CSV, XMI). */
  parse?(files: readonly ImportFile[], options: ImportOptions): Result<readonly ImportedDocument[]>;
}
