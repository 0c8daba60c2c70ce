/**
 * The figures of `agreement-report.ts` worked out one document at a time (internal to
 * `shared/agreement/`): each document is prepared once (its tokens' categories, each token's row
 * of categories as a row id, its spans by label), its own figures are taken, and what the whole
 * set needs of it (row counts, units, pair tables and span counts) is added to a
 * {@link CorpusScope}; nothing of a document is kept but that.
 *
 * Every figure is the one the plain definitions give, to the last bit: the counters of κ and α
 * meet the same rows in the same order (see {@link count}), Cohen's κ is taken of the same table
 * with its categories in the same order ({@link PairTable}), αu of the same studies.
 */
import type { AgreementDocument, GroupFigures, PairAgreement, PairFigures, ScopeAgreement } from './agreement-report.js';
import { alphaUAcross, alphaUDisagreementPacked, alphaUFrom, mergeUnitsPacked, type PackedUnits, type UnitizingDisagreement } from './alpha-u.js';
import type { Coded } from './category.js';
import { FleissKappaCounter } from './fleiss-kappa.js';
import { KrippendorffAlphaCounter } from './krippendorff-alpha.js';
import type { LabelConfusion } from './label-confusion.js';
import { PairTable, type PairTablePart } from './pair-table.js';
import { OUTSIDE, paintOrder, type SpanLike } from './span-like.js';
import { NO_MATCHES, addCounts, matchCounts, matchRatios, type MatchCounts } from './span-match.js';
import { labelTokenIds, tokenBounds } from './token-labels.js';
import { Categories, KeyCache, RowTable } from './token-rows.js';

/** What every scope of a report shares: annotators, labels, categories, rows. */
export class ReportContext {
  readonly categories: Categories;
  readonly rows: RowTable;
  /** Per label (in order): category id → the category of the label-against-the-rest figures (the label or `O`). */
  readonly labelMaps: readonly Int32Array[];
  /** Category id → itself: the overall figures. */
  readonly identity: Int32Array;
  /** Row id → a number, for one pass at a time (reset after each). */
  readonly slot = new KeyCache();
  /** Room for one row of category ids while it is interned. */
  readonly values: Int32Array;

  constructor(
    readonly annotators: readonly string[],
    readonly labels: readonly string[],
  ) {
    this.categories = new Categories([OUTSIDE, ...labels]);
    this.rows = new RowTable(annotators.length, this.categories.size);
    const outside = this.categories.id(OUTSIDE);
    const size = this.categories.size;
    this.labelMaps = labels.map((l) => {
      const id = this.categories.id(l);
      return Int32Array.from({ length: size }, (_, c) => (c === id ? id : outside));
    });
    this.identity = Int32Array.from({ length: size }, (_, c) => c);
    this.values = new Int32Array(annotators.length);
  }
}

/** A document prepared once. */
export interface Prepared {
  readonly doc: AgreementDocument;
  /** Length of the text in code points. */
  readonly length: number;
  /** The annotators who annotated it, in report order. */
  readonly present: readonly string[];
  /** Their indexes in the report's annotators. */
  readonly presentColumns: readonly number[];
  /** Per annotator (report order): the category id of each token, or null when missing. */
  readonly columns: readonly (Int32Array | null)[];
  /** Per token: the id of its row (every annotator's category, -1 where missing) in the report's {@link RowTable}. */
  readonly rows: Int32Array;
  /** Per annotator (report order): their spans by label, each list in layer order; null when missing. */
  readonly byLabel: readonly (ReadonlyMap<string, readonly SpanLike[]> | null)[];
  /** Per annotator: their spans of each label as units (`mergeUnitsPacked`), worked out when first asked for. */
  readonly units: Map<string, PackedUnits>[];
  /** By annotator who annotated it: their spans in `paintOrder` (span-like.ts). */
  readonly paintOrders: ReadonlyMap<string, readonly SpanLike[]>;
}

/**
 * Prepares `doc`. Throws a RangeError for a span outside its text or empty (of any annotator
 * of the document, named or not), before anything else.
 */
export function prepare(context: ReportContext, doc: AgreementDocument): Prepared {
  const { annotators, categories, rows: table } = context;
  const bounds = tokenBounds(doc.text);
  const length = bounds.length;
  for (const [annotator, spans] of doc.layers) {
    for (const s of spans) {
      if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > length || s.end <= s.start) {
        throw new RangeError(`document ${doc.id}, annotator ${annotator}: span [${s.start}, ${s.end}) ${s.label} is empty or outside the text (${length} code points)`);
      }
    }
  }
  const present = annotators.filter((a) => doc.layers.has(a));
  const id = (label: string): number => categories.id(label);
  const paintOrders = new Map<string, readonly SpanLike[]>();
  const columns = annotators.map((a) => {
    const spans = doc.layers.get(a);
    if (spans === undefined) return null;
    const order = paintOrder(spans);
    paintOrders.set(a, order);
    return labelTokenIds(bounds, spans, id, order);
  });
  const rows = new Int32Array(bounds.count);
  const values = context.values;
  for (let t = 0; t < bounds.count; t++) {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      values[i] = column === null || column === undefined ? -1 : (column[t] as number);
    }
    rows[t] = table.intern(values);
  }
  const byLabel = annotators.map((a) => {
    const spans = doc.layers.get(a);
    if (spans === undefined) return null;
    const map = new Map<string, SpanLike[]>();
    for (const s of spans) {
      const list = map.get(s.label);
      if (list === undefined) map.set(s.label, [s]);
      else list.push(s);
    }
    return map;
  });
  return {
    doc,
    length,
    present,
    presentColumns: present.map((a) => annotators.indexOf(a)),
    columns,
    rows,
    byLabel,
    units: annotators.map(() => new Map()),
    paintOrders,
  };
}

/** The spans of `label` of annotator `c` in `p` as units (`mergeUnitsPacked`), kept for the next scope that asks. */
function unitsOf(p: Prepared, c: number, label: string): PackedUnits {
  const byLabel = p.units[c] as Map<string, PackedUnits>;
  let units = byLabel.get(label);
  if (units === undefined) {
    units = mergeUnitsPacked(p.byLabel[c]?.get(label) ?? []);
    byLabel.set(label, units);
  }
  return units;
}

/**
 * The units (tokens) of a scope as row ids with how many tokens have each, in the order first
 * met, and the documents' rows for a pass in token order.
 */
export class ScopeRows {
  /** Row ids in the order first met. */
  readonly order: number[] = [];
  /** Tokens of each row of {@link order}. */
  readonly counts: number[] = [];
  /** Each document's row ids per token, in document order. */
  readonly docs: Int32Array[] = [];
  /** Row id → its place in {@link order} (made when a scope is first added to). */
  #index: Map<number, number> | undefined;

  /** The rows of one document (`context.slot` is used and reset). */
  static of(context: ReportContext, rows: Int32Array): ScopeRows {
    const scope = new ScopeRows();
    const { slot } = context;
    const { order, counts } = scope;
    for (let t = 0; t < rows.length; t++) {
      const d = rows[t] as number;
      let k = slot.get(d);
      if (k === KeyCache.UNSET) {
        k = order.length;
        slot.set(d, k);
        order.push(d);
        counts.push(0);
      }
      counts[k] = (counts[k] as number) + 1;
    }
    slot.reset();
    scope.docs.push(rows);
    return scope;
  }

  /**
   * Adds the rows of `later` as if they came after these. `ids`: its row ids as ids of this
   * scope's {@link RowTable} (`ids[d]` for `d`), when it was counted with another one.
   */
  add(later: ScopeRowsPart, ids?: Int32Array): void {
    const index = (this.#index ??= new Map(this.order.map((d, k) => [d, k])));
    later.order.forEach((own, k) => {
      const d = ids === undefined ? own : (ids[own] as number);
      let at = index.get(d);
      if (at === undefined) {
        at = this.order.length;
        index.set(d, at);
        this.order.push(d);
        this.counts.push(0);
      }
      this.counts[at] = (this.counts[at] as number) + (later.counts[k] as number);
    });
    for (const rows of later.docs) this.docs.push(ids === undefined ? rows : rows.map((d) => ids[d] as number));
  }
}

/** {@link ScopeRows} as plain data. */
export interface ScopeRowsPart {
  readonly order: readonly number[];
  readonly counts: readonly number[];
  readonly docs: readonly Int32Array[];
}

/** αu's disagreements of one label, and whether any coder marked a unit of it. */
export interface LabelUnitizing {
  readonly disagreement: UnitizingDisagreement;
  readonly units: boolean;
}

/**
 * The spans of each label, per coder, over documents laid end to end (gaps cut at the borders):
 * the unitizing studies of a scope, a document at a time. Units are kept as numbers (start, end,
 * start, end, …), not objects: a corpus holds a million of them.
 */
export class UnitizingStudies {
  /** Per label, per coder: units, each as its start then its end. */
  readonly #units: number[][][];
  readonly #sections: number[] = [];
  #length = 0;
  #documents = 0;

  constructor(
    readonly labels: readonly string[],
    /** The coders, as indexes of the report's annotators. */
    readonly columns: readonly number[],
  ) {
    this.#units = labels.map(() => columns.map(() => []));
  }

  add(p: Prepared): void {
    const offset = this.#length;
    if (offset > 0) this.#sections.push(offset);
    this.labels.forEach((label, l) => {
      this.columns.forEach((c, k) => {
        const units = (this.#units[l] as number[][])[k] as number[];
        for (const v of unitsOf(p, c, label)) units.push(offset + v);
      });
    });
    this.#length += p.length;
    this.#documents += 1;
  }

  /** What these studies hold, as plain data. */
  part(): UnitizingPart {
    return { documents: this.#documents, length: this.#length, sections: this.#sections, units: this.#units };
  }

  /** Adds the documents of `later` (of the same labels and coders) as if they came after these. */
  addPart(later: UnitizingPart): void {
    if (later.documents === 0) return;
    const offset = this.#length;
    // Its first document's border (not among its sections, as it came first there), then the others'.
    if (offset > 0) this.#sections.push(offset);
    for (const s of later.sections) this.#sections.push(offset + s);
    later.units.forEach((coders, l) => {
      coders.forEach((from, k) => {
        const units = (this.#units[l] as number[][])[k] as number[];
        for (const v of from) units.push(offset + v);
      });
    });
    this.#length += later.length;
    this.#documents += later.documents;
  }

  /** Each label's disagreements (in label order). */
  disagreements(): readonly LabelUnitizing[] {
    return this.#units.map((coders) => ({
      disagreement: alphaUDisagreementPacked({ length: this.#length, coders, sections: this.#sections }),
      units: coders.some((u) => u.length > 0),
    }));
  }
}

/**
 * αu's disagreements of each label (in label order) within the one document `p`, among the
 * coders `columns`: what a {@link UnitizingStudies} given `p` alone gives, to the last bit, without
 * laying its units end to end first (one document: no offset, no border).
 */
export function documentUnitizing(p: Prepared, labels: readonly string[], columns: readonly number[]): readonly LabelUnitizing[] {
  return labels.map((label) => {
    const coders = columns.map((c) => unitsOf(p, c, label));
    return { disagreement: alphaUDisagreementPacked({ length: p.length, coders }), units: coders.some((u) => u.length > 0) };
  });
}

/** {@link UnitizingStudies} as plain data (what a part of a report carries). */
export interface UnitizingPart {
  readonly documents: number;
  readonly length: number;
  readonly sections: readonly number[];
  /** Per label, per coder: start, end, start, end, … */
  readonly units: readonly (readonly (readonly number[])[])[];
}

/**
 * Group figures of the coders `columns` (indexes of the report's annotators), overall and per
 * label: Krippendorff's α over `all`, Fleiss' κ over `complete` (rows where every one of them
 * has a value), αu from `unitizing` (undefined: not defined, `null`).
 */
export function groupFigures(
  context: ReportContext,
  all: ScopeRows,
  complete: ScopeRows,
  columns: readonly number[],
  unitizing: readonly LabelUnitizing[] | undefined,
): Pick<ScopeAgreement, 'overall' | 'labels'> {
  const { labels, rows } = context;
  // Tokens labelled by at least two coders: the same for every group of the scope.
  let tokens = 0;
  all.order.forEach((d, k) => {
    if (rows.values(d) >= 2) tokens += all.counts[k] as number;
  });
  const group = (map: Int32Array, alpha_u: number | null): GroupFigures => {
    const alpha = new KrippendorffAlphaCounter();
    count(context, all, columns, map, alpha);
    // As fleissKappa of the rows of `complete`: null for no row or fewer than two coders.
    let fleiss: FleissKappaCounter | undefined;
    if (columns.length >= 2 && complete.order.length > 0) {
      fleiss = new FleissKappaCounter(columns.length);
      count(context, complete, columns, map, fleiss);
    }
    return { tokens, fleiss_kappa: fleiss === undefined ? null : fleiss.result(), krippendorff_alpha: alpha.result(), alpha_u };
  };
  return {
    overall: group(context.identity, unitizing === undefined ? null : alphaUAcross(unitizing.filter((u) => u.units).map((u) => u.disagreement))),
    labels: Object.fromEntries(
      labels.map((l, k) => [l, group(context.labelMaps[k] as Int32Array, unitizing === undefined ? null : alphaUFrom((unitizing[k] as LabelUnitizing).disagreement))]),
    ),
  };
}

/** What {@link count} needs of a counter (Krippendorff's α, Fleiss' κ). */
interface RowCounter {
  key(row: readonly Coded[]): number;
  addKey(key: number): void;
  addKeyTimes(key: number, times: number): void;
  term(key: number): number;
}

/**
 * Passes the units of `scope` (coders `columns`, categories through `map`) to `counter` as if
 * row by row in token order: each distinct row is registered in the order first met; then, when
 * every row's term is a whole number (so any order of summing gives the same bits: always so for
 * two coders), each row's tokens are added at once, else token by token.
 */
function count(context: ReportContext, scope: ScopeRows, columns: readonly number[], map: Int32Array, counter: RowCounter): void {
  const { rows, categories } = context;
  const name = (c: number): string => categories.name(c);
  const keys = scope.order.map((d) => counter.key(rows.coded(d, columns, name, map)));
  let total = 0;
  let whole = true;
  keys.forEach((key, k) => {
    const term = counter.term(key);
    if (!Number.isInteger(term) || term < 0) whole = false;
    total += term * (scope.counts[k] as number);
  });
  if (whole && total < Number.MAX_SAFE_INTEGER) {
    keys.forEach((key, k) => counter.addKeyTimes(key, scope.counts[k] as number));
    return;
  }
  const { slot } = context;
  scope.order.forEach((d, k) => slot.set(d, keys[k] as number));
  for (const ids of scope.docs) for (let t = 0; t < ids.length; t++) counter.addKey(slot.get(ids[t] as number));
  slot.reset();
}

/** What one pair of annotators who both annotated a document gives: its token table and span counts per label. */
export interface DocumentPair {
  /** Indexes of the two annotators, `i < j`. */
  readonly i: number;
  readonly j: number;
  readonly tokens: number;
  readonly table: PairTable;
  /** Per label (in order). */
  readonly counts: readonly MatchCounts[];
}

/** The pairs of annotators who both annotated `p`, in report order. */
export function documentPairs(context: ReportContext, p: Prepared): DocumentPair[] {
  const { annotators, labels, categories } = context;
  const out: DocumentPair[] = [];
  for (let i = 0; i < annotators.length; i++) {
    const a = p.columns[i];
    if (a === null || a === undefined) continue;
    for (let j = i + 1; j < annotators.length; j++) {
      const b = p.columns[j];
      if (b === null || b === undefined) continue;
      const table = new PairTable(categories.size);
      for (let t = 0; t < a.length; t++) table.add(a[t] as number, b[t] as number);
      const ref = p.byLabel[i] as ReadonlyMap<string, readonly SpanLike[]>;
      const oth = p.byLabel[j] as ReadonlyMap<string, readonly SpanLike[]>;
      out.push({ i, j, tokens: a.length, table, counts: labels.map((l) => matchCounts(ref.get(l) ?? [], oth.get(l) ?? [])) });
    }
  }
  return out;
}

/** The figures of a pair over the documents both annotated (`documents` of them): tokens, the table, span counts per label. */
export function pairAgreement(context: ReportContext, pair: Omit<DocumentPair, 'counts'> & { readonly counts: readonly MatchCounts[]; readonly documents: number }): PairAgreement {
  const { annotators, labels, labelMaps } = context;
  const { tokens, table } = pair;
  const figures = (kappa: number | null, c: MatchCounts): PairFigures => {
    // Written out member by member (the order of PairFigures: counts, then matchFigures' ratios),
    // not spread: faster for 50,000 of them.
    const m = matchRatios(c);
    return {
      tokens,
      cohen_kappa: kappa,
      reference_spans: c.reference_spans,
      other_spans: c.other_spans,
      matched_exact: c.matched_exact,
      matched_overlap: c.matched_overlap,
      precision_exact: m.precision_exact,
      recall_exact: m.recall_exact,
      f1_exact: m.f1_exact,
      precision_overlap: m.precision_overlap,
      recall_overlap: m.recall_overlap,
      f1_overlap: m.f1_overlap,
    };
  };
  return {
    reference: annotators[pair.i] as string,
    other: annotators[pair.j] as string,
    documents: pair.documents,
    overall: figures(table.kappa(), pair.counts.reduce(addCounts, NO_MATCHES)),
    labels: Object.fromEntries(labels.map((l, k) => [l, figures(table.kappa((c) => (labelMaps[k] as Int32Array)[c] as number), pair.counts[k] ?? NO_MATCHES)])),
  };
}

/** A pair's figures summed over the documents both annotated. */
interface PairSum {
  readonly i: number;
  readonly j: number;
  documents: number;
  tokens: number;
  readonly table: PairTable;
  /** Per label (in order). */
  readonly counts: MatchCounts[];
}

/** A {@link CorpusScope} as plain data (structured-clonable: what a worker thread can hand back). */
export interface CorpusPart {
  readonly documents: number;
  readonly completeDocuments: number;
  /** The rows its row ids stand for ({@link RowTable.rowValues}), `rowCount` of them. */
  readonly rows: Int32Array;
  readonly rowCount: number;
  readonly compared: ScopeRowsPart;
  readonly complete: ScopeRowsPart;
  readonly unitizing: UnitizingPart;
  /** Per pair (report order). */
  readonly pairs: readonly { readonly documents: number; readonly tokens: number; readonly table: PairTablePart; readonly counts: readonly MatchCounts[] }[];
}

/** What the whole set's figures need of the documents, added a document at a time in document order. */
export class CorpusScope {
  /** Rows of the documents at least two annotators annotated. */
  readonly compared = new ScopeRows();
  /** Rows of the documents every annotator annotated. */
  readonly complete = new ScopeRows();
  readonly unitizing: UnitizingStudies;
  documents = 0;
  completeDocuments = 0;
  /** Per pair (report order). */
  readonly #pairs: PairSum[] = [];

  constructor(readonly context: ReportContext) {
    const { annotators, labels, categories } = context;
    this.unitizing = new UnitizingStudies(
      labels,
      annotators.map((_, i) => i),
    );
    for (let i = 0; i < annotators.length; i++) {
      for (let j = i + 1; j < annotators.length; j++) {
        this.#pairs.push({ i, j, documents: 0, tokens: 0, table: new PairTable(categories.size), counts: labels.map(() => NO_MATCHES) });
      }
    }
  }

  /** Adds a document at least two annotators annotated, with its rows and pairs. */
  add(p: Prepared, rows: ScopeRows, pairs: readonly DocumentPair[]): void {
    this.documents += 1;
    this.compared.add(rows);
    if (p.present.length === this.context.annotators.length) {
      this.completeDocuments += 1;
      this.complete.add(rows);
      this.unitizing.add(p);
    }
    const n = this.context.annotators.length;
    for (const d of pairs) {
      // Pairs are listed by i, then j: (i, j) is at i·n − i(i+1)/2 + (j − i − 1).
      const pair = this.#pairs[d.i * n - (d.i * (d.i + 1)) / 2 + (d.j - d.i - 1)] as PairSum;
      pair.documents += 1;
      pair.tokens += d.tokens;
      pair.table.addTable(d.table);
      for (let k = 0; k < pair.counts.length; k++) pair.counts[k] = addCounts(pair.counts[k] as MatchCounts, d.counts[k] ?? NO_MATCHES);
    }
  }

  /** What the documents added gave, as plain data (not a copy): what {@link addPart} takes. */
  part(): CorpusPart {
    const { compared, complete } = this;
    return {
      documents: this.documents,
      completeDocuments: this.completeDocuments,
      rows: this.context.rows.rowValues(),
      rowCount: this.context.rows.size,
      compared: { order: compared.order, counts: compared.counts, docs: compared.docs },
      complete: { order: complete.order, counts: complete.counts, docs: complete.docs },
      unitizing: this.unitizing.part(),
      pairs: this.#pairs.map(({ documents, tokens, table, counts }) => ({ documents, tokens, table: table.part(), counts })),
    };
  }

  /**
   * Adds what another scope of the same annotators and labels gave (its {@link part}), as if its
   * documents came after those added here: the same figures to the last bit as adding them here.
   */
  addPart(later: CorpusPart): void {
    const ids = this.context.rows.internRows(later.rows, later.rowCount);
    this.documents += later.documents;
    this.completeDocuments += later.completeDocuments;
    this.compared.add(later.compared, ids);
    this.complete.add(later.complete, ids);
    this.unitizing.addPart(later.unitizing);
    later.pairs.forEach((from, p) => {
      const pair = this.#pairs[p] as PairSum;
      pair.documents += from.documents;
      pair.tokens += from.tokens;
      pair.table.addTable(from.table);
      for (let k = 0; k < pair.counts.length; k++) pair.counts[k] = addCounts(pair.counts[k] as MatchCounts, from.counts[k] ?? NO_MATCHES);
    });
  }

  /** Every pair's figures over the documents added. */
  pairs(): PairAgreement[] {
    return this.#pairs.map((pair) => pairAgreement(this.context, pair));
  }

  /**
   * Every pair's token label confusion over the documents added (both annotated them): rows the
   * first's labels, columns the second's, the report's labels then `O`. From the pairs' token
   * tables, which count exactly that.
   */
  confusion(): LabelConfusion[] {
    const { annotators, labels, categories } = this.context;
    const size = categories.size;
    const ids = [...labels, OUTSIDE].map((l) => categories.id(l));
    return this.#pairs.map(({ i, j, table }) => {
      const { counts } = table.part();
      return {
        reference: annotators[i] as string,
        other: annotators[j] as string,
        labels: [...labels, OUTSIDE],
        counts: ids.map((x) => ids.map((y) => counts[x * size + y] as number)),
      };
    });
  }
}
