import type { Relation, Schema, Span } from '../../../shared/model';

/** Label → names of its reference-typed attributes. */
export function referenceAttributes(schema: Schema | undefined): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map((schema?.labels ?? []).map((l) => [l.name, new Set(l.attributes.filter((a) => a.type === 'reference').map((a) => a.name))]));
}

/**
 * The spans to draw as linked: everything the selected span points at or is pointed at from
 * (relations and reference attributes, both directions), plus the span the panel is hovering.
 * Pure; ids only.
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
  for (const span of content.spans) {
    const names = references.get(span.label);
    if (!names) continue;
    for (const name of names) {
      const value = span.attributes[name];
      if (typeof value !== 'string') continue;
      if (span.id === selectedId) ids.add(value);
      else if (value === selectedId) ids.add(span.id);
    }
  }
  ids.delete(selectedId);
  if (hoveredId) ids.add(hoveredId);
  return ids;
}
