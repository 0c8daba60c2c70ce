/**
 * Adjudication: building the gold layer of a document from a comparison of its annotators'
 * layers. Items on which a quorum of annotators agree exactly are accepted automatically; every
 * other item is accepted (one annotator's version), edited or rejected by a curator, and each
 * decision is recorded in the gold (`GoldLayer`, see shared/corpus/gold-file.ts). Relations
 * follow their spans: a relation item can be decided once both its ends are gold, and is accepted
 * automatically when the quorum had it. Every function returns a new gold; nothing is changed
 * in place, and the annotators' layers are never touched.
 */
import { AUTO_QUORUM, GOLD_ANNOTATOR, sourceItem, type GoldLayer, type GoldRelation, type GoldSpan, type SpanProvenance } from '../corpus/gold-file.js';
import { parseItemId, spanItemId } from '../corpus/gold-item-ids.js';
import { validateAnnotatorName } from '../corpus/ids.js';
import type { AttributeValue, Schema } from '../model.js';
import { quoteContext } from '../text/quote-context.js';
import { CodePointIndex } from '../text/code-points.js';
import { stepItem, type Comparison, type ComparisonItem, type RelationItem, type ReviewItem, type SpanVersion } from './compare.js';
import { attributesKey, referenceTest, type ComparedValue, type ReferenceTest } from './compared-values.js';
import {
  acceptQuorumRelations,
  goldRelationFor,
  goldSpanFor,
  itemState,
  nextId,
  relationsAt,
  removeGoldSpan,
  resolvePending,
  started,
  type Outcome,
} from './gold-state.js';

export { itemState, type ItemState, type Outcome } from './gold-state.js';

/** What a curator does with an item. */
export type Decision =
  /**
   * Span items: take `annotator`'s version as it is (`spanId` chooses when they have two alike);
   * without `annotator` when all versions are alike. Relation items: accept the relation.
   */
  | { readonly kind: 'accept'; readonly annotator?: string; readonly spanId?: string }
  | { readonly kind: 'reject' }
  /** Put this span in the gold instead (span items only). */
  | { readonly kind: 'edit'; readonly span: GoldEdit };

/** A span as the curator makes it; the quote and its context come from the document's text. */
export interface GoldEdit {
  readonly label: string;
  /** Code points, half-open, `0 <= start < end <=` the text's length. */
  readonly start: number;
  readonly end: number;
  /** Reference values name spans of the gold by id. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly note: string;
  /** References to span items that are not gold yet: attribute name → span item id. */
  readonly pending?: Readonly<Record<string, string>>;
}

export interface AdjudicationOptions {
  /** Which attributes are references (see `referenceTest`); guessed from the values without it. */
  readonly schema?: Schema;
}

export interface ReviewProgress {
  /** Items that need a decision now. */
  readonly open: number;
  /** Relation items waiting for an end to become gold. */
  readonly waiting: number;
  /** Items accepted, edited or rejected. */
  readonly decided: number;
  readonly total: number;
}

/** A gold layer with nothing in it yet, for `comparison`'s document (revision 0, not started). */
export function emptyGold(comparison: Pick<Comparison, 'document' | 'textSha256'>): GoldLayer {
  return {
    document: comparison.document,
    annotator: GOLD_ANNOTATOR,
    textSha256: comparison.textSha256,
    revision: 0,
    status: 'not_started',
    quorum: null,
    spans: [],
    relations: [],
    rejected: [],
    decisions: [],
  };
}

/**
 * Accepts, as decided by `auto:quorum`, every open span item on which at least `quorum`
 * annotators agree exactly (offsets, label and every attribute value, references compared by the
 * span item they name) and no other group of `quorum` annotators agrees otherwise; then every
 * open relation item that `quorum` annotators had, once both its ends are gold. Items whose
 * versions disagree on attributes stay open unless `quorum` of them agree; a version with a
 * reference naming no span stays open. Notes do not count: the gold span keeps the note when all
 * agreeing versions have the same one, else none. The quorum is recorded in the gold; run again
 * with a higher one, spans and relations accepted automatically by fewer annotators are taken
 * out again (curators' decisions stay). Refused for a quorum that is not an integer from 1 to
 * the number of annotators, and for a gold of another document or text.
 */
export function autoAccept(comparison: Comparison, quorum: number, gold: GoldLayer = emptyGold(comparison), options: AdjudicationOptions = {}): Outcome<GoldLayer> {
  const refused = goldMismatch(comparison, gold);
  if (refused !== undefined) return { ok: false, message: refused };
  const n = comparison.annotators.length;
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > n) return { ok: false, message: `the quorum must be a whole number from 1 to ${n} (the annotators compared), not ${quorum}` };
  const isReference = referenceTest(options.schema);
  let out: GoldLayer = { ...gold, quorum };

  for (const span of out.spans) {
    if (span.provenance?.decidedBy !== AUTO_QUORUM || span.provenance.annotators.length >= quorum) continue;
    const removed = removeGoldSpan(out, goldSpanFor(out, sourceItem(span)) as GoldSpan, isReference);
    if (!removed.ok) return removed;
    out = removed.value;
  }
  out = { ...out, relations: out.relations.filter((r) => r.provenance?.decidedBy !== AUTO_QUORUM || r.provenance.annotators.length >= quorum) };

  for (const item of comparison.items) {
    if (itemState(out, item).kind !== 'open') continue;
    const groups = new Map<string, SpanVersion[]>();
    for (const v of item.versions) groups.set(attributesKey(v.compared), [...(groups.get(attributesKey(v.compared)) ?? []), v]);
    const winners = [...groups.values()].filter((g) => new Set(g.map((v) => v.annotator)).size >= quorum);
    const group = winners[0];
    if (winners.length !== 1 || group === undefined || hasDangling(group[0] as SpanVersion)) continue;
    const notes = new Set(group.map((v) => v.note));
    const span = fromVersion(out, item, group[0] as SpanVersion, undefined, {
      annotators: [...new Set(group.map((v) => v.annotator))],
      decidedBy: AUTO_QUORUM,
      note: notes.size === 1 ? (group[0] as SpanVersion).note : '',
    });
    out = { ...out, spans: [...out.spans, span] };
  }
  out = acceptQuorumRelations(resolvePending(out), comparison.relations);
  return { ok: true, value: started(out) };
}

/** The items that need a decision, span items first then relation items, each in review order. */
export function openItems(comparison: Comparison, gold: GoldLayer): readonly ReviewItem[] {
  return [...comparison.items, ...comparison.relations].filter((item) => itemState(gold, item).kind === 'open');
}

/** The open item after `current` (see `stepItem`: wraps, and `current` need not be open). */
export function nextOpenItem(comparison: Comparison, gold: GoldLayer, current: string | undefined): ReviewItem | undefined {
  return stepItem(openItems(comparison, gold), current, 1);
}

/** How far adjudication is: counts of open, waiting and decided items. */
export function reviewProgress(comparison: Comparison, gold: GoldLayer): ReviewProgress {
  let open = 0;
  let waiting = 0;
  let decided = 0;
  for (const item of [...comparison.items, ...comparison.relations]) {
    const kind = itemState(gold, item).kind;
    if (kind === 'open') open++;
    else if (kind === 'waiting') waiting++;
    else decided++;
  }
  return { open, waiting, decided, total: comparison.items.length + comparison.relations.length };
}

/**
 * Records `curator`'s `decision` on the item `itemId` of `comparison` and returns the new gold.
 * A decided item may be decided again (the latest decision replaces the earlier one; a span
 * keeps its gold id). Span items: `accept` copies one annotator's version (references become
 * references to the gold spans of their items, or pending until those are gold); `edit` puts
 * the curator's span in instead; `reject` closes the item, taking out its gold span if it had one
 * (relations at it go, references to it become pending). After an accept or edit, the relation
 * items at the item that the quorum had are accepted automatically. Relation items: `accept` or
 * `reject`, once both ends are gold. Each gold span records the annotators whose version is
 * exactly it. Refused, with a message and no change: an unknown item or annotator, a curator
 * name that is not a valid name, a gold of another document or text, an edit with offsets or
 * values a layer cannot hold, or one that lands on another gold span or a rejected item, a
 * version with a reference naming no span, a relation item whose ends are not both gold.
 */
export function applyDecision(
  gold: GoldLayer,
  comparison: Comparison,
  itemId: string,
  decision: Decision,
  curator: string,
  options: AdjudicationOptions = {},
): Outcome<GoldLayer> {
  const refused = goldMismatch(comparison, gold);
  if (refused !== undefined) return { ok: false, message: refused };
  const name = validateAnnotatorName(curator);
  if (!name.ok) return { ok: false, message: `the curator's name: ${name.errors[0]?.message ?? 'not a name'}` };
  const span = comparison.items.find((i) => i.id === itemId);
  if (span !== undefined) return decideSpan(gold, comparison, span, decision, curator, referenceTest(options.schema));
  const relation = comparison.relations.find((i) => i.id === itemId);
  if (relation !== undefined) return decideRelation(gold, relation, decision, curator);
  return { ok: false, message: `there is no item "${itemId}" in this comparison` };
}

function decideSpan(gold: GoldLayer, comparison: Comparison, item: ComparisonItem, decision: Decision, curator: string, isReference: ReferenceTest): Outcome<GoldLayer> {
  const current = goldSpanFor(gold, item.id);
  if (current !== undefined && sourceItem(current) !== item.id) {
    return { ok: false, message: `item ${item.id} is closed by gold span "${current.id}", edited from item ${sourceItem(current)}: decide that item instead` };
  }
  let base = gold;
  if (decision.kind === 'reject') {
    if (current !== undefined) {
      const removed = removeGoldSpan(gold, current, isReference);
      if (!removed.ok) return removed;
      base = removed.value;
    }
    const decisions = [...base.decisions.filter((d) => d.item !== item.id), { item: item.id, decision: 'rejected' as const, decidedBy: curator }];
    return { ok: true, value: started({ ...base, decisions }) };
  }

  let made: Outcome<GoldSpan>;
  if (decision.kind === 'accept') {
    const version = pickVersion(item, decision.annotator, decision.spanId);
    if (!version.ok) return version;
    const group = item.versions.filter((v) => attributesKey(v.compared) === attributesKey(version.value.compared));
    made = { ok: true, value: fromVersion(gold, item, version.value, current, { annotators: [...new Set(group.map((v) => v.annotator))], decidedBy: curator, note: version.value.note }) };
  } else if (decision.kind === 'edit') {
    made = fromEdit(gold, comparison, item, decision.span, current, curator, isReference);
  } else {
    return { ok: false, message: `unknown decision ${JSON.stringify((decision as { kind: unknown }).kind)}` };
  }
  if (!made.ok) return made;
  const next = made.value;
  const key = spanItemId(next);
  const clash = gold.spans.find((s) => s !== current && (spanItemId(s) === key || sourceItem(s) === key));
  if (clash !== undefined) return { ok: false, message: `the gold already has span "${clash.id}" at ${key}` };
  const rejectedThere = key !== item.id ? gold.decisions.find((d) => d.item === key) : undefined;
  if (rejectedThere !== undefined) return { ok: false, message: `the span lands on item ${key}, which ${rejectedThere.decidedBy} rejected: decide that item instead` };

  const spans = current === undefined ? [...gold.spans, next] : gold.spans.map((s) => (s === current ? next : s));
  let out: GoldLayer = { ...gold, spans, decisions: gold.decisions.filter((d) => d.item !== item.id) };
  out = resolvePending(out);
  out = acceptQuorumRelations(out, [...new Set([...relationsAt(comparison, item.id), ...relationsAt(comparison, key)])]);
  return { ok: true, value: started(out) };
}

function decideRelation(gold: GoldLayer, item: RelationItem, decision: Decision, curator: string): Outcome<GoldLayer> {
  if (decision.kind === 'edit') return { ok: false, message: 'a relation is accepted or rejected, not edited: accept the relation item of the type wanted' };
  const current = goldRelationFor(gold, item);
  if (decision.kind === 'reject') {
    const decisions = [...gold.decisions.filter((d) => d.item !== item.id), { item: item.id, decision: 'rejected' as const, decidedBy: curator }];
    return { ok: true, value: started({ ...gold, relations: gold.relations.filter((r) => r !== current), decisions }) };
  }
  const from = goldSpanFor(gold, item.from);
  const to = goldSpanFor(gold, item.to);
  if (from === undefined || to === undefined) {
    const missing = [from === undefined ? item.from : undefined, to === undefined ? item.to : undefined].filter((x) => x !== undefined);
    return { ok: false, message: `both ends of a relation must be gold before it is decided: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not` };
  }
  const provenance = { annotators: item.annotators, decidedBy: curator, decision: 'accepted' as const };
  const relation: GoldRelation = current
    ? { ...current, provenance }
    : { id: nextId(gold.relations.map((r) => r.id), 'r'), type: item.type, from: from.id, to: to.id, provenance };
  const relations = current === undefined ? [...gold.relations, relation] : gold.relations.map((r) => (r === current ? relation : r));
  return { ok: true, value: started({ ...gold, relations, decisions: gold.decisions.filter((d) => d.item !== item.id) }) };
}

function pickVersion(item: ComparisonItem, annotator: string | undefined, spanId: string | undefined): Outcome<SpanVersion> {
  if (annotator === undefined) {
    const first = item.versions[0];
    if (first === undefined || new Set(item.versions.map((v) => attributesKey(v.compared))).size > 1) {
      return { ok: false, message: `the versions of ${item.id} differ (${item.attributeDifferences.map((d) => d.name).join(', ')}): name the annotator whose version to accept` };
    }
    return pickVersion(item, first.annotator, first.spanId);
  }
  const theirs = item.versions.filter((v) => v.annotator === annotator && (spanId === undefined || v.spanId === spanId));
  const only = theirs[0];
  if (only === undefined) {
    return { ok: false, message: `${annotator} has no version of ${item.id}${spanId === undefined ? '' : ` with span id "${spanId}"`} (versions: ${item.annotators.join(', ')})` };
  }
  if (theirs.length > 1) return { ok: false, message: `${annotator} has ${theirs.length} spans at ${item.id} (${theirs.map((v) => v.spanId).join(', ')}): name the one to accept` };
  const dangling = [...only.compared].filter(([, v]) => v.kind === 'dangling').map(([n]) => n);
  if (dangling.length > 0) return { ok: false, message: `${annotator}'s ${dangling.join(', ')} names a span that is not in their layer: edit the span instead of accepting it` };
  return { ok: true, value: only };
}

function hasDangling(version: SpanVersion): boolean {
  return [...version.compared.values()].some((v) => v.kind === 'dangling');
}

/** A gold span from `version`: plain values copied, references pending until `resolvePending`. */
function fromVersion(
  gold: GoldLayer,
  item: ComparisonItem,
  version: SpanVersion,
  current: GoldSpan | undefined,
  how: { readonly annotators: readonly string[]; readonly decidedBy: string; readonly note: string },
): GoldSpan {
  const attributes: Record<string, AttributeValue> = {};
  const pending: Record<string, string> = {};
  for (const [name, value] of version.compared) {
    if (value.kind === 'value') attributes[name] = value.value;
    else if (value.kind === 'reference') pending[name] = value.item;
  }
  const { label, start, end, text, prefix, suffix } = version;
  return goldSpan(gold, current, { label, start, end, text, prefix, suffix, attributes, note: how.note }, {
    item: item.id,
    annotators: how.annotators,
    decidedBy: how.decidedBy,
    decision: 'accepted',
    pending,
  });
}

/** A gold span with these fields and provenance: keeps `current`'s id, or takes the next free `s<n>`. */
function goldSpan(gold: GoldLayer, current: GoldSpan | undefined, fields: Omit<GoldSpan, 'id' | 'provenance'>, provenance: SpanProvenance): GoldSpan {
  return { id: current?.id ?? nextId(gold.spans.map((s) => s.id), 's'), ...fields, provenance };
}

function fromEdit(
  gold: GoldLayer,
  comparison: Comparison,
  item: ComparisonItem,
  edit: GoldEdit,
  current: GoldSpan | undefined,
  curator: string,
  isReference: ReferenceTest,
): Outcome<GoldSpan> {
  const index = new CodePointIndex(comparison.text);
  const { label, start, end, note } = edit;
  if (typeof label !== 'string' || label === '') return { ok: false, message: 'the edited span needs a label' };
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start || end > index.length) {
    return { ok: false, message: `offsets ${start}–${end} are not a span of the text (0–${index.length} code points)` };
  }
  if (typeof note !== 'string') return { ok: false, message: 'the note must be text' };
  const goldIds = new Set(gold.spans.map((s) => s.id));
  const attributes: Record<string, AttributeValue> = {};
  const compared = new Map<string, ComparedValue>();
  for (const [name, value] of Object.entries(edit.attributes ?? {})) {
    if (!(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
      return { ok: false, message: `attribute ${JSON.stringify(name)} must be text, a finite number or true/false` };
    }
    attributes[name] = value;
    const target = typeof value === 'string' && isReference(label, name, value, goldIds) ? gold.spans.find((s) => s.id === value) : undefined;
    if (typeof value === 'string' && target === undefined && isReference(label, name, value, goldIds)) {
      return { ok: false, message: `"${name}" names span "${value}", which is not in the gold: give the span item it should point at as pending instead` };
    }
    compared.set(name, target !== undefined ? { kind: 'reference', item: sourceItem(target) } : { kind: 'value', value });
  }
  const pending: Record<string, string> = {};
  for (const [name, target] of Object.entries(edit.pending ?? {})) {
    if (typeof target !== 'string' || parseItemId(target)?.kind !== 'span') return { ok: false, message: `pending "${name}" must name a span item (start-end:label)` };
    if (Object.hasOwn(attributes, name)) return { ok: false, message: `"${name}" is both set and pending` };
    pending[name] = target;
    compared.set(name, { kind: 'reference', item: target });
  }
  const key = spanItemId({ start, end, label });
  const sorted = new Map([...compared].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const same = comparison.items.find((i) => i.id === key)?.versions.filter((v) => attributesKey(v.compared) === attributesKey(sorted)) ?? [];
  const { text, prefix, suffix } = quoteContext(comparison.text, start, end);
  return {
    ok: true,
    value: goldSpan(gold, current, { label, start, end, text, prefix, suffix, attributes, note }, {
      item: item.id,
      annotators: [...new Set(same.map((v) => v.annotator))],
      decidedBy: curator,
      decision: 'edited',
      pending,
    }),
  };
}

function goldMismatch(comparison: Comparison, gold: GoldLayer): string | undefined {
  if (gold.document !== comparison.document) return `the gold is of document "${gold.document}", the comparison of "${comparison.document}"`;
  if (gold.textSha256 !== comparison.textSha256) {
    return `the gold was made on another text (textSha256 ${gold.textSha256.slice(0, 12)}…, the document's is ${comparison.textSha256.slice(0, 12)}…): it cannot be adjudicated further`;
  }
  return undefined;
}
