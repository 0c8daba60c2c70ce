/**
 * The agreement report built a document at a time ({@link AgreementTally}), and from parts: the
 * documents may be split into runs, each run tallied on its own (in another thread, say) and
 * handed over as plain data ({@link AgreementPart}), and the parts added in document order. The
 * report is then the one `agreementReport` gives for all the documents at once, to the last bit:
 * what the whole set needs of the runs is counts (whole numbers), the tokens' rows in the order
 * first met, the units of αu laid end to end, and the float sums are taken once, of the whole.
 */
import type { AgreementDocument, AgreementReport, DocumentAgreement } from './agreement-report.js';
import { disagreements, type DisagreementRow } from './disagreements.js';
import type { LabelConfusion } from './label-confusion.js';
import { CorpusScope, ReportContext, ScopeRows, documentPairs, documentUnitizing, groupFigures, pairAgreement, prepare, type CorpusPart } from './report-scope.js';

/** What an {@link AgreementTally} holds, as plain data (structured-clonable). */
export interface AgreementPart {
  readonly corpus: CorpusPart;
  /** Each document's figures, in the order added. */
  readonly documents: readonly DocumentAgreement[];
  /** The disagreement table of those documents, in document then text order. */
  readonly disagreements: readonly DisagreementRow[];
}

/**
 * An agreement report among `annotators` over the `labels` (in these orders; see
 * `agreementReport`), documents added one at a time in order: nothing of a document is kept but
 * its figures and what the whole set needs of it. Throws a RangeError for a repeated annotator,
 * and from {@link add} for a span outside its text or of a label not in `labels`.
 */
export class AgreementTally {
  readonly #context: ReportContext;
  readonly #corpus: CorpusScope;
  readonly #documents: DocumentAgreement[] = [];
  readonly #rows: DisagreementRow[] = [];

  constructor(
    readonly annotators: readonly string[],
    readonly labels: readonly string[],
  ) {
    if (new Set(annotators).size !== annotators.length) throw new RangeError(`an annotator is named twice: ${annotators.join(', ')}`);
    this.#context = new ReportContext(annotators, labels);
    this.#corpus = new CorpusScope(this.#context);
  }

  /** Adds the next document: its figures, and what the whole set needs of it. */
  add(doc: AgreementDocument): void {
    const context = this.#context;
    const { annotators, labels } = context;
    const p = prepare(context, doc);
    const docRows = disagreements(p.doc, annotators, p.paintOrders);
    for (const row of docRows) this.#rows.push(row);
    const counted = p.present.length >= 2;
    const scope = counted ? ScopeRows.of(context, p.rows) : new ScopeRows();
    const unitizing = counted ? documentUnitizing(p, labels, p.presentColumns) : undefined;
    const pairs = counted ? documentPairs(context, p) : [];
    this.#documents.push({
      document: p.doc.id,
      annotated: p.present,
      missing: annotators.filter((a) => !p.doc.layers.has(a)),
      disagreements: docRows.length,
      ...groupFigures(context, scope, scope, p.presentColumns, unitizing),
      pairs: pairs.map((pair) => pairAgreement(context, { ...pair, documents: 1 })),
    });
    if (counted) this.#corpus.add(p, scope, pairs);
  }

  /** What was added, as plain data (not a copy: hand it over, do not change it). */
  part(): AgreementPart {
    return { corpus: this.#corpus.part(), documents: this.#documents, disagreements: this.#rows };
  }

  /** Adds the documents of `part` (tallied among the same annotators and labels) as if added here one by one. */
  addPart(part: AgreementPart): void {
    this.#corpus.addPart(part.corpus);
    for (const d of part.documents) this.#documents.push(d);
    for (const row of part.disagreements) this.#rows.push(row);
  }

  /**
   * The token label confusion of every pair of annotators (report order) over the documents
   * added: `labelConfusion` of those documents with the report's labels, to the count.
   */
  confusion(): LabelConfusion[] {
    return this.#corpus.confusion();
  }

  /** The report of the documents added. */
  report(): AgreementReport {
    const context = this.#context;
    const { annotators, labels } = context;
    const corpus = this.#corpus;
    return {
      annotators,
      labels,
      corpus: {
        documents: corpus.documents,
        complete_documents: corpus.completeDocuments,
        ...groupFigures(
          context,
          corpus.compared,
          corpus.complete,
          annotators.map((_, i) => i),
          annotators.length < 2 || corpus.completeDocuments === 0 ? undefined : corpus.unitizing.disagreements(),
        ),
        pairs: corpus.pairs(),
      },
      documents: this.#documents,
      disagreements: this.#rows,
    };
  }
}
