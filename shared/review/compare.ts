/**
 * Comparing annotators' layers of one document: the spans of all layers grouped into review
 * items, each marked agree, partial or only, with every annotator's version side by side, and the
 * relations grouped the same way. Pure: the layers are only read.
 */
import type { FileProblem, Layer, Result, Schema, Span } from '../model.js';
import { compareItemIds, relationItemId, spanItemId } from '../corpus/gold-item-ids.js';
import { CodePointIndex } from '../text/code-points.js';
import { attributesKey, comparedAttributes, referenceTest, valueKey, type ComparedValue } from './compared-values.js';
import { reviewLayerFile, reviewRefusals, type ReviewLayer } from './review-layers.js';
import { sha256Hex } from './sha256.js';

/**
 * - `agree`: every layer has it (same offsets and label) and all their attribute values are equal;
 * - `partial`: every layer has it but attribute values differ; or some layer lacks it but has an
 *   alternative to it: for a span item, a span overlapping it (same offsets with another label
 *   included) that is not itself in every layer; for a relation item, a relation (of any type)
 *   from the same cluster of spans to the same cluster;
 * - `only`: some layers lack it and have no alternative to it.
 *
 * Notes never count. A span that every layer has is not an alternative: an annotator who marked
 * the outer of two nested spans that everyone marked, but not the inner, simply lacks the inner.
 */
export type ItemStatus = 'agree' | 'partial' | 'only';

/**
 * One annotator's span in an item: the stored span's fields (offsets in code points; `attributes`
 * as stored, so references are that layer's span ids) under `spanId`, and who made it.
 */
export interface SpanVersion extends Omit<Span, 'id'> {
  readonly annotator: string;
  readonly spanId: string;
  /** The attributes as compared (references as span items), names sorted. */
  readonly compared: ReadonlyMap<string, ComparedValue>;
}

/** An attribute whose values differ between the versions of an item. */
export interface AttributeDifference {
  readonly name: string;
  /** One entry per version, in version order; `undefined` where the attribute is not set. */
  readonly values: readonly { readonly annotator: string; readonly spanId: string; readonly value: ComparedValue | undefined }[];
}

/** One candidate span: a label on one stretch of text, as one or more layers have it. */
export interface ComparisonItem {
  readonly kind: 'span';
  /** `start-end:label` (see `spanItemId`): stable, and the same in every comparison. */
  readonly id: string;
  /** The id of the first item of its cluster: the items that overlap, directly or through others. */
  readonly cluster: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** The document's text at the offsets. */
  readonly text: string;
  readonly status: ItemStatus;
  /** Annotators with a version, in review order. */
  readonly annotators: readonly string[];
  /** Annotators without one, in review order. */
  readonly missing: readonly string[];
  /** In review order (an annotator with two spans alike has two versions). */
  readonly versions: readonly SpanVersion[];
  /** Attributes whose compared values are not all equal, names sorted. */
  readonly attributeDifferences: readonly AttributeDifference[];
  /** The relation items with this item at an end, in relation order. */
  readonly relations: readonly RelationItem[];
}

/** One candidate relation: a type between two span items, as one or more layers have it. */
export interface RelationItem {
  readonly kind: 'relation';
  /** `type:from>to` (see `relationItemId`). */
  readonly id: string;
  readonly type: string;
  /** Span item ids of the ends. */
  readonly from: string;
  readonly to: string;
  readonly status: ItemStatus;
  readonly annotators: readonly string[];
  readonly missing: readonly string[];
  readonly versions: readonly { readonly annotator: string; readonly relationId: string }[];
}

export type ReviewItem = ComparisonItem | RelationItem;

export interface Comparison {
  readonly document: string;
  /** The document's canonical text the layers were compared over (quotes of edits come from it). */
  readonly text: string;
  /** SHA-256 of the text compared, which every layer was made on. */
  readonly textSha256: string;
  /** In review order (the order the layers were given). */
  readonly annotators: readonly string[];
  /** Sorted by start, end, label. */
  readonly items: readonly ComparisonItem[];
  /** Sorted by from item, to item, type (`compareItemIds`). */
  readonly relations: readonly RelationItem[];
  /** What could not be compared and was left out, each naming the layer's file: relations with an end naming no span. */
  readonly warnings: readonly FileProblem[];
}

export interface CompareOptions {
  /** Which attributes are references (see `referenceTest`); guessed from the values without it. */
  readonly schema?: Schema;
}

/**
 * Groups the spans and relations of `layers` (one per annotator, in the order to show them) over
 * `text`, the document's canonical text. Refused, with nothing compared, for every reason
 * `reviewRefusals` gives (an annotator without a layer, a layer made on another text, ...),
 * each naming the annotator and file. Spans with the same offsets and label are one item;
 * relations of one type between the same two items are one relation item. Never throws.
 */
export function compareLayers(text: string, layers: readonly ReviewLayer[], options: CompareOptions = {}): Result<Comparison> {
  const refusals = reviewRefusals(text, layers);
  if (refusals.length > 0) return { ok: false, errors: refusals };
  const entries = layers.map((l) => ({ annotator: l.annotator, layer: l.layer as Layer, file: reviewLayerFile(l, '') }));
  const annotators = entries.map((e) => e.annotator);
  const isReference = referenceTest(options.schema);
  const index = new CodePointIndex(text);

  const versionsByItem = new Map<string, SpanVersion[]>();
  const itemOfSpan = new Map<string, Map<string, string>>();
  for (const { annotator, layer } of entries) {
    const spansById = new Map(layer.spans.map((s) => [s.id, s]));
    const items = new Map<string, string>();
    itemOfSpan.set(annotator, items);
    for (const span of layer.spans) {
      const id = spanItemId(span);
      items.set(span.id, id);
      const version = toVersion(annotator, span, comparedAttributes(span, spansById, isReference));
      const list = versionsByItem.get(id);
      if (list) list.push(version);
      else versionsByItem.set(id, [version]);
    }
  }

  const ids = [...versionsByItem.keys()].sort(compareItemIds);
  const clusters = clusterOf(ids.map((id) => versionsByItem.get(id)?.[0] as SpanVersion));
  const inEvery = new Set(ids.filter((id) => distinct(versionsByItem.get(id) ?? []).length === annotators.length));

  const relationVersions = new Map<string, { type: string; from: string; to: string; versions: { annotator: string; relationId: string }[] }>();
  const warnings: FileProblem[] = [];
  for (const { annotator, layer, file } of entries) {
    const items = itemOfSpan.get(annotator) ?? new Map<string, string>();
    for (const relation of layer.relations) {
      const from = items.get(relation.from);
      const to = items.get(relation.to);
      if (from === undefined || to === undefined) {
        const end = from === undefined ? relation.from : relation.to;
        warnings.push({ file, message: `${annotator}'s relation "${relation.id}" (${relation.type}) names span "${end}", which is not in the layer: it is left out of the comparison` });
        continue;
      }
      const id = relationItemId(relation.type, from, to);
      const group = relationVersions.get(id) ?? { type: relation.type, from, to, versions: [] };
      group.versions.push({ annotator, relationId: relation.id });
      relationVersions.set(id, group);
    }
  }

  const relations: RelationItem[] = [...relationVersions.keys()].sort(compareItemIds).map((id) => {
    const group = relationVersions.get(id) as NonNullable<ReturnType<typeof relationVersions.get>>;
    const having = distinct(group.versions);
    const missing = annotators.filter((a) => !having.includes(a));
    const alternative = missing.some((annotator) =>
      [...relationVersions.values()].some(
        (other) =>
          other !== group &&
          other.versions.some((v) => v.annotator === annotator) &&
          clusters.get(other.from) === clusters.get(group.from) &&
          clusters.get(other.to) === clusters.get(group.to),
      ),
    );
    const status: ItemStatus = missing.length === 0 ? 'agree' : alternative ? 'partial' : 'only';
    return { kind: 'relation', id, type: group.type, from: group.from, to: group.to, status, annotators: having, missing, versions: group.versions };
  });

  const items: ComparisonItem[] = ids.map((id) => {
    const versions = versionsByItem.get(id) ?? [];
    const first = versions[0] as SpanVersion;
    const having = distinct(versions);
    const missing = annotators.filter((a) => !having.includes(a));
    const attributeDifferences = differences(versions);
    let status: ItemStatus;
    if (missing.length === 0) status = attributeDifferences.length === 0 ? 'agree' : 'partial';
    else {
      const alternative = missing.some((annotator) =>
        (entries.find((e) => e.annotator === annotator)?.layer.spans ?? []).some(
          (s) => s.start < first.end && first.start < s.end && !inEvery.has(spanItemId(s)),
        ),
      );
      status = alternative ? 'partial' : 'only';
    }
    return {
      kind: 'span',
      id,
      cluster: clusters.get(id) ?? id,
      label: first.label,
      start: first.start,
      end: first.end,
      text: index.slice(first.start, first.end),
      status,
      annotators: having,
      missing,
      versions,
      attributeDifferences,
      relations: relations.filter((r) => r.from === id || r.to === id),
    };
  });

  const document = entries[0]?.layer.document ?? '';
  return { ok: true, value: { document, text, textSha256: sha256Hex(text), annotators, items, relations, warnings } };
}

/**
 * The item after (`direction` 1) or before (-1) `current` in `items`, in review order
 * (`compareItemIds`), wrapping around at either end. `current` need not be in `items` (the item
 * just decided has left the open items): the nearest one past its position is returned. The
 * first (or last) item when `current` is undefined; undefined when `items` is empty.
 */
export function stepItem<T extends { readonly id: string }>(items: readonly T[], current: string | undefined, direction: 1 | -1): T | undefined {
  if (items.length === 0) return undefined;
  const sorted = [...items].sort((a, b) => compareItemIds(a.id, b.id));
  if (current === undefined) return direction === 1 ? sorted[0] : sorted.at(-1);
  if (direction === 1) return sorted.find((i) => compareItemIds(i.id, current) > 0) ?? sorted[0];
  return [...sorted].reverse().find((i) => compareItemIds(i.id, current) < 0) ?? sorted.at(-1);
}

/** The items, span and relation, that are not `agree`: what "next disagreement" steps through. */
export function disagreements(comparison: Comparison): readonly ReviewItem[] {
  return [...comparison.items, ...comparison.relations].filter((i) => i.status !== 'agree');
}

function toVersion(annotator: string, span: Span, compared: ReadonlyMap<string, ComparedValue>): SpanVersion {
  const { id, label, start, end, text, prefix, suffix, attributes, note } = span;
  return { annotator, spanId: id, label, start, end, text, prefix, suffix, attributes, note, compared };
}

/** Annotators of `versions`, each once, in the order first seen. */
function distinct(versions: readonly { readonly annotator: string }[]): readonly string[] {
  return [...new Set(versions.map((v) => v.annotator))];
}

function differences(versions: readonly SpanVersion[]): readonly AttributeDifference[] {
  if (new Set(versions.map((v) => attributesKey(v.compared))).size <= 1) return [];
  const names = [...new Set(versions.flatMap((v) => [...v.compared.keys()]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: AttributeDifference[] = [];
  for (const name of names) {
    const values = versions.map((v) => ({ annotator: v.annotator, spanId: v.spanId, value: v.compared.get(name) }));
    if (new Set(values.map((v) => valueKey(v.value))).size > 1) out.push({ name, values });
  }
  return out;
}

/** Item id → the id of the first item of its cluster; `spans` sorted by start. */
function clusterOf(spans: readonly SpanVersion[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  let head = '';
  let reach = -1;
  for (const span of spans) {
    const id = spanItemId(span);
    if (span.start >= reach) head = id;
    reach = Math.max(reach, span.end);
    out.set(id, head);
  }
  return out;
}
