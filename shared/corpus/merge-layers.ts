/**
 * Three-way merge of one annotator's layer content: `base` (the version both sides started
 * from), `ours` (this window's, with its unsaved edits) and `theirs` (what is on disk now,
 * changed by another window, a sync or an editor). Used when the app notices an outside change to
 * the open layer, and by sync when both sides changed the same layer.
 *
 * Nothing is lost: where both sides changed the same span differently, ours keeps its id and
 * theirs is kept beside it under a new id, and the conflict is reported; a span one side deleted
 * and the other changed is kept (changed) and reported. Span and relation identity is the id;
 * two spans made independently under the same id on both sides are both kept (ours renumbered,
 * and every reference to it in our spans and relations follows).
 *
 * Pure; offsets are code points and are not interpreted here.
 */
import type { AttributeValue, RejectedSuggestion, Relation, Schema, Span } from '../model';
import { sortRejected, sortRelations, sortSpans } from './layer-file';

export interface LayerContentValue {
  readonly spans: readonly Span[];
  readonly relations: readonly Relation[];
  readonly rejected: readonly RejectedSuggestion[];
}

export type MergeConflict =
  /** Both sides changed span `id` differently: ours kept as `id`, theirs kept as `theirsId`. */
  | { readonly kind: 'both-changed'; readonly id: string; readonly theirsId: string }
  /** One side deleted span `id`, the other changed it: kept as changed. */
  | { readonly kind: 'deleted-and-changed'; readonly id: string; readonly deletedBy: 'ours' | 'theirs' }
  /** A relation lost an end (its span was deleted on one side): left out. */
  | { readonly kind: 'relation-dropped'; readonly relation: Relation };

export interface LayerMergeResult {
  readonly content: LayerContentValue;
  readonly conflicts: readonly MergeConflict[];
  /** Our span ids that were renumbered because theirs used the same id for another span. */
  readonly renamed: ReadonlyMap<string, string>;
  /** Whether `content` differs from `theirs` (then it needs saving). */
  readonly changedFromTheirs: boolean;
}

function attributesEqual(a: Readonly<Record<string, AttributeValue>>, b: Readonly<Record<string, AttributeValue>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** Same annotation: offsets, label, attributes and note (quote and context follow from the offsets). */
export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end && a.label === b.label && a.note === b.note && attributesEqual(a.attributes, b.attributes);
}

function sameRelation(a: Relation, b: Relation): boolean {
  return a.type === b.type && a.from === b.from && a.to === b.to;
}

function idNumber(id: string, prefix: string): number {
  const match = new RegExp(`^${prefix}(\\d+)$`).exec(id);
  return match ? Number(match[1]) : 0;
}

/** Names of the reference attributes of each label. */
function referenceAttributes(schema: Schema): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(schema.labels.map((l) => [l.name, new Set(l.attributes.filter((a) => a.type === 'reference').map((a) => a.name))]));
}

/** `span` with its reference attribute values renamed through `renamed`. */
function renameReferences(span: Span, renamed: ReadonlyMap<string, string>, references: ReadonlyMap<string, ReadonlySet<string>>): Span {
  const names = references.get(span.label);
  if (!names || names.size === 0 || renamed.size === 0) return span;
  let changed = false;
  const attributes: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(span.attributes)) {
    const next = names.has(name) && typeof value === 'string' ? (renamed.get(value) ?? value) : value;
    if (next !== value) changed = true;
    attributes[name] = next;
  }
  return changed ? { ...span, attributes } : span;
}

/**
 * Merges `ours` and `theirs`, both descended from `base`. `schema` tells which attributes hold
 * span ids (references), so they follow a renumbered span.
 */
export function mergeLayers(base: LayerContentValue, ours: LayerContentValue, theirs: LayerContentValue, schema: Schema): LayerMergeResult {
  const references = referenceAttributes(schema);
  const baseSpans = new Map(base.spans.map((s) => [s.id, s]));
  const ourSpans = new Map(ours.spans.map((s) => [s.id, s]));
  const theirSpans = new Map(theirs.spans.map((s) => [s.id, s]));
  let nextSpan = 1 + Math.max(0, ...[...baseSpans.keys(), ...ourSpans.keys(), ...theirSpans.keys()].map((id) => idNumber(id, 's')));
  const freshSpanId = () => `s${nextSpan++}`;

  const conflicts: MergeConflict[] = [];
  const renamed = new Map<string, string>();
  /** Spans kept, by id; ours are renamed after the walk. */
  const kept = new Map<string, { span: Span; side: 'ours' | 'theirs' }>();

  const ids = new Set([...baseSpans.keys(), ...ourSpans.keys(), ...theirSpans.keys()]);
  for (const id of ids) {
    const b = baseSpans.get(id);
    const o = ourSpans.get(id);
    const t = theirSpans.get(id);
    if (b) {
      const oursChanged = !o || !sameSpan(o, b);
      const theirsChanged = !t || !sameSpan(t, b);
      if (!oursChanged) {
        if (t) kept.set(id, { span: t, side: 'theirs' });
      } else if (!theirsChanged) {
        if (o) kept.set(id, { span: o, side: 'ours' });
      } else if (o && t) {
        if (sameSpan(o, t)) kept.set(id, { span: t, side: 'theirs' });
        else {
          const theirsId = freshSpanId();
          kept.set(id, { span: o, side: 'ours' });
          kept.set(theirsId, { span: { ...t, id: theirsId }, side: 'theirs' });
          conflicts.push({ kind: 'both-changed', id, theirsId });
        }
      } else if (o) {
        kept.set(id, { span: o, side: 'ours' });
        conflicts.push({ kind: 'deleted-and-changed', id, deletedBy: 'theirs' });
      } else if (t) {
        kept.set(id, { span: t, side: 'theirs' });
        conflicts.push({ kind: 'deleted-and-changed', id, deletedBy: 'ours' });
      }
      // Deleted on both sides: gone.
    } else if (o && t) {
      if (sameSpan(o, t)) kept.set(id, { span: t, side: 'theirs' });
      else {
        const ourId = freshSpanId();
        renamed.set(id, ourId);
        kept.set(id, { span: t, side: 'theirs' });
        kept.set(ourId, { span: { ...o, id: ourId }, side: 'ours' });
      }
    } else if (o) kept.set(id, { span: o, side: 'ours' });
    else if (t) kept.set(id, { span: t, side: 'theirs' });
  }

  const spans = [...kept.values()].map(({ span, side }) => (side === 'ours' ? renameReferences(span, renamed, references) : span));
  const spanIds = new Set(spans.map((s) => s.id));

  // Relations: the same three-way walk by id; our relation ends follow renumbered spans.
  const ourRelations = ours.relations.map((r) => ({ ...r, from: renamed.get(r.from) ?? r.from, to: renamed.get(r.to) ?? r.to }));
  const baseRelations = new Map(base.relations.map((r) => [r.id, r]));
  const ourById = new Map(ourRelations.map((r) => [r.id, r]));
  const theirById = new Map(theirs.relations.map((r) => [r.id, r]));
  let nextRelation = 1 + Math.max(0, ...[...baseRelations.keys(), ...ourById.keys(), ...theirById.keys()].map((id) => idNumber(id, 'r')));
  const relations: Relation[] = [];
  for (const id of new Set([...baseRelations.keys(), ...ourById.keys(), ...theirById.keys()])) {
    const b = baseRelations.get(id);
    const o = ourById.get(id);
    const t = theirById.get(id);
    const chosen: Relation[] = [];
    if (b) {
      if (o && sameRelation(o, b)) {
        if (t) chosen.push(t);
      } else if (t && sameRelation(t, b)) {
        if (o) chosen.push(o);
      } else {
        if (o) chosen.push(o);
        if (t && !(o && sameRelation(o, t))) chosen.push(o ? { ...t, id: `r${nextRelation++}` } : t);
      }
    } else if (o && t && !sameRelation(o, t)) chosen.push(t, { ...o, id: `r${nextRelation++}` });
    else if (t ?? o) chosen.push((t ?? o) as Relation);
    for (const r of chosen) {
      if (spanIds.has(r.from) && spanIds.has(r.to)) relations.push(r);
      else conflicts.push({ kind: 'relation-dropped', relation: r });
    }
  }

  const rejectedKey = (r: RejectedSuggestion) => `${r.start}:${r.end}:${r.label}`;
  const rejected = new Map<string, RejectedSuggestion>();
  for (const r of [...theirs.rejected, ...ours.rejected]) rejected.set(rejectedKey(r), r);

  const content: LayerContentValue = { spans: sortSpans(spans), relations: sortRelations(relations), rejected: sortRejected([...rejected.values()]) };
  const theirSpanCheck = new Map(theirs.spans.map((s) => [s.id, s]));
  const changedFromTheirs =
    content.spans.length !== theirs.spans.length ||
    content.spans.some((s) => {
      const t = theirSpanCheck.get(s.id);
      return !t || !sameSpan(s, t);
    }) ||
    content.relations.length !== theirs.relations.length ||
    content.relations.some((r) => {
      const t = theirById.get(r.id);
      return !t || !sameRelation(r, t);
    }) ||
    content.rejected.length !== theirs.rejected.length;
  return { content, conflicts, renamed, changedFromTheirs };
}
