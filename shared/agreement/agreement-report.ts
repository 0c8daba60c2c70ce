/**
 * Inter-annotator agreement of a set of documents, put together: per document and for the whole
 * set, per label and overall, for every pair of annotators and for all of them at once.
 * Offsets are code points into each document's canonical text.
 *
 * | figure | units | who | per label |
 * |---|---|---|---|
 * | `cohen_kappa` | tokens ({@link agreementTokens}) | each pair | label vs. everything else |
 * | `fleiss_kappa` | tokens every counted annotator labelled | all | label vs. everything else |
 * | `krippendorff_alpha` (nominal) | tokens at least two annotators labelled | all | label vs. everything else |
 * | `alpha_u` | characters, spans of a label as units | all | the label's spans (overall: DKPro's average) |
 * | `f1_exact`, `f1_overlap` (with precision, recall) | spans | each pair, the first as reference | spans of the label |
 *
 * **Missing data.** An annotator who has not annotated a document (no layer, or not started: the
 * caller decides and leaves them out of `layers`) gives no value there; that is not `O`.
 * Krippendorff's α takes the values there are; Cohen's κ and the span figures of a pair count the
 * documents both annotated; Fleiss' κ and αu need every coder on every unit, so in a document they
 * count the annotators who annotated it, and for the whole set only the documents that every
 * annotator annotated (`complete_documents`).
 *
 * **Whole set.** Tokens and span counts of the documents are pooled (micro-averaged), not
 * averaged per document; αu lays the documents end to end as one continuum whose gaps are cut at
 * the document borders.
 *
 * **Undefined values are `null`, never NaN**: no unit to compare (no document both annotated,
 * fewer than two annotators), no variation (every token `O` in every layer: κ and α have
 * nothing to correct for chance), no span of a label in either layer (precision, recall, F1), no
 * unit of the label (αu). A label nobody used has `null` κ, α and αu, and `null` F1.
 */
import { AgreementTally } from './agreement-tally.js';
import type { DisagreementRow } from './disagreements.js';
import type { SpanLike } from './span-like.js';
import { labelListOf, type MatchFigures } from './span-match.js';

/** One document as agreement sees it. */
export interface AgreementDocument {
  readonly id: string;
  /** The canonical text. */
  readonly text: string;
  /**
   * The spans of each annotator who annotated the document. An annotator absent here has not
   * annotated it: missing data, not `O`. Spans must lie inside the text.
   */
  readonly layers: ReadonlyMap<string, readonly SpanLike[]>;
}

export interface AgreementOptions {
  /**
   * The labels to report, in this order (usually the schema's), even those no span carries.
   * Labels the spans carry beyond these follow, sorted.
   */
  readonly labels?: readonly string[];
}

/** Figures of all the counted annotators at once. */
export interface GroupFigures {
  /** Tokens labelled by at least two annotators: the units of Krippendorff's α. */
  readonly tokens: number;
  readonly fleiss_kappa: number | null;
  readonly krippendorff_alpha: number | null;
  readonly alpha_u: number | null;
}

/** Figures of one pair of annotators, the first (`reference`) as the reference layer. */
export interface PairFigures extends MatchFigures {
  /** Tokens of the documents both annotated: the units of Cohen's κ. */
  readonly tokens: number;
  readonly cohen_kappa: number | null;
}

export interface PairAgreement {
  readonly reference: string;
  readonly other: string;
  /** Documents both annotated. */
  readonly documents: number;
  readonly overall: PairFigures;
  readonly labels: Readonly<Record<string, PairFigures>>;
}

/** The figures of one scope (a document, or the whole set). */
export interface ScopeAgreement {
  readonly overall: GroupFigures;
  readonly labels: Readonly<Record<string, GroupFigures>>;
  /** Every pair of annotators in the order of the report's `annotators` (in a document: pairs who both annotated it). */
  readonly pairs: readonly PairAgreement[];
}

export interface DocumentAgreement extends ScopeAgreement {
  readonly document: string;
  /** The annotators who annotated it, in report order. */
  readonly annotated: readonly string[];
  /** The annotators who have not (missing data). */
  readonly missing: readonly string[];
  /** Rows of the disagreement table in this document. */
  readonly disagreements: number;
}

export interface CorpusAgreement extends ScopeAgreement {
  /** Documents at least two annotators annotated. */
  readonly documents: number;
  /** Documents every annotator annotated: the units of Fleiss' κ and αu for the whole set. */
  readonly complete_documents: number;
}

export interface AgreementReport {
  readonly annotators: readonly string[];
  readonly labels: readonly string[];
  readonly corpus: CorpusAgreement;
  /** Every document given, in the order given. */
  readonly documents: readonly DocumentAgreement[];
  /** The disagreement table of every document, in document then text order. */
  readonly disagreements: readonly DisagreementRow[];
}

/**
 * The agreement report of `documents` among `annotators` (in this order: pairs are `(a, b)` with
 * `a` before `b`, `a` the reference). See the module comment for what each figure counts and
 * when it is `null`. Pure: reads its arguments only. Throws a RangeError for a repeated
 * annotator or a span outside its text (the caller refuses such layers before).
 */
export function agreementReport(documents: readonly AgreementDocument[], annotators: readonly string[], options: AgreementOptions = {}): AgreementReport {
  const carried = new Set<string>();
  for (const d of documents) for (const a of annotators) for (const s of d.layers.get(a) ?? []) carried.add(s.label);
  const labels = labelListOf(options.labels ?? [], carried);
  const tally = new AgreementTally(annotators, labels);
  for (const doc of documents) tally.add(doc);
  return tally.report();
}
