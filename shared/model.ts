/**
 * The annotation domain as plain immutable values. Every offset in this file is a
 * **Unicode code point** offset into a document's canonical text, half-open `[start, end)`.
 * Conversions to UTF-16 (JavaScript strings, the editor, XMI) happen only in
 * `shared/text/code-points.ts` and `shared/text/editor-positions.ts`.
 */

/** The kinds of value a span attribute can hold. */
export type AttributeType = 'choice' | 'number' | 'text' | 'boolean' | 'reference';

/** One typed attribute of a label. */
export interface AttributeDef {
  /** ASCII identifier (`outcome`, `affected_party`): brat-safe, unique within its label. */
  readonly name: string;
  readonly type: AttributeType;
  /** For `choice`: the allowed values, in display order. Empty otherwise. */
  readonly choices: readonly string[];
  /** For `reference`: the labels a referenced span may have. Empty otherwise. */
  readonly targets: readonly string[];
  /** One line of help shown beside the field; may be empty. */
  readonly help: string;
}

/** A label of the corpus schema. `key` is the single keyboard key that applies it. */
export interface LabelDef {
  readonly name: string;
  /** CSS colour, `#rrggbb`. */
  readonly color: string;
  /** One printable character (`"1"`), or empty for no key. */
  readonly key: string;
  readonly attributes: readonly AttributeDef[];
}

/** A relation type: a directed link from a span with one of `from` to a span with one of `to`. */
export interface RelationDef {
  /** ASCII identifier (`located_at`), unique in the schema. */
  readonly name: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export interface Schema {
  readonly labels: readonly LabelDef[];
  readonly relations: readonly RelationDef[];
}

/**
 * A stored attribute value: `choice` and `text` as string, `number` as a finite number,
 * `boolean` as boolean, `reference` as the id of another span of the same layer. A value that
 * does not fit the current schema is kept as it is (and reported), never dropped.
 */
export type AttributeValue = string | number | boolean;

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
  /** Attribute name → value; attributes not set are absent. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Free-text note of the annotator; empty for none. */
  readonly note: string;
}

/** A directed, typed link between two spans of one layer, by span id. */
export interface Relation {
  /** Unique within its layer, `r<number>`. */
  readonly id: string;
  /** A relation type name of the schema. */
  readonly type: string;
  readonly from: string;
  readonly to: string;
}

/** A suggestion the annotator rejected in this document: it is not proposed again here. */
export interface RejectedSuggestion {
  readonly label: string;
  readonly start: number;
  readonly end: number;
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
  /** Sorted by id number. */
  readonly relations: readonly Relation[];
  /** Sorted by `(start, end, label)`. */
  readonly rejected: readonly RejectedSuggestion[];
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
  /**
   * `warning`: worth saying, but the file or corpus is sound (validation still passes); absent
   * for a problem. Only validation sets it so far.
   */
  readonly severity?: 'warning';
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FileProblem[] };

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
