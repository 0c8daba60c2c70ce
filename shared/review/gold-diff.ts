/**
 * Feedback to an annotator: where the gold layer differs from their layer. Only reads both.
 */
import { sourceItem, type GoldLayer, type GoldRelation, type GoldSpan } from '../corpus/gold-file.js';
import type { FileProblem, Layer, Relation, Result, Schema, Span } from '../model.js';
import { comparedAttributes, referenceTest, valueKey, type ComparedValue } from './compared-values.js';

/** One place where the gold and an annotator's layer differ. */
export type GoldDifference =
  /** The gold has a span the layer has nothing like. */
  | { readonly kind: 'missing'; readonly gold: GoldSpan }
  /** The layer has a span the gold has nothing like. */
  | { readonly kind: 'extra'; readonly span: Span }
  /** Same offsets, another label. */
  | { readonly kind: 'label'; readonly gold: GoldSpan; readonly span: Span }
  /** Same label, overlapping, other offsets. */
  | { readonly kind: 'offsets'; readonly gold: GoldSpan; readonly span: Span }
  /** Same offsets and label, other attribute values (`names`: the attributes that differ, sorted). */
  | { readonly kind: 'attributes'; readonly gold: GoldSpan; readonly span: Span; readonly names: readonly string[] }
  | { readonly kind: 'missing-relation'; readonly relation: GoldRelation }
  | { readonly kind: 'extra-relation'; readonly relation: Relation };

export interface GoldDiffOptions {
  /** Which attributes are references (see `referenceTest`); guessed from the values without it. */
  readonly schema?: Schema;
  /** The layer's file, for the refusal message; `layers/<annotator>/<document>.jsonl` when omitted. */
  readonly file?: string;
}

/**
 * Where `gold` differs from `layer`, span differences by position then relation differences.
 * Each gold span is paired with at most one span of the layer, in this order: the same offsets
 * and label (then compared by attribute values, references by the span they name, pending gold
 * references by their item); the same offsets with another label (`label`); overlapping with the
 * same label (`offsets`, first in position order). What stays unpaired is `missing` (in the gold
 * only) or `extra` (in the layer only). A relation matches when its type and both ends (through
 * the pairing) match. Notes do not count. Refused, naming the annotator and file, when the two
 * were made on different texts or are of different documents. Never throws.
 */
export function goldDiff(gold: GoldLayer, layer: Layer, options: GoldDiffOptions = {}): Result<readonly GoldDifference[]> {
  const file = options.file ?? `layers/${layer.annotator}/${layer.document}.jsonl`;
  const refusal = diffRefusal(gold, layer, file);
  if (refusal !== undefined) return { ok: false, errors: [refusal] };
  const isReference = referenceTest(options.schema);

  const pairOf = new Map<GoldSpan, Span>();
  const paired = new Set<Span>();
  const kindOf = new Map<GoldSpan, 'exact' | 'label' | 'offsets'>();
  const pass = (kind: 'exact' | 'label' | 'offsets', fits: (g: GoldSpan, s: Span) => boolean): void => {
    for (const g of gold.spans) {
      if (pairOf.has(g)) continue;
      const s = layer.spans.find((candidate) => !paired.has(candidate) && fits(g, candidate));
      if (s === undefined) continue;
      pairOf.set(g, s);
      paired.add(s);
      kindOf.set(g, kind);
    }
  };
  pass('exact', (g, s) => g.start === s.start && g.end === s.end && g.label === s.label);
  pass('label', (g, s) => g.start === s.start && g.end === s.end);
  pass('offsets', (g, s) => g.label === s.label && g.start < s.end && s.start < g.end);

  // Layer span id → the gold span it is paired with, so that references and relation ends compare through the pairing.
  const goldOfLayerSpan = new Map<string, GoldSpan>();
  for (const [g, s] of pairOf) goldOfLayerSpan.set(s.id, g);
  const goldById = new Map(gold.spans.map((s) => [s.id, s]));
  const layerById = new Map(layer.spans.map((s) => [s.id, s]));

  const out: { at: Span; difference: GoldDifference }[] = [];
  for (const g of gold.spans) {
    const s = pairOf.get(g);
    const kind = kindOf.get(g);
    if (s === undefined || kind === undefined) {
      out.push({ at: g, difference: { kind: 'missing', gold: g } });
      continue;
    }
    if (kind !== 'exact') {
      out.push({ at: g, difference: { kind, gold: g, span: s } });
      continue;
    }
    const goldValues = goldCompared(g, goldById, isReference);
    const layerValues = throughPairing(s, comparedAttributes(s, layerById, isReference), goldOfLayerSpan);
    const names = [...new Set([...goldValues.keys(), ...layerValues.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const differing = names.filter((n) => valueKey(goldValues.get(n)) !== valueKey(layerValues.get(n)));
    if (differing.length > 0) out.push({ at: g, difference: { kind: 'attributes', gold: g, span: s, names: differing } });
  }
  for (const s of layer.spans) if (!paired.has(s)) out.push({ at: s, difference: { kind: 'extra', span: s } });
  out.sort((a, b) => a.at.start - b.at.start || a.at.end - b.at.end || (a.at.label < b.at.label ? -1 : a.at.label > b.at.label ? 1 : 0));

  const relationKey = (type: string, from: string | undefined, to: string | undefined): string | undefined =>
    from === undefined || to === undefined ? undefined : JSON.stringify([type, from, to]);
  const layerRelationKeys = new Set(
    layer.relations.map((r) => relationKey(r.type, goldOfLayerSpan.get(r.from)?.id, goldOfLayerSpan.get(r.to)?.id)).filter((k) => k !== undefined),
  );
  const goldRelationKeys = new Set(gold.relations.map((r) => relationKey(r.type, r.from, r.to)));
  const relations: GoldDifference[] = [
    ...gold.relations.filter((r) => !layerRelationKeys.has(relationKey(r.type, r.from, r.to) as string)).map((relation) => ({ kind: 'missing-relation' as const, relation })),
    ...layer.relations
      .filter((r) => {
        const key = relationKey(r.type, goldOfLayerSpan.get(r.from)?.id, goldOfLayerSpan.get(r.to)?.id);
        return key === undefined || !goldRelationKeys.has(key);
      })
      .map((relation) => ({ kind: 'extra-relation' as const, relation })),
  ];
  return { ok: true, value: [...out.map((o) => o.difference), ...relations] };
}

function diffRefusal(gold: GoldLayer, layer: Layer, file: string): FileProblem | undefined {
  if (layer.document !== gold.document) return { file, message: `${layer.annotator}'s layer is of document "${layer.document}", the gold of "${gold.document}"` };
  if (layer.textSha256 !== gold.textSha256) {
    return {
      file,
      line: 1,
      message: `${layer.annotator}'s layer was made on another text than the gold (textSha256 ${layer.textSha256.slice(0, 12)}…, the gold's ${gold.textSha256.slice(0, 12)}…): they are not compared`,
    };
  }
  return undefined;
}

/** A gold span's values: references by the item their target closes, pending ones by their item. */
function goldCompared(span: GoldSpan, byId: ReadonlyMap<string, GoldSpan>, isReference: ReturnType<typeof referenceTest>): ReadonlyMap<string, ComparedValue> {
  const values = new Map<string, ComparedValue>();
  for (const [name, value] of comparedAttributes(span, byId, isReference)) {
    if (value.kind === 'reference' && typeof span.attributes[name] === 'string') {
      const target = byId.get(span.attributes[name] as string);
      values.set(name, target === undefined ? value : { kind: 'reference', item: sourceItem(target) });
    } else values.set(name, value);
  }
  for (const [name, item] of Object.entries(span.provenance?.pending ?? {})) values.set(name, { kind: 'reference', item });
  return values;
}

/** A layer span's values, each reference by the item of the gold span its target is paired with (else its own). */
function throughPairing(span: Span, values: ReadonlyMap<string, ComparedValue>, goldOf: ReadonlyMap<string, GoldSpan>): ReadonlyMap<string, ComparedValue> {
  const out = new Map<string, ComparedValue>();
  for (const [name, value] of values) {
    const raw = span.attributes[name];
    const gold = value.kind === 'reference' && typeof raw === 'string' ? goldOf.get(raw) : undefined;
    out.set(name, gold === undefined ? value : { kind: 'reference', item: sourceItem(gold) });
  }
  return out;
}
