/**
 * Reading and rewriting a gold layer during adjudication: which gold span or relation closes an
 * item, fresh ids, pending references, and the relations automatic acceptance adds. Internal to
 * `shared/review`; every function returns a new gold and leaves its argument as it was.
 */
import { AUTO_QUORUM, sourceItem, type GoldDecision, type GoldLayer, type GoldRelation, type GoldSpan } from '../corpus/gold-file.js';
import { spanItemId } from '../corpus/gold-item-ids.js';
import type { AttributeValue } from '../model.js';
import type { Comparison, ComparisonItem, RelationItem } from './compare.js';
import type { ReferenceTest } from './compared-values.js';

/** Where an item stands in a gold layer. */
export type ItemState =
  | { readonly kind: 'open' }
  /** A relation item one of whose ends (span item ids listed) is not gold: it cannot be decided yet. */
  | { readonly kind: 'waiting'; readonly ends: readonly string[] }
  | { readonly kind: 'span'; readonly span: GoldSpan }
  | { readonly kind: 'relation'; readonly relation: GoldRelation }
  | { readonly kind: 'rejected'; readonly decision: GoldDecision };

/**
 * The gold span that closes span item `itemId`: the one decided on it (its provenance names the
 * item), else one with its offsets and label (a span without provenance, or one edited onto it).
 */
export function goldSpanFor(gold: GoldLayer, itemId: string): GoldSpan | undefined {
  return gold.spans.find((s) => s.provenance !== null && s.provenance.item === itemId) ?? gold.spans.find((s) => spanItemId(s) === itemId);
}

/** The gold relation that closes relation item `item`: its type between the gold spans of its ends. */
export function goldRelationFor(gold: GoldLayer, item: Pick<RelationItem, 'type' | 'from' | 'to'>): GoldRelation | undefined {
  const from = goldSpanFor(gold, item.from);
  const to = goldSpanFor(gold, item.to);
  if (from === undefined || to === undefined) return undefined;
  return gold.relations.find((r) => r.type === item.type && r.from === from.id && r.to === to.id);
}

export function rejectionOf(gold: GoldLayer, itemId: string): GoldDecision | undefined {
  return gold.decisions.find((d) => d.item === itemId);
}

/** Where `item` stands in `gold`. */
export function itemState(gold: GoldLayer, item: ComparisonItem | RelationItem): ItemState {
  const rejected = rejectionOf(gold, item.id);
  if (item.kind === 'span') {
    const span = goldSpanFor(gold, item.id);
    if (span !== undefined) return { kind: 'span', span };
    return rejected !== undefined ? { kind: 'rejected', decision: rejected } : { kind: 'open' };
  }
  const relation = goldRelationFor(gold, item);
  if (relation !== undefined) return { kind: 'relation', relation };
  if (rejected !== undefined) return { kind: 'rejected', decision: rejected };
  const ends = [item.from, item.to].filter((end) => goldSpanFor(gold, end) === undefined);
  return ends.length > 0 ? { kind: 'waiting', ends } : { kind: 'open' };
}

/** The next free `s<n>` (or `r<n>`) after every id of that form in `ids`. */
export function nextId(ids: readonly string[], prefix: 's' | 'r'): string {
  let max = 0;
  for (const id of ids) {
    const match = (prefix === 's' ? /^s(\d{1,15})$/ : /^r(\d{1,15})$/).exec(id);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return `${prefix}${max + 1}`;
}

/** A new value, or why there is none. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * Moves every pending reference whose target item now has a gold span into the attributes, as
 * that span's id.
 */
export function resolvePending(gold: GoldLayer): GoldLayer {
  let changed = false;
  const spans = gold.spans.map((span) => {
    const p = span.provenance;
    if (p === null || Object.keys(p.pending).length === 0) return span;
    const attributes: Record<string, AttributeValue> = { ...span.attributes };
    const pending: Record<string, string> = {};
    for (const [name, item] of Object.entries(p.pending)) {
      const target = goldSpanFor(gold, item);
      if (target !== undefined) attributes[name] = target.id;
      else pending[name] = item;
    }
    if (Object.keys(pending).length === Object.keys(p.pending).length) return span;
    changed = true;
    return { ...span, attributes, provenance: { ...p, pending } };
  });
  return changed ? { ...gold, spans } : gold;
}

/**
 * Takes `span` out of the gold: relations at it go, and references to it from other gold spans
 * become pending references to the item it closed (they come back when that item is gold again).
 * Refused when a span without provenance (which cannot hold a pending reference) refers to it.
 */
export function removeGoldSpan(gold: GoldLayer, span: GoldSpan, isReference: ReferenceTest): Outcome<GoldLayer> {
  const item = sourceItem(span);
  const ids = new Set(gold.spans.map((s) => s.id));
  const spans: GoldSpan[] = [];
  for (const s of gold.spans) {
    if (s === span) continue;
    const names = Object.keys(s.attributes).filter((name) => {
      const value = s.attributes[name] as AttributeValue;
      return value === span.id && isReference(s.label, name, value, ids);
    });
    if (names.length === 0) {
      spans.push(s);
      continue;
    }
    if (s.provenance === null) {
      return { ok: false, message: `gold span "${s.id}" (${spanItemId(s)}, written without provenance) refers to it by ${names.join(', ')}: edit that span first` };
    }
    const attributes = Object.fromEntries(Object.entries(s.attributes).filter(([name]) => !names.includes(name)));
    const pending = { ...s.provenance.pending, ...Object.fromEntries(names.map((n) => [n, item])) };
    spans.push({ ...s, attributes, provenance: { ...s.provenance, pending } });
  }
  const relations = gold.relations.filter((r) => r.from !== span.id && r.to !== span.id);
  return { ok: true, value: { ...gold, spans, relations } };
}

/**
 * Adds, as decided by {@link AUTO_QUORUM}, each relation item of `items` that is still open (both
 * ends gold, not decided) and that at least `gold.quorum` annotators had. Nothing when the gold
 * has no quorum.
 */
export function acceptQuorumRelations(gold: GoldLayer, items: readonly RelationItem[]): GoldLayer {
  const quorum = gold.quorum;
  if (quorum === null) return gold;
  let out = gold;
  for (const item of items) {
    if (item.annotators.length < quorum || itemState(out, item).kind !== 'open') continue;
    const from = goldSpanFor(out, item.from) as GoldSpan;
    const to = goldSpanFor(out, item.to) as GoldSpan;
    const relation: GoldRelation = {
      id: nextId(out.relations.map((r) => r.id), 'r'),
      type: item.type,
      from: from.id,
      to: to.id,
      provenance: { annotators: item.annotators, decidedBy: AUTO_QUORUM, decision: 'accepted' },
    };
    out = { ...out, relations: [...out.relations, relation] };
  }
  return out;
}

/** The relation items of `comparison` with span item `itemId` at an end. */
export function relationsAt(comparison: Comparison, itemId: string): readonly RelationItem[] {
  return comparison.relations.filter((r) => r.from === itemId || r.to === itemId);
}

/** `gold` with its status moved from `not_started` to `in_progress` (other statuses kept). */
export function started(gold: GoldLayer): GoldLayer {
  return gold.status === 'not_started' ? { ...gold, status: 'in_progress' } : gold;
}
