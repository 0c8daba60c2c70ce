/**
 * The annotation domain as plain immutable values. Every offset in this file is a
 * **Unicode code point** offset into a document's canonical text, half-open `[start, end)`.
 * Conversions to UTF-16 (JavaScript strings, the editor, XMI) happen only in
 * `shared/text/code-points.ts` and `shared/text/editor-positions.ts`.
 */

/** A label of the corpus schema. `key` is the single keyboard key that applies it. */
export interface LabelDef {
  readonly name: string;
  /** CSS colour, `#rrggbb`. */
  readonly color: string;
  /** One printable character (`"1"`), or empty for no key. */
  readonly key: string;
}

export interface Schema {
  readonly labels: readonly LabelDef[];
}

/** A labelled span of one annotator's layer. */
export interface Span {
  /** Unique within its layer, `s<number>`; never reused after a delete within a session. */
  readonly id: string;
  readonly label: string;
  /** Code point offset of the first character. */
  readonly start: number;
  /** Code point offset one past the last character. `end > start`. */
  readonly end: number;
  /** The canonical text `[start, end)` at the time the span was made: the anchor's quote. */
  readonly text: string;
  /** Up to {@link QUOTE_CONTEXT} code points before `start` (grapheme-aligned), for re-anchoring. */
  readonly prefix: string;
  /** Up to {@link QUOTE_CONTEXT} code points after `end` (grapheme-aligned), for re-anchoring. */
  readonly suffix: string;
}

/** How many code points of context are saved on each side of a span's quote. */
export const QUOTE_CONTEXT = 24;

export type DocumentStatus = 'not_started' | 'in_progress' | 'done';

/** One annotator's layer over one document, as stored. */
export interface Layer {
  readonly document: string;
  readonly annotator: string;
  /** SHA-256 (hex) of the canonical text the layer was made on. */
  readonly textSha256: string;
  /** Increases by one on every successful save; 0 for a layer never saved. */
  readonly revision: number;
  readonly status: DocumentStatus;
  /** Sorted by `(start, end, label, id)`. */
  readonly spans: readonly Span[];
}

/** What import did to turn the source bytes into the canonical text. */
export interface Canonicalisation {
  /** `utf-8` or `windows-1256`. */
  readonly encoding: 'utf-8' | 'windows-1256';
  readonly bomRemoved: boolean;
  /** Number of CRLF pairs turned into LF. */
  readonly crlf: number;
  /** Number of lone CRs turned into LF. */
  readonly cr: number;
  /** Whether NFC normalisation changed the text. */
  readonly nfcChanged: boolean;
  /** Human-readable warnings (presentation forms, suspected mojibake, ...). */
  readonly warnings: readonly string[];
}

/** Stored beside each canonical text: where it came from and its hash. */
export interface DocumentMeta {
  readonly id: string;
  /** File name the document was imported from (base name only). */
  readonly source: string;
  readonly importedAt: string;
  readonly sha256: string;
  /** Length of the canonical text in code points. */
  readonly length: number;
  readonly canonicalisation: Canonicalisation;
}

/** A problem found while reading a stored file: names the file, the 1-based line when known. */
export interface FileProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FileProblem[] };

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
