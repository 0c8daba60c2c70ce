import type { Relation, Schema, Span } from '../../../shared/model';
import { sortedSpanDiff } from '../span-diff';

/** Label → names of its reference-typed attributes. */
export function referenceAttributes(schema: Schema | undefined): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map((schema?.labels ?? []).map((l) => [l.name, new Set(l.attributes.filter((a) => a.type === 'reference').map((a) => a.name))]));
}

/** One reference attribute set on a span: `from` points at the span with id `to`. */
interface ReferenceEdge {
  readonly from: Span;
  readonly to: string;
}

/** The reference edges of `span` (its reference attributes that hold an id). */
function edgesOf(span: Span, references: ReadonlyMap<string, ReadonlySet<string>>): ReferenceEdge[] {
  const names = references.get(span.label);
  if (!names) return [];
  const edges: ReferenceEdge[] = [];
  for (const name of names) {
    const value = span.attributes[name];
    if (typeof value === 'string') edges.push({ from: span, to: value });
  }
  return edges;
}

/** The edges last found, and the spans and reference attributes they were found in. */
let edgeCache: {
  readonly spans: readonly Span[];
  readonly references: ReadonlyMap<string, ReadonlySet<string>>;
  readonly edges: readonly ReferenceEdge[];
} | null = null;

/**
 * Every reference edge among `spans` (sorted by `spanOrder`, as the article's are). Taken from the
 * last answer when only a few spans changed ({@link sortedSpanDiff}): the edges of the spans taken
 * away dropped, those of the spans added appended; otherwise found in every span.
 */
function referenceEdges(spans: readonly Span[], references: ReadonlyMap<string, ReadonlySet<string>>): readonly ReferenceEdge[] {
  const last = edgeCache;
  if (last && last.spans === spans && last.references === references) return last.edges;
  const diff = last && last.references === references ? sortedSpanDiff(last.spans, spans) : null;
  let edges: readonly ReferenceEdge[];
  if (last && diff) {
    const gone = new Set(diff.removed);
    edges = [...(gone.size === 0 ? last.edges : last.edges.filter((e) => !gone.has(e.from))), ...diff.added.flatMap((s) => edgesOf(s, references))];
  } else edges = spans.flatMap((s) => edgesOf(s, references));
  edgeCache = { spans, references, edges };
  return edges;
}

/**
 * The spans to draw as linked: everything the selected span points at or is pointed at from
 * (relations and reference attributes, both directions), plus the span the panel is hovering.
 * Ids only. `content.spans` sorted by `spanOrder` (the store keeps them so): the reference
 * attributes are read from the spans that changed since the last call, not from every span.
 */
export function linkedSpanIds(
  content: { readonly spans: readonly Span[]; readonly relations: readonly Relation[] },
  references: ReadonlyMap<string, ReadonlySet<string>>,
  selectedId: string | null,
  hoveredId: string | null,
): ReadonlySet<string> {
  const ids = new Set<string>();
  if (hoveredId) ids.add(hoveredId);
  if (!selectedId) return ids;
  for (const r of content.relations) {
    if (r.from === selectedId) ids.add(r.to);
    if (r.to === selectedId) ids.add(r.from);
  }
  for (const edge of referenceEdges(content.spans, references)) {
    if (edge.from.id === selectedId) ids.add(edge.to);
    else if (edge.to === selectedId) ids.add(edge.from.id);
  }
  ids.delete(selectedId);
  if (hoveredId) ids.add(hoveredId);
  return ids;
}
