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
import { alphaU, alphaUAcrossCategories, mergeUnits, type Interval, type UnitizingStudy } from './alpha-u.js';
import type { Coded } from './category.js';
import { CohenKappaCounter } from './cohen-kappa.js';
import { disagreements, type DisagreementRow } from './disagreements.js';
import { FleissKappaCounter } from './fleiss-kappa.js';
import { KrippendorffAlphaCounter } from './krippendorff-alpha.js';
import { OUTSIDE, type SpanLike } from './span-like.js';
import { NO_MATCHES, addCounts, labelList, matchFigures, spanMatch, type MatchCounts, type MatchFigures } from './span-match.js';
import { agreementTokens, labelTokens } from './token-labels.js';

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

/** A document prepared once: its tokens' labels per annotator (`null` column when missing). */
interface Prepared {
  readonly doc: AgreementDocument;
  readonly length: number;
  readonly present: readonly string[];
  /** Per annotator (report order): the label of each token, or null when missing. */
  readonly columns: readonly (readonly string[] | null)[];
  readonly tokens: number;
}

/**
 * The agreement report of `documents` among `annotators` (in this order: pairs are `(a, b)` with
 * `a` before `b`, `a` the reference). See the module comment for what each figure counts and
 * when it is `null`. Pure: reads its arguments only. Throws a RangeError for a repeated
 * annotator or a span outside its text (the caller refuses such layers before).
 */
export function agreementReport(documents: readonly AgreementDocument[], annotators: readonly string[], options: AgreementOptions = {}): AgreementReport {
  if (new Set(annotators).size !== annotators.length) throw new RangeError(`an annotator is named twice: ${annotators.join(', ')}`);
  const labels = labelList(
    options.labels ?? [],
    documents.flatMap((d) => annotators.flatMap((a) => d.layers.get(a) ?? [])),
  );
  const prepared = documents.map((doc) => prepare(doc, annotators));

  const perDocument: DocumentAgreement[] = [];
  const rows: DisagreementRow[] = [];
  for (const p of prepared) {
    const docRows = disagreements(p.doc, annotators);
    rows.push(...docRows);
    const counted = p.present.length >= 2 ? [p] : [];
    perDocument.push({
      document: p.doc.id,
      annotated: p.present,
      missing: annotators.filter((a) => !p.doc.layers.has(a)),
      disagreements: docRows.length,
      ...groups(counted, annotators, p.present, labels, counted),
      pairs: pairs(annotators, labels, counted).filter((pair) => pair.documents > 0),
    });
  }

  const compared = prepared.filter((p) => p.present.length >= 2);
  const complete = compared.filter((p) => p.present.length === annotators.length);
  return {
    annotators,
    labels,
    corpus: {
      documents: compared.length,
      complete_documents: complete.length,
      ...groups(compared, annotators, annotators, labels, complete),
      pairs: pairs(annotators, labels, compared),
    },
    documents: perDocument,
    disagreements: rows,
  };
}

function prepare(doc: AgreementDocument, annotators: readonly string[]): Prepared {
  const length = [...doc.text].length;
  for (const [annotator, spans] of doc.layers) {
    for (const s of spans) {
      if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > length || s.end <= s.start) {
        throw new RangeError(`document ${doc.id}, annotator ${annotator}: span [${s.start}, ${s.end}) ${s.label} is empty or outside the text (${length} code points)`);
      }
    }
  }
  const tokens = agreementTokens(doc.text);
  const present = annotators.filter((a) => doc.layers.has(a));
  const columns = annotators.map((a) => {
    const spans = doc.layers.get(a);
    return spans === undefined ? null : labelTokens(tokens, spans);
  });
  return { doc, length, present, columns, tokens: tokens.length };
}

/**
 * Group figures of `coders` over `docs`, overall and per label: Krippendorff's α over all of
 * them, Fleiss' κ and αu over `complete` (every one of `coders` annotated them).
 */
function groups(
  docs: readonly Prepared[],
  annotators: readonly string[],
  coders: readonly string[],
  labels: readonly string[],
  complete: readonly Prepared[],
): Pick<ScopeAgreement, 'overall' | 'labels'> {
  const columnsOf = coders.map((c) => annotators.indexOf(c));
  // The units × coders matrix is visited a row at a time, in one reused array, never built:
  // at 10,000 documents it would be millions of rows for each figure.
  const row = new Array<Coded>(columnsOf.length).fill(null);
  const eachRow = (ps: readonly Prepared[], map: (label: string) => string, visit: (row: readonly Coded[]) => void): void => {
    for (const p of ps) {
      const columns = columnsOf.map((k) => p.columns[k] ?? null);
      for (let t = 0; t < p.tokens; t++) {
        for (let i = 0; i < columns.length; i++) {
          const column = columns[i] as readonly string[] | null;
          row[i] = column === null ? null : map(column[t] as string);
        }
        visit(row);
      }
    }
  };
  const group = (map: (label: string) => string, studies: readonly UnitizingStudy[], combined: boolean): GroupFigures => {
    let tokens = 0;
    const alpha = new KrippendorffAlphaCounter();
    eachRow(docs, map, (r) => {
      let values = 0;
      for (const v of r) if (v !== null) values += 1;
      if (values >= 2) tokens += 1;
      alpha.add(r);
    });
    // As fleissKappa of the rows of `complete`: null for no row or fewer than two coders.
    let fleiss: FleissKappaCounter | undefined;
    if (coders.length >= 2 && columnsOf.length >= 2) {
      eachRow(complete, map, (r) => {
        fleiss ??= new FleissKappaCounter(columnsOf.length);
        fleiss.add(r);
      });
    }
    return {
      tokens,
      fleiss_kappa: fleiss === undefined ? null : fleiss.result(),
      krippendorff_alpha: alpha.result(),
      alpha_u: coders.length < 2 || complete.length === 0 ? null : combined ? alphaUAcrossCategories(studies) : studies[0] ? alphaU(studies[0]) : null,
    };
  };
  const studies = new Map(labels.map((l) => [l, unitizingStudy(complete, coders, l)]));
  return {
    overall: group((l) => l, [...studies.values()], true),
    labels: Object.fromEntries(labels.map((l) => [l, group((v) => (v === l ? l : OUTSIDE), [studies.get(l) as UnitizingStudy], false)])),
  };
}

/** The spans of `label`, per coder, over `docs` laid end to end (gaps cut at the borders). */
function unitizingStudy(docs: readonly Prepared[], coders: readonly string[], label: string): UnitizingStudy {
  const units: Interval[][] = coders.map(() => []);
  const sections: number[] = [];
  let offset = 0;
  for (const p of docs) {
    if (offset > 0) sections.push(offset);
    coders.forEach((c, k) => {
      const spans = (p.doc.layers.get(c) ?? []).filter((s) => s.label === label);
      for (const u of mergeUnits(spans)) (units[k] as Interval[]).push({ start: offset + u.start, end: offset + u.end });
    });
    offset += p.length;
  }
  return { length: offset, coders: units, sections };
}

function pairs(annotators: readonly string[], labels: readonly string[], docs: readonly Prepared[]): PairAgreement[] {
  const out: PairAgreement[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) out.push(pair(annotators, i, j, labels, docs));
  }
  return out;
}

function pair(annotators: readonly string[], i: number, j: number, labels: readonly string[], docs: readonly Prepared[]): PairAgreement {
  const reference = annotators[i] as string;
  const other = annotators[j] as string;
  const both = docs.filter((p) => p.columns[i] !== null && p.columns[j] !== null);
  const counts = new Map<string, MatchCounts>(labels.map((l) => [l, NO_MATCHES]));
  for (const p of both) {
    const match = spanMatch(p.doc.layers.get(reference) ?? [], p.doc.layers.get(other) ?? [], labels);
    for (const l of labels) counts.set(l, addCounts(counts.get(l) ?? NO_MATCHES, match.labels[l] ?? NO_MATCHES));
  }
  // Cohen's κ of the two columns over the tokens of `both`, overall and each label against the rest, item by item.
  let tokens = 0;
  const overall = new CohenKappaCounter();
  const perLabel = labels.map((l) => [l, new CohenKappaCounter()] as const);
  for (const p of both) {
    const a = p.columns[i] as readonly string[];
    const b = p.columns[j] as readonly string[];
    tokens += a.length;
    for (let t = 0; t < a.length; t++) {
      const x = a[t] as string;
      const y = b[t] as string;
      overall.add(x, y);
      for (const [l, counter] of perLabel) counter.add(x === l ? l : OUTSIDE, y === l ? l : OUTSIDE);
    }
  }
  const figures = (kappa: number | null, c: MatchCounts): PairFigures => ({ tokens, cohen_kappa: kappa, ...matchFigures(c) });
  return {
    reference,
    other,
    documents: both.length,
    overall: figures(overall.result(), [...counts.values()].reduce(addCounts, NO_MATCHES)),
    labels: Object.fromEntries(perLabel.map(([l, counter]) => [l, figures(counter.result(), counts.get(l) ?? NO_MATCHES)])),
  };
}
