/**
 * `gold/<id>.jsonl`: the gold (adjudicated) layer of one document. It is the layer file format
 * (`layer-file.ts`, annotator `gold` in the header) with the provenance of every decision:
 *
 * - the header may end with `"quorum":N`, the quorum automatic acceptance used;
 * - a span line may end with `"item":"84-100:Place"` (the review item it was decided on, written
 *   only when it is not the span's own offsets and label, i.e. after an edit), `"pending":{…}`
 *   (reference attributes whose target is not gold yet: attribute name → span item id),
 *   `"annotators":[…]` (who had exactly this span), `"decidedBy":"Mona"` (a curator, or
 *   `auto:quorum`) and `"decision":"accepted"` or `"edited"`;
 * - a relation line may end with `"annotators":[…],"decidedBy":…,"decision":"accepted"`;
 * - after all other lines, one line per rejected review item, sorted (span items by offsets and
 *   label, then relation items by id):
 *   `{"type":"decision","item":"84-100:Actor","decision":"rejected","decidedBy":"Mona"}`.
 *
 * A span or relation without provenance (a gold file written before adjudication existed, or by
 * hand) reads as before, with `provenance` null. A file whose provenance contradicts itself is
 * refused with the line of each problem ({@link parseGoldWithLines}); whether it fits the
 * annotators' layers is checked by `checkGold` (shared/review). Item ids: `gold-item-ids.ts`.
 */
import type { DocumentStatus, Layer, RejectedSuggestion, Relation, Result, Span } from '../model.js';
import { validateAnnotatorName } from './ids.js';
import type { FieldReader, LocatedObject } from './json-fields.js';
import { compareItemIds, parseItemId, spanItemId } from './gold-item-ids.js';
import { compareCodeUnits, parseLayerLines, serializeLayerLines, type LayerLineExtension, type LocatedLayer } from './layer-file.js';

/**
 * The annotator name in the header of every gold layer file. It is an ordinary valid name, so
 * the gold layer parses, serialises and checks like an annotator's layer; an annotator who
 * happens to be called `gold` still has their own layer under `layers/gold/`.
 */
export const GOLD_ANNOTATOR = 'gold';

/** `decidedBy` of what automatic acceptance decided (no annotator name holds a `:`). */
export const AUTO_QUORUM = 'auto:quorum';

export type SpanDecision = 'accepted' | 'edited';

/** How a gold span came to be. */
export interface SpanProvenance {
  /** The span item it was decided on: its own `start-end:label` unless it was edited. */
  readonly item: string;
  /** Annotators whose layer had exactly this span (offsets, label and attribute values), in review order. */
  readonly annotators: readonly string[];
  /** The curator's name, or {@link AUTO_QUORUM}. */
  readonly decidedBy: string;
  /** `accepted`: one annotator's version as it was; `edited`: changed by the curator. */
  readonly decision: SpanDecision;
  /** Reference attributes whose target span item is not gold (yet): attribute name → span item id. */
  readonly pending: Readonly<Record<string, string>>;
}

export interface GoldSpan extends Span {
  /** Null for a span written without provenance. */
  readonly provenance: SpanProvenance | null;
}

export interface RelationProvenance {
  readonly annotators: readonly string[];
  readonly decidedBy: string;
  readonly decision: 'accepted';
}

export interface GoldRelation extends Relation {
  readonly provenance: RelationProvenance | null;
}

/** A review item the curator rejected: it is closed and stays out of the gold. */
export interface GoldDecision {
  readonly item: string;
  readonly decision: 'rejected';
  readonly decidedBy: string;
}

/** The gold layer of one document with its provenance. Offsets are code points. */
export interface GoldLayer {
  readonly document: string;
  /** Always `gold` in a file the store wrote. */
  readonly annotator: string;
  readonly textSha256: string;
  readonly revision: number;
  readonly status: DocumentStatus;
  /** The quorum automatic acceptance used; null when it never ran. */
  readonly quorum: number | null;
  /** Sorted as layer spans are. */
  readonly spans: readonly GoldSpan[];
  readonly relations: readonly GoldRelation[];
  readonly rejected: readonly RejectedSuggestion[];
  /** Sorted by {@link compareItemIds}. */
  readonly decisions: readonly GoldDecision[];
}

/** A parsed gold file with the line of every span, relation and decision, for messages. */
export interface LocatedGold extends LocatedLayer {
  readonly gold: GoldLayer;
  /** Item id → line of its decision line. */
  readonly decisionLines: ReadonlyMap<string, number>;
}

const SPAN_PROVENANCE = ['item', 'pending', 'annotators', 'decidedBy', 'decision'];
const RELATION_PROVENANCE = ['annotators', 'decidedBy', 'decision'];

/**
 * Parses a gold file, with or without provenance. Everything {@link parseLayerWithLines} refuses
 * is refused, and, each naming `file` and its line: a malformed provenance member; provenance
 * given only in part; a `decidedBy` that is neither {@link AUTO_QUORUM} nor an annotator name;
 * an annotator named twice; an automatic decision that is an edit, or that fewer annotators than
 * the header's quorum had (or with no quorum in the header); a span `accepted` from an item with
 * other offsets or label; a pending reference that is also a set attribute; two spans decided
 * on the same item; a malformed or repeated decision line; a decision on an item a span or
 * relation of the gold already closes. Nothing is fixed or dropped. Never throws.
 */
export function parseGoldWithLines(text: string, file: string): Result<LocatedGold> {
  const header: { quorum: number | null } = { quorum: null };
  const spanProvenance = new Map<string, SpanProvenance>();
  const relationProvenance = new Map<string, RelationProvenance>();
  const decisions: GoldDecision[] = [];
  const decisionLines = new Map<string, number>();
  const autoLines: { line: number; count: number; what: string }[] = [];

  const extension: LayerLineExtension = {
    headerMembers: ['quorum'],
    spanMembers: SPAN_PROVENANCE,
    relationMembers: RELATION_PROVENANCE,
    lineTypes: ['decision'],
    header(r, obj) {
      if (obj.members.has('quorum')) header.quorum = r.integer(obj, 'quorum', 'the header', 1) ?? null;
    },
    span(r, obj, span) {
      const provenance = readSpanProvenance(r, obj, span);
      if (provenance === undefined) return;
      spanProvenance.set(span.id, provenance);
      if (provenance.decidedBy === AUTO_QUORUM) autoLines.push({ line: obj.line, count: provenance.annotators.length, what: `span "${span.id}"` });
    },
    relation(r, obj, relation) {
      const provenance = readProvenance(r, obj, 'a relation line', ['accepted'] as const);
      if (provenance === undefined) return;
      relationProvenance.set(relation.id, provenance);
      if (provenance.decidedBy === AUTO_QUORUM) autoLines.push({ line: obj.line, count: provenance.annotators.length, what: `relation "${relation.id}"` });
    },
    line(r, _type, obj) {
      const decision = readDecision(r, obj);
      if (decision === undefined) return;
      const first = decisionLines.get(decision.item);
      if (first !== undefined) {
        r.report(obj.line, `item "${decision.item}" is decided twice (first on line ${first})`);
        return;
      }
      decisionLines.set(decision.item, obj.line);
      decisions.push(decision);
    },
  };

  const parsed = parseLayerLines(text, file, extension);
  if (!parsed.ok) return parsed;
  const located = parsed.value;
  const { quorum } = header;
  const problems: { line: number | undefined; message: string }[] = [];
  for (const auto of autoLines) {
    if (quorum === null) problems.push({ line: auto.line, message: `${auto.what} was decided by ${AUTO_QUORUM}, but the header gives no "quorum"` });
    else if (auto.count < quorum) {
      problems.push({ line: auto.line, message: `${auto.what} was accepted by ${AUTO_QUORUM} with quorum ${quorum}, but names only ${auto.count} annotator(s) who had it` });
    }
  }
  const gold: GoldLayer = {
    ...located.layer,
    quorum,
    spans: located.layer.spans.map((s) => ({ ...s, provenance: spanProvenance.get(s.id) ?? null })),
    relations: located.layer.relations.map((r) => ({ ...r, provenance: relationProvenance.get(r.id) ?? null })),
    decisions: [...decisions].sort((a, b) => compareItemIds(a.item, b.item)),
  };
  for (const p of closureProblems(gold)) {
    const line = p.span !== undefined ? located.spanLines.get(p.span) : p.relation !== undefined ? located.relationLines.get(p.relation) : decisionLines.get(p.item ?? '');
    problems.push({ line, message: p.message });
  }
  if (problems.length > 0) {
    return { ok: false, errors: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((p) => (p.line === undefined ? { file, message: p.message } : { file, line: p.line, message: p.message })) };
  }
  return { ok: true, value: { ...located, gold, decisionLines } };
}

/** {@link parseGoldWithLines} without the line maps. */
export function parseGold(text: string, file: string): Result<GoldLayer> {
  const parsed = parseGoldWithLines(text, file);
  return parsed.ok ? { ok: true, value: parsed.value.gold } : parsed;
}

/**
 * The gold layer as stored: exactly `serializeLayer` of its plain layer, with the provenance
 * members, the quorum and the decision lines described above added. Members in a fixed order,
 * pending names sorted, annotators in the order given, decisions sorted by
 * {@link compareItemIds}; the same gold always gives the same bytes, and a gold without any
 * provenance, quorum or decision gives the bytes `serializeLayer` gives. Throws as
 * `serializeLayer` does on a non-finite attribute number.
 */
export function serializeGold(gold: GoldLayer): string {
  return serializeLayerLines<GoldSpan, GoldRelation>(gold, {
    header: () => (gold.quorum === null ? '' : `,"quorum":${JSON.stringify(gold.quorum)}`),
    span: (span) => {
      const p = span.provenance;
      if (p === null || p === undefined) return '';
      const item = p.item === spanItemId(span) ? '' : `,"item":${JSON.stringify(p.item)}`;
      const names = Object.keys(p.pending).sort(compareCodeUnits);
      const pending = names.length === 0 ? '' : `,"pending":{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(p.pending[n])}`).join(',')}}`;
      return `${item}${pending}${provenanceJson(p)}`;
    },
    relation: (relation) => (relation.provenance === null || relation.provenance === undefined ? '' : provenanceJson(relation.provenance)),
    lines: () =>
      [...gold.decisions]
        .sort((a, b) => compareItemIds(a.item, b.item))
        .map((d) => JSON.stringify({ type: 'decision', item: d.item, decision: d.decision, decidedBy: d.decidedBy })),
  });
}

function provenanceJson(p: { readonly annotators: readonly string[]; readonly decidedBy: string; readonly decision: string }): string {
  return `,"annotators":${JSON.stringify(p.annotators)},"decidedBy":${JSON.stringify(p.decidedBy)},"decision":${JSON.stringify(p.decision)}`;
}

/** The gold as a plain layer (no provenance, no decisions): what exports and layer checks see. */
export function goldToLayer(gold: GoldLayer): Layer {
  return {
    document: gold.document,
    annotator: gold.annotator,
    textSha256: gold.textSha256,
    revision: gold.revision,
    status: gold.status,
    spans: gold.spans.map(({ provenance: _p, ...span }) => span),
    relations: gold.relations.map(({ provenance: _p, ...relation }) => relation),
    rejected: gold.rejected,
  };
}

/** The span item a gold span closes: the item of its provenance, else its own offsets and label. */
export function sourceItem(span: GoldSpan): string {
  return span.provenance?.item ?? spanItemId(span);
}

/** Whether `name` may decide: {@link AUTO_QUORUM} or a valid annotator name. */
export function decidedByProblem(name: string): string | undefined {
  if (name === AUTO_QUORUM) return undefined;
  const checked = validateAnnotatorName(name);
  return checked.ok ? undefined : `${checked.errors[0]?.message ?? 'not a name'} (a curator's name, or "${AUTO_QUORUM}")`;
}

function readSpanProvenance(r: FieldReader, obj: LocatedObject, span: Span): SpanProvenance | undefined {
  const base = readProvenance(r, obj, 'a span line', ['accepted', 'edited'] as const);
  const own = spanItemId(span);
  let item = own;
  if (obj.members.has('item')) {
    const given = r.string(obj, 'item', 'a span line', (v) => (parseItemId(v)?.kind === 'span' ? undefined : `${JSON.stringify(v)} is not a span item id (start-end:label)`));
    if (given === undefined) return undefined;
    item = given;
  }
  let pending: Record<string, string> = {};
  if (obj.members.has('pending')) {
    const node = obj.members.get('pending');
    const map = node && r.object(node, '"pending"');
    if (map === undefined) return undefined;
    const entries: [string, string][] = [];
    for (const [name, value] of map.members) {
      if (value.kind !== 'string' || parseItemId(value.value)?.kind !== 'span') {
        r.report(value.line, `pending reference ${JSON.stringify(name)} must name a span item (start-end:label)`);
        return undefined;
      }
      if (Object.hasOwn(span.attributes, name)) {
        r.report(value.line, `span "${span.id}": "${name}" is both set and pending`);
        return undefined;
      }
      entries.push([name, value.value]);
    }
    pending = Object.fromEntries(entries);
  }
  if (base === undefined) {
    if ((obj.members.has('item') || obj.members.has('pending')) && !SPAN_PROVENANCE.slice(2).some((m) => obj.members.has(m))) {
      r.report(obj.line, `span "${span.id}" has "item" or "pending" without its provenance ("annotators", "decidedBy", "decision")`);
    }
    return undefined;
  }
  if (base.decision === 'accepted' && item !== own) {
    r.report(obj.line, `span "${span.id}" is "accepted" from item "${item}", but it is ${own}: a span with other offsets or label than its item is "edited"`);
    return undefined;
  }
  return { item, pending, ...base };
}

/** The provenance members of a span or relation line, undefined when absent (or bad, reported). */
function readProvenance<D extends string>(
  r: FieldReader,
  obj: LocatedObject,
  what: string,
  decisions: readonly D[],
): { annotators: readonly string[]; decidedBy: string; decision: D } | undefined {
  const present = RELATION_PROVENANCE.filter((m) => obj.members.has(m));
  if (present.length === 0) return undefined;
  if (present.length < RELATION_PROVENANCE.length) {
    r.report(obj.line, `${what} has provenance only in part: ${RELATION_PROVENANCE.filter((m) => !obj.members.has(m)).map((m) => `"${m}"`).join(' and ')} missing`);
    return undefined;
  }
  const before = r.problems.length;
  const annotators = r.stringArray(obj, 'annotators', what);
  const decidedBy = r.string(obj, 'decidedBy', what, decidedByProblem);
  const decision = r.oneOf(obj, 'decision', what, decisions);
  if (annotators !== undefined) {
    const seen = new Set<string>();
    for (const name of annotators) {
      const checked = validateAnnotatorName(name);
      if (!checked.ok) r.report(obj.line, `"annotators": ${checked.errors[0]?.message ?? 'not a name'}`);
      else if (seen.has(name)) r.report(obj.line, `"annotators" names "${name}" twice`);
      seen.add(name);
    }
  }
  if (decidedBy === AUTO_QUORUM && decision === 'edited') r.report(obj.line, `an edit cannot be decided by ${AUTO_QUORUM}: only a curator edits`);
  if (r.problems.length > before || annotators === undefined || decidedBy === undefined || decision === undefined) return undefined;
  return { annotators, decidedBy, decision };
}

function readDecision(r: FieldReader, obj: LocatedObject): GoldDecision | undefined {
  const what = 'a decision line';
  const before = r.problems.length;
  r.onlyMembers(obj, ['type', 'item', 'decision', 'decidedBy'], what);
  const item = r.string(obj, 'item', what, (v) => (parseItemId(v) === undefined ? `${JSON.stringify(v)} is not a review item id` : undefined));
  const decision = r.oneOf(obj, 'decision', what, ['rejected'] as const);
  const decidedBy = r.string(obj, 'decidedBy', what, (v) => (v === AUTO_QUORUM ? `only a curator rejects, not ${AUTO_QUORUM}` : decidedByProblem(v)));
  if (r.problems.length > before || item === undefined || decision === undefined || decidedBy === undefined) return undefined;
  return { item, decision, decidedBy };
}

/** Items decided twice over: by two spans, or by a span or relation and a rejection. */
function closureProblems(gold: GoldLayer): readonly { span?: string; relation?: string; item?: string; message: string }[] {
  const out: { span?: string; relation?: string; item?: string; message: string }[] = [];
  const bySource = new Map<string, GoldSpan>();
  for (const span of gold.spans) {
    if (span.provenance === null) continue;
    const item = sourceItem(span);
    const first = bySource.get(item);
    if (first !== undefined) out.push({ span: span.id, message: `span "${span.id}" and span "${first.id}" are both decided on item "${item}"` });
    else bySource.set(item, span);
  }
  const closedBySpan = new Map<string, GoldSpan>();
  for (const span of gold.spans) {
    closedBySpan.set(spanItemId(span), span);
    if (span.provenance !== null) closedBySpan.set(span.provenance.item, span);
  }
  const spansById = new Map(gold.spans.map((s) => [s.id, s]));
  const closedByRelation = new Map<string, GoldRelation>();
  for (const relation of gold.relations) {
    const from = spansById.get(relation.from);
    const to = spansById.get(relation.to);
    if (from === undefined || to === undefined) continue;
    for (const a of new Set([spanItemId(from), sourceItem(from)])) {
      for (const b of new Set([spanItemId(to), sourceItem(to)])) closedByRelation.set(`${relation.type}\u0000${a}\u0000${b}`, relation);
    }
  }
  for (const decision of gold.decisions) {
    const key = parseItemId(decision.item);
    if (key?.kind === 'span') {
      const span = closedBySpan.get(decision.item);
      if (span !== undefined) out.push({ item: decision.item, message: `item "${decision.item}" is rejected, but span "${span.id}" of the gold is decided on it` });
    } else if (key?.kind === 'relation') {
      const relation = closedByRelation.get(`${key.type}\u0000${key.from}\u0000${key.to}`);
      if (relation !== undefined) out.push({ item: decision.item, message: `item "${decision.item}" is rejected, but relation "${relation.id}" of the gold is that relation` });
    }
  }
  return out;
}
